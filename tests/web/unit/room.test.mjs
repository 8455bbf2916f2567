// The server's messages and the answers kept until acknowledged (client/web/js/room.js),
// with the socket, storage, timers and screen faked (fixtures.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrame, tokenKey, pendingKey, removedKey, endedKey, parseEnd, PROTOCOL_VERSION } from '../../../client/web/js/room.js';
import { K } from '../../../client/web/js/util.js';
import { RULES, rulesWith, welcome, view, fakeRoom, joinedRoom } from './fixtures.mjs';

test('parseFrame: one message, a batch in order, nothing from junk', () => {
  assert.deepEqual(parseFrame('{"type":"ack","seq":1}'), [{ type: 'ack', seq: 1 }]);
  assert.deepEqual(parseFrame('[{"type":"ack","seq":4},{"type":"view","rev":2}]').map((m) => m.type), ['ack', 'view']);
  assert.deepEqual(parseFrame('[{"type":"ack"},3,null,{"no":"type"}]'), [{ type: 'ack' }]);
  assert.deepEqual(parseFrame('not json'), []);
  assert.deepEqual(parseFrame(new ArrayBuffer(2)), []);
});

test('the join request carries the code, the kept token and the name', () => {
  const { room, world } = fakeRoom();
  world.storage.set(tokenKey('ABCDEF'), 'tok-0');
  room.startSession('ABCDEF', 'Tablet 3');
  const j = room.joinMessage();
  assert.deepEqual(j, { type: 'join', seq: j.seq, protocol_version: PROTOCOL_VERSION, code: 'ABCDEF', role: 'participant', view_updates: true, resume_token: 'tok-0', name: 'Tablet 3' });
  assert.ok(j.seq > 0);
});

test('welcome: joined, token kept, the server\'s rules taken, session shown', () => {
  const { room, world } = fakeRoom();
  room.startSession('ABCDEF', '');
  room.handleMessage(welcome());
  assert.equal(room.S.joined, true);
  assert.equal(room.S.everJoined, true);
  assert.equal(world.storage.get(tokenKey('ABCDEF')), 'tok-1');
  assert.equal(world.active, 'ABCDEF');
  assert.deepEqual(room.S.rules, RULES);
  assert.equal(world.called('rulesChanged').length, 1);
  assert.equal(world.called('welcomed').length, 1);
  assert.equal(world.called('showSession').length, 1);
  // The same rules again change nothing; other rules replace them.
  room.handleMessage(welcome());
  assert.equal(world.called('rulesChanged').length, 1);
  room.handleMessage(welcome({ rules: rulesWith((r) => { r.max_text = 120; }) }));
  assert.equal(room.S.rules.max_text, 120);
  assert.equal(world.called('rulesChanged').length, 2);
  // A welcome without valid rules keeps those the page has.
  room.handleMessage(welcome({ rules: { max_text: 1 } }));
  assert.equal(room.S.rules.max_text, 120);
});

test('welcome of another role or without steps is ignored', () => {
  const { room } = fakeRoom();
  room.startSession('ABCDEF', '');
  room.handleMessage(welcome({ role: 'projector' }));
  room.handleMessage({ type: 'welcome', session: {} });
  assert.equal(room.S.joined, false);
});

test('a stale view is ignored and asks for a sync at most once per resync_ms', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(view(12));
  assert.equal(room.S.view.rev, 12);
  room.handleMessage(view(11));
  assert.equal(room.S.view.rev, 12);
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 1);
  world.now += RULES.reconnect.resync_ms - 1;
  room.handleMessage(view(11));
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 1);
  world.now += 1;
  room.handleMessage(view(11));
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 2);
});

test('view_update: counters and results go into the last view, shown as a new one; the rest stays', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(view(12, { results: [{ step: 'visie', kind: 'traffic_light', total: 0, items: [] }] }));
  const renders = world.called('render').length;
  const results = [{ step: 'visie', kind: 'traffic_light', total: 3, items: [] }];
  room.handleMessage({ type: 'view_update', rev: 15, joined: 4, online: 3, now: 2000,
    steps: [{ id: 'visie', answered: 3, complete: 2 }, { id: 'zinnen', answered: 0, complete: 0 }],
    results, summary: [] });
  const v = room.S.view;
  assert.equal(v.rev, 15);
  assert.equal(room.S.lastRev, 15);
  assert.deepEqual([v.joined, v.online, v.now], [4, 3, 2000]);
  assert.deepEqual(v.results, results);
  assert.deepEqual([v.steps[0].answered, v.steps[0].complete, v.steps[0].phase], [3, 2, 'open']);
  assert.equal(v.current, 'visie');
  assert.equal(world.called('render').length, renders + 1);
  // Older than the view shown, or the same rev: nothing changes, no sync.
  room.handleMessage({ type: 'view_update', rev: 14, joined: 9, online: 9, now: 1, steps: v.steps, results: [], summary: [] });
  room.handleMessage({ type: 'view_update', rev: 15, joined: 9, online: 9, now: 1, steps: v.steps, results: [], summary: [] });
  assert.equal(room.S.view, v);
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 0);
  // Other steps than the view's: not applied, a snapshot asked for.
  room.handleMessage({ type: 'view_update', rev: 16, joined: 9, online: 9, now: 1,
    steps: [{ id: 'visie', answered: 1, complete: 1 }], results: [], summary: [] });
  assert.equal(room.S.view, v);
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 1);
  // A whole view after it is taken as before.
  room.handleMessage(view(17, { results: [
    { step: 'visie', kind: 'traffic_light', total: 3, items: [] },
    { step: 'zinnen', kind: 'open_text', total: 1, cards: [] }] }));
  assert.equal(room.S.view.rev, 17);
  // Only the results that changed come: each replaces the view's of its step, the others stay.
  const zinnen = { step: 'zinnen', kind: 'open_text', total: 2, cards: [] };
  room.handleMessage({ type: 'view_update', rev: 18, joined: 4, online: 3, now: 3000,
    steps: [{ id: 'visie', answered: 3, complete: 2 }, { id: 'zinnen', answered: 2, complete: 2 }],
    results: [zinnen], summary: [] });
  assert.equal(room.S.view.rev, 18);
  assert.deepEqual(room.S.view.results.map((r) => [r.step, r.total]), [['visie', 3], ['zinnen', 2]]);
  // A result of a step the view has none of: not applied, a snapshot asked for.
  world.now += RULES.reconnect.resync_ms;
  room.handleMessage({ type: 'view_update', rev: 19, joined: 4, online: 3, now: 3000,
    steps: room.S.view.steps, results: [{ step: 'elders', kind: 'choice', total: 1 }], summary: [] });
  assert.equal(room.S.view.rev, 18);
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 2);
});

test('view_update before any view, or while a snapshot is awaited, is ignored', () => {
  const { room } = fakeRoom();
  room.startSession('ABCDEF', '');
  room.handleMessage(welcome());
  const u = { type: 'view_update', rev: 5, joined: 1, online: 1, now: 1, steps: [], results: [], summary: [] };
  room.handleMessage(u);
  assert.equal(room.S.view, null);
  room.handleMessage(view(30));
  room.handleMessage(welcome());
  room.handleMessage({ ...u, rev: 31, steps: room.S.view.steps });
  assert.equal(room.S.view.rev, 30);
});

test('the throttle follows the server\'s resync_ms', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(welcome({ rules: rulesWith((r) => { r.reconnect.resync_ms = 50; }) }));
  room.handleMessage(view(20));
  room.handleMessage(view(5));
  world.now += 50;
  room.handleMessage(view(5));
  assert.equal(world.sent.filter((m) => m.type === 'sync').length, 2);
});

test('the view after a welcome is taken even with a lower rev', () => {
  const { room } = joinedRoom();
  room.handleMessage(view(30));
  room.handleMessage(welcome());
  room.handleMessage(view(25));
  assert.equal(room.S.view.rev, 25);
});

test('an answer is pending until its ack, then saved', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v1', 'green');
  const sent = world.sent.find((m) => m.type === 'answer');
  assert.deepEqual(sent, { type: 'answer', seq: sent.seq, step: 'visie', value: 'green', item: 'v1', comment: '' });
  assert.equal(room.saveInfo(K('visie', 'v1')).state, 'pending');
  assert.ok(world.storage.has(pendingKey('ABCDEF')), 'kept in case the page is closed');
  room.handleMessage({ type: 'ack', seq: sent.seq, rev: 11 });
  assert.equal(room.saveInfo(K('visie', 'v1')).state, 'saved');
  assert.equal(world.storage.has(pendingKey('ABCDEF')), false);
});

test('an ack of an older send does not save a newer change', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v1', 'green');
  room.choose('visie', 'v1', 'red');
  const [a, b] = world.sent.filter((m) => m.type === 'answer');
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 11 });
  assert.equal(room.saveInfo(K('visie', 'v1')).state, 'pending');
  room.handleMessage({ type: 'ack', seq: b.seq, rev: 12 });
  assert.equal(room.saveInfo(K('visie', 'v1')).state, 'saved');
  assert.equal(room.answerOf('visie', 'v1').value, 'red');
});

test('a comment is cut to the server\'s max_text', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(welcome({ rules: rulesWith((r) => { r.max_text = 120; }) }));
  room.choose('visie', 'v1', 'orange');
  room.commentChanged('visie', 'v1', 'x'.repeat(300), true);
  const last = world.sent.filter((m) => m.type === 'answer').pop();
  assert.equal(last.comment.length, 120);
});

test('refused for good: back to what the server has, "not saved", a message', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v1', 'green');
  const a = world.sent.pop();
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 11 });
  room.choose('visie', 'v1', 'red');
  const b = world.sent.pop();
  room.handleMessage({ type: 'error', seq: b.seq, code: 'step_not_open' });
  assert.equal(room.answerOf('visie', 'v1').value, 'green');
  assert.equal(room.saveInfo(K('visie', 'v1')).state, 'error');
  assert.deepEqual(world.called('toast').pop(), ['toast', 'step_not_open']);
});

test('rate_limited: kept pending and sent again after a back-off from the rules', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v2', 'pass');
  const a = world.sent.pop();
  room.handleMessage({ type: 'error', seq: a.seq, code: 'rate_limited' });
  assert.equal(room.saveInfo(K('visie', 'v2')).state, 'pending');
  const retry = world.timers.filter((t) => !t.done).pop();
  assert.equal(retry.ms, 2000); // backoffDelay(rules.reconnect, 2) with random 0
  world.runTimers();
  const again = world.sent.filter((m) => m.type === 'answer').pop();
  assert.equal(again.value, 'pass');
  assert.notEqual(again.seq, a.seq);
});

test('a lost socket: answers without ack are sent again after the next welcome', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v1', 'green');
  world.open = false;
  room.socketLost();
  assert.equal(room.S.joined, false);
  room.choose('visie', 'v2', 'red'); // offline: kept as "not saved yet"
  assert.equal(room.saveInfo(K('visie', 'v2')).text, 'waitingConn');
  world.open = true;
  world.sent.length = 0;
  room.handleMessage(welcome());
  assert.deepEqual(world.sent.filter((m) => m.type === 'answer').map((m) => m.item).sort(), ['v1', 'v2']);
});

test('mine: the server\'s answers are the truth, unless a local one is on its way', () => {
  const { room } = joinedRoom();
  room.choose('visie', 'v1', 'red');
  room.handleMessage({ type: 'mine', answers: [
    { step: 'visie', item: 'v1', value: 'green', comment: '' },
    { step: 'visie', item: 'v2', value: 'orange', comment: 'waarom' },
    { step: 'zinnen', item: '', value: ['koffie'], comment: '' },
    { step: 'visie', item: 'v3', value: '', comment: '' },
  ] });
  assert.equal(room.answerOf('visie', 'v1').value, 'red');
  assert.equal(room.answerOf('visie', 'v2').value, 'orange');
  assert.equal(room.S.openComments.has(K('visie', 'v2')), true);
  assert.deepEqual(room.answerOf('zinnen', '').value, ['koffie']);
  assert.equal(room.answerOf('visie', 'v3'), null);
});

test('value kinds: sent after a pause in typing; an empty list withdraws only what the server has', () => {
  const { room, world } = joinedRoom();
  room.setValue('zinnen', ['koffie'], 600);
  assert.equal(world.sent.length, 0);
  world.runTimers();
  const a = world.sent.pop();
  assert.deepEqual(a, { type: 'answer', seq: a.seq, step: 'zinnen', value: ['koffie'] });
  room.handleMessage({ type: 'ack', seq: a.seq, rev: 11 });
  room.setValue('zinnen', [], 0);
  assert.deepEqual(world.sent.pop().value, []);
  const fresh = joinedRoom();
  fresh.room.setValue('zinnen', [], 0);
  assert.equal(fresh.world.sent.length, 0);
});

test('unknown_session on joining a code: back to the join screen with the message', () => {
  const { room, world } = fakeRoom();
  room.startSession('ABCDEF', '');
  const j = room.joinMessage();
  room.handleMessage({ type: 'error', seq: j.seq, code: 'unknown_session' });
  assert.equal(room.S.wantJoin, false);
  assert.equal(room.S.joinError, 'unknown_session');
  assert.equal(world.called('stop').length, 1);
  assert.equal(world.called('showJoin').length, 1);
  assert.equal(world.called('ended').length, 0);
  assert.equal(world.storage.has(endedKey('ABCDEF')), false);
});

test('unknown_session for a session this browser was in: it was deleted, the end screen (not "wrong code")', () => {
  const { room, world } = joinedRoom();
  world.storage.set(tokenKey('ABCDEF'), 'tok-1');
  room.choose('visie', 'v1', 'green');
  room.handleMessage({ type: 'error', code: 'unknown_session' });
  assert.equal(room.S.wantJoin, false);
  assert.equal(room.S.joinError, '');
  assert.equal(room.S.welcome, null);
  assert.equal(room.S.local.size, 0);
  assert.equal(world.storage.has(tokenKey('ABCDEF')), false);
  assert.equal(world.storage.has(pendingKey('ABCDEF')), false);
  assert.equal(world.called('stop').length, 1);
  assert.equal(world.called('showJoin').length, 0);
  assert.equal(world.called('ended').length, 1);
  assert.deepEqual(room.S.ended, { why: 'deleted', days: null });
  // A resume on a reload (a token, not yet joined) reads it the same way.
  const again = fakeRoom();
  again.world.storage.set(tokenKey('ABCDEF'), 'tok-1');
  again.room.startSession('ABCDEF', '');
  const j = again.room.joinMessage();
  again.room.handleMessage({ type: 'error', seq: j.seq, code: 'unknown_session' });
  assert.equal(again.room.S.ended.why, 'deleted');
  assert.equal(again.room.S.joinError, '');
});

test('session_ended: the facilitator deleted the session; remembered with the retention known', () => {
  const { room, world } = joinedRoom();
  room.S.health = { retention_days: 365, min_answers: 3 };
  world.storage.set(tokenKey('ABCDEF'), 'tok-1');
  room.handleMessage({ type: 'error', code: 'session_ended' });
  assert.equal(room.S.wantJoin, false);
  assert.equal(world.called('stop').length, 1);
  assert.equal(world.called('ended').length, 1);
  assert.equal(world.called('showJoin').length, 0);
  assert.equal(world.storage.has(tokenKey('ABCDEF')), false);
  assert.deepEqual(parseEnd(world.storage.get(endedKey('ABCDEF'))), { why: 'deleted', days: 365 });
  assert.deepEqual(room.endOf('ABCDEF'), { why: 'deleted', days: 365 });
  assert.equal(room.endOf('OTHER1'), null);
});

test('view.ended: the end screen, remembered per code; a reload starts on it; opening again clears it', () => {
  const { room, world } = joinedRoom();
  room.S.health = { retention_days: 30, min_answers: 3 };
  room.handleMessage(view(11, { ended: true }));
  assert.deepEqual(room.S.ended, { why: 'ended', days: 30 });
  assert.deepEqual(parseEnd(world.storage.get(endedKey('ABCDEF'))), { why: 'ended', days: 30 });
  assert.equal(room.S.wantJoin, true); // still connected: the facilitator may open a step again
  // A reload: the end is known before any message (no network needed), with its retention.
  const again = fakeRoom();
  again.world.storage.set(endedKey('ABCDEF'), world.storage.get(endedKey('ABCDEF')));
  again.room.startSession('ABCDEF', '');
  assert.deepEqual(again.room.S.ended, { why: 'ended', days: 30 });
  assert.equal(again.room.retentionDays(), 30);
  // Opened again: the end is over, here and in storage.
  room.handleMessage(view(12, { ended: false }));
  assert.equal(room.S.ended, null);
  assert.equal(world.storage.has(endedKey('ABCDEF')), false);
});

test('parseEnd reads only what the page wrote', () => {
  assert.equal(parseEnd(null), null);
  assert.equal(parseEnd('not json'), null);
  assert.equal(parseEnd('{"why":"gone"}'), null);
  assert.deepEqual(parseEnd('{"why":"ended","days":-3}'), { why: 'ended', days: null });
  assert.deepEqual(parseEnd('{"why":"deleted","days":0}'), { why: 'deleted', days: 0 });
});

test('room_full answering the join ends the attempt', () => {
  const { room, world } = fakeRoom();
  room.startSession('ABCDEF', '');
  const j = room.joinMessage();
  room.handleMessage({ type: 'error', seq: j.seq, code: 'room_full' });
  assert.equal(room.S.joinError, 'room_full');
  assert.equal(world.called('showJoin').length, 1);
});

test('removed: the final screen, token and kept answers forgotten', () => {
  const { room, world } = joinedRoom();
  world.storage.set(tokenKey('ABCDEF'), 'tok-1');
  world.storage.set(pendingKey('ABCDEF'), '[]');
  room.handleMessage({ type: 'error', code: 'removed' });
  assert.equal(room.S.wantJoin, false);
  // Only the removal itself is kept: this browser does not join this code again.
  assert.deepEqual([...world.storage.keys()], [removedKey('ABCDEF')]);
  assert.equal(room.wasRemoved('ABCDEF'), true);
  assert.equal(room.wasRemoved('OTHER1'), false);
  assert.equal(world.called('removed').length, 1);
});

test('not_joined means the socket lost its session: reconnect', () => {
  const { room, world } = joinedRoom();
  room.handleMessage({ type: 'error', seq: 99, code: 'not_joined' });
  assert.equal(world.called('lost').length, 1);
});

test('a sync\'s reply proves the socket alive', () => {
  const { room, world } = joinedRoom();
  room.sync();
  const s = world.sent.pop();
  room.handleMessage({ type: 'ack', seq: s.seq });
  assert.equal(world.called('alive').length, 1);
});

test('pause: a tap is not taken; answers typed meanwhile go out on resume', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(view(11, { paused: true }));
  room.choose('visie', 'v1', 'green');
  assert.equal(world.sent.length, 0);
  assert.deepEqual(world.called('toast').pop(), ['toast', 'paused']);
  room.setValue('zinnen', ['thee'], 0);
  assert.equal(world.sent.length, 0);
  room.handleMessage(view(12, { paused: false }));
  assert.deepEqual(world.sent.map((m) => m.step), ['zinnen']);
});

test('follow switched on again: the notice names the current step', () => {
  const { room, world } = joinedRoom();
  room.handleMessage(view(11, { follow: false }));
  room.S.picked = 'zinnen';
  room.handleMessage(view(12, { follow: false }));
  assert.equal(room.S.picked, 'zinnen');
  room.handleMessage(view(13, { follow: true, current: 'visie' }));
  assert.equal(room.S.picked, '');
  assert.deepEqual(world.called('followNotice').pop(), ['followNotice', 'visie']);
});

test('startSession is one reset: nothing of the session before stays', () => {
  const { room, world } = joinedRoom();
  room.choose('visie', 'v1', 'green');
  room.S.openComments.add('x');
  room.S.picked = 'zinnen';
  room.startSession('GHIJKL', 'Naam');
  assert.equal(room.S.code, 'GHIJKL');
  assert.equal(room.S.wantJoin, true);
  assert.equal(room.S.welcome, null);
  assert.equal(room.S.view, null);
  assert.equal(room.S.openComments.size, 0);
  assert.equal(room.S.picked, '');
  assert.equal(room.S.seqToKey.size, 0);
  assert.equal(world.timers.every((t) => t.done || t.ms !== 600), true);
});

test('kept answers come back on a later visit, comments cut to the rules', () => {
  const { room, world } = fakeRoom();
  room.setRules(rulesWith((r) => { r.max_text = 5; }));
  world.storage.set(pendingKey('ABCDEF'), JSON.stringify([
    { step: 'visie', item: 'v1', value: 'red', comment: 'veel te lang', t: world.now - 1000 },
    { step: 'visie', item: 'v2', value: 'red', comment: '', t: world.now - 7 * 3600 * 1000 },
  ]));
  room.startSession('ABCDEF', '');
  assert.equal(room.answerOf('visie', 'v1').comment, 'veel ');
  assert.equal(room.answerOf('visie', 'v2'), null);
});

test('photos: the key is the resume token; a photo taken in is one of the own, once; mine replaces the list', () => {
  const { room, world } = joinedRoom();
  assert.equal(room.photoToken(), 'tok-1');
  const photo = { id: 'p1', caption: 'Inkom', category: 'drempel', status: 'pending' };
  room.addOwnPhoto('fotos', photo);
  room.addOwnPhoto('fotos', photo); // the same upload key again: the same photo
  assert.deepEqual(room.answerOf('fotos', '').value, [photo]);
  assert.equal(room.answerOf('fotos', '').state, 'saved');
  assert.equal(world.called('updateOpen').length, 2);
  room.addOwnPhoto('fotos', { ...photo, id: 'p2' });
  assert.deepEqual(room.answerOf('fotos', '').value.map((p) => p.id), ['p1', 'p2']);
  // Nothing is sent over the socket, and nothing is kept as pending.
  assert.equal(world.sent.length, 0);
  assert.equal(world.storage.has(pendingKey('ABCDEF')), false);
  // The server's mine is the truth (the facilitator deleted p1, approved p2).
  room.handleMessage({ type: 'mine', answers: [{ step: 'fotos', item: '', value: [{ id: 'p2', caption: 'Inkom', category: 'drempel', status: 'approved' }], comment: '' }] });
  assert.deepEqual(room.answerOf('fotos', '').value.map((p) => [p.id, p.status]), [['p2', 'approved']]);
  room.handleMessage({ type: 'mine', answers: [] });
  assert.equal(room.answerOf('fotos', ''), null);
});

test('photos: before joining the kept token is the key, none without one', () => {
  const { room, world } = fakeRoom();
  assert.equal(room.photoToken(), '');
  world.storage.set(tokenKey('ABCDEF'), 'tok-0');
  room.startSession('ABCDEF', '');
  assert.equal(room.photoToken(), 'tok-0');
});
