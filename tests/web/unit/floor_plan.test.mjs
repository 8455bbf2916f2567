// Floor-plan steps (client/web/js/floor_plan.js): what a step allows, where a tap lands on the
// plan, new ids, the participant's set of pins and routes as it is sent, the result shaped for
// drawing; and the pin tones of the rules (rules.js), also when a server sends none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  floorStep, planPoint, planCoord, planHeight, nextId, pinsOf, routesOf, addPin, movePin, removePin, commentPin, addPoint,
  finishRoute, areaAt, areaCentre, pinWords, floorModel, ROUTE_MAX_POINTS,
} from '../../../client/web/js/floor_plan.js';
import { parseRules, pinTone, routeStyle } from '../../../client/web/js/rules.js';
import { RULES, rulesWith } from './fixtures.mjs';

const STEP = {
  id: 'plan', kind: 'floor_plan', mode: 'pins', max_entries: 3, max_length: 20, aspect: 1.5,
  categories: [{ id: 'welkom', text: { nl: 'Hier voel ik me welkom', en: 'I feel welcome here' }, tone: 'green' },
    { id: 'idee', text: { nl: 'Idee', en: 'Idea' }, tone: 'blue' }],
  areas: [{ id: 'onthaal', text: { nl: 'Onthaal', en: 'Reception' }, x: 0, y: 0, w: 0.4, h: 0.5 },
    { id: 'hoek', text: { nl: 'Hoek', en: 'Corner' }, x: 0.1, y: 0.1, w: 0.1, h: 0.1 }],
};

test('floorStep: the step\'s settings, with a safe aspect and mode', () => {
  const st = floorStep(STEP);
  assert.equal(st.mode, 'pins');
  assert.equal(st.maxEntries, 3);
  assert.equal(st.maxLength, 20);
  assert.equal(st.aspect, 1.5);
  assert.deepEqual(st.categories.map((c) => c.tone), ['green', 'blue']);
  assert.equal(st.areas.length, 2);
  assert.equal(floorStep({ mode: 'routes', aspect: 7 }).aspect, 1.5);
  assert.equal(floorStep({ mode: 'routes', slots: [{ id: 'ochtend', text: { nl: 'Ochtend' } }, { text: {} }] }).slots.length, 1);
  assert.equal(floorStep(null).mode, 'pins');
  assert.equal(planHeight(1.5), 667);
});

test('planPoint: a tap in screen pixels becomes plan coordinates, clamped and quantised to 1/1000', () => {
  const box = { left: 20, top: 100, width: 300, height: 200 };
  assert.deepEqual(planPoint(20, 100, box), { x: 0, y: 0 });
  assert.deepEqual(planPoint(320, 300, box), { x: 1, y: 1 });
  assert.deepEqual(planPoint(170, 200, box), { x: 0.5, y: 0.5 });
  assert.deepEqual(planPoint(113.6, 161.3, box), { x: 0.312, y: 0.307 });
  assert.deepEqual(planPoint(0, 900, box), { x: 0, y: 1 }); // outside: on the edge
  assert.deepEqual(planPoint(5, 5, { left: 0, top: 0, width: 0, height: 0 }), { x: 0, y: 0 });
  assert.equal(planCoord(0.12345), 0.123);
  assert.equal(planCoord(NaN), 0);
});

test('nextId: one more than the highest of its prefix, never one in use, at most 12 characters', () => {
  assert.equal(nextId('p', []), 'p1');
  assert.equal(nextId('p', [{ id: 'p1' }, { id: 'p7' }, { id: 'r9' }]), 'p8');
  assert.equal(nextId('r', [{ id: 'p1' }, { id: 'p7' }, { id: 'r9' }]), 'r10');
  assert.equal(nextId('p', [{ id: 'x' }, { id: 'p2a' }]), 'p1');
  assert.ok(/^[A-Za-z0-9_-]{1,12}$/.test(nextId('p', [{ id: 'p999999999' }])));
});

test('pins: placed up to max_entries, moved, commented (cut to max_length), removed', () => {
  let r = addPin([], { x: 0.31234, y: 0.5, category: 'welkom' }, 2);
  assert.deepEqual(r.pins, [{ id: 'p1', x: 0.312, y: 0.5, category: 'welkom' }]);
  r = addPin(r.pins, { x: 0.9, y: 0.9, category: 'idee' }, 2);
  assert.equal(r.id, 'p2');
  const full = addPin(r.pins, { x: 0.1, y: 0.1, category: 'idee' }, 2);
  assert.equal(full.pins, null);
  assert.equal(full.hint, 'full');
  let pins = movePin(r.pins, 'p1', 1.2, 0.4567);
  assert.deepEqual(pins[0], { id: 'p1', x: 1, y: 0.457, category: 'welkom' });
  pins = commentPin(pins, 'p1', 'Een te lange opmerking hier', 10);
  assert.equal(pins[0].comment, 'Een te lan');
  pins = commentPin(pins, 'p1', '   ', 10);
  assert.equal('comment' in pins[0], false);
  assert.deepEqual(removePin(pins, 'p1').map((p) => p.id), ['p2']);
});

test('pinsOf and routesOf: the own set from mine, only well-formed marks', () => {
  const mine = [{ id: 'p1', x: 0.5, y: 0.25, category: 'welkom', comment: 'ja' }, { id: 'p1', x: 0, y: 0, category: 'x' },
    { id: 'bad id!', x: 0, y: 0, category: 'x' }, { id: 'p3', x: '1', y: 0, category: 'x' }, null, { id: 'p4', x: 0.1, y: 0.2, category: 'idee', comment: '' }];
  assert.deepEqual(pinsOf(mine), [{ id: 'p1', x: 0.5, y: 0.25, category: 'welkom', comment: 'ja' }, { id: 'p4', x: 0.1, y: 0.2, category: 'idee' }]);
  assert.deepEqual(pinsOf(null), []);
  assert.deepEqual(routesOf([{ id: 'r1', slot: 'ochtend', points: [[0.1, 0.2], [0.3, 0.4]] }, { id: 'r2', slot: 'x', points: [[0.1, 0.2]] }]),
    [{ id: 'r1', slot: 'ochtend', points: [[0.1, 0.2], [0.3, 0.4]] }]);
});

test('routes: points up to the most a route may have; finished with at least 2 points, up to max_entries', () => {
  let pts = [];
  pts = addPoint(pts, 0.1, 0.2);
  assert.equal(finishRoute([], 'middag', pts, 2).hint, 'short');
  pts = addPoint(pts, 0.3, 0.4);
  const r = finishRoute([], 'middag', pts, 2);
  assert.deepEqual(r.routes, [{ id: 'r1', slot: 'middag', points: [[0.1, 0.2], [0.3, 0.4]] }]);
  const two = finishRoute(r.routes, 'ochtend', pts, 2).routes;
  assert.equal(two[1].id, 'r2');
  assert.equal(finishRoute(two, 'ochtend', pts, 2).hint, 'full');
  const many = Array.from({ length: ROUTE_MAX_POINTS }, () => [0.5, 0.5]);
  assert.equal(addPoint(many, 0.1, 0.1), null);
});

test('areaAt: the smallest room that holds a point; pinWords say the pin in words', () => {
  const st = floorStep(STEP);
  assert.equal(areaAt(st.areas, 0.15, 0.15).id, 'hoek');
  assert.equal(areaAt(st.areas, 0.3, 0.4).id, 'onthaal');
  assert.equal(areaAt(st.areas, 0.8, 0.8), null);
  assert.deepEqual(areaCentre(st.areas[0]), { x: 0.2, y: 0.25 });
  assert.deepEqual(pinWords({ id: 'p1', x: 0.3, y: 0.4, category: 'welkom', comment: 'fijn' }, st, 'en'),
    { category: 'I feel welcome here', area: 'Reception', comment: 'fijn' });
  assert.deepEqual(pinWords({ id: 'p1', x: 0.9, y: 0.9, category: 'weg' }, st, 'nl'), { category: 'weg', area: '', comment: '' });
});

test('floorModel: visible pins and routes, heat shares of the fullest cell, counts per category and slot', () => {
  const st = floorStep({ ...STEP, slots: [{ id: 'ochtend', text: { nl: 'Ochtend' } }] });
  const cells = new Array(6).fill(0);
  cells[0] = 2; cells[4] = 1;
  const m = floorModel({
    total: 2,
    pins: [{ card: 'c1', x: 0.1, y: 0.1, category: 'welkom', comment: 'ja' }, { card: 'c2', x: 0.2, y: 0.2, category: 'welkom' },
      { card: 'c3', x: 0.5, y: 0.5, category: 'idee', hidden: true }],
    heat: { cols: 3, rows: 2, cells: { welkom: cells, idee: [0, 0, 0, 0, 0, 0] } },
    routes: [{ card: 'c4', slot: 'ochtend', points: [[0, 0], [1, 1]] }, { card: 'c5', slot: 'ochtend', points: [[0, 0], [1, 1]], hidden: true }],
  }, st);
  assert.equal(m.total, 2);
  assert.equal(m.pins.length, 2);
  assert.equal(m.pins[0].comment, 'ja');
  assert.deepEqual(m.heat.cells.map((c) => [c.category, c.col, c.row, c.count, c.share]), [['welkom', 0, 0, 2, 1], ['welkom', 1, 1, 1, 0.5]]);
  assert.deepEqual(m.perCategory.map((c) => [c.id, c.count]), [['welkom', 2], ['idee', 0]]);
  assert.deepEqual(m.perSlot.map((s) => [s.id, s.count]), [['ochtend', 1]]);
  assert.equal(floorModel(null, st).pins.length, 0);
});

test('pin tones and route styles: from the rules; a server without them draws neutral', () => {
  const r = parseRules(JSON.parse(JSON.stringify(RULES)));
  assert.deepEqual(pinTone(r, 'blue'), { id: 'blue', colour: '#1f5fa8', icon: '\u271A' });
  assert.deepEqual(routeStyle(r, 1), { colour: '#6b3fa0', dash: '28 14' });
  assert.deepEqual(routeStyle(r, 7), routeStyle(r, 1)); // in turn
  const old = parseRules(rulesWith((x) => { delete x.pin_tones; delete x.route_styles; }));
  assert.deepEqual(old.pin_tones, []);
  assert.equal(pinTone(old, 'green').colour, '#3d4450');
  assert.deepEqual(routeStyle(old, 0), { colour: '#3d4450', dash: '' });
  assert.throws(() => parseRules(rulesWith((x) => { x.pin_tones = {}; })), /'pin_tones' must be an array/);
  assert.throws(() => parseRules(rulesWith((x) => { x.route_styles = 3; })), /'route_styles' must be an array/);
  assert.throws(() => parseRules(rulesWith((x) => { x.pin_tones[0].icon = 3; })), /'icon' must be a string/);
  // An unknown tone, or a colour that is not a plain hex colour, is drawn neutral.
  assert.equal(pinTone(r, 'pink').colour, '#3d4450');
  assert.equal(pinTone(parseRules(rulesWith((x) => { x.pin_tones[0].colour = 'url(x)'; })), 'green').colour, '#3d4450');
  assert.equal(routeStyle(parseRules(rulesWith((x) => { x.route_styles[0].dash = '1;x'; })), 0).dash, '');
  assert.equal(pinTone(null, 'purple').colour, '#3d4450');
});
