// The deck of an image choice (client/web/js/image_deck.js): the template's images, then the
// facilitator's own ones from the view; a pick of an own image that left is dropped, also from
// the phone's answers (client/web/js/room.js), with the socket and screen faked (fixtures.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageDeck, ownImages, picksIn, DECK_SIZE } from '../../../client/web/js/image_deck.js';
import { photoIdsOf } from '../../../client/web/js/photo.js';
import { pendingKey } from '../../../client/web/js/room.js';
import { K } from '../../../client/web/js/util.js';
import { STEPS, welcome, view, fakeRoom } from './fixtures.mjs';

const OWN_A = 'p' + 'a'.repeat(24), OWN_B = 'p' + 'b'.repeat(24);
const BEELD = { id: 'beeld', kind: 'image_choice', title: { nl: 'Beeld', en: 'Image' }, prompt: { nl: '', en: '' }, max_picks: 2, reason: true,
  images: [{ id: 'tafel', url: '/images/droom/tafel.svg', alt: { nl: 'Een tafel', en: 'A table' } },
           { id: 'deur', url: '/images/droom/deur.svg', alt: { nl: 'Een deur', en: 'A door' } }] };
const ownA = { id: OWN_A, alt: { nl: 'Onze tuin', en: 'Onze tuin' }, width: 640, height: 480 };
const ownB = { id: OWN_B, alt: { nl: 'Eigen beeld 2', en: 'Own image 2' }, width: 360, height: 480 };
const status = (own) => ({ id: 'beeld', phase: 'open', revealed: false, answered: 0, complete: 0, ...(own ? { own_images: own } : {}) });

test('imageDeck: the template\'s images, then the own ones in the view\'s order, each id once', () => {
  const deck = imageDeck(BEELD, status([ownA, ownB, { id: 'tafel', alt: {} }, { alt: {} }, null]));
  assert.deepEqual(deck.map((im) => im.id), ['tafel', 'deur', OWN_A, OWN_B]);
  assert.deepEqual(deck.map((im) => im.own), [false, false, true, true]);
  assert.equal(deck[0].url, '/images/droom/tafel.svg');
  assert.deepEqual([deck[0].width, deck[0].height], [0, 0], 'the welcome gives no size of a template image');
  assert.deepEqual(deck[2], { id: OWN_A, url: '', alt: { nl: 'Onze tuin', en: 'Onze tuin' }, width: 640, height: 480, own: true });
  assert.deepEqual(imageDeck(BEELD, status(null)).map((im) => im.id), ['tafel', 'deur'], 'own_images absent: none');
  assert.deepEqual(imageDeck(BEELD, null).map((im) => im.id), ['tafel', 'deur']);
  assert.deepEqual(imageDeck(null, status([ownA])).map((im) => im.id), [OWN_A]);
  assert.equal(DECK_SIZE.width / DECK_SIZE.height, 4 / 3);
});

test('ownImages: only entries with an id; sizes and alt of a strange entry made safe', () => {
  assert.deepEqual(ownImages(status([{ id: OWN_A, alt: 'x', width: -1, height: 2.5 }])),
    [{ id: OWN_A, url: '', alt: { nl: '', en: '' }, width: 0, height: 0, own: true }]);
  assert.deepEqual(ownImages(null), []);
  assert.deepEqual(ownImages({ own_images: 'no' }), []);
});

test('picksIn: picks of images that left are dropped; the same value when nothing left', () => {
  const ids = new Set(['tafel', OWN_B]);
  const v = ['tafel', OWN_B];
  assert.equal(picksIn(v, ids), v);
  assert.deepEqual(picksIn(['tafel', OWN_A], ids), ['tafel']);
  assert.deepEqual(picksIn([OWN_A], ids), []);
  assert.equal(picksIn('pass', ids), 'pass');
  assert.equal(picksIn('', ids), '');
});

test('photoIdsOf: an image choice\'s own images are photos the page keeps', () => {
  const ids = photoIdsOf({ steps: [status([ownA, ownB]), { id: 'plan', plan_image: { id: 'pc', width: 2, height: 1 } }], results: [] });
  assert.deepEqual([...ids].sort(), [OWN_A, OWN_B, 'pc'].sort());
});

/** A room in a session whose current step is the image choice, own images A and B in the view. */
function imageRoom() {
  const { room, world } = fakeRoom();
  room.startSession('ABCDEF', '');
  const join = room.joinMessage();
  room.handleMessage(welcome({ seq: join.seq, session: { code: 'ABCDEF', title: { nl: 'T', en: 'T' }, lang: 'nl', steps: [...STEPS, BEELD], blocks: [] } }));
  room.handleMessage(view(10, { current: 'beeld', steps: [...view(10).steps, status([ownA, ownB])] }));
  world.sent.length = 0;
  return { room, world };
}
const withOwn = (rev, own) => view(rev, { current: 'beeld', steps: [...view(rev).steps, status(own)] });

test('an own image deleted: a saved pick of it leaves the phone\'s answer, the rest stays saved', () => {
  const { room, world } = imageRoom();
  room.choose('beeld', '', ['tafel', OWN_A]);
  const a = world.sent.pop();
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 11 });
  room.handleMessage(withOwn(12, [ownB]));
  assert.deepEqual(room.answerOf('beeld', '').value, ['tafel']);
  assert.equal(room.saveInfo(K('beeld', '')).state, 'saved', 'the server removed it as well: nothing to send');
  assert.equal(world.sent.length, 0);
});

test('an own image deleted: an answer of it alone is gone, its reason with it, nothing kept to send', () => {
  const { room, world } = imageRoom();
  room.choose('beeld', '', [OWN_A]);
  room.commentChanged('beeld', '', 'Onze tuin is groen', true);
  assert.ok(world.storage.has(pendingKey('ABCDEF')));
  room.handleMessage(withOwn(11, [ownB]));
  assert.equal(room.answerOf('beeld', ''), null);
  assert.equal(world.storage.has(pendingKey('ABCDEF')), false);
  // The acks of what was on its way change nothing now.
  for (const m of world.sent.splice(0)) room.handleMessage({ type: 'ack', seq: m.seq, rev: 12 });
  assert.equal(room.answerOf('beeld', ''), null);
  assert.equal(world.sent.length, 0);
});

test('an own image deleted while a pick of it is on its way: what is left is sent after the ack', () => {
  const { room, world } = imageRoom();
  room.choose('beeld', '', ['deur', OWN_A]);
  const a = world.sent.pop();
  room.handleMessage(withOwn(11, [ownB]));
  assert.equal(room.saveInfo(K('beeld', '')).state, 'pending');
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 12 });
  const b = world.sent.pop();
  assert.deepEqual(b && b.value, ['deur']);
  room.handleMessage({ type: 'ack', seq: b.seq, rev: 13 });
  assert.equal(room.saveInfo(K('beeld', '')).state, 'saved');
});

test('refused after an own image left: back to what the server has, without the image', () => {
  const { room, world } = imageRoom();
  room.choose('beeld', '', ['tafel', OWN_A]);
  room.handleMessage({ type: 'ack', seq: world.sent.pop().seq, rev: 11 });
  room.choose('beeld', '', ['deur', OWN_A]);
  const b = world.sent.pop();
  room.handleMessage(withOwn(12, [ownB]));
  room.handleMessage({ type: 'error', seq: b.seq, code: 'bad_value' });
  assert.deepEqual(room.answerOf('beeld', '').value, ['tafel']);
});

test('a view that still lists the image, or a pass, changes no answer', () => {
  const { room, world } = imageRoom();
  room.choose('beeld', '', [OWN_A]);
  const a = world.sent.pop();
  room.handleMessage(withOwn(11, [ownA, ownB]));
  assert.deepEqual(room.answerOf('beeld', '').value, [OWN_A]);
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 12 });
  room.choose('beeld', '', 'pass');
  room.handleMessage(withOwn(13, []));
  assert.equal(room.answerOf('beeld', '').value, 'pass');
});
