// The rules the page takes from the server (client/web/js/rules.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseRules, rulesFromText, rulesOfWelcome, backoffDelay, lightWord, lightIcon, lightsOf, colourProperties, fieldMax, sameRules, verdictText,
} from '../../../client/web/js/rules.js';
import { RULES, rulesWith } from './fixtures.mjs';

test('parseRules reads the rules as the server sends them', () => {
  const r = parseRules(JSON.parse(JSON.stringify(RULES)));
  assert.deepEqual(r, RULES);
});

test('parseRules names the first bad field', () => {
  assert.throws(() => parseRules(null), /expected an object/);
  assert.throws(() => parseRules([]), /expected an object/);
  assert.throws(() => parseRules(rulesWith((r) => { delete r.max_text; })), /missing field 'max_text'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.max_name = -1; })), /'max_name' must be a count/);
  assert.throws(() => parseRules(rulesWith((r) => { r.max_text = 1.5; })), /'max_text' must be a count/);
  assert.throws(() => parseRules(rulesWith((r) => { r.max_text = '500'; })), /'max_text' must be a count/);
  assert.throws(() => parseRules(rulesWith((r) => { delete r.fields.action_plan.who; })), /missing field 'who'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.lights = {}; })), /'lights' must be an array/);
  assert.throws(() => parseRules(rulesWith((r) => { r.lights[1].word = { nl: 'x' }; })), /missing field 'en'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.lights[0].icon = 1; })), /'icon' must be a string/);
  assert.throws(() => parseRules(rulesWith((r) => { delete r.verdicts; })), /missing field 'verdicts'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.verdicts[0].text = { nl: 'x' }; })), /missing field 'en'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.reconnect.jitter = 1.5; })), /'jitter' must be a number from 0 to 1/);
  assert.throws(() => parseRules(rulesWith((r) => { r.reconnect.jitter = '0.5'; })), /'jitter'/);
  assert.throws(() => parseRules(rulesWith((r) => { delete r.reconnect.resync_ms; })), /missing field 'resync_ms'/);
});

test('parseRules ignores fields it does not know (later versions add fields)', () => {
  const r = parseRules(rulesWith((x) => { x.future = { a: 1 }; x.reconnect.other = 3; }));
  assert.equal(r.max_text, 500);
  assert.equal('future' in r, false);
});

test('rulesFromText: the meta tag content, empty or broken gives null', () => {
  assert.deepEqual(rulesFromText(JSON.stringify(RULES)), RULES);
  assert.equal(rulesFromText(''), null);
  assert.equal(rulesFromText('   '), null);
  assert.equal(rulesFromText(null), null);
  assert.equal(rulesFromText('{"max_text":'), null);
  assert.equal(rulesFromText('{"max_text":120}'), null);
});

test('rulesOfWelcome: only valid rules count', () => {
  assert.deepEqual(rulesOfWelcome({ type: 'welcome', rules: RULES }), RULES);
  assert.equal(rulesOfWelcome({ type: 'welcome' }), null);
  assert.equal(rulesOfWelcome({ type: 'welcome', rules: { max_text: 3 } }), null);
  assert.equal(rulesOfWelcome(null), null);
});

test('sameRules compares by content', () => {
  assert.equal(sameRules(RULES, JSON.parse(JSON.stringify(RULES))), true);
  assert.equal(sameRules(RULES, rulesWith((r) => { r.max_text = 120; })), false);
  assert.equal(sameRules(null, null), true);
});

test('backoffDelay doubles from first_ms up to max_ms', () => {
  const p = RULES.reconnect;
  const top = () => 0; // random 0: the whole delay
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(p, a, top)), [500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
});

test('backoffDelay draws each delay from [(1 - jitter) d, d]', () => {
  const p = RULES.reconnect;
  assert.equal(backoffDelay(p, 2, () => 0), 2000);
  assert.equal(backoffDelay(p, 2, () => 0.5), 1500);
  assert.ok(Math.abs(backoffDelay(p, 2, () => 0.999999) - 1000) < 0.01);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(p, 3);
    assert.ok(d > 2000 && d <= 4000, String(d));
  }
  const exact = { ...p, jitter: 0 };
  assert.equal(backoffDelay(exact, 1, Math.random), 1000);
});

test('backoffDelay follows other policies and never overflows', () => {
  const p = { first_ms: 300, max_ms: 1000, jitter: 1, join_timeout_ms: 1, ack_timeout_ms: 1, resync_ms: 1 };
  assert.equal(backoffDelay(p, 0, () => 0), 300);
  assert.equal(backoffDelay(p, 2, () => 0), 1000);
  assert.equal(backoffDelay(p, 2, () => 0.5), 500);
  assert.equal(backoffDelay({ ...p, first_ms: 0 }, 1e9, () => 0), 0);
  assert.equal(backoffDelay(p, 1e9, () => 0), 1000);
});

test('the traffic-light words, icons and colours come from the rules', () => {
  assert.deepEqual(lightsOf(RULES).map((l) => l.id), ['green', 'orange', 'red', 'pass']);
  assert.equal(lightWord(RULES, 'green', 'nl'), 'Loopt goed');
  assert.equal(lightWord(RULES, 'red', 'en'), 'Needs work');
  assert.equal(lightWord(RULES, 'blue', 'nl'), 'blue');
  assert.equal(lightWord(null, 'green', 'nl'), 'green');
  assert.equal(lightIcon(RULES, 'orange'), '\u25D0');
  assert.equal(lightIcon(null, 'orange'), '');
  assert.deepEqual(lightsOf(null), []);
  assert.deepEqual(colourProperties(RULES), [['--green', '#1b7a3a'], ['--orange', '#a85400'], ['--red', '#b0261c'], ['--pass', '#5b6170']]);
  const odd = rulesWith((r) => { r.lights[0].colour = 'red; background: url(x)'; r.lights[1].id = 'Or ange'; });
  assert.deepEqual(colourProperties(odd).map((x) => x[0]), ['--red', '--pass']);
});

test('fieldMax: the lengths of list-answer fields', () => {
  assert.equal(fieldMax(RULES, 'inventory', 'goals'), 300);
  assert.equal(fieldMax(RULES, 'action_plan', 'when'), 40);
  assert.equal(fieldMax(RULES, 'action_plan', 'nope'), 0);
  assert.equal(fieldMax(RULES, 'nope', 'what'), 0);
  assert.equal(fieldMax(null, 'inventory', 'name'), 0);
});

test('the summary says each verdict in the server\'s sentence, mixed for an unknown one', () => {
  const r = parseRules(RULES);
  assert.equal(verdictText(r, 'solid', 'nl'), RULES.verdicts[0].text.nl);
  assert.equal(verdictText(r, 'work_first', 'en'), RULES.verdicts[2].text.en);
  assert.equal(verdictText(r, 'whatever', 'nl'), RULES.verdicts[1].text.nl);
  assert.equal(verdictText(null, 'solid', 'nl'), '');
});

test('parseRules reads the photo limits (docs/protocol.md, section 7)', () => {
  assert.deepEqual(parseRules(JSON.parse(JSON.stringify(RULES))).photos, { max_bytes: 12582912, max_pixels: 50000000, max_side: 1600, quality: 82, per_session: 300 });
  assert.throws(() => parseRules(rulesWith((r) => { delete r.photos; })), /missing field 'photos'/);
  assert.throws(() => parseRules(rulesWith((r) => { delete r.photos.max_side; })), /missing field 'max_side'/);
  assert.throws(() => parseRules(rulesWith((r) => { r.photos.quality = 0.82; })), /'quality' must be a count/);
});
