// @ts-check
// Floor-plan steps (kind floor_plan): pins on a plan of the room, or routes through it, in
// plan coordinates (x and y each 0..1, 0,0 = top-left; the plan's width/height is the step's
// `aspect`). What the step allows, the participant's own marks as the whole set that is sent
// (every change sends the new set), where a tap lands on the plan, the result shaped for
// drawing. The limits come from the step in the welcome; the server checks them again.
// Pure: no DOM.
import { arr, num, positive, loc } from './util.js';

/** @typedef {{ nl?: string, en?: string }} Text */
/** @typedef {{ id: string, text: Text, tone: string }} Category */
/** @typedef {{ id: string, text: Text, x: number, y: number, w: number, h: number }} Area */
/** @typedef {{ id: string, text: Text }} Slot */
/** @typedef {{ id: string, x: number, y: number, category: string, comment?: string }} Pin */
/** @typedef {[number, number]} Point */
/** @typedef {{ id: string, slot: string, points: Point[] }} Route */

/** Points of one route, at least and at most (the server's rule, docs/protocol.md). */
export const ROUTE_MIN_POINTS = 2;
export const ROUTE_MAX_POINTS = 60;
/** The width of the drawn plan in its own units (viewBox); its height is width / aspect. */
export const PLAN_WIDTH = 1000;

const ID_RE = /^[A-Za-z0-9_-]{1,12}$/;

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
/** @param {unknown} v @returns {v is number} */
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
/** A plan coordinate: clamped to 0..1 and quantised to 1/1000, as the server keeps it. @param {number} v */
export const planCoord = (v) => Math.round(Math.min(1, Math.max(0, isNum(v) ? v : 0)) * 1000) / 1000;

/**
 * What a floor-plan step allows, from its welcome, and its plan image from its state in the
 * view (`status`, optional).
 * @param {any} step
 * @param {any} [status]
 * @returns {{ image: { id: string, width: number, height: number } | null,
 *             mode: 'pins' | 'routes', maxEntries: number, maxLength: number, aspect: number,
 *             categories: Category[], areas: Area[], slots: Slot[] }}
 */
export function floorStep(step, status) {
  const s = isObject(step) ? step : {};
  // The facilitator's own plan image (view.steps[].plan_image): its shape is the plan's.
  const p = isObject(status) && isObject(status.plan_image) ? status.plan_image : null;
  const image = p && typeof p.id === 'string' && p.id && positive(p.width) && positive(p.height)
    ? { id: p.id, width: p.width, height: p.height } : null;
  const own = isNum(s.aspect) && s.aspect >= 0.5 && s.aspect <= 3 ? s.aspect : 1.5;
  const aspect = image ? Math.min(3, Math.max(0.5, image.width / image.height)) : own;
  return {
    image,
    mode: s.mode === 'routes' ? 'routes' : 'pins',
    maxEntries: positive(s.max_entries),
    maxLength: positive(s.max_length),
    aspect,
    categories: arr(s.categories).filter((c) => isObject(c) && typeof c.id === 'string' && c.id)
      .map((c) => ({ id: c.id, text: c.text, tone: typeof c.tone === 'string' ? c.tone : '' })),
    // The facilitator's own image is the plan: the template's drawn rooms are not on it.
    areas: image ? [] : arr(s.areas).filter((a) => isObject(a) && typeof a.id === 'string' && isNum(a.x) && isNum(a.y) && isNum(a.w) && isNum(a.h))
      .map((a) => ({ id: a.id, text: a.text, x: a.x, y: a.y, w: a.w, h: a.h })),
    slots: arr(s.slots).filter((x) => isObject(x) && typeof x.id === 'string' && x.id).map((x) => ({ id: x.id, text: x.text })),
  };
}

/** The plan's height in its own units. @param {number} aspect */
export const planHeight = (aspect) => Math.round(PLAN_WIDTH / aspect);

/**
 * Where a tap lands on the plan: the point of the screen (clientX, clientY) in plan
 * coordinates, given the plan's box on the screen (getBoundingClientRect).
 * @param {number} clientX
 * @param {number} clientY
 * @param {{ left: number, top: number, width: number, height: number }} box
 * @returns {{ x: number, y: number }}
 */
export function planPoint(clientX, clientY, box) {
  if (!(box.width > 0) || !(box.height > 0)) return { x: 0, y: 0 };
  return { x: planCoord((clientX - box.left) / box.width), y: planCoord((clientY - box.top) / box.height) };
}

/**
 * An id for a new mark: the prefix and one more than the highest number of that form in use,
 * never one of `taken` (and at most 12 characters, as the server allows).
 * @param {string} prefix 'p' for a pin, 'r' for a route
 * @param {Array<{ id: string }>} taken
 */
export function nextId(prefix, taken) {
  const ids = new Set(taken.map((m) => m.id));
  let n = 0;
  for (const id of ids) {
    const m = /^([A-Za-z_-]*)(\d+)$/.exec(id);
    if (m && m[1] === prefix && m[2].length <= 9) n = Math.max(n, Number(m[2]));
  }
  let id = prefix + (n + 1);
  while (ids.has(id)) id = prefix + (++n + 1);
  return id;
}

/**
 * The pins of an answer's value (the participant's own set, as `mine` or the page keeps it):
 * only well-formed ones, coordinates on the plan.
 * @param {unknown} value
 * @returns {Pin[]}
 */
export function pinsOf(value) {
  /** @type {Pin[]} */
  const out = [];
  for (const p of arr(value)) {
    if (!isObject(p) || typeof p.id !== 'string' || !ID_RE.test(p.id) || typeof p.category !== 'string') continue;
    if (!isNum(p.x) || !isNum(p.y) || out.some((q) => q.id === p.id)) continue;
    /** @type {Pin} */
    const pin = { id: p.id, x: planCoord(p.x), y: planCoord(p.y), category: p.category };
    if (typeof p.comment === 'string' && p.comment) pin.comment = p.comment;
    out.push(pin);
  }
  return out;
}

/**
 * The routes of an answer's value.
 * @param {unknown} value
 * @returns {Route[]}
 */
export function routesOf(value) {
  /** @type {Route[]} */
  const out = [];
  for (const r of arr(value)) {
    if (!isObject(r) || typeof r.id !== 'string' || !ID_RE.test(r.id) || typeof r.slot !== 'string') continue;
    const points = pointsOf(r.points);
    if (points.length < ROUTE_MIN_POINTS || out.some((q) => q.id === r.id)) continue;
    out.push({ id: r.id, slot: r.slot, points });
  }
  return out;
}

/** @param {unknown} v @returns {Point[]} */
function pointsOf(v) {
  /** @type {Point[]} */
  const out = [];
  for (const p of arr(v)) if (Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1])) out.push([planCoord(p[0]), planCoord(p[1])]);
  return out;
}

/**
 * A pin more: the new set, or null and why not ('full': the step's max_entries reached).
 * @param {Pin[]} pins
 * @param {{ x: number, y: number, category: string }} at
 * @param {number} max 0: no limit known
 * @returns {{ pins: Pin[] | null, id: string, hint: '' | 'full' }}
 */
export function addPin(pins, at, max) {
  if (max > 0 && pins.length >= max) return { pins: null, id: '', hint: 'full' };
  const id = nextId('p', pins);
  return { pins: [...pins, { id, x: planCoord(at.x), y: planCoord(at.y), category: at.category }], id, hint: '' };
}

/** The set with pin `id` moved to (x, y). @param {Pin[]} pins @param {string} id @param {number} x @param {number} y */
export const movePin = (pins, id, x, y) => pins.map((p) => (p.id === id ? { ...p, x: planCoord(x), y: planCoord(y) } : p));

/** The set without pin `id`. @param {Pin[]} pins @param {string} id */
export const removePin = (pins, id) => pins.filter((p) => p.id !== id);

/**
 * The set with pin `id`'s comment: cut to `max` (0: no limit known); an empty comment is left out.
 * @param {Pin[]} pins @param {string} id @param {string} text @param {number} max
 */
export function commentPin(pins, id, text, max) {
  const c = max > 0 ? String(text).slice(0, max) : String(text);
  return pins.map((p) => {
    if (p.id !== id) return p;
    const { comment, ...rest } = p;
    return c.trim() ? { ...rest, comment: c } : rest;
  });
}

/**
 * A point more on the route being drawn: the new points, or null when the route is full.
 * @param {Point[]} points @param {number} x @param {number} y
 * @returns {Point[] | null}
 */
export function addPoint(points, x, y) {
  if (points.length >= ROUTE_MAX_POINTS) return null;
  return [...points, [planCoord(x), planCoord(y)]];
}

/**
 * A finished route added to the set: the new set, or null and why not ('short': fewer than
 * two points, 'full': the step's max_entries of routes reached).
 * @param {Route[]} routes @param {string} slot @param {Point[]} points @param {number} max
 * @returns {{ routes: Route[] | null, hint: '' | 'short' | 'full' }}
 */
export function finishRoute(routes, slot, points, max) {
  if (points.length < ROUTE_MIN_POINTS) return { routes: null, hint: 'short' };
  if (max > 0 && routes.length >= max) return { routes: null, hint: 'full' };
  return { routes: [...routes, { id: nextId('r', routes), slot, points: points.slice(0, ROUTE_MAX_POINTS) }], hint: '' };
}

/**
 * The room (area) a point lies in: the smallest drawn area that holds it, or null.
 * @param {Area[]} areas @param {number} x @param {number} y
 * @returns {Area | null}
 */
export function areaAt(areas, x, y) {
  /** @type {Area | null} */
  let best = null;
  for (const a of areas) {
    if (x < a.x || y < a.y || x > a.x + a.w || y > a.y + a.h) continue;
    if (!best || a.w * a.h < best.w * best.h) best = a;
  }
  return best;
}

/** The middle of an area (to place a pin there without tapping). @param {Area} a */
export const areaCentre = (a) => ({ x: planCoord(a.x + a.w / 2), y: planCoord(a.y + a.h / 2) });

/**
 * A pin in words: its category's word, the room it stands in, its comment.
 * @param {Pin} pin @param {ReturnType<typeof floorStep>} st @param {string} lang
 * @returns {{ category: string, area: string, comment: string }}
 */
export function pinWords(pin, st, lang) {
  const cat = st.categories.find((c) => c.id === pin.category);
  const area = areaAt(st.areas, pin.x, pin.y);
  return { category: cat ? loc(cat.text, lang) : pin.category, area: area ? loc(area.text, lang) : '', comment: pin.comment || '' };
}

// ---------------------------------------------------------------- the result
/**
 * A floor-plan result shaped for drawing: the visible pins and routes, the heat cells with
 * their share of the fullest cell (0..1), the pins per category and the routes per slot.
 * @param {any} res
 * @param {ReturnType<typeof floorStep>} st
 */
export function floorModel(res, st) {
  const r = isObject(res) ? res : {};
  const pins = arr(r.pins).filter((p) => isObject(p) && !p.hidden && isNum(p.x) && isNum(p.y) && typeof p.category === 'string')
    .map((p) => ({ card: String(p.card || ''), x: planCoord(p.x), y: planCoord(p.y), category: p.category,
      comment: typeof p.comment === 'string' ? p.comment : '' }));
  const routes = arr(r.routes).filter((x) => isObject(x) && !x.hidden && typeof x.slot === 'string')
    .map((x) => ({ card: String(x.card || ''), slot: x.slot, points: pointsOf(x.points) }))
    .filter((x) => x.points.length >= ROUTE_MIN_POINTS);
  const heat = isObject(r.heat) ? r.heat : {};
  const cols = positive(heat.cols), rows = positive(heat.rows);
  /** @type {Array<{ category: string, col: number, row: number, count: number, share: number }>} */
  const cells = [];
  if (cols && rows && isObject(heat.cells)) {
    let top = 0;
    for (const counts of Object.values(heat.cells)) for (const c of arr(counts)) top = Math.max(top, num(c));
    for (const [category, counts] of Object.entries(heat.cells)) {
      arr(counts).slice(0, cols * rows).forEach((c, i) => {
        const n = num(c);
        if (n > 0) cells.push({ category, col: i % cols, row: Math.floor(i / cols), count: n, share: top ? n / top : 0 });
      });
    }
  }
  const perCategory = st.categories.map((c) => ({ id: c.id, tone: c.tone, text: c.text, count: pins.filter((p) => p.category === c.id).length }));
  const perSlot = st.slots.map((s) => ({ id: s.id, text: s.text, count: routes.filter((x) => x.slot === s.id).length }));
  return { total: num(r.total), pins, routes, heat: { cols, rows, cells }, perCategory, perSlot };
}
