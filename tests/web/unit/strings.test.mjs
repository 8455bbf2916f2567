// The page's words (client/web/js/strings.js): the language a browser opens in, how long the
// answers are kept in words, and that Dutch and English are both complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRINGS, pickLang, periodText, keepText } from '../../../client/web/js/strings.js';

test('pickLang: a saved choice wins; else the browser\'s first of Dutch and English; else Dutch', () => {
  assert.equal(pickLang('nl', ['en-US', 'en']), 'nl');
  assert.equal(pickLang('en', ['nl-BE']), 'en');
  assert.equal(pickLang(null, ['en-US', 'en']), 'en');
  assert.equal(pickLang(null, ['EN-gb']), 'en');
  assert.equal(pickLang(null, ['nl-BE', 'en']), 'nl');
  assert.equal(pickLang(null, ['fr-BE', 'en-GB', 'nl']), 'en');
  assert.equal(pickLang(null, ['fr-BE', 'nl', 'en']), 'nl');
  assert.equal(pickLang(null, ['fr-FR', 'de']), 'nl');
  assert.equal(pickLang(null, []), 'nl');
  assert.equal(pickLang(null, undefined), 'nl');
  assert.equal(pickLang('xx', ['en']), 'en');
});

test('periodText: whole years as years, else days', () => {
  assert.equal(periodText('nl', 365), 'een jaar');
  assert.equal(periodText('en', 365), 'a year');
  assert.equal(periodText('nl', 730), '2 jaar');
  assert.equal(periodText('en', 730), '2 years');
  assert.equal(periodText('nl', 30), '30 dagen');
  assert.equal(periodText('en', 30), '30 days');
  assert.equal(periodText('nl', 1), '1 dag');
  assert.equal(periodText('en', 1), '1 day');
  assert.equal(periodText('nl', 400), '400 dagen');
});

test('keepText: the notice and the end screen say the retention in words', () => {
  assert.equal(keepText('nl', 'noticeKeep', 365), 'Je antwoorden en je naam worden een jaar bewaard. Daarna worden ze gewist.');
  assert.equal(keepText('en', 'noticeKeep', 365), 'Your answers and your name are kept for a year. After that they are deleted.');
  assert.ok(!keepText('nl', 'endKeep', 365).includes('365'));
  assert.ok(keepText('nl', 'endKeep', 365).includes('een jaar'));
  assert.ok(keepText('en', 'endKeep', 365).includes('for a year'));
  assert.equal(keepText('nl', 'noticeKeep', 0), STRINGS.nl.noticeKeepForever);
  assert.equal(keepText('nl', 'endKeep', null), STRINGS.nl.endKeepUnknown);
  assert.equal(keepText('en', 'endKeep', 0), STRINGS.en.endKeepForever);
});

test('Dutch and English hold the same keys, none empty', () => {
  const keys = (o) => Object.keys(o).filter((k) => k !== 'errors').sort();
  assert.deepEqual(keys(STRINGS.en), keys(STRINGS.nl));
  assert.deepEqual(Object.keys(STRINGS.en.errors).sort(), Object.keys(STRINGS.nl.errors).sort());
  for (const lang of ['nl', 'en']) {
    for (const [k, v] of Object.entries(STRINGS[lang])) if (k !== 'errors') assert.ok(typeof v === 'string' && v.trim(), lang + '.' + k);
  }
});

test('one word per thing: leemte (not gat), kaartje (not zin), stelling for Kring\'s rating wording', () => {
  const nl = JSON.stringify(STRINGS.nl);
  assert.ok(!/\bgat\b/.test(nl));
  assert.ok(!/\bZin\b|\bzinnen\b/.test(nl));
  assert.ok(!/uitspraak/.test(nl));
  assert.equal(STRINGS.nl.gapWord, 'leemte');
  assert.equal(STRINGS.nl.entryN, 'Kaartje {n}');
  assert.match(STRINGS.nl.ratingLabel, /stelling/);
});
