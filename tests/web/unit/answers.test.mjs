// What an answer may be and how inputs become one (client/web/js/answers.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validValue, isEmptyValue, cutText, commentMax, pendingList, parsePending, scaleRange, maxPicks, nextPicks,
  dotLimits, dotValue, changeDots, listSpec, emptyEntry, cleanEntry, entryError, entriesOf, valueOf, slotsOf,
} from '../../../client/web/js/answers.js';
import { RULES, rulesWith } from './fixtures.mjs';

const INV = { id: 'inkaart', kind: 'inventory', max_entries: 2,
  offer_kinds: [{ id: 'ontmoeting', text: { nl: 'Ontmoeting', en: 'Meeting' } }, { id: 'info', text: { nl: 'Info', en: 'Info' } }],
  target_groups: [{ id: 'baby', text: { nl: 'Baby', en: 'Baby' } }, { id: 'vaders', text: { nl: 'Vaders', en: 'Fathers' } }] };
const ACT = { id: 'acties', kind: 'action_plan', max_entries: 10 };
const TXT = { id: 'zinnen', kind: 'open_text', max_entries: 3, max_length: 25 };

test('validValue: the shapes an answer may have', () => {
  for (const v of ['green', 3, ['a'], [], { a: 1 }]) assert.equal(validValue(v), true, JSON.stringify(v));
  for (const v of ['', null, undefined, NaN, Infinity, 'x'.repeat(201), true]) assert.equal(validValue(v), false, String(v));
});

test('isEmptyValue: an empty list or object withdraws', () => {
  assert.equal(isEmptyValue([]), true);
  assert.equal(isEmptyValue({}), true);
  assert.equal(isEmptyValue(['a']), false);
  assert.equal(isEmptyValue({ a: 0 }), false);
  assert.equal(isEmptyValue('green'), false);
});

test('texts are cut to the server\'s limits, no limit when none is known', () => {
  assert.equal(cutText('abcdef', 3), 'abc');
  assert.equal(cutText('abcdef', 0), 'abcdef');
  assert.equal(commentMax(RULES), 500);
  assert.equal(commentMax(rulesWith((r) => { r.max_text = 120; })), 120);
  assert.equal(commentMax(null), 0);
});

test('pending answers survive a reload, old and broken ones do not', () => {
  const locals = [
    { step: 's', item: 'i', value: 'red', comment: 'c', seq: 3, state: 'pending', t: 10 },
    { step: 's', item: 'j', value: 'green', comment: '', seq: 0, state: 'saved', t: 10 },
    { step: 's', item: 'k', value: '', comment: 'only a comment', seq: 0, state: 'pending', t: 10 },
  ];
  const list = pendingList(locals);
  assert.deepEqual(list, [{ step: 's', item: 'i', value: 'red', comment: 'c', t: 10 }]);
  const back = parsePending(JSON.stringify([...list, { step: 's', item: 'old', value: 'red', t: 0 }, { step: 1 }, null]), 20, 15, 0);
  assert.deepEqual(back, [{ step: 's', item: 'i', value: 'red', comment: 'c', seq: 0, state: 'pending', t: 10 }]);
  assert.equal(parsePending('{"not":"a list"}', 0, 1, 0), null);
  assert.equal(parsePending('garbage', 0, 1, 0), null);
});

test('scale range, picks and dots from the step', () => {
  assert.deepEqual(scaleRange({ min: 1, max: 5 }), { min: 1, max: 5 });
  assert.deepEqual(scaleRange({ min: 0, max: 100 }), { min: 0, max: 20 });
  assert.equal(maxPicks({ max_picks: 3 }), 3);
  assert.deepEqual(dotLimits({ dots: 5, max_per_option: 2 }), { dots: 5, per: 2 });
  assert.deepEqual(dotLimits({ dots: 5, max_per_option: 9 }), { dots: 5, per: 5 });
});

test('nextPicks: choose, change, keep one, not too many', () => {
  assert.deepEqual(nextPicks(null, 'a', 1), { picks: ['a'], hint: '' });
  assert.deepEqual(nextPicks(['a'], 'b', 1), { picks: ['b'], hint: '' });
  assert.deepEqual(nextPicks(['a'], 'a', 1), { picks: null, hint: '' });
  assert.deepEqual(nextPicks(['a'], 'a', 2), { picks: null, hint: 'keepOne' });
  assert.deepEqual(nextPicks(['a'], 'b', 2), { picks: ['a', 'b'], hint: '' });
  assert.deepEqual(nextPicks(['a', 'b'], 'c', 2), { picks: null, hint: 'tooMany' });
  assert.deepEqual(nextPicks(['a', 'b'], 'a', 2), { picks: ['b'], hint: '' });
  assert.deepEqual(nextPicks('pass', 'a', 2), { picks: ['a'], hint: '' });
});

test('dots: within the step\'s dots and per-option limit', () => {
  const lim = { dots: 3, per: 2 };
  assert.deepEqual(dotValue({ a: 2, b: 0, c: -1, d: 1.7 }), { a: 2, d: 1 });
  assert.deepEqual(dotValue(['a']), {});
  assert.deepEqual(changeDots({}, 'a', 1, lim), { a: 1 });
  assert.equal(changeDots({ a: 2 }, 'a', 1, lim), null);
  assert.equal(changeDots({ a: 2, b: 1 }, 'c', 1, lim), null);
  assert.deepEqual(changeDots({ a: 1 }, 'a', -1, lim), {});
  assert.equal(changeDots({}, 'a', -1, lim), null);
});

test('listSpec: the field lengths come from the rules and the step, never from literals', () => {
  const inv = listSpec(INV, RULES);
  assert.equal(inv.layout, 'form');
  assert.equal(inv.max, 2);
  assert.deepEqual(inv.fields.map((f) => [f.name, f.max]), [['name', 80], ['kind', undefined], ['place', 80], ['families', undefined], ['goals', 300]]);
  const act = listSpec(ACT, rulesWith((r) => { r.fields.action_plan = { what: 10, who: 5, when: 3 }; }));
  assert.deepEqual(act.fields.map((f) => f.max), [10, 5, 3]);
  const txt = listSpec(TXT, RULES);
  assert.equal(txt.layout, 'slots');
  assert.equal(txt.max, 3);
  assert.equal(txt.fields[0].max, 25);
  assert.equal(listSpec({ kind: 'open_text' }, RULES).max, 0);
  assert.equal(listSpec({ kind: 'scale' }, RULES), null);
  assert.deepEqual(listSpec(ACT, null).fields.map((f) => f.max), [0, 0, 0]);
});

test('an inventory entry: trimmed, cut, only known options; name and kind required', () => {
  const spec = listSpec(INV, rulesWith((r) => { r.fields.inventory.name = 5; }));
  assert.deepEqual(emptyEntry(spec), { name: '', kind: '', place: '', families: [], goals: '' });
  const e = cleanEntry(spec, { name: '  Babbelcafé  ', kind: 'info', families: ['vaders', 'aliens'], place: ' Gent ' });
  assert.deepEqual(e, { name: 'Babbe', kind: 'info', place: 'Gent', families: ['vaders'], goals: '' });
  assert.equal(entryError(spec, e), null);
  assert.deepEqual(entryError(spec, cleanEntry(spec, { name: '   ' })), { field: 'name', error: 'needName' });
  assert.deepEqual(entryError(spec, cleanEntry(spec, { name: 'x' })), { field: 'kind', error: 'needKind' });
});

test('an action needs its what', () => {
  const spec = listSpec(ACT, RULES);
  assert.deepEqual(entryError(spec, cleanEntry(spec, { who: 'Sara' })), { field: 'what', error: 'needWhat' });
  assert.deepEqual(valueOf(spec, [{ what: ' Koffie ', who: 'Sara' }, { who: 'niemand' }]), [{ what: 'Koffie', who: 'Sara', when: '' }]);
});

test('open_text: the slots are the texts, blank ones left out, each cut to max_length', () => {
  const spec = listSpec(TXT, RULES);
  const slots = slotsOf(spec, null, ['koffie']);
  assert.deepEqual(slots, [{ text: 'koffie' }, { text: '' }, { text: '' }]);
  slots[1].text = '   ';
  slots[2].text = ' een warm welkom voor iedereen die binnenkomt ';
  assert.deepEqual(valueOf(spec, slots), ['koffie', 'een warm welkom voor iede']);
  assert.deepEqual(entriesOf(spec, ['a', 3, null, 'b']), [{ text: 'a' }, { text: 'b' }]);
  const draft = [{ text: 'typed ' }];
  assert.deepEqual(slotsOf(spec, draft, ['stored']), [{ text: 'typed ' }, { text: '' }, { text: '' }]);
});

test('at most max entries are sent', () => {
  const spec = listSpec(INV, RULES);
  const e = { name: 'a', kind: 'info' };
  assert.equal(valueOf(spec, [e, e, e]).length, 2);
});
