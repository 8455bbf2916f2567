// @ts-check
// The session as this phone knows it, and what the server's messages do to it
// (docs/protocol.md sections 3 and 4): welcome, view, mine, ack, error; the answers kept
// until they are acknowledged, resent after a reconnect. Everything outside (the socket,
// the screen, storage, timers) is reached through the env given to createRoom, so that this
// module runs in node as well. Pure at import: no DOM.
import { K, hasValue, same, arr, positive } from './util.js';
import { validValue, isEmptyValue, pendingList, parsePending, NO_COMMENT, commentMax, cutText } from './answers.js';
import { rulesOfWelcome, sameRules, backoffDelay } from './rules.js';
import { imageDeck, picksIn } from './image_deck.js';
import { KIND } from './kinds.js';

/** @typedef {import('./rules.js').Rules} Rules */
/** @typedef {import('./answers.js').LocalAnswer} LocalAnswer */

export const PROTOCOL_VERSION = 1;
/** Typing: a comment, a text or a dot is sent after this long without a change. */
export const TYPING_PAUSE_MS = 600;
/** Answers kept in the browser for a later visit are dropped after this long. */
const PENDING_MAX_AGE_MS = 6 * 3600 * 1000;

/** @param {string} code */
export const tokenKey = (code) => 'kring.token.' + code;
/** @param {string} code */
export const pendingKey = (code) => 'kring.pending.' + code;
/** This browser was removed from the session with this code (kept: it does not join it again). @param {string} code */
export const removedKey = (code) => 'kring.removed.' + code;
/** How the session with this code ended for this browser (see End). @param {string} code */
export const endedKey = (code) => 'kring.ended.' + code;

/**
 * How a session ended, as this browser remembers it: `ended` when the facilitator ended it
 * (view.ended; it can be opened again), `deleted` when the facilitator deleted it (error
 * session_ended, or a session this browser had joined that no longer exists). `days` is the
 * server's retention when it was known (null: unknown), for a screen shown without network.
 * @typedef {{ why: 'ended' | 'deleted', days: number | null }} End
 */

/** @param {string | null} raw @returns {End | null} */
export function parseEnd(raw) {
  if (!raw) return null;
  let j;
  try { j = JSON.parse(raw); } catch { return null; }
  if (!j || (j.why !== 'ended' && j.why !== 'deleted')) return null;
  const days = Number.isInteger(j.days) && j.days >= 0 ? j.days : null;
  return { why: j.why, days };
}

/**
 * The add/edit state of a list-answer step (render_list.js).
 * @typedef {object} EditorState
 * @property {Record<string, any>[] | null} draft  slots: the texts as typed, before they are sent
 * @property {Record<string, any> | null} data     form: what the form holds
 * @property {number} editing                      form: the entry being changed, -1 adding
 * @property {string} error                        form: string key of the form's error
 * @property {number} confirm                      the entry whose removal waits for a second tap
 * @property {any} confirmTimer
 */

/** @param {'nl' | 'en'} lang */
export function newState(lang) {
  return {
    lang,
    /** @type {Rules | null} */ rules: null,
    code: '',              // normalized join code we are (trying to be) in
    name: '',
    wantJoin: false,       // keep (re)connecting while true
    joined: false,         // welcome received on the current socket
    everJoined: false,     // welcome received at least once for this code
    /** @type {any} */ welcome: null,
    /** @type {any} */ view: null,
    lastRev: -1,
    acceptNextView: false, // the view right after a welcome is a fresh snapshot
    /** @type {Map<string, { value: any, comment: string }>} */ confirmed: new Map(), // what the server has
    /** @type {Map<string, LocalAnswer>} */ local: new Map(),
    /** @type {Map<number, string>} */ seqToKey: new Map(),
    nextSeq: 1,
    joinSeq: 0,
    syncSeq: 0,
    /** @type {Set<string>} */ openComments: new Set(),
    /** @type {Map<string, any>} */ typingTimers: new Map(), // key -> timer of a debounced send
    /** @type {Map<string, EditorState>} */ editors: new Map(),
    summaryOpen: true,
    /** @type {Map<string, string>} */ itemErrors: new Map(), // key -> error code of its last refused answer
    joinError: '',         // error code (or string key) shown on the join screen
    toastCode: '',
    renderedKey: '',
    pickHint: '',
    lastSyncForStale: -Infinity,
    clockOffset: 0,        // server clock minus ours, from view.now (for the timer)
    picked: '',            // with follow off: the step this phone chose itself
    /** @type {any} */ health: null, // /healthz: retention_days and min_answers, for the notice
    /** @type {{ step: string, until: number } | null} */ followNotice: null,
    /** @type {End | null} */ ended: null, // the session is over (the end screen shows)
    focusedKey: '',        // the screen whose heading got the focus last (render.js)
  };
}

/** @typedef {ReturnType<typeof newState>} State */

/**
 * A WebSocket message: one object, or a batch (an array, oldest first) of objects that
 * waited together. Anything else gives no messages.
 * @param {unknown} text
 * @returns {any[]}
 */
export function parseFrame(text) {
  if (typeof text !== 'string') return [];
  let data;
  try { data = JSON.parse(text); } catch { return []; }
  return (Array.isArray(data) ? data : [data]).filter((m) => m && typeof m === 'object' && typeof m.type === 'string');
}

/**
 * @typedef {object} RoomEnv
 * @property {(msg: object) => boolean} send  false when the socket is not open
 * @property {() => boolean} isOpen
 * @property {{ get(k: string): string | null, set(k: string, v: string): void, del(k: string): void }} store
 * @property {{ set(code: string): void, clear(): void }} active  the session this tab is in
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(t: any) => void} clearTimeout
 * @property {() => number} now
 * @property {() => number} [random]
 * @property {{ render(): void, updateOpen(): void, showJoin(): void, showSession(): void, toast(code: string): void,
 *              removed(): void, ended(): void, followNotice(step: string): void, rulesChanged(): void, keepCode(code: string): void }} ui
 * @property {{ welcomed(): void, alive(): void, stop(): void, lost(): void, armAck(waiting: boolean): void }} conn
 */

/** @param {'nl' | 'en'} lang @param {RoomEnv} env */
export function createRoom(lang, env) {
  const S = newState(lang);
  const random = env.random || Math.random;

  // ---------------------------------------------------------------- what the page shows
  /** @param {string} id */
  function stepById(id) {
    if (!S.welcome || !S.welcome.session || !Array.isArray(S.welcome.session.steps)) return null;
    return S.welcome.session.steps.find((/** @type {any} */ s) => s && s.id === id) || null;
  }
  const isPaused = () => !!(S.view && S.view.paused);
  const following = () => !(S.view && S.view.follow === false);
  /** The step this phone shows: the current one while following, else the one it picked. */
  function currentStep() {
    if (!S.welcome || !S.view) return null;
    const id = following() ? S.view.current : S.picked;
    if (!id || typeof id !== 'string') return null;
    return stepById(id);
  }
  /** @param {string} id */
  function stepState(id) {
    if (!S.view || !Array.isArray(S.view.steps)) return null;
    return S.view.steps.find((/** @type {any} */ s) => s && s.id === id) || null;
  }
  /** @param {string} id */
  function stepResults(id) {
    if (!S.view || !Array.isArray(S.view.results)) return null;
    return S.view.results.find((/** @type {any} */ r) => r && r.step === id) || null;
  }
  /** The options of a dot vote: in the agenda, or (from an earlier step) in the view once opened. @param {any} step */
  function dotOptions(step) {
    if (Array.isArray(step.options) && step.options.length) return step.options;
    const st = stepState(step.id);
    return st && Array.isArray(st.options) ? st.options : [];
  }
  /** Open steps in agenda order (a locked step is closed, so never listed). */
  function openStepIds() {
    /** @type {string[]} */
    const out = [];
    for (const step of arr(S.welcome && S.welcome.session.steps)) {
      const st = step ? stepState(step.id) : null;
      if (st && st.phase === 'open' && !st.locked) out.push(step.id);
    }
    return out;
  }
  /** The session's threshold k: from the view, else from /healthz; 0 when unknown. */
  function minAnswers() {
    return positive(S.view && S.view.min_answers) || positive(S.health && S.health.min_answers);
  }
  /**
   * The save state of an answer, and the string key of its words.
   * @param {string} key
   * @returns {{ state: 'none' | 'pending' | 'saved' | 'error', text: string }}
   */
  function saveInfo(key) {
    const l = S.local.get(key);
    const err = S.itemErrors.get(key);
    /** @type {'none' | 'pending' | 'saved' | 'error'} */
    let state = 'none';
    let text = '';
    if (l && hasValue(l.value) && l.state === 'pending') { state = 'pending'; text = S.joined && !isPaused() ? 'saving' : 'waitingConn'; }
    else if (l && hasValue(l.value) && l.state === 'saved') { state = 'saved'; text = 'saved'; }
    if (err && state !== 'pending') { state = 'error'; text = 'notSaved'; }
    return { state, text };
  }
  /** @param {string} step @param {string} item */
  const answerOf = (step, item) => S.local.get(K(step, item)) || null;
  /** The participant's key for sending and fetching photos (its resume token), '' before joining. */
  function photoToken() {
    const w = S.welcome && typeof S.welcome.resume_token === 'string' ? S.welcome.resume_token : '';
    return w || (S.code && env.store.get(tokenKey(S.code))) || '';
  }
  /**
   * A photo the server took in (docs/protocol.md, section 7): one of this participant's own
   * from now on, as the next `mine` lists it. The same photo again (a repeated upload) stays one.
   * @param {string} step @param {{ id: string, caption: string, category: string, status: string }} photo
   */
  function addOwnPhoto(step, photo) {
    const key = K(step, '');
    const l = S.local.get(key);
    const list = (l && Array.isArray(l.value) ? l.value : []).filter((/** @type {any} */ p) => !(p && p.id === photo.id));
    list.push(photo);
    S.local.set(key, { step, item: '', value: list, comment: '', seq: 0, state: 'saved', t: env.now() });
    S.confirmed.set(key, { value: list, comment: '' });
    env.ui.updateOpen();
  }

  // ---------------------------------------------------------------- session life
  /** Forgets everything of the session on this page (not the stored token). */
  function resetSession() {
    S.joined = false;
    S.everJoined = false;
    S.welcome = null;
    S.view = null;
    S.lastRev = -1;
    S.local.clear();
    S.confirmed.clear();
    S.seqToKey.clear();
    S.openComments.clear();
    S.itemErrors.clear();
    for (const tm of S.typingTimers.values()) env.clearTimeout(tm);
    S.typingTimers.clear();
    for (const ed of S.editors.values()) env.clearTimeout(ed.confirmTimer);
    S.editors.clear();
    S.picked = '';
    S.followNotice = null;
    S.ended = null;
    S.focusedKey = '';
  }

  // ---------------------------------------------------------------- what this browser remembers per code
  /** The facilitator removed this browser from the session with this code. @param {string} code */
  const wasRemoved = (code) => !!code && !!env.store.get(removedKey(code));
  /** How the session with this code ended for this browser, if it did. @param {string} code */
  const endOf = (code) => (code ? parseEnd(env.store.get(endedKey(code))) : null);
  /** The server's retention in days as far as known (/healthz, else what was kept with the end). */
  function retentionDays() {
    const d = S.health && S.health.retention_days;
    if (Number.isInteger(d) && d >= 0) return d;
    return S.ended ? S.ended.days : null;
  }
  /** @param {'ended' | 'deleted'} why */
  function markEnded(why) {
    const days = retentionDays();
    S.ended = { why, days };
    env.store.set(endedKey(S.code), JSON.stringify(S.ended));
  }
  function clearEnded() {
    S.ended = null;
    env.store.del(endedKey(S.code));
  }

  /** Starts (re)joining the session with this code: a fresh state, kept answers restored. @param {string} code @param {string} name */
  function startSession(code, name) {
    S.code = code;
    S.name = name;
    S.joinError = '';
    S.wantJoin = true;
    resetSession();
    // Ended before (a reload): the end screen shows at once, also without network; the
    // session's next view says whether it still is.
    const end = endOf(code);
    if (end && end.why === 'ended') S.ended = end;
    loadPending();
  }

  /** Stops joining, forgets the session; the join screen shows. */
  function leave() {
    S.wantJoin = false;
    env.conn.stop();
    resetSession();
    env.active.clear();
    env.ui.showJoin();
  }

  /** The join request of a (re)connected socket. */
  function joinMessage() {
    S.joinSeq = S.nextSeq++;
    /** @type {Record<string, any>} */
    // view_updates: while answers come in, only the counters and results (onViewUpdate).
    const msg = { type: 'join', seq: S.joinSeq, protocol_version: PROTOCOL_VERSION, code: S.code, role: 'participant', view_updates: true };
    const token = env.store.get(tokenKey(S.code));
    if (token) msg.resume_token = token;
    if (S.name) msg.name = S.name;
    return msg;
  }

  /** Asks for a fresh snapshot; its reply shows the socket is alive. */
  function sync() {
    S.syncSeq = S.nextSeq++;
    return env.send({ type: 'sync', seq: S.syncSeq });
  }

  /** The socket is gone: everything sent but not acked goes back to "waiting", resent after rejoining. */
  function socketLost() {
    S.joined = false;
    S.seqToKey.clear();
    for (const a of S.local.values()) if (a.state === 'pending') a.seq = 0;
  }

  // ---------------------------------------------------------------- kept answers
  function savePending() {
    if (!S.code) return;
    const list = pendingList(S.local.values());
    if (list.length) env.store.set(pendingKey(S.code), JSON.stringify(list));
    else env.store.del(pendingKey(S.code));
  }
  function loadPending() {
    const raw = env.store.get(pendingKey(S.code));
    if (!raw) return;
    const list = parsePending(raw, env.now(), PENDING_MAX_AGE_MS, commentMax(S.rules));
    if (!list) { env.store.del(pendingKey(S.code)); return; }
    for (const a of list) S.local.set(K(a.step, a.item), a);
  }

  // ---------------------------------------------------------------- messages
  /** @param {any} msg */
  function handleMessage(msg) {
    switch (msg.type) {
      case 'welcome': onWelcome(msg); break;
      case 'view': onView(msg); break;
      case 'view_update': onViewUpdate(msg); break;
      case 'mine': onMine(msg); break;
      case 'ack': onAck(msg); break;
      case 'error': onError(msg); break;
      default: break; // unknown messages are ignored
    }
  }

  /** @param {any} msg */
  function onWelcome(msg) {
    if (!msg.session || typeof msg.session !== 'object' || !Array.isArray(msg.session.steps)) return;
    if (msg.role && msg.role !== 'participant') return;
    env.conn.welcomed();
    // The join code names the session (a participant's welcome carries no session id).
    const sameSession = S.welcome && S.welcome.session && S.welcome.session.code === msg.session.code;
    if (!sameSession) S.lastRev = -1;
    setRules(rulesOfWelcome(msg));
    S.welcome = msg;
    S.joined = true;
    S.everJoined = true;
    S.acceptNextView = true;
    S.joinError = '';
    // A session with this code exists (again): a deletion remembered for it no longer holds.
    const end = endOf(S.code);
    if (end && end.why === 'deleted') env.store.del(endedKey(S.code));
    if (typeof msg.resume_token === 'string' && msg.resume_token) env.store.set(tokenKey(S.code), msg.resume_token);
    env.active.set(S.code);
    env.ui.keepCode(S.code);
    env.ui.showSession();
    flushPending();
    env.ui.render();
  }

  /** The server's rules replace the page's when they differ. @param {Rules | null} rules */
  function setRules(rules) {
    if (!rules || sameRules(rules, S.rules)) return;
    S.rules = rules;
    env.ui.rulesChanged();
  }

  /** @param {any} msg */
  function onView(msg) {
    if (typeof msg.rev !== 'number') return;
    if (msg.role && msg.role !== 'participant') return;
    if (!S.acceptNextView && msg.rev < S.lastRev) {
      // Stale: ignore it, and ask for a fresh snapshot.
      resyncSoon();
      return;
    }
    S.acceptNextView = false;
    S.lastRev = msg.rev;
    // The timer counts against the server's clock: phones' clocks are often minutes off.
    if (typeof msg.now === 'number' && Number.isFinite(msg.now)) S.clockOffset = msg.now - env.now();
    const prev = S.view;
    noteFollowChange(prev, msg);
    S.view = msg;
    dropGonePicks();
    // Ended by the facilitator (end_session); opening a step again clears it.
    if (msg.ended === true) { if (!S.ended || S.ended.why !== 'ended') markEnded('ended'); }
    else if (S.ended) clearEnded();
    env.ui.render();
    // After a pause, what was typed meanwhile is sent now.
    if (prev && prev.paused && !msg.paused) flushPending();
  }

  /** Asks for a fresh snapshot after a view that did not fit (not too often). */
  function resyncSoon() {
    const now = env.now();
    if (S.joined && S.rules && now - S.lastSyncForStale >= S.rules.reconnect.resync_ms) {
      S.lastSyncForStale = now;
      env.send({ type: 'sync', seq: S.nextSeq++ });
    }
  }

  /** Only the counters and results changed (docs/protocol.md, `view_update`): they go into
   *  the last view, which is then shown as a new one; each result in it replaces the view's of
   *  the same step, the others stay. An update older than the view shown changes nothing; one
   *  for other steps asks for a snapshot.
   *  @param {any} msg */
  function onViewUpdate(msg) {
    const v = S.view;
    if (!v || S.acceptNextView || typeof msg.rev !== 'number' || msg.rev <= S.lastRev) return;
    const steps = arr(v.steps), counts = arr(msg.steps), results = arr(v.results);
    const byStep = new Map(arr(msg.results).map((r) => [r && r.step, r]));
    const fits = counts.length === steps.length &&
      counts.every((c, i) => c && steps[i] && c.id === steps[i].id) &&
      [...byStep.keys()].every((id) => results.some((r) => r && r.step === id));
    if (!fits || !Array.isArray(msg.results) || !Array.isArray(msg.summary)) { resyncSoon(); return; }
    onView(Object.assign({}, v, {
      rev: msg.rev, joined: msg.joined, online: msg.online, now: msg.now,
      results: results.map((r) => (r && byStep.has(r.step) ? byStep.get(r.step) : r)), summary: msg.summary,
      steps: steps.map((st, i) => Object.assign({}, st, { answered: counts[i].answered, complete: counts[i].complete })),
    }));
  }

  /** An own image the facilitator deleted left the view (view.steps[].own_images), and the
   *  server's answers with it: a pick of it leaves this phone's answer too, also one still on
   *  its way (what is left is sent instead). An answer left without a picture is gone, as on
   *  the server, its reason with it. */
  function dropGonePicks() {
    let changed = false;
    for (const step of arr(S.welcome && S.welcome.session.steps)) {
      if (!step || step.kind !== KIND.imageChoice) continue;
      const status = stepState(step.id);
      if (!status) continue;
      const ids = new Set(imageDeck(step, status).map((im) => im.id));
      const key = K(step.id, '');
      const c = S.confirmed.get(key);
      const cv = c ? picksIn(c.value, ids) : null;
      if (c && cv !== c.value) {
        if (isEmptyValue(cv)) S.confirmed.delete(key); else S.confirmed.set(key, { value: cv, comment: c.comment });
      }
      const l = S.local.get(key);
      const v = l ? picksIn(l.value, ids) : null;
      if (!l || v === l.value) continue;
      changed = true;
      if (isEmptyValue(v)) {
        typingCancel(key);
        S.local.delete(key);
        S.itemErrors.delete(key);
      } else {
        l.value = v;
      }
    }
    if (changed) savePending();
  }

  /** Follow on: the phone shows the current step. Switched on again (bring_here): a short notice
   *  says where everyone goes. Follow off: the step this phone picked stays, if it exists.
   *  @param {any} prev @param {any} next */
  function noteFollowChange(prev, next) {
    if (next.follow === false) {
      if (S.picked && !stepById(S.picked)) S.picked = '';
      return;
    }
    S.picked = '';
    if (prev && prev.follow === false && typeof next.current === 'string' && stepById(next.current)) {
      env.ui.followNotice(next.current);
    }
  }

  /** @param {any} msg */
  function onMine(msg) {
    if (!Array.isArray(msg.answers)) return;
    S.confirmed.clear();
    for (const a of msg.answers) {
      if (!a || typeof a.step !== 'string' || !validValue(a.value)) continue;
      if (a.item !== undefined && typeof a.item !== 'string') continue;
      const item = a.item || '';
      const key = K(a.step, item);
      const comment = typeof a.comment === 'string' ? a.comment : '';
      S.confirmed.set(key, { value: a.value, comment });
      const l = S.local.get(key);
      // A local answer still on its way wins; otherwise the server's answer is the truth.
      if (!l || l.state !== 'pending') {
        S.local.set(key, { step: a.step, item, value: a.value, comment, seq: 0, state: 'saved', t: env.now() });
        if (comment) S.openComments.add(key);
        const ed = S.editors.get(a.step);
        if (ed && !item) ed.draft = null;
      }
    }
    // Local "saved" entries the server does not know (e.g. another session reset) are dropped.
    for (const [key, l] of S.local) {
      if (l.state === 'saved' && !S.confirmed.has(key)) S.local.delete(key);
    }
    env.ui.render();
  }

  /** @param {any} msg */
  function onAck(msg) {
    if (msg.seq === S.syncSeq) { env.conn.alive(); return; }
    const key = S.seqToKey.get(msg.seq);
    if (key === undefined) return;
    S.seqToKey.delete(msg.seq);
    env.conn.armAck(S.seqToKey.size > 0);
    const l = S.local.get(key);
    if (!l || l.seq !== msg.seq) return; // a newer change of this item is on its way
    l.seq = 0;
    if (l.sent) S.confirmed.set(key, l.sent);
    const upToDate = l.sent && same(l.sent.value, l.value) && l.sent.comment === (l.comment || '');
    // Still typing (a debounced send is waiting): stay "saving…" until that one is acked.
    if (upToDate && !S.typingTimers.has(key)) l.state = 'saved';
    else if (!S.typingTimers.has(key)) sendAnswer(key);
    S.itemErrors.delete(key);
    savePending();
    env.ui.updateOpen();
  }

  /** Errors that end the attempt to join: back to the join screen, saying why. */
  const JOIN_FAILURES = new Set(['room_full', 'unsupported_version', 'bad_message', 'forbidden']);

  /** @param {any} msg */
  function onError(msg) {
    const code = typeof msg.code === 'string' ? msg.code : 'internal';
    // A sync answered by an error still proves the socket is alive.
    if (msg.seq !== undefined && msg.seq === S.syncSeq) env.conn.alive();

    if (code === 'removed') { onRemoved(); return; }
    // The facilitator deleted the session (session_ended); a session this browser was in that
    // no longer exists (unknown_session on resuming) went the same way: not a wrong code.
    const end = endOf(S.code);
    if (code === 'session_ended' ||
        (code === 'unknown_session' && (S.everJoined || !!env.store.get(tokenKey(S.code)) || (end && end.why === 'deleted')))) {
      onDeleted();
      return;
    }
    const isJoin = msg.seq !== undefined && msg.seq === S.joinSeq && !S.joined;
    if (code === 'unknown_session' || code === 'unsupported_version' || (isJoin && JOIN_FAILURES.has(code))) {
      S.wantJoin = false;
      env.conn.stop();
      if (code === 'unknown_session') env.store.del(tokenKey(S.code));
      resetSession();
      env.active.clear();
      S.joinError = code;
      env.ui.showJoin();
      return;
    }
    if (code === 'not_joined') { env.conn.lost(); return; }
    // Its server is handing the session to another one: connect again shortly (back-off).
    if (code === 'session_moving') { env.conn.lost(); return; }
    if (code === 'already_joined') return;

    const key = msg.seq !== undefined ? S.seqToKey.get(msg.seq) : undefined;
    if (key !== undefined) {
      S.seqToKey.delete(msg.seq);
      env.conn.armAck(S.seqToKey.size > 0);
      const l = S.local.get(key);
      if (l && l.seq === msg.seq) {
        if (code === 'rate_limited' || code === 'store_unavailable' || code === 'internal') {
          // Nothing changed on the server: keep it pending and try again a bit later.
          l.seq = 0;
          if (S.rules) env.setTimeout(flushPending, backoffDelay(S.rules.reconnect, code === 'rate_limited' ? 2 : 3, random));
        } else {
          // Refused for good (step_not_open, text_too_long, paused, …): back to what the server
          // has; the item shows "not saved" and can be chosen again.
          const c = S.confirmed.get(key);
          if (c) { l.value = c.value; l.comment = c.comment; l.state = 'saved'; l.seq = 0; }
          else S.local.delete(key);
          S.itemErrors.set(key, code);
        }
        savePending();
      }
    }
    env.ui.toast(code);
    env.ui.updateOpen();
  }

  /** Removed by the facilitator: a final screen, the token and kept answers for this code
   *  forgotten, the removal remembered (this browser does not join this code again). */
  function onRemoved() {
    S.wantJoin = false;
    env.conn.stop();
    env.store.del(tokenKey(S.code));
    env.store.del(pendingKey(S.code));
    env.store.set(removedKey(S.code), JSON.stringify({ t: env.now() }));
    env.active.clear();
    resetSession();
    env.ui.removed();
  }

  /** The session is deleted: the end screen saying so, remembered; nothing left to reconnect to. */
  function onDeleted() {
    S.wantJoin = false;
    env.conn.stop();
    env.store.del(tokenKey(S.code));
    env.store.del(pendingKey(S.code));
    env.active.clear();
    resetSession();
    markEnded('deleted');
    env.ui.ended();
  }

  // ---------------------------------------------------------------- answering
  /** @param {string} key */
  function sendAnswer(key) {
    const l = S.local.get(key);
    if (!l || !hasValue(l.value)) return;
    l.state = 'pending';
    l.t = env.now();
    // Offline or paused: kept as "not saved yet" and sent after reconnecting or resuming.
    if (!S.joined || !env.isOpen() || isPaused()) { l.seq = 0; savePending(); return; }
    const seq = S.nextSeq++;
    if (l.seq) S.seqToKey.delete(l.seq);
    l.seq = seq;
    S.seqToKey.set(seq, key);
    /** @type {Record<string, any>} */
    const msg = { type: 'answer', seq, step: l.step, value: l.value };
    if (l.item) msg.item = l.item;
    const st = stepById(l.step);
    if (!st || !NO_COMMENT.has(st.kind)) msg.comment = l.comment || '';
    l.sent = { value: msg.value, comment: l.comment || '' };
    if (!env.send(msg)) { l.seq = 0; S.seqToKey.delete(seq); }
    savePending();
    env.conn.armAck(S.seqToKey.size > 0);
  }

  function flushPending() {
    if (!S.joined) return;
    for (const [key, l] of S.local) {
      if (l.state === 'pending' && hasValue(l.value) && !l.seq) sendAnswer(key);
    }
    env.ui.updateOpen();
  }

  /** @param {string} key @param {string} step @param {string} item */
  function localFor(key, step, item) {
    let l = S.local.get(key);
    if (!l) { l = { step, item, value: '', comment: '', seq: 0, state: 'pending', t: env.now() }; S.local.set(key, l); }
    return l;
  }

  /** A tap on an answer (a colour, a number, an option, pictures). @param {string} step @param {string} item @param {any} value */
  function choose(step, item, value) {
    // The pause screen covers the buttons; a tap that still gets through is not taken.
    if (isPaused()) { env.ui.toast('paused'); env.ui.updateOpen(); return; }
    const key = K(step, item);
    const l = localFor(key, step, item);
    const hadTimer = typingCancel(key); // the answer carries the comment as typed so far
    if (same(l.value, value) && l.state === 'saved' && !hadTimer) return; // nothing new to send
    l.value = value;
    S.itemErrors.delete(key);
    sendAnswer(key);
    env.ui.updateOpen();
  }

  /** @param {string} key */
  function typingCancel(key) {
    const tm = S.typingTimers.get(key);
    if (!tm) return false;
    env.clearTimeout(tm);
    S.typingTimers.delete(key);
    return true;
  }
  /** Sends the answer after `delay` ms without another change. @param {string} key @param {number} delay */
  function sendLater(key, delay) {
    S.typingTimers.set(key, env.setTimeout(() => { S.typingTimers.delete(key); sendAnswer(key); env.ui.updateOpen(); }, delay));
  }

  /** The comment (or "why") of an answer changed; `immediate` on leaving the field.
   *  @param {string} step @param {string} item @param {string} text @param {boolean} immediate */
  function commentChanged(step, item, text, immediate) {
    const key = K(step, item);
    const value = cutText(text, commentMax(S.rules));
    let l = S.local.get(key);
    if (!l) { l = localFor(key, step, item); l.comment = value; }
    if (l.comment === value && !immediate) return;
    const changed = l.comment !== value;
    l.comment = value;
    const hadTimer = typingCancel(key);
    if (!hasValue(l.value)) { env.ui.updateOpen(); return; }
    if (immediate) {
      if (changed || hadTimer) sendAnswer(key);
      env.ui.updateOpen();
      return;
    }
    // Show "saving…" right away, send after a short pause in typing.
    l.state = 'pending';
    sendLater(key, TYPING_PAUSE_MS);
    env.ui.updateOpen();
  }

  /** Sends every answer that waits for a pause in typing, now. */
  function flushTyping() {
    const keys = [...S.typingTimers.keys()];
    for (const key of keys) typingCancel(key);
    for (const key of keys) sendAnswer(key);
  }

  /** Value-only kinds (texts, dots, entries, actions): the whole value is resent on every change,
   *  after `delay` ms of calm (0: now). An empty value withdraws, but only if the server has one.
   *  @param {string} step @param {any} value @param {number} delay */
  function setValue(step, value, delay) {
    const key = K(step, '');
    const empty = isEmptyValue(value);
    let l = S.local.get(key);
    if (!l) {
      if (empty) { env.ui.updateOpen(); return; }
      l = localFor(key, step, '');
      l.value = undefined;
    }
    const hadTimer = typingCancel(key);
    if (empty && !S.confirmed.has(key) && !l.seq) { S.local.delete(key); savePending(); env.ui.updateOpen(); return; }
    if (same(l.value, value) && l.state === 'saved' && !hadTimer) { env.ui.updateOpen(); return; }
    l.value = value;
    S.itemErrors.delete(key);
    if (delay > 0) {
      l.state = 'pending';
      sendLater(key, delay);
    } else {
      sendAnswer(key);
    }
    env.ui.updateOpen();
  }

  return {
    S,
    stepById, isPaused, following, currentStep, stepState, stepResults, dotOptions, openStepIds, minAnswers, saveInfo, answerOf,
    photoToken, addOwnPhoto,
    wasRemoved, endOf, retentionDays,
    resetSession, startSession, leave, joinMessage, sync, socketLost, setRules,
    handleMessage, sendAnswer, flushPending, choose, commentChanged, flushTyping, setValue,
  };
}

/** @typedef {ReturnType<typeof createRoom>} Room */
