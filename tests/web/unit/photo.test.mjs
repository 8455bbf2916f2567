// Photo steps without the DOM (client/web/js/photo.js): the step's limits, the upload key, when
// a photo is scaled and to what size, the EXIF orientation, the request's headers, what a reply
// means, the participant's own photos and the wall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import {
  photoStep, photoRules, newUploadKey, isUploadKey, scaledSize, scaleSteps, sendAsIs, jpegOrientation, oneLine, cutCaption,
  uploadPath, photoPath, uploadHeaders, readReply, retryDelay, ownPhotos, withWall, photosLeft, wallPhotos, wallGroups, photoIdsOf,
  UPLOAD_TRIES,
} from '../../../client/web/js/photo.js';
import { photoErrorText, STRINGS } from '../../../client/web/js/strings.js';
import { RULES } from './fixtures.mjs';

const STEP = { id: 'fotos', kind: 'photo', max_photos: 3, max_length: 140,
  categories: [{ id: 'uitnodigend', text: { nl: 'Uitnodigend', en: 'Inviting' } }, { id: 'drempel', text: { nl: 'Drempel', en: 'Barrier' } }] };
const LIMITS = RULES.photos;

test('photoStep: the limits and categories of the welcome, 0 when unknown', () => {
  assert.deepEqual(photoStep(STEP), { maxPhotos: 3, maxLength: 140, categories: STEP.categories });
  assert.deepEqual(photoStep({ id: 'x', kind: 'photo' }), { maxPhotos: 0, maxLength: 0, categories: [] });
  assert.deepEqual(photoStep({ categories: [null, { id: '' }, { id: 'a', text: 'A' }] }).categories, [{ id: 'a', text: 'A' }]);
  assert.deepEqual(photoRules(RULES), LIMITS);
  assert.equal(photoRules(null), null);
});

test('the upload key: 32 hex digits, random, one the server takes', () => {
  const a = newUploadKey((b) => randomFillSync(b));
  const b = newUploadKey((x) => randomFillSync(x));
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
  assert.equal(isUploadKey(a), true);
  assert.equal(newUploadKey((x) => x.fill(255)), 'f'.repeat(32));
  for (const k of ['short', 'x'.repeat(65), 'has space12', 'ümlaut123', '', null]) assert.equal(isUploadKey(k), false, String(k));
  assert.equal(isUploadKey('3f9c2a7e51d04b88'), true);
  assert.equal(isUploadKey('A-b_c-d_'), true);
});

test('scaledSize: the longest side to max_side, the other in proportion, never larger', () => {
  assert.deepEqual(scaledSize(4000, 3000, 1600), { width: 1600, height: 1200, scaled: true });
  assert.deepEqual(scaledSize(3000, 4000, 1600), { width: 1200, height: 1600, scaled: true });
  assert.deepEqual(scaledSize(2400, 2400, 1600), { width: 1600, height: 1600, scaled: true });
  assert.deepEqual(scaledSize(1600, 900, 1600), { width: 1600, height: 900, scaled: false });
  assert.deepEqual(scaledSize(800, 600, 1600), { width: 800, height: 600, scaled: false });
  assert.deepEqual(scaledSize(20000, 10, 1600), { width: 1600, height: 1, scaled: true });
  assert.deepEqual(scaledSize(800, 600, 0), { width: 800, height: 600, scaled: false });
});

test('scaleSteps: halves first, the target last', () => {
  assert.deepEqual(scaleSteps({ width: 8000, height: 6000 }, { width: 1600, height: 1200 }), [{ width: 4000, height: 3000 }, { width: 1600, height: 1200 }]);
  const s = scaleSteps({ width: 8000, height: 6000 }, { width: 1600, height: 1200 });
  assert.deepEqual(s[s.length - 1], { width: 1600, height: 1200 });
  for (let i = 1; i < s.length; i++) assert.ok(s[i].width < s[i - 1].width);
  assert.ok(s.every((x) => x.width >= 1600));
  assert.deepEqual(scaleSteps({ width: 2400, height: 1800 }, { width: 1600, height: 1200 }), [{ width: 1600, height: 1200 }]);
});

test('sendAsIs: only an upright JPEG or PNG within every limit goes as it is', () => {
  const ok = { type: 'image/jpeg', size: 200000, width: 1200, height: 900, orientation: 0 };
  assert.equal(sendAsIs(ok, LIMITS), true);
  assert.equal(sendAsIs({ ...ok, type: 'image/png' }, LIMITS), true);
  assert.equal(sendAsIs({ ...ok, orientation: 1 }, LIMITS), true);
  assert.equal(sendAsIs({ ...ok, orientation: 6 }, LIMITS), false);
  assert.equal(sendAsIs({ ...ok, orientation: 3 }, LIMITS), false);
  assert.equal(sendAsIs({ ...ok, width: 1601 }, LIMITS), false);
  assert.equal(sendAsIs({ ...ok, size: LIMITS.max_bytes + 1 }, LIMITS), false);
  assert.equal(sendAsIs({ ...ok, size: 0 }, LIMITS), false);
  for (const type of ['image/webp', 'image/heic', 'image/gif', '']) assert.equal(sendAsIs({ ...ok, type }, LIMITS), false, type);
});

/** A JPEG head: SOI, maybe a JFIF APP0, an EXIF APP1 with one IFD0 entry (orientation), then SOS. */
function jpegWith(orientation, little, withApp0 = true) {
  const u16 = (v) => (little ? [v & 255, v >> 8] : [v >> 8, v & 255]);
  const u32 = (v) => (little ? [v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24] : [v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255]);
  const tiff = [...(little ? [0x49, 0x49] : [0x4D, 0x4D]), ...u16(42), ...u32(8), ...u16(2),
    ...u16(0x010F), ...u16(2), ...u32(4), 0x4B, 0x52, 0x4E, 0,  // Make "KRN"
    ...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0, ...u32(0)];
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const app1 = [0xFF, 0xE1, (exif.length + 2) >> 8, (exif.length + 2) & 255, ...exif];
  const app0 = withApp0 ? [0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0] : [];
  return new Uint8Array([0xFF, 0xD8, ...app0, ...app1, 0xFF, 0xDA, 0, 8, 1, 2, 3, 4, 5, 6]);
}

test('jpegOrientation: the EXIF orientation in either byte order, 0 without one', () => {
  assert.equal(jpegOrientation(jpegWith(6, true)), 6);
  assert.equal(jpegOrientation(jpegWith(3, false)), 3);
  assert.equal(jpegOrientation(jpegWith(1, false, false)), 1);
  assert.equal(jpegOrientation(jpegWith(9, true)), 0);
  // No EXIF, no JPEG, cut off: 0, never an exception.
  assert.equal(jpegOrientation(new Uint8Array([0xFF, 0xD8, 0xFF, 0xDA, 0, 2])), 0);
  assert.equal(jpegOrientation(new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])), 0);
  const whole = jpegWith(6, true);
  for (let n = 0; n < whole.length; n++) assert.ok([0, 6].includes(jpegOrientation(whole.slice(0, n))), 'cut at ' + n);
  assert.equal(jpegOrientation(new Uint8Array(0)), 0);
});

test('the request: the paths, the caption percent-encoded on one line, the category only when chosen', () => {
  assert.equal(uploadPath('KQWERT'), '/photos/KQWERT');
  assert.equal(photoPath('KQWERT', 'p0c1f'), '/photos/KQWERT/p0c1f');
  const h = uploadHeaders({ token: 'tok', type: 'image/jpeg', step: 'fotos', key: 'k'.repeat(32), caption: '  De inkom\nmet de kinderwagens ', category: 'drempel' });
  assert.deepEqual(h, [
    ['Authorization', 'Bearer tok'], ['Content-Type', 'image/jpeg'], ['Kring-Step', 'fotos'], ['Kring-Upload', 'k'.repeat(32)],
    ['Kring-Caption', 'De%20inkom%20met%20de%20kinderwagens'], ['Kring-Category', 'drempel'],
  ]);
  const names = uploadHeaders({ token: 't', type: 'image/png', step: 's', key: 'abcdefgh', caption: '   ', category: '' }).map((x) => x[0]);
  assert.deepEqual(names, ['Authorization', 'Content-Type', 'Kring-Step', 'Kring-Upload']);
  // Every header value is plain ASCII: an emoji or an accent travels percent-encoded.
  const [, v] = uploadHeaders({ token: 't', type: 'image/jpeg', step: 's', key: 'abcdefgh', caption: 'Café 👩‍👩‍👧', category: '' })[4];
  assert.match(v, /^[\x21-\x7e]+$/);
  assert.equal(decodeURIComponent(v), 'Café 👩‍👩‍👧');
  assert.equal(oneLine(' a \t b\r\nc '), 'a b c');
});

test('cutCaption counts code points as the server does', () => {
  assert.equal(cutCaption('abcdef', 3), 'abc');
  assert.equal(cutCaption('👍👍👍', 2), '👍👍');
  assert.equal(cutCaption('abc', 0), 'abc');
});

test('readReply: a photo, a repeated one, typed errors, what to try again', () => {
  const photo = JSON.stringify({ type: 'photo', id: 'p0c1f', step: 'fotos', width: 1600, height: 1200, status: 'pending' });
  assert.deepEqual(readReply(201, photo, null), { ok: true, repeated: false, photo: { id: 'p0c1f', step: 'fotos', width: 1600, height: 1200, status: 'pending' } });
  assert.equal(readReply(200, photo, null).repeated, true);
  const err = (status, code, retryAfter = null) => readReply(status, JSON.stringify({ type: 'error', code, message: 'x' }), retryAfter);
  assert.deepEqual(err(415, 'photo_type_mismatch'), { ok: false, code: 'photo_type_mismatch', retry: false, waitMs: 0 });
  assert.deepEqual(err(409, 'photo_busy'), { ok: false, code: 'photo_busy', retry: true, waitMs: 0 });
  assert.deepEqual(err(503, 'photo_busy', '3'), { ok: false, code: 'photo_busy', retry: true, waitMs: 3000 });
  assert.deepEqual(err(503, 'store_unavailable'), { ok: false, code: 'store_unavailable', retry: true, waitMs: 0 });
  for (const code of ['photo_limit', 'step_not_open', 'paused', 'text_too_long', 'bad_value', 'forbidden', 'removed']) assert.equal(err(400, code).retry, false, code);
  assert.deepEqual(readReply(0, '', null), { ok: false, code: 'network', retry: true, waitMs: 0 });
  // A proxy's own answer, without Kring's JSON.
  assert.equal(readReply(413, '<html>too large</html>', null).code, 'photo_too_large');
  assert.deepEqual(readReply(502, 'Bad gateway', null), { ok: false, code: 'network', retry: true, waitMs: 0 });
  assert.equal(readReply(201, 'not json', null).ok, false);
  assert.equal(err(503, 'photo_busy', 'soon').waitMs, 0);
  assert.equal(err(503, 'photo_busy', '9999').waitMs, 120000);
});

test('retryDelay: the protocol\'s back-off, or longer when the server asks', () => {
  const r = RULES.reconnect;
  assert.equal(retryDelay(r, 1, 0, () => 0), 1000);
  assert.equal(retryDelay(r, 2, 0, () => 0), 2000);
  assert.equal(retryDelay(r, 1, 5000, () => 0), 5000);
  assert.ok(UPLOAD_TRIES >= 2);
});

test('every error of section 7 has words of its own in Dutch and English', () => {
  const codes = ['forbidden', 'removed', 'unknown_session', 'unknown_step', 'step_not_open', 'paused', 'photo_busy', 'photo_limit', 'bad_value',
    'text_too_long', 'bad_message', 'photo_too_large', 'photo_unsupported_type', 'photo_not_an_image', 'photo_empty', 'photo_type_mismatch',
    'photo_too_many_pixels', 'photo_damaged', 'store_unavailable', 'network'];
  for (const lang of ['nl', 'en']) {
    const generic = STRINGS[lang].errors.generic;
    for (const code of codes) assert.notEqual(photoErrorText(lang, code), generic, lang + ' ' + code);
    assert.equal(photoErrorText(lang, 'who_knows'), generic);
  }
  assert.match(photoErrorText('nl', 'step_not_open'), /foto/);
  assert.match(photoErrorText('en', 'text_too_long'), /caption/);
});

test('own photos: from mine, a photo on the wall is approved, how many may follow', () => {
  const mine = [{ id: 'p1', caption: 'Inkom', category: 'drempel', status: 'pending' }, { id: 'p2', caption: '', category: '', status: 'hidden' },
    { id: 'p3', status: 'weird' }, null, { caption: 'no id' }];
  const own = ownPhotos(mine);
  assert.deepEqual(own.map((p) => p.status), ['pending', 'hidden', 'pending']);
  assert.deepEqual(withWall(own, new Set(['p1'])).map((p) => p.status), ['approved', 'hidden', 'pending']);
  assert.deepEqual(ownPhotos('pass'), []);
  assert.equal(photosLeft(5, 3), 2);
  assert.equal(photosLeft(2, 3), 0);
  assert.equal(photosLeft(0, 3), Infinity);
});

test('the wall: approved photos only, by category in the step\'s order, the ids a view shows', () => {
  const res = { step: 'fotos', kind: 'photo', total: 2, photos: [
    { id: 'p1', caption: 'A', category: 'drempel', width: 1600, height: 1200 },
    { id: 'p2', caption: 'B', category: 'uitnodigend', width: 1200, height: 1600 },
    { id: 'p3', caption: 'C', category: 'drempel', width: 10, height: 10, status: 'pending' },
    { id: 'p4', caption: 'D', category: 'old', width: 10, height: 10 },
    { caption: 'no id' }] };
  const w = wallPhotos(res);
  assert.deepEqual(w.map((p) => p.id), ['p1', 'p2', 'p4']);
  const g = wallGroups(w, STEP.categories);
  assert.deepEqual(g.map((x) => [x.category && x.category.id, x.photos.map((p) => p.id)]), [['uitnodigend', ['p2']], ['drempel', ['p1']], [null, ['p4']]]);
  assert.deepEqual(wallGroups(w, []).map((x) => x.photos.length), [3]);
  assert.deepEqual([...photoIdsOf({ results: [res, { step: 'x', kind: 'scale', items: [] }] })], ['p1', 'p2', 'p4']);
  assert.deepEqual([...photoIdsOf(null)], []);
});
