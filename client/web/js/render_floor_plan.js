// A floor-plan step (kind floor_plan) on the phone: the plan of the room with its drawn areas;
// in pins mode a category picker (each category in its tone's colour, icon and its own word),
// a tap on the plan places a pin, a pin is dragged to move it or tapped to give it a comment
// or remove it; in routes mode a time slot, "new route", a tap per point, "route done". Every
// change sends the participant's whole set (room.setValue, acked and resent like every
// answer); the marks are drawn from the answer the page keeps, which `mine` refreshes. Below
// the plan the own marks as text with their buttons, so that nothing needs precise tapping.
// The results after reveal: everyone's pins (with a heat of where they gather) or routes.
import { app } from './context.js';
import { $, el, t, L, setText } from './dom.js';
import { K } from './util.js';
import { pinTone, routeStyle } from './rules.js';
import { showPhoto } from './photo_images.js';
import { TYPING_PAUSE_MS } from './room.js';
import { buildHead, paintBar, stepFoot, counterText, paintPressed } from './render_common.js';
import {
  floorStep, planHeight, planPoint, pinsOf, routesOf, addPin, movePin, removePin, commentPin, addPoint, finishRoute,
  areaCentre, pinWords, floorModel, PLAN_WIDTH, ROUTE_MAX_POINTS,
} from './floor_plan.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DRAG_PX = 6;          // a pin moves once the finger went this far; less is a tap
const CLICK_AFTER_MS = 500; // the click that follows a drag or a pin's tap is not a tap on the plan
const COMMENT_COUNTER = 40; // the comment's counter shows this close to its limit
const PIN_R = 26;           // a pin's radius in plan units (the plan is PLAN_WIDTH wide)
const RESULT_PIN_R = 20;

const lang = () => app.room.S.lang;
const tone = (id) => pinTone(app.room.S.rules, id);
/** A time slot's colour and dash (rules.route_styles, slot i in style i). */
const slotStyle = (st, id) => routeStyle(app.room.S.rules, st.slots.findIndex((s) => s.id === id));

function svg(tag, attrs, text) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const k of Object.keys(attrs || {})) if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, String(attrs[k]));
  if (text !== undefined) n.textContent = String(text);
  return n;
}

/** The editing state of a floor-plan step on this phone (kept while the step is rebuilt). */
function edOf(step, st) {
  const eds = app.room.S.editors;
  const key = 'floor|' + step.id;
  let ed = eds.get(key);
  if (!ed) {
    ed = { category: '', slot: '', selected: '', drawing: null, hint: '', hintVars: null, drag: null, quietUntil: 0, confirmTimer: 0 };
    eds.set(key, ed);
  }
  if (!st.categories.some((c) => c.id === ed.category)) ed.category = st.categories.length ? st.categories[0].id : '';
  if (!st.slots.some((s) => s.id === ed.slot)) ed.slot = st.slots.length ? st.slots[0].id : '';
  return ed;
}

const valueNow = (step) => { const l = app.room.answerOf(step.id, ''); return l ? l.value : null; };
const ownPins = (step) => pinsOf(valueNow(step));
const ownRoutes = (step) => routesOf(valueNow(step));

function say(ed, key, vars) { ed.hint = key; ed.hintVars = vars || null; }

/** A pin in words: "Hier voel ik me welkom, in Onthaal". */
function pinText(st, pin) {
  const w = pinWords(pin, st, lang());
  return w.category + ', ' + (w.area ? t('fpInArea', { area: w.area }) : t('fpOnPlan'));
}

// ---------------------------------------------------------------- the plan
/**
 * The facilitator's plan image under the SVG (the SVG lies over it, transparent): fetched
 * with the participant's key like a photo (photo_images.js); nothing without one.
 */
function planImage(st) {
  if (!st.image) return document.createDocumentFragment();
  const img = el('img', { class: 'fp-plan-image', alt: '', 'data-testid': 'fp-plan-image' });
  showPhoto(/** @type {HTMLImageElement} */ (img), st.image.id);
  return img;
}

/** The plan in its box, over the facilitator's image when there is one. */
function planBox(st, plan) {
  const box = el('div', { class: 'fp-plan-box' });
  box.appendChild(planImage(st));
  box.appendChild(plan);
  return box;
}

/** The plan over the facilitator's image: the same box, no drawn areas, a clear floor. */
function imagePlanSvg(st, label, testid) {
  const H = planHeight(st.aspect);
  const s = svg('svg', { class: 'fp-plan fp-plan-over-image', viewBox: `0 0 ${PLAN_WIDTH} ${H}`, role: 'img', 'aria-label': label,
    'data-testid': testid, preserveAspectRatio: 'none' });
  s.style.aspectRatio = String(st.aspect);
  s.appendChild(svg('rect', { class: 'fp-floor-clear', x: 0, y: 0, width: PLAN_WIDTH, height: H }));
  return s;
}

/** The plan as an SVG (role img, its words in aria-label), its areas drawn calm and light. */
function planSvg(st, label, testid) {
  if (st.image) return imagePlanSvg(st, label, testid);
  const H = planHeight(st.aspect);
  const s = svg('svg', { class: 'fp-plan', viewBox: `0 0 ${PLAN_WIDTH} ${H}`, role: 'img', 'aria-label': label, 'data-testid': testid,
    preserveAspectRatio: 'none' });
  s.style.aspectRatio = String(st.aspect);
  s.appendChild(svg('rect', { class: 'fp-floor', x: 0, y: 0, width: PLAN_WIDTH, height: H }));
  const areas = svg('g', { class: 'fp-areas' });
  for (const a of st.areas) {
    const g = svg('g', { 'data-area': a.id });
    g.appendChild(svg('rect', { class: 'fp-area', x: a.x * PLAN_WIDTH, y: a.y * H, width: a.w * PLAN_WIDTH, height: a.h * H }));
    const name = L(a.text);
    // As large as the room's width allows, between 22 and 36 plan units (a calm label, never over the wall).
    const size = Math.max(22, Math.min(36, Math.floor((a.w * PLAN_WIDTH - 20) / (Math.max(1, name.length) * 0.58))));
    g.appendChild(svg('text', { class: 'fp-area-name', x: a.x * PLAN_WIDTH + 10, y: a.y * H + size + 6, 'font-size': size }, name));
    areas.appendChild(g);
  }
  s.appendChild(areas);
  return s;
}

/** A pin on the plan: its tone's colour and icon; a wider, invisible circle to grab it by. */
function pinMark(st, pin, r, selected, attrs) {
  const H = planHeight(st.aspect);
  const cat = st.categories.find((c) => c.id === pin.category);
  const tn = tone(cat ? cat.tone : '');
  const g = svg('g', { class: 'fp-pin' + (selected ? ' is-selected' : ''), transform: `translate(${pin.x * PLAN_WIDTH} ${pin.y * H})`,
    'data-category': pin.category, 'data-x': pin.x, 'data-y': pin.y, ...attrs });
  g.appendChild(svg('circle', { class: 'fp-pin-hit', r: r * 2, fill: 'transparent' }));
  if (selected) g.appendChild(svg('circle', { class: 'fp-pin-ring', r: r + 9 }));
  g.appendChild(svg('circle', { class: 'fp-pin-dot', r, fill: tn.colour }));
  g.appendChild(svg('text', { class: 'fp-pin-icon', 'font-size': Math.round(r * 1.1) }, tn.icon));
  return g;
}

function routeLine(st, points, slot, attrs) {
  const H = planHeight(st.aspect);
  const style = slotStyle(st, slot);
  const pts = points.map((p) => `${p[0] * PLAN_WIDTH},${p[1] * H}`).join(' ');
  const g = svg('g', { class: 'fp-route', 'data-slot': slot, ...attrs });
  g.appendChild(svg('polyline', { class: 'fp-route-line', points: pts, stroke: style.colour, 'stroke-dasharray': style.dash || null }));
  if (points.length) {
    const [x0, y0] = points[0];
    g.appendChild(svg('circle', { class: 'fp-route-start', cx: x0 * PLAN_WIDTH, cy: y0 * H, r: 12, fill: style.colour }));
    const [x1, y1] = points[points.length - 1];
    g.appendChild(svg('circle', { class: 'fp-route-end', cx: x1 * PLAN_WIDTH, cy: y1 * H, r: 12, stroke: style.colour }));
  }
  return g;
}

// ---------------------------------------------------------------- the open step
export function buildFloorPlan(step) {
  const st = floorStep(step, app.room.stepState(step.id));
  const ed = edOf(step, st);
  const pins = st.mode === 'pins';
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  const card = el('section', { class: 'card fp-card', 'data-testid': 'fp-card', 'data-mode': st.mode,
    'data-plan-image': st.image ? st.image.id : '' });
  card.appendChild(el('p', { class: 'step-note' }, pins ? t('fpPinsHint') : t('fpRoutesHint')));
  if (pins) card.appendChild(picker(step, st, ed, t('fpCategory'), st.categories, 'fp-cat-', 'category'));
  else {
    card.appendChild(picker(step, st, ed, t('fpSlot'), st.slots, 'fp-slot-', 'slot'));
    card.appendChild(routeButtons(step, st, ed));
  }
  const wrap = el('div', { class: 'fp-plan-wrap' });
  const plan = planSvg(st, pins ? t('fpPlanPins') : t('fpPlanRoutes'), 'fp-plan');
  plan.appendChild(svg('g', { class: 'fp-marks', 'data-role': 'marks' }));
  wirePlan(step, st, plan);
  wrap.appendChild(planBox(st, plan));
  card.appendChild(wrap);
  card.appendChild(el('p', { class: 'fp-hint', 'data-role': 'hint', 'data-testid': 'fp-hint', role: 'status', 'aria-live': 'polite' }));
  if (pins) card.appendChild(el('div', { 'data-role': 'panel' }));
  frag.appendChild(card);

  const mine = el('section', { class: 'card fp-mine', 'aria-labelledby': 'fp-mine-title' });
  mine.appendChild(el('h2', { class: 'section-title', id: 'fp-mine-title', 'data-role': 'mine-title' }));
  mine.appendChild(el('ul', { class: 'fp-own-list', 'data-role': 'mine-list', 'data-testid': 'fp-mine' }));
  frag.appendChild(mine);
  if (pins) frag.appendChild(placeWithoutTapping(step, st));
  return stepFoot(frag);
}

/** The categories (pins) or time slots (routes): one pressed button at a time. */
function picker(step, st, ed, legend, list, prefix, field) {
  const fs = el('fieldset', { class: 'fp-picker' });
  fs.appendChild(el('legend', { class: 'field-label' }, legend));
  const row = el('div', { class: 'fp-choices' });
  for (const c of list) {
    const b = el('button', { type: 'button', class: 'fp-choice', 'data-value': c.id, 'data-field': field, 'data-testid': prefix + c.id, 'aria-pressed': 'false' });
    if (field === 'category') {
      const tn = tone(c.tone);
      const icon = el('span', { class: 'fp-choice-icon', 'aria-hidden': 'true' }, tn.icon);
      icon.style.setProperty('--tone', tn.colour);
      b.appendChild(icon);
    } else {
      const sample = el('span', { class: 'fp-choice-line', 'aria-hidden': 'true' });
      sample.appendChild(lineSample(st, c.id));
      b.appendChild(sample);
    }
    b.appendChild(el('span', { class: 'fp-choice-word' }, L(c.text)));
    b.addEventListener('click', () => {
      ed[field] = c.id;
      if (field === 'slot' && ed.drawing) ed.hint = '';
      updateFloorPlan(step);
    });
    row.appendChild(b);
  }
  fs.appendChild(row);
  return fs;
}

/** A short line in a slot's colour and dash (the legend of the routes). */
function lineSample(st, slot) {
  const style = slotStyle(st, slot);
  const s = svg('svg', { viewBox: '0 0 48 12', width: 36, height: 9, 'aria-hidden': 'true', focusable: 'false' });
  s.appendChild(svg('line', { x1: 2, y1: 6, x2: 46, y2: 6, stroke: style.colour, 'stroke-width': 4, 'stroke-dasharray': style.dash ? style.dash.split(' ').map((n) => Math.round(Number(n) / 4)).join(' ') : null }));
  return s;
}

function routeButtons(step, st, ed) {
  const row = el('div', { class: 'fp-route-buttons' });
  const btn = (role, key, cls, fn) => {
    const b = el('button', { type: 'button', class: cls, 'data-role': role, 'data-testid': 'fp-' + role }, t(key));
    b.addEventListener('click', fn);
    row.appendChild(b);
  };
  btn('new-route', 'fpNewRoute', 'btn-primary', () => {
    if (st.maxEntries > 0 && ownRoutes(step).length >= st.maxEntries) { say(ed, 'fpRoutesFull', { max: st.maxEntries }); updateFloorPlan(step); return; }
    ed.drawing = [];
    say(ed, 'fpDrawing', null);
    updateFloorPlan(step);
  });
  btn('undo', 'fpUndo', 'btn-secondary', () => {
    if (ed.drawing && ed.drawing.length) ed.drawing = ed.drawing.slice(0, -1);
    say(ed, 'fpDrawing', null);
    updateFloorPlan(step);
  });
  btn('route-done', 'fpRouteDone', 'btn-primary', () => {
    if (!ed.drawing) return;
    const r = finishRoute(ownRoutes(step), ed.slot, ed.drawing, st.maxEntries);
    if (!r.routes) { say(ed, r.hint === 'short' ? 'fpNeedTwo' : 'fpRoutesFull', { max: st.maxEntries }); updateFloorPlan(step); return; }
    ed.drawing = null;
    say(ed, 'fpRouteSaved', null);
    app.room.setValue(step.id, r.routes, 0);
  });
  btn('route-cancel', 'fpCancelRoute', 'btn-secondary', () => {
    ed.drawing = null;
    ed.hint = '';
    updateFloorPlan(step);
  });
  return row;
}

/** Pins without tapping the plan: in the middle of a chosen room (keyboard, screen reader). */
function placeWithoutTapping(step, st) {
  const sec = el('section', { class: 'card fp-place', 'aria-labelledby': 'fp-place-title' });
  sec.appendChild(el('h2', { class: 'section-title', id: 'fp-place-title' }, t('fpPlaceTitle')));
  const id = 'fp-place-' + step.id;
  const row = el('div', { class: 'fp-place-row' });
  const field = el('div', { class: 'form-field' });
  field.appendChild(el('label', { class: 'field-label', for: id }, t('fpPlaceIn')));
  const sel = /** @type {HTMLSelectElement} */ (el('select', { id, class: 'select-input', 'data-testid': 'fp-place-area' }));
  for (const a of st.areas) sel.appendChild(el('option', { value: a.id }, L(a.text)));
  sel.appendChild(el('option', { value: '' }, t('fpPlaceCentre')));
  field.appendChild(sel);
  row.appendChild(field);
  const b = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': 'fp-place' }, t('fpPlace'));
  b.addEventListener('click', () => {
    const a = st.areas.find((x) => x.id === sel.value);
    placePin(step, st, a ? areaCentre(a) : { x: 0.5, y: 0.5 });
  });
  row.appendChild(b);
  sec.appendChild(row);
  return sec;
}

function placePin(step, st, at) {
  const ed = edOf(step, st);
  const r = addPin(ownPins(step), { x: at.x, y: at.y, category: ed.category }, st.maxEntries);
  if (!r.pins) { say(ed, 'fpFull', { max: st.maxEntries }); updateFloorPlan(step); return; }
  const pin = r.pins.find((p) => p.id === r.id);
  ed.selected = '';
  say(ed, 'fpPlaced', { what: pinText(st, pin) });
  app.room.setValue(step.id, r.pins, 0);
}

/** Taps, drags and selection on the plan. */
function wirePlan(step, st, plan) {
  const ed = edOf(step, st);
  const pointAt = (ev) => planPoint(ev.clientX, ev.clientY, plan.getBoundingClientRect());
  plan.addEventListener('click', (ev) => {
    if (performance.now() < ed.quietUntil) return;
    const target = /** @type {Element} */ (ev.target);
    if (target.closest && target.closest('[data-pin]')) return;
    const at = pointAt(ev);
    if (st.mode === 'pins') { placePin(step, st, at); return; }
    if (!ed.drawing) { say(ed, 'fpNeedNew', null); updateFloorPlan(step); return; }
    const next = addPoint(ed.drawing, at.x, at.y);
    if (!next) say(ed, 'fpPointsFull', { max: ROUTE_MAX_POINTS });
    else { ed.drawing = next; say(ed, 'fpDrawing', null); }
    updateFloorPlan(step);
  });
  if (st.mode !== 'pins') return;
  // A finger on a pin drags the pin, not the page.
  plan.addEventListener('touchstart', (ev) => {
    const target = /** @type {Element} */ (ev.target);
    if (target.closest && target.closest('[data-pin]')) ev.preventDefault();
  }, { passive: false });
  plan.addEventListener('pointerdown', (ev) => {
    const target = /** @type {Element} */ (ev.target);
    const g = target.closest ? target.closest('[data-pin]') : null;
    if (!g || ed.drag) return;
    ev.preventDefault();
    ed.drag = { id: g.getAttribute('data-pin'), pointer: ev.pointerId, x0: ev.clientX, y0: ev.clientY, moved: false, node: g };
    try { plan.setPointerCapture(ev.pointerId); } catch (e) { /* ignore */ }
  });
  plan.addEventListener('pointermove', (ev) => {
    const d = ed.drag;
    if (!d || d.pointer !== ev.pointerId) return;
    if (!d.moved && Math.hypot(ev.clientX - d.x0, ev.clientY - d.y0) < DRAG_PX) return;
    d.moved = true;
    const at = pointAt(ev);
    d.at = at;
    d.node.setAttribute('transform', `translate(${at.x * PLAN_WIDTH} ${at.y * planHeight(st.aspect)})`);
    d.node.classList.add('is-dragging');
  });
  const end = (ev, cancelled) => {
    const d = ed.drag;
    if (!d || d.pointer !== ev.pointerId) return;
    ed.drag = null;
    ed.quietUntil = performance.now() + CLICK_AFTER_MS;
    try { plan.releasePointerCapture(ev.pointerId); } catch (e) { /* ignore */ }
    if (cancelled) { updateFloorPlan(step); return; }
    if (d.moved && d.at) {
      ed.selected = d.id;
      ed.hint = '';
      app.room.setValue(step.id, movePin(ownPins(step), d.id, d.at.x, d.at.y), 0);
      updateFloorPlan(step);
      return;
    }
    // A tap on a pin chooses it (again: lets it go).
    ed.selected = ed.selected === d.id ? '' : d.id;
    ed.hint = '';
    updateFloorPlan(step);
  };
  plan.addEventListener('pointerup', (ev) => end(ev, false));
  plan.addEventListener('pointercancel', (ev) => end(ev, true));
}

function focusComment() {
  const n = $('step-area').querySelector('[data-testid="fp-comment"]');
  if (n) { try { n.focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
}

/** The chosen pin: its comment and its removal. */
function buildPanel(step, st, pin) {
  const ed = edOf(step, st);
  const box = el('div', { class: 'fp-panel', 'data-testid': 'fp-panel', 'data-pin': pin.id });
  box.appendChild(el('p', { class: 'fp-panel-title', 'data-role': 'panel-title' }));
  const id = 'fp-comment-' + step.id;
  box.appendChild(el('label', { class: 'field-label', for: id }, t('fpComment')));
  const input = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id, class: 'text-input', 'data-testid': 'fp-comment',
    maxlength: st.maxLength > 0 ? String(st.maxLength) : null, 'aria-describedby': id + '-hint', autocomplete: 'off', spellcheck: 'true' }));
  input.value = pin.comment || '';
  const meta = el('div', { class: 'comment-meta' });
  meta.appendChild(el('p', { class: 'field-hint', id: id + '-hint' }, t('fpCommentHint')));
  const counter = el('span', { class: 'counter', 'data-role': 'counter' });
  meta.appendChild(counter);
  const send = (delay) => app.room.setValue(step.id, commentPin(ownPins(step), pin.id, input.value, st.maxLength), delay);
  input.addEventListener('input', () => {
    setText(counter, counterText(input.value.length, st.maxLength, st.maxLength - COMMENT_COUNTER));
    send(TYPING_PAUSE_MS);
  });
  input.addEventListener('blur', () => { if (ownPins(step).some((p) => p.id === pin.id)) send(0); });
  input.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    send(0);
    ed.selected = '';
    updateFloorPlan(step);
  });
  box.appendChild(input);
  box.appendChild(meta);
  const row = el('div', { class: 'form-buttons' });
  const rm = el('button', { type: 'button', class: 'btn-secondary btn-danger', 'data-testid': 'fp-panel-remove' }, t('fpRemove'));
  rm.addEventListener('click', () => removeOne(step, st, pin.id));
  const done = el('button', { type: 'button', class: 'btn-primary', 'data-testid': 'fp-panel-done' }, t('fpDone'));
  done.addEventListener('click', () => { send(0); ed.selected = ''; updateFloorPlan(step); });
  row.appendChild(done);
  row.appendChild(rm);
  box.appendChild(row);
  return box;
}

function removeOne(step, st, id) {
  const ed = edOf(step, st);
  if (ed.selected === id) ed.selected = '';
  say(ed, 'fpRemoved', null);
  app.room.setValue(step.id, removePin(ownPins(step), id), 0);
  updateFloorPlan(step);
  const heading = $('fp-mine-title');
  if (heading && (!document.activeElement || document.activeElement === document.body)) {
    heading.setAttribute('tabindex', '-1');
    try { heading.focus({ preventScroll: true }); } catch (e) { /* ignore */ }
  }
}

function removeRoute(step, st, id) {
  const ed = edOf(step, st);
  say(ed, 'fpRouteRemoved', null);
  app.room.setValue(step.id, ownRoutes(step).filter((r) => r.id !== id), 0);
  updateFloorPlan(step);
}

export function updateFloorPlan(step) {
  const root = $('step-area');
  const card = root.querySelector('.fp-card');
  if (!card) return;
  const st = floorStep(step, app.room.stepState(step.id));
  // A plan image set or changed since the step was drawn: draw it again.
  if ((card.getAttribute('data-plan-image') || '') !== (st.image ? st.image.id : '')) {
    root.replaceChildren(buildFloorPlan(step));
    return;
  }
  const ed = edOf(step, st);
  const pins = st.mode === 'pins';
  const own = pins ? ownPins(step) : [];
  const routes = pins ? [] : ownRoutes(step);
  if (ed.selected && !own.some((p) => p.id === ed.selected)) ed.selected = '';

  for (const b of card.querySelectorAll('.fp-choice')) {
    paintPressed(b, b.getAttribute('data-value') === ed[b.getAttribute('data-field')]);
  }
  const marks = card.querySelector('[data-role="marks"]');
  const sig = lang() + '|' + JSON.stringify(pins ? own : routes) + '|' + ed.selected + '|' + JSON.stringify(ed.drawing) + '|' + ed.slot;
  // While a pin is being dragged its mark stays as it is (a repaint would drop it from under the finger).
  if (!ed.drag && marks.getAttribute('data-sig') !== sig) {
    marks.setAttribute('data-sig', sig);
    if (pins) {
      // The chosen pin last: drawn on top.
      const order = [...own.filter((p) => p.id !== ed.selected), ...own.filter((p) => p.id === ed.selected)];
      marks.replaceChildren(...order.map((p) => pinMark(st, p, PIN_R, p.id === ed.selected, { 'data-pin': p.id, 'data-testid': 'fp-pin-' + p.id })));
    } else {
      const nodes = routes.map((r) => routeLine(st, r.points, r.slot, { 'data-testid': 'fp-route-' + r.id }));
      if (ed.drawing) {
        const draft = routeLine(st, ed.drawing, ed.slot, { class: 'fp-route is-draft', 'data-testid': 'fp-draft' });
        const H = planHeight(st.aspect);
        for (const p of ed.drawing) draft.appendChild(svg('circle', { class: 'fp-draft-point', cx: p[0] * PLAN_WIDTH, cy: p[1] * H, r: 9 }));
        nodes.push(draft);
      }
      marks.replaceChildren(...nodes);
    }
  }

  if (!pins) {
    const q = (role) => card.querySelector('[data-role="' + role + '"]');
    const full = st.maxEntries > 0 && routes.length >= st.maxEntries;
    q('new-route').hidden = !!ed.drawing;
    q('new-route').disabled = full;
    for (const role of ['undo', 'route-done', 'route-cancel']) q(role).hidden = !ed.drawing;
    q('undo').disabled = !(ed.drawing && ed.drawing.length);
    if (full && !ed.drawing && ed.hint !== 'fpRouteSaved') say(ed, 'fpRoutesFull', { max: st.maxEntries });
    if (ed.hint === 'fpDrawing') {
      const slot = st.slots.find((s) => s.id === ed.slot);
      ed.hintVars = { slot: slot ? L(slot.text) : ed.slot, n: ed.drawing ? ed.drawing.length : 0 };
    }
  }
  const hint = card.querySelector('[data-role="hint"]');
  setText(hint, ed.hint ? t(ed.hint, ed.hintVars || undefined) : '');
  hint.setAttribute('data-hint', ed.hint);

  if (pins) paintPanel(step, st, ed, own);
  paintOwn(step, st, own, routes);
  const n = pins ? own.length : routes.length;
  const status = st.maxEntries > 0 ? t(pins ? 'fpCount' : 'fpRouteCount', { n, max: st.maxEntries }) : t(pins ? 'fpCountFree' : 'fpRouteCountFree', { n });
  paintBar(K(step.id, ''), status);
}

function paintPanel(step, st, ed, own) {
  const slot = $('step-area').querySelector('.fp-card [data-role="panel"]');
  const pin = own.find((p) => p.id === ed.selected);
  const cur = slot.firstElementChild;
  if (!pin) { if (cur) slot.replaceChildren(); return; }
  const key = pin.id + '|' + lang();
  if (!cur || cur.getAttribute('data-key') !== key) {
    const box = buildPanel(step, st, pin);
    box.setAttribute('data-key', key);
    slot.replaceChildren(box);
  }
  const box = slot.firstElementChild;
  setText(box.querySelector('[data-role="panel-title"]'), t('fpSelected') + ': ' + pinText(st, pin));
  const input = box.querySelector('input');
  if (document.activeElement !== input && input.value !== (pin.comment || '')) input.value = pin.comment || '';
  setText(box.querySelector('[data-role="counter"]'), counterText(input.value.length, st.maxLength, st.maxLength - COMMENT_COUNTER));
}

/** The own marks as text, each with its buttons. */
function paintOwn(step, st, own, routes) {
  const root = $('step-area');
  const pins = st.mode === 'pins';
  setText(root.querySelector('[data-role="mine-title"]'), t(pins ? 'fpMineTitle' : 'fpRoutesTitle', { n: pins ? own.length : routes.length }));
  const list = root.querySelector('[data-role="mine-list"]');
  const sig = lang() + '|' + JSON.stringify(pins ? own : routes);
  if (list.getAttribute('data-sig') === sig) return;
  list.setAttribute('data-sig', sig);
  if (pins ? !own.length : !routes.length) { list.replaceChildren(el('li', { class: 'empty-note' }, t(pins ? 'fpMineNone' : 'fpRoutesNone'))); return; }
  if (!pins) {
    list.replaceChildren(...routes.map((r) => {
      const slot = st.slots.find((s) => s.id === r.slot);
      const what = t('fpRouteLine', { slot: slot ? L(slot.text) : r.slot, n: r.points.length });
      const li = el('li', { class: 'fp-own', 'data-testid': 'fp-mine-' + r.id });
      const mark = el('span', { class: 'fp-own-mark', 'aria-hidden': 'true' });
      mark.appendChild(lineSample(st, r.slot));
      li.appendChild(mark);
      li.appendChild(el('div', { class: 'fp-own-text' }, what));
      const rm = el('button', { type: 'button', class: 'btn-secondary btn-danger', 'data-testid': 'fp-remove-' + r.id, 'aria-label': t('fpRemoveLabel', { what }) }, t('fpRemove'));
      rm.addEventListener('click', () => removeRoute(step, st, r.id));
      li.appendChild(rm);
      return li;
    }));
    return;
  }
  list.replaceChildren(...own.map((p) => {
    const w = pinWords(p, st, lang());
    const cat = st.categories.find((c) => c.id === p.category);
    const tn = tone(cat ? cat.tone : '');
    const what = pinText(st, p);
    const li = el('li', { class: 'fp-own', 'data-testid': 'fp-mine-' + p.id });
    const icon = el('span', { class: 'fp-own-icon', 'aria-hidden': 'true' }, tn.icon);
    icon.style.setProperty('--tone', tn.colour);
    li.appendChild(icon);
    const text = el('div', { class: 'fp-own-text' });
    text.appendChild(el('strong', null, w.category));
    text.appendChild(document.createTextNode(' ' + (w.area ? t('fpInArea', { area: w.area }) : t('fpOnPlan'))));
    if (w.comment) text.appendChild(el('p', { class: 'fp-own-comment', 'data-testid': 'fp-mine-comment-' + p.id }, w.comment));
    li.appendChild(text);
    const row = el('div', { class: 'fp-own-buttons' });
    const choose = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': 'fp-choose-' + p.id, 'aria-label': t('fpChooseLabel', { what }) }, t('fpChoose'));
    choose.addEventListener('click', () => {
      const ed = edOf(step, st);
      ed.selected = p.id;
      ed.hint = '';
      updateFloorPlan(step);
      focusComment();
    });
    const rm = el('button', { type: 'button', class: 'btn-secondary btn-danger', 'data-testid': 'fp-remove-' + p.id, 'aria-label': t('fpRemoveLabel', { what }) }, t('fpRemove'));
    rm.addEventListener('click', () => removeOne(step, st, p.id));
    row.appendChild(choose);
    row.appendChild(rm);
    li.appendChild(row);
    return li;
  }));
}

// ---------------------------------------------------------------- the results
/** The plan with everyone's visible pins and their heat, or routes per time slot; the counts in words. */
export function floorPlanResults(sec, step, res) {
  const st = floorStep(step, app.room.stepState(step.id));
  const m = floorModel(res, st);
  const pins = st.mode === 'pins';
  const H = planHeight(st.aspect);
  const words = pins
    ? m.perCategory.map((c) => L(c.text) + ' ' + c.count).join(', ')
    : m.perSlot.map((s) => L(s.text) + ' ' + s.count).join(', ');
  const plan = planSvg(st, t(pins ? 'fpResultPins' : 'fpResultRoutes', { counts: words || '0' }), 'fp-result-plan');
  if (pins) {
    const heat = svg('g', { class: 'fp-heat', 'data-testid': 'fp-heat' });
    const cw = PLAN_WIDTH / (m.heat.cols || 1), ch = H / (m.heat.rows || 1);
    for (const c of m.heat.cells) {
      const cat = st.categories.find((x) => x.id === c.category);
      // A soft round patch per cell (the cells are small): overlapping patches add up where pins gather.
      heat.appendChild(svg('circle', { class: 'fp-heat-cell', cx: (c.col + 0.5) * cw, cy: (c.row + 0.5) * ch, r: 1.4 * Math.max(cw, ch),
        fill: tone(cat ? cat.tone : '').colour, 'fill-opacity': (0.08 + 0.3 * c.share).toFixed(3), 'data-count': c.count }));
    }
    plan.appendChild(heat);
    const layer = svg('g', { class: 'fp-marks' });
    for (const p of m.pins) layer.appendChild(pinMark(st, p, RESULT_PIN_R, false, { 'data-testid': 'fp-result-pin', 'data-card': p.card }));
    plan.appendChild(layer);
  } else {
    const layer = svg('g', { class: 'fp-marks' });
    for (const r of m.routes) layer.appendChild(routeLine(st, r.points, r.slot, { 'data-testid': 'fp-result-route', 'data-card': r.card }));
    plan.appendChild(layer);
  }
  const wrap = el('div', { class: 'card fp-plan-wrap fp-result-wrap' });
  wrap.appendChild(planBox(st, plan));
  if (pins && m.heat.cells.length) wrap.appendChild(el('p', { class: 'field-hint' }, t('fpHeatNote')));
  sec.appendChild(wrap);

  if (pins) {
    sec.appendChild(el('h2', { class: 'section-title' }, t('fpCountsTitle')));
    const ul = el('ul', { class: 'card fp-counts', 'data-testid': 'fp-counts' });
    for (const c of m.perCategory) {
      const tn = tone(c.tone);
      const li = el('li', { class: 'fp-count', 'data-testid': 'fp-count-' + c.id, 'data-count': String(c.count) });
      const icon = el('span', { class: 'fp-own-icon', 'aria-hidden': 'true' }, tn.icon);
      icon.style.setProperty('--tone', tn.colour);
      li.appendChild(icon);
      li.appendChild(el('span', { class: 'fp-count-word' }, L(c.text)));
      li.appendChild(el('strong', { class: 'fp-count-num' }, c.count === 1 ? t('fpPinsOne') : t('fpPinsMany', { n: c.count })));
      ul.appendChild(li);
    }
    if (!m.pins.length) ul.appendChild(el('li', { class: 'empty-note' }, t('fpNoPins')));
    sec.appendChild(ul);
    const said = m.pins.filter((p) => p.comment);
    if (said.length) {
      sec.appendChild(el('h2', { class: 'section-title' }, t('fpCommentsTitle')));
      const list = el('ul', { class: 'card fp-comments', 'data-testid': 'fp-comments' });
      for (const p of said) {
        const w = pinWords({ id: 'p', x: p.x, y: p.y, category: p.category }, st, lang());
        const cat = st.categories.find((c) => c.id === p.category);
        const tn = tone(cat ? cat.tone : '');
        const li = el('li', { class: 'fp-comment', 'data-testid': 'fp-result-comment' });
        const icon = el('span', { class: 'fp-own-icon', 'aria-hidden': 'true' }, tn.icon);
        icon.style.setProperty('--tone', tn.colour);
        li.appendChild(icon);
        const text = el('div', { class: 'fp-own-text' });
        text.appendChild(el('p', { class: 'fp-comment-text' }, p.comment));
        text.appendChild(el('p', { class: 'fp-comment-where' }, w.category + (w.area ? ', ' + t('fpInArea', { area: w.area }) : '')));
        li.appendChild(text);
        list.appendChild(li);
      }
      sec.appendChild(list);
    }
  } else {
    sec.appendChild(el('h2', { class: 'section-title' }, t('fpSlotsTitle')));
    const ul = el('ul', { class: 'card fp-counts', 'data-testid': 'fp-slot-legend' });
    for (const s of m.perSlot) {
      const li = el('li', { class: 'fp-count', 'data-testid': 'fp-slot-count-' + s.id, 'data-count': String(s.count) });
      const mark = el('span', { class: 'fp-own-mark', 'aria-hidden': 'true' });
      mark.appendChild(lineSample(st, s.id));
      li.appendChild(mark);
      li.appendChild(el('span', { class: 'fp-count-word' }, L(s.text)));
      li.appendChild(el('strong', { class: 'fp-count-num' }, s.count === 1 ? t('fpRoutesOne') : t('fpRoutesMany', { n: s.count })));
      ul.appendChild(li);
    }
    if (!m.routes.length) ul.appendChild(el('li', { class: 'empty-note' }, t('fpNoRoutes')));
    sec.appendChild(ul);
  }
}
