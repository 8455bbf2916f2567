// Kring participant page. Plain JS, no framework, no external resources.
// Protocol: docs/protocol.md (version 1). All participant and content text is inserted
// with textContent, never as markup.
'use strict';

(function () {
  const PROTOCOL_VERSION = 1;
  const COMMENT_MAX = 500;
  const COMMENT_DEBOUNCE_MS = 600;
  const BACKOFF_START_MS = 500;
  const BACKOFF_CAP_MS = 10000;
  const JOIN_TIMEOUT_MS = 8000;     // no welcome in time: the socket is treated as dead
  const ACK_TIMEOUT_MS = 10000;     // an answer without ack in time: reconnect and resend
  const PING_TIMEOUT_MS = 5000;     // after waking up: a sync must be answered in time
  const PENDING_MAX_AGE_MS = 6 * 3600 * 1000;

  // ---------------------------------------------------------------- UI strings
  const STRINGS = {
    nl: {
      docTitle: 'Kring – meedoen',
      langLabel: 'Taal',
      joinTitle: 'Doe mee met de sessie',
      codeLabel: 'Code van het scherm',
      nameLabel: 'Je naam (niet verplicht)',
      nameHint: 'Je antwoorden worden nooit met je naam getoond.',
      joinButton: 'Meedoen',
      joining: 'Verbinden…',
      noticeTitle: 'Goed om te weten',
      noticeWhatT: 'Waarvoor?',
      noticeWhat: 'Samen kijken we hoe jullie werking loopt. Bij elke vraag zeg je hoe jij het ziet.',
      noticeAnonT: 'Anoniem',
      noticeAnon: 'Niemand ziet wat jij antwoordt. De groep ziet alleen de totalen.',
      noticeVolT: 'Vrijwillig',
      noticeVol: 'Je hoeft niets te beantwoorden. Bij elke vraag kun je overslaan.',
      noticeStoreT: 'Wat wordt bewaard?',
      noticeStore: 'Alleen je antwoorden, zonder je naam, op de server van de begeleider.',
      codeMissing: 'Vul de code in die op het scherm staat.',
      connectRetry: 'Nog geen verbinding. We proberen het opnieuw…',
      reconnecting: 'Verbinding herstellen…',
      waitingTitle: 'Wacht even, de begeleider start zo.',
      waitingSub: 'Je mag dit scherm open laten staan.',
      elsewhereTitle: 'Kijk mee op het grote scherm.',
      elsewhereSub: 'Voor deze stap hoef je hier niets te doen.',
      closedTitle: 'Antwoorden zijn gesloten. Wacht op de resultaten.',
      closedSub: 'Bedankt voor je antwoorden.',
      progress: '{n} van {total} beantwoord',
      itemOf: 'Vraag {n} van {total}',
      green: 'Loopt goed',
      orange: 'Kan sterker',
      red: 'Werkpunt',
      pass: 'Sla over',
      passCount: 'Overgeslagen',
      commentAdd: '+ opmerking',
      commentHide: '− opmerking',
      commentLabel: 'Opmerking (niet verplicht)',
      commentHint: 'Schrijf geen namen of persoonlijke gegevens.',
      commentNeedsChoice: 'Kies ook een antwoord, dan bewaren we je opmerking.',
      saved: 'bewaard ✓',
      saving: 'bewaren…',
      waitingConn: 'nog niet bewaard',
      notSaved: 'niet bewaard',
      resultsTitle: 'Resultaat',
      resultsTotal: '{n} deelnemers gaven antwoord',
      resultsTotalOne: '1 deelnemer gaf antwoord',
      resultsOrder: 'Waar het meeste verschil is, staat bovenaan.',
      noAnswers: 'Geen antwoorden',
      allPassed: 'Alleen overgeslagen',
      choiceGroup: 'Jouw antwoord',
      leave: 'Sessie verlaten',
      errors: {
        unknown_session: 'Deze code bestaat niet. Kijk nog eens naar het scherm.',
        step_not_open: 'Deze vragen zijn niet meer open. Je antwoord is niet bewaard.',
        text_too_long: 'Je opmerking is te lang. Maak ze wat korter.',
        rate_limited: 'Even rustig aan: we bewaren je antwoord zo meteen.',
        room_full: 'De sessie is vol. Vraag de begeleider wat je kunt doen.',
        store_unavailable: 'De server kan nu even niets bewaren. We proberen het opnieuw.',
        unsupported_version: 'Deze pagina is verouderd. Laad de pagina opnieuw.',
        generic: 'Er ging iets mis. Probeer het nog eens.'
      }
    },
    en: {
      docTitle: 'Kring – join',
      langLabel: 'Language',
      joinTitle: 'Join the session',
      codeLabel: 'Code from the screen',
      nameLabel: 'Your name (optional)',
      nameHint: 'Your answers are never shown with your name.',
      joinButton: 'Join',
      joining: 'Connecting…',
      noticeTitle: 'Good to know',
      noticeWhatT: 'What for?',
      noticeWhat: 'Together we look at how your work is going. For each question you say how you see it.',
      noticeAnonT: 'Anonymous',
      noticeAnon: 'Nobody sees what you answer. The room only sees the totals.',
      noticeVolT: 'Voluntary',
      noticeVol: 'You don\u2019t have to answer anything. You can pass on any question.',
      noticeStoreT: 'What is stored?',
      noticeStore: 'Only your answers, without your name, on the facilitator\u2019s server.',
      codeMissing: 'Type the code that is shown on the screen.',
      connectRetry: 'No connection yet. Trying again…',
      reconnecting: 'Reconnecting…',
      waitingTitle: 'Please wait, the facilitator will start soon.',
      waitingSub: 'You can leave this screen open.',
      elsewhereTitle: 'Follow along on the big screen.',
      elsewhereSub: 'There is nothing to do here for this step.',
      closedTitle: 'Answers are closed. Wait for the results.',
      closedSub: 'Thank you for your answers.',
      progress: '{n} of {total} answered',
      itemOf: 'Question {n} of {total}',
      green: 'Going well',
      orange: 'Could be stronger',
      red: 'Needs work',
      pass: 'Pass',
      passCount: 'Passed',
      commentAdd: '+ comment',
      commentHide: '− comment',
      commentLabel: 'Comment (optional)',
      commentHint: 'Don\u2019t write names or personal details.',
      commentNeedsChoice: 'Choose an answer too, then we save your comment.',
      saved: 'saved ✓',
      saving: 'saving…',
      waitingConn: 'not saved yet',
      notSaved: 'not saved',
      resultsTitle: 'Result',
      resultsTotal: '{n} participants answered',
      resultsTotalOne: '1 participant answered',
      resultsOrder: 'Most disagreement first.',
      noAnswers: 'No answers',
      allPassed: 'Only passes',
      choiceGroup: 'Your answer',
      leave: 'Leave session',
      errors: {
        unknown_session: 'This code does not exist. Have another look at the screen.',
        step_not_open: 'These questions are no longer open. Your answer was not saved.',
        text_too_long: 'Your comment is too long. Please make it shorter.',
        rate_limited: 'Slow down a little: we will save your answer in a moment.',
        room_full: 'The session is full. Ask the facilitator what to do.',
        store_unavailable: 'The server cannot save anything right now. We will try again.',
        unsupported_version: 'This page is out of date. Please reload the page.',
        generic: 'Something went wrong. Please try again.'
      }
    }
  };

  const CHOICES = [
    { value: 'green', icon: '\u25CF' },   // ●
    { value: 'orange', icon: '\u25D0' },  // ◐
    { value: 'red', icon: '\u25B2' },     // ▲
    { value: 'pass', icon: '\u2013' }     // –
  ];
  const ICON = { green: '\u25CF', orange: '\u25D0', red: '\u25B2', pass: '\u2013' };
  const VALUES = new Set(['green', 'orange', 'red', 'pass']);

  // ---------------------------------------------------------------- storage
  const store = {
    get(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set(key, v) { try { window.localStorage.setItem(key, v); } catch (e) { /* private mode */ } },
    del(key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };
  const tokenKey = (code) => 'kring.token.' + code;
  const pendingKey = (code) => 'kring.pending.' + code;

  // ---------------------------------------------------------------- state
  const S = {
    lang: (store.get('kring.lang') === 'en') ? 'en' : 'nl',
    code: '',              // normalized join code we are (trying to be) in
    name: '',
    wantJoin: false,       // keep (re)connecting while true
    joined: false,         // welcome received on the current socket
    everJoined: false,     // welcome received at least once for this code
    welcome: null,
    view: null,
    lastRev: -1,
    acceptNextView: false, // the view right after a welcome is a fresh snapshot
    confirmed: new Map(),  // key "step\u0000item" -> {value, comment}: what the server has
    local: new Map(),      // key -> {step,item,value,comment,seq,state:'pending'|'saved'|'error', t}
    seqToKey: new Map(),
    nextSeq: 1,
    joinSeq: 0,
    syncSeq: 0,
    openComments: new Set(),
    commentTimers: new Map(),
    itemErrors: new Map(), // item key -> error code of its last refused answer
    joinError: '',         // error code shown on the join screen
    toastCode: '',
    toastTimer: 0,
    renderedKey: '',
    lastSyncForStale: 0
  };

  const K = (step, item) => step + '\u0000' + item;

  // ---------------------------------------------------------------- helpers
  function t(key, vars) {
    const dict = STRINGS[S.lang];
    let s = dict[key];
    if (s === undefined) s = STRINGS.nl[key];
    if (s === undefined) s = key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    return s;
  }
  function errText(code) {
    const e = STRINGS[S.lang].errors;
    return e[code] || e.generic;
  }
  function loc(text) {
    if (!text || typeof text !== 'object') return typeof text === 'string' ? text : '';
    return text[S.lang] || text.nl || text.en || '';
  }
  function el(tag, attrs, text) {
    const n = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') n.className = v;
        else if (k === 'hidden') n.hidden = true;
        else n.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function normalizeCode(v) {
    return String(v || '').toUpperCase().replace(/[\s\u00A0-]+/g, '');
  }
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- pending persistence
  function savePending() {
    if (!S.code) return;
    const list = [];
    for (const a of S.local.values()) {
      if (a.state === 'pending' && a.value) {
        list.push({ step: a.step, item: a.item, value: a.value, comment: a.comment || '', t: a.t });
      }
    }
    if (list.length) store.set(pendingKey(S.code), JSON.stringify(list));
    else store.del(pendingKey(S.code));
  }
  function loadPending() {
    const raw = store.get(pendingKey(S.code));
    if (!raw) return;
    let list;
    try { list = JSON.parse(raw); } catch (e) { list = null; }
    if (!Array.isArray(list)) { store.del(pendingKey(S.code)); return; }
    const now = Date.now();
    for (const a of list) {
      if (!a || typeof a.step !== 'string' || typeof a.item !== 'string' || !VALUES.has(a.value)) continue;
      if (typeof a.t !== 'number' || now - a.t > PENDING_MAX_AGE_MS) continue;
      S.local.set(K(a.step, a.item), {
        step: a.step, item: a.item, value: a.value,
        comment: typeof a.comment === 'string' ? a.comment.slice(0, COMMENT_MAX) : '',
        seq: 0, state: 'pending', t: a.t
      });
    }
  }

  // ---------------------------------------------------------------- connection
  let ws = null;
  let attempt = 0;
  let retryTimer = 0;
  let joinTimer = 0;
  let pingTimer = 0;
  let ackTimer = 0;
  let hiddenAt = 0;

  function wsUrl() {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return proto + '//' + window.location.host + '/ws';
  }

  function send(obj) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try { ws.send(JSON.stringify(obj)); return true; } catch (e) { return false; }
  }

  function clearTimers() {
    clearTimeout(retryTimer); retryTimer = 0;
    clearTimeout(joinTimer); joinTimer = 0;
    clearTimeout(pingTimer); pingTimer = 0;
    clearTimeout(ackTimer); ackTimer = 0;
  }

  function dropSocket() {
    const old = ws;
    ws = null;
    S.joined = false;
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      try { old.close(1000); } catch (e) { /* ignore */ }
    }
  }

  function connect() {
    clearTimeout(retryTimer); retryTimer = 0;
    if (!S.wantJoin) return;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    dropSocket();
    let sock;
    try { sock = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    // A connection attempt on weak Wi-Fi can hang for minutes: give up after a while and retry.
    clearTimeout(joinTimer);
    joinTimer = setTimeout(() => { if (ws === sock && !S.joined) lostConnection(); }, JOIN_TIMEOUT_MS);
    sock.onopen = () => {
      if (ws !== sock) return;
      S.joinSeq = S.nextSeq++;
      const msg = { type: 'join', seq: S.joinSeq, protocol_version: PROTOCOL_VERSION,
                    code: S.code, role: 'participant' };
      const token = store.get(tokenKey(S.code));
      if (token) msg.resume_token = token;
      if (S.name) msg.name = S.name;
      send(msg);
      clearTimeout(joinTimer);
      joinTimer = setTimeout(() => { if (ws === sock && !S.joined) lostConnection(); }, JOIN_TIMEOUT_MS);
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      if (typeof ev.data !== 'string') return;
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
      handleMessage(msg);
    };
    sock.onclose = () => { if (ws === sock) lostConnection(); };
    sock.onerror = () => { /* onclose follows */ };
  }

  function lostConnection() {
    clearTimers();
    dropSocket();
    // Everything sent but not acked goes back to "waiting": it is resent after rejoining.
    S.seqToKey.clear();
    for (const a of S.local.values()) if (a.state === 'pending') a.seq = 0;
    if (!S.wantJoin) return;
    scheduleReconnect();
    render();
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * Math.pow(2, attempt));
    attempt = Math.min(attempt + 1, 10);
    const delay = base / 2 + Math.random() * base / 2;
    retryTimer = setTimeout(connect, delay);
    updateBanner();
  }

  function reconnectNow() {
    if (!S.wantJoin) return;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
    attempt = 0;
    connect();
  }

  function checkAlive() {
    // After the phone slept, an "open" socket may be dead. Ask for a snapshot; no answer: reconnect.
    if (!ws || ws.readyState !== WebSocket.OPEN || !S.joined) { reconnectNow(); return; }
    const sock = ws;
    S.syncSeq = S.nextSeq++;
    send({ type: 'sync', seq: S.syncSeq });
    clearTimeout(pingTimer);
    pingTimer = setTimeout(() => { if (ws === sock) lostConnection(); }, PING_TIMEOUT_MS);
  }

  function armAckTimer() {
    clearTimeout(ackTimer);
    if (S.seqToKey.size === 0) { ackTimer = 0; return; }
    const sock = ws;
    ackTimer = setTimeout(() => { if (ws === sock && S.seqToKey.size > 0) lostConnection(); }, ACK_TIMEOUT_MS);
  }

  function leave() {
    S.wantJoin = false;
    clearTimers();
    dropSocket();
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
    try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ }
    showJoin();
  }

  // ---------------------------------------------------------------- messages
  function handleMessage(msg) {
    switch (msg.type) {
      case 'welcome': onWelcome(msg); break;
      case 'view': onView(msg); break;
      case 'mine': onMine(msg); break;
      case 'ack': onAck(msg); break;
      case 'error': onError(msg); break;
      default: break; // unknown messages are ignored
    }
  }

  function onWelcome(msg) {
    if (!msg.session || typeof msg.session !== 'object' || !Array.isArray(msg.session.steps)) return;
    if (msg.role && msg.role !== 'participant') return;
    clearTimeout(joinTimer); joinTimer = 0;
    clearTimeout(pingTimer); pingTimer = 0;
    const sameSession = S.welcome && S.welcome.session && S.welcome.session.id === msg.session.id;
    if (!sameSession) { S.lastRev = -1; }
    S.welcome = msg;
    S.joined = true;
    S.everJoined = true;
    S.acceptNextView = true;
    attempt = 0;
    S.joinError = '';
    if (typeof msg.resume_token === 'string' && msg.resume_token) {
      store.set(tokenKey(S.code), msg.resume_token);
    }
    try { sessionStorage.setItem('kring.active', S.code); } catch (e) { /* ignore */ }
    // Keep the code in the address bar, so that a reload comes back to this session.
    try {
      const url = new URL(window.location.href);
      if (url.searchParams.get('code') !== S.code) {
        url.searchParams.set('code', S.code);
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      }
    } catch (e) { /* ignore */ }
    showSession();
    flushPending();
    render();
  }

  function onView(msg) {
    if (typeof msg.rev !== 'number') return;
    if (msg.role && msg.role !== 'participant') return;
    if (!S.acceptNextView && msg.rev < S.lastRev) {
      // Stale: ignore it, and ask for a fresh snapshot (not too often).
      const now = Date.now();
      if (S.joined && now - S.lastSyncForStale > 3000) {
        S.lastSyncForStale = now;
        send({ type: 'sync', seq: S.nextSeq++ });
      }
      return;
    }
    S.acceptNextView = false;
    S.lastRev = msg.rev;
    S.view = msg;
    render();
  }

  function onMine(msg) {
    if (!Array.isArray(msg.answers)) return;
    S.confirmed.clear();
    for (const a of msg.answers) {
      if (!a || typeof a.step !== 'string' || typeof a.item !== 'string' || !VALUES.has(a.value)) continue;
      const key = K(a.step, a.item);
      const comment = typeof a.comment === 'string' ? a.comment : '';
      S.confirmed.set(key, { value: a.value, comment });
      const l = S.local.get(key);
      // A local answer still on its way wins; otherwise the server's answer is the truth.
      if (!l || l.state !== 'pending') {
        S.local.set(key, { step: a.step, item: a.item, value: a.value, comment, seq: 0, state: 'saved', t: Date.now() });
        if (comment) S.openComments.add(key);
      }
    }
    // Local "saved" entries the server does not know (e.g. another session reset) are dropped.
    for (const [key, l] of S.local) {
      if (l.state === 'saved' && !S.confirmed.has(key)) S.local.delete(key);
    }
    render();
  }

  function onAck(msg) {
    if (msg.seq === S.syncSeq) { clearTimeout(pingTimer); pingTimer = 0; return; }
    const key = S.seqToKey.get(msg.seq);
    if (key === undefined) return;
    S.seqToKey.delete(msg.seq);
    armAckTimer();
    const l = S.local.get(key);
    if (!l || l.seq !== msg.seq) return; // a newer change of this item is on its way
    l.seq = 0;
    if (l.sent) S.confirmed.set(key, l.sent);
    const same = l.sent && l.sent.value === l.value && l.sent.comment === (l.comment || '');
    // Still typing (a debounced comment is waiting): stay "saving…" until that one is acked.
    if (same && !S.commentTimers.has(key)) l.state = 'saved';
    else if (!S.commentTimers.has(key)) { sendAnswer(key); }
    S.itemErrors.delete(key);
    savePending();
    updateItems();
  }

  function onError(msg) {
    const code = typeof msg.code === 'string' ? msg.code : 'internal';
    // A sync answered by an error still proves the socket is alive.
    if (msg.seq !== undefined && msg.seq === S.syncSeq) { clearTimeout(pingTimer); pingTimer = 0; }

    const isJoin = (msg.seq !== undefined && msg.seq === S.joinSeq && !S.joined);
    if (code === 'unknown_session' || (isJoin && (code === 'room_full' || code === 'unsupported_version' ||
        code === 'bad_message' || code === 'forbidden'))) {
      const wasCode = S.code;
      S.wantJoin = false;
      clearTimers();
      dropSocket();
      if (code === 'unknown_session') store.del(tokenKey(wasCode));
      S.welcome = null; S.view = null; S.lastRev = -1; S.everJoined = false;
      S.local.clear(); S.confirmed.clear(); S.seqToKey.clear();
      try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ }
      S.joinError = code;
      showJoin();
      return;
    }
    if (code === 'unsupported_version') {
      S.wantJoin = false; clearTimers(); dropSocket(); S.joinError = code; showJoin(); return;
    }
    if (code === 'not_joined') { lostConnection(); return; }
    if (code === 'already_joined') return;

    const key = (msg.seq !== undefined) ? S.seqToKey.get(msg.seq) : undefined;
    if (key !== undefined) {
      S.seqToKey.delete(msg.seq);
      armAckTimer();
      const l = S.local.get(key);
      if (l && l.seq === msg.seq) {
        if (code === 'rate_limited' || code === 'store_unavailable' || code === 'internal') {
          // Nothing changed on the server: keep it pending and try again a bit later.
          l.seq = 0;
          setTimeout(flushPending, code === 'rate_limited' ? 1500 : 3000);
        } else {
          // Refused for good (step_not_open, text_too_long, …): back to what the server has.
          const c = S.confirmed.get(key);
          if (c) { l.value = c.value; l.comment = c.comment; l.state = 'saved'; l.seq = 0; }
          else S.local.delete(key);
          S.itemErrors.set(key, code);
        }
        savePending();
      }
    }
    showToast(code);
    updateItems();
  }

  // ---------------------------------------------------------------- answers
  function currentStep() {
    if (!S.welcome || !S.view) return null;
    const id = S.view.current;
    if (!id) return null;
    return S.welcome.session.steps.find((s) => s && s.id === id) || null;
  }
  function stepState(id) {
    if (!S.view || !Array.isArray(S.view.steps)) return null;
    return S.view.steps.find((s) => s && s.id === id) || null;
  }
  function stepResults(id) {
    if (!S.view || !Array.isArray(S.view.results)) return null;
    return S.view.results.find((r) => r && r.step === id) || null;
  }

  function sendAnswer(key) {
    const l = S.local.get(key);
    if (!l || !l.value) return;
    l.state = 'pending';
    l.t = Date.now();
    if (!S.joined || !ws || ws.readyState !== WebSocket.OPEN) { l.seq = 0; savePending(); return; }
    const seq = S.nextSeq++;
    if (l.seq) S.seqToKey.delete(l.seq);
    l.seq = seq;
    S.seqToKey.set(seq, key);
    const msg = { type: 'answer', seq, step: l.step, item: l.item, value: l.value, comment: l.comment || '' };
    l.sent = { value: msg.value, comment: msg.comment };
    if (!send(msg)) { l.seq = 0; S.seqToKey.delete(seq); }
    savePending();
    armAckTimer();
  }

  function flushPending() {
    if (!S.joined) return;
    for (const [key, l] of S.local) {
      if (l.state === 'pending' && l.value && !l.seq) sendAnswer(key);
    }
    updateItems();
  }

  function choose(step, item, value) {
    const key = K(step, item);
    let l = S.local.get(key);
    if (!l) { l = { step, item, value: '', comment: '', seq: 0, state: 'pending', t: Date.now() }; S.local.set(key, l); }
    const hadTimer = commentTimerCancel(key); // the answer carries the comment as typed so far
    if (l.value === value && l.state === 'saved' && !hadTimer) return; // nothing new to send
    l.value = value;
    S.itemErrors.delete(key);
    sendAnswer(key);
    updateItems();
  }

  function commentTimerCancel(key) {
    const tm = S.commentTimers.get(key);
    if (!tm) return false;
    clearTimeout(tm);
    S.commentTimers.delete(key);
    return true;
  }

  function commentChanged(step, item, text, immediate) {
    const key = K(step, item);
    let l = S.local.get(key);
    const value = String(text).slice(0, COMMENT_MAX);
    if (!l) { l = { step, item, value: '', comment: value, seq: 0, state: 'pending', t: Date.now() }; S.local.set(key, l); }
    if (l.comment === value && !immediate) return;
    const changed = l.comment !== value;
    l.comment = value;
    const hadTimer = commentTimerCancel(key);
    if (!l.value) { updateItems(); return; }
    if (immediate) {
      if (changed || hadTimer) sendAnswer(key);
      updateItems();
      return;
    }
    // Show "saving…" right away, send after a short pause in typing.
    l.state = 'pending';
    S.commentTimers.set(key, setTimeout(() => { S.commentTimers.delete(key); sendAnswer(key); updateItems(); }, COMMENT_DEBOUNCE_MS));
    updateItems();
  }

  function flushCommentTimers() {
    for (const [key, tm] of S.commentTimers) {
      clearTimeout(tm);
      sendAnswer(key);
    }
    S.commentTimers.clear();
  }

  // ---------------------------------------------------------------- toast & banner
  function showToast(code) {
    const n = $('toast');
    S.toastCode = code;
    n.textContent = errText(code);
    n.hidden = false;
    clearTimeout(S.toastTimer);
    S.toastTimer = setTimeout(() => { n.hidden = true; S.toastCode = ''; }, 6000);
  }

  function updateBanner() {
    const b = $('conn-banner');
    const show = S.wantJoin && S.everJoined && !S.joined;
    if (show) {
      b.textContent = t('reconnecting');
      b.hidden = false;
    } else {
      b.hidden = true;
      b.textContent = '';
    }
    if (!$('join-screen').hidden) renderJoinError();
  }

  // ---------------------------------------------------------------- screens
  function applyStaticText() {
    document.documentElement.lang = S.lang;
    document.title = t('docTitle');
    for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.getAttribute('data-i18n'));
    for (const n of document.querySelectorAll('[data-i18n-label]')) n.setAttribute('aria-label', t(n.getAttribute('data-i18n-label')));
    for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === S.lang));
    const jb = $('join-button');
    if (S.wantJoin && !S.everJoined) jb.textContent = t('joining');
    if (S.toastCode) $('toast').textContent = errText(S.toastCode);
    renderJoinError();
  }

  function renderJoinError() {
    const n = $('join-error');
    if (S.joinError) {
      n.textContent = S.joinError === 'codeMissing' ? t('codeMissing') : errText(S.joinError);
      n.className = 'form-error';
      n.hidden = false;
    } else if (S.wantJoin && !S.everJoined && attempt > 1) {
      n.textContent = t('connectRetry');
      n.className = 'form-info';
      n.hidden = false;
    } else {
      n.hidden = true;
      n.textContent = '';
    }
  }

  function showJoin() {
    $('join-screen').hidden = false;
    $('session-screen').hidden = true;
    const jb = $('join-button');
    jb.disabled = S.wantJoin;
    jb.textContent = S.wantJoin ? t('joining') : t('joinButton');
    S.renderedKey = '';
    $('step-area').replaceChildren();
    updateBanner();
    renderJoinError();
  }

  function showSession() {
    $('join-screen').hidden = true;
    $('session-screen').hidden = false;
    const jb = $('join-button');
    jb.disabled = false;
    jb.textContent = t('joinButton');
  }

  function startJoin(code, name) {
    S.code = code;
    S.name = name;
    S.joinError = '';
    S.wantJoin = true;
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
    loadPending();
    attempt = 0;
    const jb = $('join-button');
    jb.disabled = true;
    jb.textContent = t('joining');
    renderJoinError();
    connect();
  }

  // ---------------------------------------------------------------- rendering
  function render() {
    updateBanner();
    if (!S.welcome) return;
    $('session-title').textContent = loc(S.welcome.session.title);
    const area = $('step-area');
    const step = currentStep();
    const st = step ? stepState(step.id) : null;
    const phase = st ? st.phase : 'pending';
    const res = step ? stepResults(step.id) : null;

    let mode;
    if (!step || !S.view) mode = 'waiting';
    else if (step.kind && step.kind !== 'traffic_light') mode = 'elsewhere';
    else if (phase === 'open') mode = 'open';
    else if (res) mode = 'results';
    else if (phase === 'closed') mode = 'closed';
    else mode = 'waiting';

    if (mode === 'open') {
      const key = 'open|' + step.id + '|' + S.lang;
      if (S.renderedKey !== key) {
        area.replaceChildren(buildOpen(step));
        S.renderedKey = key;
      }
      renderLiveResults(step, res);
      updateItems();
      return;
    }
    // Rebuild only when something this screen shows has changed (keeps scroll and focus calm).
    const key = mode + '|' + (step ? step.id : '') + '|' + S.lang + '|' + (mode === 'results' ? JSON.stringify(res) : '');
    if (S.renderedKey === key) return;
    S.renderedKey = key;
    if (mode === 'elsewhere') area.replaceChildren(buildMessage('elsewhere', '\u25CE', t('elsewhereTitle'), t('elsewhereSub'), step));
    else if (mode === 'waiting') area.replaceChildren(buildMessage('waiting', '\u25CC', t('waitingTitle'), t('waitingSub')));
    else if (mode === 'closed') area.replaceChildren(buildMessage('closed', '\u2713', t('closedTitle'), t('closedSub'), step));
    else area.replaceChildren(buildResults(step, res));
  }

  function buildMessage(testid, icon, title, sub, step) {
    const box = el('section', { class: 'card message-card', 'data-testid': testid });
    if (step) box.appendChild(el('p', { class: 'step-kicker' }, loc(step.title)));
    box.appendChild(el('div', { class: 'message-icon', 'aria-hidden': 'true' }, icon));
    box.appendChild(el('h1', { class: 'message-title' }, title));
    if (sub) box.appendChild(el('p', { class: 'message-sub' }, sub));
    return box;
  }

  function buildOpen(step) {
    const frag = document.createDocumentFragment();
    const head = el('section', { class: 'step-head' });
    head.appendChild(el('h1', { class: 'step-title', 'data-testid': 'step-title' }, loc(step.title)));
    if (step.prompt) head.appendChild(el('p', { class: 'step-prompt' }, loc(step.prompt)));
    head.appendChild(el('p', { class: 'progress', 'data-testid': 'progress', 'aria-live': 'polite' }));
    frag.appendChild(head);

    const items = Array.isArray(step.items) ? step.items : [];
    const list = el('div', { class: 'items' });
    items.forEach((it, i) => list.appendChild(buildItem(step, it, i, items.length)));
    frag.appendChild(list);
    frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
    return frag;
  }

  function buildItem(step, it, index, count) {
    const key = K(step.id, it.id);
    const card = el('article', { class: 'card item', 'data-testid': 'item-' + it.id, 'data-key': key });
    const top = el('div', { class: 'item-top' });
    top.appendChild(el('span', { class: 'item-num' }, t('itemOf', { n: index + 1, total: count })));
    top.appendChild(el('span', { class: 'save-state', 'data-role': 'save', 'aria-live': 'polite' }));
    card.appendChild(top);
    const textId = 'it-' + index;
    card.appendChild(el('h2', { class: 'item-text', id: textId }, loc(it.text)));

    const group = el('div', { class: 'choices', role: 'group', 'aria-labelledby': textId });
    const passRow = el('div', { class: 'item-foot' });
    for (const c of CHOICES) {
      const b = el('button', {
        type: 'button', class: 'choice choice-' + c.value, 'data-value': c.value,
        'data-testid': 'choice-' + it.id + '-' + c.value, 'aria-pressed': 'false'
      });
      b.appendChild(el('span', { class: 'choice-icon', 'aria-hidden': 'true' }, c.icon));
      b.appendChild(el('span', { class: 'choice-word' }, t(c.value)));
      b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
      b.addEventListener('click', () => choose(step.id, it.id, c.value));
      if (c.value === 'pass') passRow.appendChild(b); else group.appendChild(b);
    }
    card.appendChild(group);

    const toggle = el('button', {
      type: 'button', class: 'comment-toggle', 'data-testid': 'comment-toggle-' + it.id,
      'aria-expanded': 'false', 'aria-controls': 'cm-' + index
    }, t('commentAdd'));
    passRow.appendChild(toggle);
    card.appendChild(passRow);

    const box = el('div', { class: 'comment-box', id: 'cm-' + index, hidden: true });
    const taId = 'ta-' + index;
    box.appendChild(el('label', { class: 'field-label small', for: taId }, t('commentLabel')));
    const ta = el('textarea', {
      id: taId, class: 'comment-input', rows: '3', maxlength: String(COMMENT_MAX),
      'data-testid': 'comment-' + it.id, 'aria-describedby': 'hint-' + index, spellcheck: 'true'
    });
    box.appendChild(ta);
    const hintRow = el('div', { class: 'comment-meta' });
    hintRow.appendChild(el('p', { class: 'field-hint', id: 'hint-' + index }, t('commentHint')));
    hintRow.appendChild(el('span', { class: 'counter', 'data-role': 'counter' }));
    box.appendChild(hintRow);
    box.appendChild(el('p', { class: 'field-hint need-choice', 'data-role': 'need-choice', hidden: true }, t('commentNeedsChoice')));
    card.appendChild(box);

    const l = S.local.get(key);
    ta.value = l && l.comment ? l.comment : '';
    toggle.addEventListener('click', () => {
      if (S.openComments.has(key)) S.openComments.delete(key); else S.openComments.add(key);
      updateItems();
      if (S.openComments.has(key)) ta.focus();
    });
    ta.addEventListener('input', () => commentChanged(step.id, it.id, ta.value, false));
    ta.addEventListener('blur', () => commentChanged(step.id, it.id, ta.value, true));
    return card;
  }

  function updateItems() {
    const step = currentStep();
    const area = $('step-area');
    if (!step || !S.renderedKey.startsWith('open|')) return;
    const items = Array.isArray(step.items) ? step.items : [];
    let answered = 0;
    for (const card of area.querySelectorAll('article.item')) {
      const key = card.getAttribute('data-key');
      const itemId = card.getAttribute('data-testid').slice(5);
      const l = S.local.get(key);
      const value = l ? l.value : '';
      if (value) answered++;
      for (const b of card.querySelectorAll('button.choice')) {
        const on = b.getAttribute('data-value') === value;
        b.setAttribute('aria-pressed', String(on));
        b.classList.toggle('is-selected', on);
      }
      card.classList.toggle('has-answer', !!value);
      const save = card.querySelector('[data-role="save"]');
      let state = 'none', text = '';
      const err = S.itemErrors.get(key);
      if (l && value && l.state === 'pending') {
        state = 'pending';
        text = S.joined ? t('saving') : t('waitingConn');
      } else if (l && value && l.state === 'saved') {
        state = 'saved'; text = t('saved');
      }
      if (err && state !== 'pending') { state = 'error'; text = t('notSaved'); }
      save.setAttribute('data-state', state);
      save.setAttribute('data-testid', (state === 'saved' ? 'saved-' : state === 'pending' ? 'pending-' : 'unsaved-') + itemId);
      if (save.textContent !== text) save.textContent = text;

      const open = S.openComments.has(key);
      const box = card.querySelector('.comment-box');
      box.hidden = !open;
      const toggle = card.querySelector('.comment-toggle');
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('commentHide') : t('commentAdd');
      const ta = box.querySelector('textarea');
      const want = l && l.comment ? l.comment : '';
      if (document.activeElement !== ta && ta.value !== want) ta.value = want;
      const counter = box.querySelector('[data-role="counter"]');
      const len = ta.value.length;
      counter.textContent = len > COMMENT_MAX - 100 ? (len + '/' + COMMENT_MAX) : '';
      box.querySelector('[data-role="need-choice"]').hidden = !(ta.value.trim() && !value);
    }
    const prog = area.querySelector('[data-testid="progress"]');
    if (prog) prog.textContent = t('progress', { n: answered, total: items.length });
  }

  function renderLiveResults(step, res) {
    const box = $('live-results');
    if (!box) return;
    const sig = res ? JSON.stringify(res) : '';
    if (box.getAttribute('data-sig') === sig) return;
    box.setAttribute('data-sig', sig);
    if (res) box.replaceChildren(buildResults(step, res));
    else if (box.firstChild) box.replaceChildren();
  }

  function legend() {
    const lg = el('ul', { class: 'legend', 'data-testid': 'legend' });
    for (const v of ['green', 'orange', 'red', 'pass']) {
      const li = el('li', { class: 'legend-item lg-' + v });
      li.appendChild(el('span', { class: 'swatch sw-' + v, 'aria-hidden': 'true' }, ICON[v]));
      li.appendChild(el('span', null, v === 'pass' ? t('passCount') : t(v)));
      lg.appendChild(li);
    }
    return lg;
  }

  function buildResults(step, res) {
    const sec = el('section', { class: 'results', 'data-testid': 'results' });
    const head = el('div', { class: 'step-head' });
    head.appendChild(el('p', { class: 'step-kicker' }, t('resultsTitle')));
    head.appendChild(el('h1', { class: 'step-title' }, loc(step.title)));
    const total = typeof res.total === 'number' ? res.total : 0;
    head.appendChild(el('p', { class: 'results-total', 'data-testid': 'results-total' },
      total === 1 ? t('resultsTotalOne') : t('resultsTotal', { n: total })));
    head.appendChild(el('p', { class: 'results-order' }, t('resultsOrder')));
    sec.appendChild(head);
    sec.appendChild(legend());

    const byId = new Map();
    for (const it of (Array.isArray(step.items) ? step.items : [])) byId.set(it.id, it);
    const list = el('div', { class: 'result-list' });
    for (const r of (Array.isArray(res.items) ? res.items : [])) {
      if (!r || typeof r.item !== 'string') continue;
      const it = byId.get(r.item);
      const n = (x) => (typeof x === 'number' && x >= 0 ? Math.floor(x) : 0);
      const g = n(r.green), o = n(r.orange), rd = n(r.red), p = n(r.pass);
      const sum = g + o + rd;
      const card = el('article', { class: 'card result', 'data-testid': 'result-' + r.item });
      card.appendChild(el('h2', { class: 'item-text' }, it ? loc(it.text) : r.item));
      const label = t('green') + ' ' + g + ', ' + t('orange') + ' ' + o + ', ' + t('red') + ' ' + rd + ', ' + t('passCount') + ' ' + p;
      const bar = el('div', { class: 'bar' + (sum === 0 ? ' bar-empty' : ''), role: 'img', 'aria-label': label });
      if (sum === 0) {
        bar.appendChild(el('span', { class: 'bar-none' }, p > 0 ? t('allPassed') : t('noAnswers')));
      } else {
        for (const [v, c] of [['green', g], ['orange', o], ['red', rd]]) {
          if (!c) continue;
          const share = c / sum;
          const seg = el('span', { class: 'seg seg-' + v });
          seg.style.flexGrow = String(c);
          seg.style.flexBasis = '0';
          if (share >= 0.16) seg.textContent = ICON[v] + '\u00A0' + c;
          else if (share >= 0.07) seg.textContent = String(c);
          bar.appendChild(seg);
        }
      }
      card.appendChild(bar);
      const counts = el('div', { class: 'counts' });
      for (const [v, c] of [['green', g], ['orange', o], ['red', rd]]) {
        const chip = el('span', { class: 'count count-' + v, 'data-testid': 'count-' + r.item + '-' + v, 'data-count': String(c) });
        chip.appendChild(el('span', { class: 'count-icon', 'aria-hidden': 'true' }, ICON[v]));
        chip.appendChild(el('span', { class: 'count-num' }, String(c)));
        chip.appendChild(el('span', { class: 'sr-only' }, t(v)));
        counts.appendChild(chip);
      }
      const pc = el('span', { class: 'count count-pass', 'data-testid': 'count-' + r.item + '-pass', 'data-count': String(p) });
      pc.appendChild(el('span', { class: 'count-word' }, t('passCount') + ':'));
      pc.appendChild(el('span', { class: 'count-num' }, String(p)));
      counts.appendChild(pc);
      card.appendChild(counts);
      list.appendChild(card);
    }
    sec.appendChild(list);
    return sec;
  }

  // ---------------------------------------------------------------- wiring
  function setLang(lang) {
    if (lang !== 'nl' && lang !== 'en') return;
    if (lang === S.lang) return;
    S.lang = lang;
    store.set('kring.lang', lang);
    applyStaticText();
    S.renderedKey = '';
    if (S.welcome) render();
  }

  function init() {
    applyStaticText();
    for (const b of document.querySelectorAll('.lang-btn')) {
      b.addEventListener('click', () => { flushCommentTimers(); setLang(b.getAttribute('data-lang')); });
    }

    const codeIn = $('join-code');
    const nameIn = $('join-name');
    codeIn.addEventListener('input', () => {
      const pos = codeIn.selectionStart;
      const up = codeIn.value.toUpperCase();
      if (up !== codeIn.value) {
        codeIn.value = up;
        try { codeIn.setSelectionRange(pos, pos); } catch (e) { /* ignore */ }
      }
      if (S.wantJoin && !S.everJoined) {
        // Still trying to join: editing the code cancels that attempt.
        S.wantJoin = false; clearTimers(); dropSocket(); attempt = 0; showJoin();
      }
      if (S.joinError) { S.joinError = ''; renderJoinError(); }
    });
    $('join-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (S.wantJoin) return;
      const code = normalizeCode(codeIn.value);
      if (!code) { S.joinError = 'codeMissing'; renderJoinError(); codeIn.focus(); return; }
      codeIn.value = code;
      const name = nameIn.value.trim().slice(0, 40);
      startJoin(code, name);
    });
    $('leave-button').addEventListener('click', () => { flushCommentTimers(); leave(); });

    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
        flushCommentTimers();
        return;
      }
      const slept = hiddenAt && Date.now() - hiddenAt > 3000;
      hiddenAt = 0;
      if (!S.wantJoin) return;
      if (!ws || ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) reconnectNow();
      else if (slept) checkAlive();
    });
    window.addEventListener('online', () => {
      if (!S.wantJoin) return;
      if (!ws || ws.readyState !== WebSocket.OPEN) { dropSocket(); reconnectNow(); }
      else checkAlive();
    });
    window.addEventListener('pagehide', flushCommentTimers);

    // Pre-fill from ?code=…; come straight back into a session this browser already joined.
    let urlCode = '';
    try { urlCode = normalizeCode(new URL(window.location.href).searchParams.get('code') || ''); } catch (e) { urlCode = ''; }
    if (urlCode) codeIn.value = urlCode;
    let active = '';
    try { active = sessionStorage.getItem('kring.active') || ''; } catch (e) { active = ''; }
    const resumeCode = urlCode || active;
    if (resumeCode && store.get(tokenKey(resumeCode))) {
      codeIn.value = resumeCode;
      showJoin();
      startJoin(resumeCode, '');
    } else {
      showJoin();
      if (!urlCode) codeIn.focus();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
