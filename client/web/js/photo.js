// @ts-check
// Photo steps (docs/protocol.md, section 7), without the DOM: the step's limits, the key of an
// upload, when a photo is scaled down and to what size, the request's headers, what the
// server's reply means (a photo, or a typed error and whether to try again), the participant's
// own photos and the approved ones on the wall. The limits come from the step in the welcome
// and from the server's rules (rules.photos), never from literals. Pure: no DOM, no network.
import { arr, positive } from './util.js';
import { backoffDelay } from './rules.js';
import { ownImages } from './image_deck.js';

/** @typedef {import('./rules.js').PhotoRules} PhotoRules */
/** @typedef {import('./rules.js').Reconnect} Reconnect */
/** @typedef {{ id: string, caption: string, category: string, status: 'pending' | 'approved' | 'hidden' }} OwnPhoto */
/** @typedef {{ id: string, caption: string, category: string, width: number, height: number }} WallPhoto */

/** Attempts of one upload before the page asks the person to try again (a retry button). */
export const UPLOAD_TRIES = 4;
/** The types a photo may be sent in as it is; anything else is scaled (re-encoded) first. */
export const SENDABLE_TYPES = ['image/jpeg', 'image/png'];
/** The type of a photo the page scaled down. */
export const SCALED_TYPE = 'image/jpeg';

/**
 * What a photo step allows, from its welcome: photos per participant and the caption's length
 * (0: unknown), the categories ([] when the step has none: then no category is sent).
 * @param {any} step
 * @returns {{ maxPhotos: number, maxLength: number, categories: Array<{ id: string, text: any }> }}
 */
export function photoStep(step) {
  return {
    maxPhotos: positive(step && step.max_photos),
    maxLength: positive(step && step.max_length),
    categories: arr(step && step.categories).filter((c) => c && typeof c.id === 'string' && c.id),
  };
}

/**
 * The photo rules of the server, or null when the page knows none.
 * @param {{ photos?: PhotoRules } | null} rules
 * @returns {PhotoRules | null}
 */
export const photoRules = (rules) => (rules && rules.photos ? rules.photos : null);

// ---------------------------------------------------------------- the upload key
/** @param {Uint8Array} bytes */
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A new Kring-Upload key: 16 random bytes as 32 hex digits, made once per chosen photo. Sent
 * again with every retry of that photo, so that the server never keeps it twice.
 * @param {(b: Uint8Array) => Uint8Array} fill  crypto.getRandomValues
 */
export function newUploadKey(fill) {
  const b = new Uint8Array(16);
  fill(b);
  return hex(b);
}

/** Whether the server takes this as a Kring-Upload key (8..64 of A-Z a-z 0-9 - _). @param {unknown} k */
export const isUploadKey = (k) => typeof k === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(k);

// ---------------------------------------------------------------- scaling
/**
 * The size of a photo scaled to at most `maxSide` on its longest side (0: no limit); never larger.
 * @param {number} width
 * @param {number} height
 * @param {number} maxSide
 * @returns {{ width: number, height: number, scaled: boolean }}
 */
export function scaledSize(width, height, maxSide) {
  const w = Math.max(1, Math.round(width)), h = Math.max(1, Math.round(height));
  const long = Math.max(w, h);
  if (!(maxSide > 0) || long <= maxSide) return { width: w, height: h, scaled: false };
  const f = maxSide / long;
  return {
    width: w >= h ? maxSide : Math.max(1, Math.min(maxSide, Math.round(w * f))),
    height: h > w ? maxSide : Math.max(1, Math.min(maxSide, Math.round(h * f))),
    scaled: true,
  };
}

/**
 * The sizes a photo goes through when it is scaled down by halves first (a calm, sharp
 * result from a phone camera's 4000 px), the last one the target.
 * @param {{ width: number, height: number }} from
 * @param {{ width: number, height: number }} to
 * @returns {Array<{ width: number, height: number }>}
 */
export function scaleSteps(from, to) {
  const out = [];
  let w = from.width, h = from.height;
  while (w / 2 >= to.width * 1.5 && h / 2 >= to.height * 1.5) {
    w = Math.round(w / 2); h = Math.round(h / 2);
    out.push({ width: w, height: h });
  }
  out.push({ width: to.width, height: to.height });
  return out;
}

/**
 * Whether a chosen photo can be sent as it is: a JPEG or PNG (as the browser names it) within
 * every limit, upright (no EXIF rotation that a server reading pixels only would lose). Any
 * other photo the page scales and encodes as a JPEG first. What is sent as it is still goes
 * through the server, which keeps its pixels only (no EXIF, no GPS position).
 * @param {{ type: string, size: number, width: number, height: number, orientation: number }} f
 * @param {PhotoRules} limits
 */
export function sendAsIs(f, limits) {
  return SENDABLE_TYPES.includes(f.type) && f.size > 0 && f.size <= limits.max_bytes &&
    f.width > 0 && f.height > 0 && Math.max(f.width, f.height) <= limits.max_side &&
    f.width * f.height <= limits.max_pixels && f.orientation <= 1;
}

/**
 * The EXIF orientation of a JPEG (1..8) from its first bytes, 0 when it has none (or is no JPEG).
 * @param {Uint8Array} b
 * @returns {number}
 */
export function jpegOrientation(b) {
  if (b.length < 4 || b[0] !== 0xFF || b[1] !== 0xD8) return 0;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xFF) return 0;
    const marker = b[i + 1];
    if (marker === 0xFF) { i++; continue; } // fill byte
    if (marker === 0xDA || marker === 0xD9) return 0; // the image data: no EXIF before it
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2) return 0;
    if (marker === 0xE1 && i + 10 <= b.length && b[i + 4] === 0x45 && b[i + 5] === 0x78 && b[i + 6] === 0x69 && b[i + 7] === 0x66 && b[i + 8] === 0 && b[i + 9] === 0) {
      return tiffOrientation(b, i + 10, Math.min(b.length, i + 2 + len));
    }
    i += 2 + len;
  }
  return 0;
}

/** @param {Uint8Array} b @param {number} t the TIFF header @param {number} end */
function tiffOrientation(b, t, end) {
  if (t + 8 > end) return 0;
  const little = b[t] === 0x49 && b[t + 1] === 0x49;
  if (!little && !(b[t] === 0x4D && b[t + 1] === 0x4D)) return 0;
  const u16 = (/** @type {number} */ o) => (little ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
  const u32 = (/** @type {number} */ o) => (little ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000
    : b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]));
  const ifd = t + u32(t + 4);
  if (ifd + 2 > end) return 0;
  const n = u16(ifd);
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > end) return 0;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 0;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- the request
/** A caption as one line: every run of white space one space, none at either end. @param {unknown} text */
export const oneLine = (text) => String(text || '').replace(/\s+/g, ' ').trim();

/**
 * A caption cut to `max` characters (Unicode code points, as the server counts them; 0: no limit).
 * @param {unknown} text
 * @param {number} max
 */
export function cutCaption(text, max) {
  const s = String(text || '');
  if (!(max > 0)) return s;
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, max).join('');
}

/** Where a photo is sent. @param {string} code */
export const uploadPath = (code) => '/photos/' + encodeURIComponent(code);
/** Where a photo is fetched. @param {string} code @param {string} id */
export const photoPath = (code, id) => '/photos/' + encodeURIComponent(code) + '/' + encodeURIComponent(id);

/**
 * The headers of an upload (besides Content-Length, which the browser sets): the caption
 * percent-encoded and only when there is one, the category only when chosen.
 * @param {{ token: string, type: string, step: string, key: string, caption: string, category: string }} u
 * @returns {Array<[string, string]>}
 */
export function uploadHeaders(u) {
  /** @type {Array<[string, string]>} */
  const h = [
    ['Authorization', 'Bearer ' + u.token],
    ['Content-Type', u.type],
    ['Kring-Step', u.step],
    ['Kring-Upload', u.key],
  ];
  const caption = oneLine(u.caption);
  if (caption) h.push(['Kring-Caption', encodeURIComponent(caption)]);
  if (u.category) h.push(['Kring-Category', u.category]);
  return h;
}

// ---------------------------------------------------------------- the reply
/** Codes after which the same photo is sent again (with the same key) after a pause. */
const RETRY_CODES = new Set(['network', 'photo_busy', 'store_unavailable', 'internal']);

/**
 * What the server's reply to an upload says. `status` 0 is a network failure (no reply).
 * @param {number} status
 * @param {string} text  the body
 * @param {string | null} retryAfter  the Retry-After header (seconds)
 * @returns {{ ok: true, photo: { id: string, step: string, width: number, height: number, status: string }, repeated: boolean }
 *         | { ok: false, code: string, retry: boolean, waitMs: number }}
 */
export function readReply(status, text, retryAfter) {
  /** @type {any} */
  let j = null;
  try { j = JSON.parse(String(text || '')); } catch { j = null; }
  if ((status === 200 || status === 201) && j && j.type === 'photo' && typeof j.id === 'string' && j.id) {
    return {
      ok: true, repeated: status === 200,
      photo: { id: j.id, step: String(j.step || ''), width: positive(j.width), height: positive(j.height), status: typeof j.status === 'string' ? j.status : 'pending' },
    };
  }
  let code;
  if (status === 0) code = 'network';
  else if (j && j.type === 'error' && typeof j.code === 'string' && j.code) code = j.code;
  // A proxy in front of the server may answer without Kring's JSON.
  else if (status === 413) code = 'photo_too_large';
  else if (status === 408 || status === 429 || status >= 500) code = status === 503 || status === 429 ? 'photo_busy' : 'network';
  else code = 'internal';
  const secs = Number(retryAfter);
  const waitMs = retryAfter !== null && retryAfter !== '' && Number.isFinite(secs) && secs >= 0 ? Math.min(secs, 120) * 1000 : 0;
  return { ok: false, code, retry: RETRY_CODES.has(code), waitMs };
}

/**
 * How long to wait before attempt `attempt` (1 for the first retry): the protocol's back-off
 * (rules.reconnect), or longer when the server asked for it (Retry-After).
 * @param {Reconnect} policy
 * @param {number} attempt
 * @param {number} waitMs
 * @param {() => number} [random]
 */
export const retryDelay = (policy, attempt, waitMs, random) => Math.max(waitMs, backoffDelay(policy, attempt, random));

// ---------------------------------------------------------------- own photos and the wall
const STATUSES = ['pending', 'approved', 'hidden'];

/**
 * The participant's own photos of a step, from `mine` (its value): [{ id, caption, category, status }].
 * @param {unknown} value
 * @returns {OwnPhoto[]}
 */
export function ownPhotos(value) {
  return arr(value).filter((p) => p && typeof p.id === 'string' && p.id).map((p) => ({
    id: p.id,
    caption: typeof p.caption === 'string' ? p.caption : '',
    category: typeof p.category === 'string' ? p.category : '',
    status: /** @type {OwnPhoto['status']} */ (STATUSES.includes(p.status) ? p.status : 'pending'),
  }));
}

/**
 * Own photos with what the phone sees now: a photo on the wall is approved, whatever an older
 * `mine` said.
 * @param {OwnPhoto[]} own
 * @param {Set<string>} onWall
 * @returns {OwnPhoto[]}
 */
export const withWall = (own, onWall) => own.map((p) => (onWall.has(p.id) ? { ...p, status: 'approved' } : p));

/** How many photos the participant may still send (0 when the step's limit is unknown: the server says). @param {number} max @param {number} sent */
export const photosLeft = (max, sent) => (max > 0 ? Math.max(0, max - sent) : Infinity);

/**
 * The approved photos of a photo step's result, in the order they arrived (a facilitator's
 * result carries the others too, with a status: never shown here).
 * @param {any} res
 * @returns {WallPhoto[]}
 */
export function wallPhotos(res) {
  return arr(res && res.photos).filter((p) => p && typeof p.id === 'string' && p.id && (p.status === undefined || p.status === 'approved'))
    .map((p) => ({
      id: p.id, caption: typeof p.caption === 'string' ? p.caption : '', category: typeof p.category === 'string' ? p.category : '',
      width: positive(p.width), height: positive(p.height),
    }));
}

/**
 * The wall by category, in the step's order, photos without a (known) category last; one
 * group without a category when the step has none.
 * @param {WallPhoto[]} photos
 * @param {Array<{ id: string, text: any }>} categories
 * @returns {Array<{ category: { id: string, text: any } | null, photos: WallPhoto[] }>}
 */
export function wallGroups(photos, categories) {
  const groups = [];
  const known = new Set(categories.map((c) => c.id));
  for (const c of categories) {
    const ps = photos.filter((p) => p.category === c.id);
    if (ps.length) groups.push({ category: c, photos: ps });
  }
  const rest = photos.filter((p) => !known.has(p.category));
  if (rest.length) groups.push({ category: null, photos: rest });
  return groups;
}

/**
 * Every photo id the view shows to this phone (its results of photo steps, the floor plans'
 * images, the image choices' own images): the images the page keeps.
 * @param {any} view
 * @returns {Set<string>}
 */
export function photoIdsOf(view) {
  const ids = new Set();
  for (const r of arr(view && view.results)) for (const p of wallPhotos(r)) ids.add(p.id);
  // Floor plans' own images (view.steps[].plan_image).
  for (const s of arr(view && view.steps)) {
    if (s && s.plan_image && typeof s.plan_image.id === 'string') ids.add(s.plan_image.id);
    // An image choice's own images (view.steps[].own_images).
    for (const im of ownImages(s)) ids.add(im.id);
  }
  return ids;
}
