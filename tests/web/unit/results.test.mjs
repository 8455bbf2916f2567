// The server's results shaped for drawing (client/web/js/results.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  trafficSegments, scaleModel, choiceModel, imageModel, cloudModel, textCards, dotModel, inventoryModel, actionRows,
  summaryRows, blockTitles,
} from '../../../client/web/js/results.js';

test('traffic bar: a segment per colour with answers, pass never one; small ones say less', () => {
  assert.deepEqual(trafficSegments(0, 0, 0), []);
  const s = trafficSegments(10, 1, 0);
  assert.deepEqual(s.map((x) => [x.id, x.count, x.says]), [['green', 10, 'full'], ['orange', 1, 'num']]);
  assert.deepEqual(trafficSegments(30, 1, 1).map((x) => x.says), ['full', '', '']);
});

test('scale: columns with heights, the median column(s) marked', () => {
  const m = scaleModel({ counts: [0, 2, 4, 0, 1], median: 2.5, pass: 1 }, 1);
  assert.deepEqual(m.cols.map((c) => [c.value, c.count, c.isMedian, c.height]),
    [[1, 0, false, 0], [2, 2, true, 50], [3, 4, true, 100], [4, 0, false, 0], [5, 1, false, 25]]);
  assert.equal(m.none, false);
  assert.equal(m.pass, 1);
  const none = scaleModel({ counts: [0, 0], median: null, pass: 2 }, 1);
  assert.equal(none.none, true);
  assert.equal(none.median, null);
});

test('choice: shares, the most chosen, reasons per option', () => {
  const rows = choiceModel({ options: [{ option: 'a', count: 3 }, { option: 'b', count: 1 }, { option: 'c', count: 0 }],
    reasons: [{ option: 'b', text: 'omdat' }, { option: 'a', text: 'zo' }, { option: 'a', text: 7 }] });
  assert.deepEqual(rows.map((r) => [r.option, r.pct, r.top, r.reasons]), [['a', 75, true, ['zo']], ['b', 25, false, ['omdat']], ['c', 0, false, []]]);
  assert.deepEqual(choiceModel({ options: [{ option: 'a', count: 0 }] }).map((r) => r.top), [false]);
});

test('images: chosen first as the server orders them, the rest apart', () => {
  const m = imageModel({ images: [{ image: 'x', count: 3, reasons: ['r'] }, { image: 'y', count: 3 }, { image: 'z', count: 0 }] });
  assert.deepEqual(m.chosen.map((r) => r.image), ['x', 'y']);
  assert.deepEqual(m.rest.map((r) => r.image), ['z']);
  assert.equal(m.top, 3);
});

test('word cloud: weights between the least and most frequent, a stable mixed order', () => {
  const res = { terms: [{ term: 'koffie', count: 3 }, { term: 'welkom', count: 1 }, { term: 'thee', count: 2 }, { term: 'nul', count: 0 }] };
  const c = cloudModel(res);
  assert.deepEqual(Object.fromEntries(c.map((x) => [x.term, x.weight])), { koffie: 1, welkom: 0, thee: 0.5 });
  assert.deepEqual(cloudModel(res).map((x) => x.term), c.map((x) => x.term));
  assert.equal(cloudModel({ terms: [{ term: 'één', count: 2 }] })[0].weight, 0.5);
});

test('text cards: hidden ones left out, counted at least once', () => {
  assert.deepEqual(textCards({ cards: [{ text: 'a', count: 2 }, { text: 'b', hidden: true }, { text: 'c' }] }), [{ text: 'a', count: 2 }, { text: 'c', count: 1 }]);
});

test('dots: ranks and shares of the most dots', () => {
  assert.deepEqual(dotModel({ options: [{ option: 'a', dots: 4, rank: 1 }, { option: 'b', dots: 1, rank: 2 }] }).map((r) => [r.option, r.share, r.rank]),
    [['a', 1, 1], ['b', 0.25, 2]]);
});

test('inventory: cells and gaps as the server names them', () => {
  const res = {
    entries: [{ name: 'Babbelcafé', kind: 'ontmoeting' }, { name: 'weg', hidden: true }],
    matrix: { kinds: ['ontmoeting', 'info', 'vorming'], groups: ['baby', 'vaders', 'grootouders'], counts: [[2, 0, 0], [0, 0, 1], [0, 0, 0]] },
    gaps: [['ontmoeting', 'vaders'], ['ontmoeting', 'grootouders'], ['info', 'baby'], ['info', 'vaders'],
           ['vorming', 'baby'], ['vorming', 'vaders'], ['vorming', 'grootouders']],
    unreached: ['vaders'], unnamed: ['vorming'],
  };
  const m = inventoryModel(res);
  assert.deepEqual(m.cells[0].map((c) => [c.group, c.count, c.gap]), [['baby', 2, false], ['vaders', 0, true], ['grootouders', 0, true]]);
  assert.deepEqual(m.cells[1].map((c) => c.gap), [true, true, false]);
  assert.deepEqual(m.unreachedGroups, ['vaders']);
  assert.deepEqual(m.unnamedKinds, ['vorming']);
  assert.deepEqual(m.entries.map((e) => e.name), ['Babbelcafé']);
});

test('inventory: the page follows the server\'s gaps, it does not count its own', () => {
  // A cell the server does not call a gap is none, even with a zero count (and the other way round).
  // The lines "nobody reaches" / "kinds nobody named" are the server's too.
  const m = inventoryModel({ entries: [], matrix: { kinds: ['k'], groups: ['g', 'h'], counts: [[0, 3]] }, gaps: [['k', 'h']],
    unreached: ['g'], unnamed: [] });
  assert.deepEqual(m.cells[0].map((c) => c.gap), [false, true]);
  assert.deepEqual(m.unreachedGroups, ['g']);
  assert.deepEqual(m.unnamedKinds, []);
  const empty = inventoryModel({});
  assert.deepEqual([empty.kinds, empty.groups, empty.cells, empty.unreachedGroups], [[], [], [], []]);
});

test('actions: hidden ones left out', () => {
  assert.deepEqual(actionRows({ actions: [{ what: 'a' }, { what: 'b', hidden: true }, { who: 'x' }] }), [{ what: 'a' }]);
});

test('summary: known verdicts only, counts as numbers', () => {
  const rows = summaryRows({ summary: [{ step: 's', green: 3, orange: 1, red: 0, pass: 2, verdict: 'solid', next: ['b1', 4], inferred: true }, { step: 't', verdict: 'weird', first: ['q1', 7], inferred: 'yes' }, { no: 1 }] });
  assert.deepEqual(rows, [
    { step: 's', green: 3, orange: 1, red: 0, pass: 2, verdict: 'solid', next: ['b1'], inferred: true, first: [] },
    { step: 't', green: 0, orange: 0, red: 0, pass: 0, verdict: 'mixed', next: [], inferred: false, first: ['q1'] },
  ]);
  assert.deepEqual(summaryRows(null), []);
});

test('building blocks: the agenda\'s titles win over a dot vote\'s options', () => {
  const session = { steps: [{ id: 'v', kind: 'dot_vote' }], blocks: [{ id: 'b1', title: { nl: 'Visie' } }] };
  const m = blockTitles(session, () => [{ id: 'b1', text: { nl: 'Oud' } }, { id: 'b2', text: { nl: 'Twee' } }]);
  assert.deepEqual(m.get('b1'), { nl: 'Visie' });
  assert.deepEqual(m.get('b2'), { nl: 'Twee' });
});
