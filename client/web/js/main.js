// Kring participant page: wiring. Plain ES modules, no framework, no external resources.
// Protocol: docs/protocol.md (version 1). All participant and content text is inserted with
// textContent, never as markup. The rules (text limits, traffic-light words and colours,
// reconnecting) come from the server: first from <meta name="kring-rules">, then from every
// welcome.
import { app } from './context.js';
import { createRoom, tokenKey } from './room.js';
import { createConnection } from './connection.js';
import { rulesFromText } from './rules.js';
import { cutText } from './answers.js';
import { pickLang } from './strings.js';
import { normalizeCode, codeFromAddress, socketAddress } from './util.js';
import { $ } from './dom.js';
import { render, showJoin, showJoining, showSession, showRemoved, showEnded, showToast, updateBanner, renderJoinError,
  applyStaticText, applyRules, loadHealth } from './render.js';
import { updateOpen } from './render_open.js';
import { showFollowNotice, pickStep } from './render_room.js';

// ---------------------------------------------------------------- browser storage
const store = {
  get(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
  set(key, v) { try { window.localStorage.setItem(key, v); } catch (e) { /* private mode */ } },
  del(key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
};
/** The session this tab is in: a reload comes straight back. */
const active = {
  get() { try { return sessionStorage.getItem('kring.active') || ''; } catch (e) { return ''; } },
  set(code) { try { sessionStorage.setItem('kring.active', code); } catch (e) { /* ignore */ } },
  clear() { try { sessionStorage.removeItem('kring.active'); } catch (e) { /* ignore */ } }
};

/** Keeps the code in the address bar, so that a reload comes back to this session. */
function keepCode(code) {
  try {
    const url = new URL(window.location.href);
    if (codeFromAddress(url.href) !== code) {
      url.pathname = '/';
      url.searchParams.set('code', code);
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
  } catch (e) { /* ignore */ }
}

/** Takes the code out of the address bar: a reload then opens the join screen. */
function dropCode() {
  try {
    const url = new URL(window.location.href);
    if (codeFromAddress(url.href)) {
      url.searchParams.delete('code');
      url.pathname = '/';
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
  } catch (e) { /* ignore */ }
}

function wsUrl() {
  return socketAddress(window.location.href, S.code);
}

// ---------------------------------------------------------------- the room and its connection
// A saved choice of language wins; else the browser's preferred languages (English when it
// prefers English to Dutch); else Dutch.
const room = createRoom(pickLang(store.get('kring.lang'), typeof navigator !== 'undefined' ? navigator.languages : undefined), {
  send: (msg) => conn.send(msg),
  isOpen: () => conn.isOpen(),
  store, active,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (tm) => clearTimeout(tm),
  now: () => Date.now(),
  ui: { render, updateOpen, showJoin, showSession, toast: showToast, removed: showRemoved, ended: showEnded,
        followNotice: showFollowNotice, rulesChanged: applyRules, keepCode },
  conn: {
    welcomed: () => conn.welcomed(), alive: () => conn.alive(), stop: () => conn.stop(),
    lost: () => conn.lost(), armAck: (waiting) => conn.armAck(waiting)
  }
});
const S = room.S;

const conn = createConnection({
  url: wsUrl,
  policy: () => (S.rules ? S.rules.reconnect : null),
  wanted: () => S.wantJoin,
  joined: () => S.joined,
  waiting: () => S.seqToKey.size > 0,
  join: () => room.joinMessage(),
  sync: () => { room.sync(); },
  message: (msg) => room.handleMessage(msg),
  dropped: () => room.socketLost(),
  retrying: updateBanner,
  // Lost before the page knew any rules (a page kring-server did not fill in): no retrying.
  // The end screen of a session that ended stays.
  failed: () => { S.wantJoin = false; if (S.ended) return; S.joinError = 'connectFailed'; showJoin(); },
  render
});

app.room = room;
app.conn = conn;
app.render = render;

function startJoin(code, name) {
  room.startSession(code, name);
  conn.resetAttempts();
  // A session that ended for this browser shows its end screen at once (also without network);
  // the connection tells whether it was opened again.
  if (S.ended) showEnded();
  else showJoining();
  conn.connect();
}

/** The join screen for another code than the one just left (removed, or ended). */
function otherCode() {
  room.flushTyping();
  room.leave();
  S.code = '';
  S.joinError = '';
  dropCode();
  const codeIn = $('join-code');
  codeIn.value = '';
  renderJoinError();
  codeIn.focus();
}

function setLang(lang) {
  if ((lang !== 'nl' && lang !== 'en') || lang === S.lang) return;
  S.lang = lang;
  store.set('kring.lang', lang);
  applyStaticText();
  S.renderedKey = '';
  if (S.welcome) render();
}

// ---------------------------------------------------------------- wiring
function init() {
  const meta = document.querySelector('meta[name="kring-rules"]');
  room.setRules(rulesFromText(meta ? meta.getAttribute('content') : ''));
  applyRules();
  applyStaticText();
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => { room.flushTyping(); setLang(b.getAttribute('data-lang')); });
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
      S.wantJoin = false; conn.stop(); conn.resetAttempts(); showJoin();
    }
    if (S.joinError) { S.joinError = ''; renderJoinError(); }
  });
  $('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (S.wantJoin) return;
    const code = normalizeCode(codeIn.value);
    if (!code) { S.joinError = 'codeMissing'; renderJoinError(); codeIn.focus(); return; }
    // The facilitator removed this browser from that session: it does not join it again.
    if (room.wasRemoved(code)) { S.joinError = 'removed'; renderJoinError(); codeIn.focus(); return; }
    codeIn.value = code;
    startJoin(code, cutText(nameIn.value.trim(), S.rules ? S.rules.max_name : 0));
  });
  $('leave-button').addEventListener('click', () => { room.flushTyping(); room.leave(); });
  $('step-list-back').addEventListener('click', () => pickStep(''));
  $('removed-other-code').addEventListener('click', otherCode);
  $('end-other-code').addEventListener('click', otherCode);
  loadHealth();
  // The sticky top band's height (it grows with the reconnect banner), for scroll-padding-top.
  const band = $('top');
  const keepBand = () => document.documentElement.style.setProperty('--band', band.offsetHeight + 'px');
  keepBand();
  if (window.ResizeObserver) new ResizeObserver(keepBand).observe(band);

  let hiddenAt = 0;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      hiddenAt = Date.now();
      room.flushTyping();
      return;
    }
    const slept = hiddenAt && Date.now() - hiddenAt > 3000;
    hiddenAt = 0;
    if (!S.wantJoin) return;
    if (conn.closed()) conn.reconnectNow();
    else if (slept) conn.checkAlive();
  });
  window.addEventListener('online', () => {
    if (!S.wantJoin) return;
    if (!conn.isOpen()) { conn.stop(); conn.reconnectNow(); }
    else conn.checkAlive();
  });
  window.addEventListener('pagehide', () => room.flushTyping());

  // Pre-fill from ?code=… or /CODE; come straight back into a session this browser already joined.
  let urlCode = '';
  urlCode = codeFromAddress(window.location.href);
  if (urlCode) codeIn.value = urlCode;
  const resumeCode = urlCode || active.get();
  const end = resumeCode ? room.endOf(resumeCode) : null;
  if (resumeCode && room.wasRemoved(resumeCode)) {
    // Removed from this session before: the removed screen again, no joining.
    S.code = resumeCode;
    codeIn.value = '';
    showRemoved();
  } else if (end && end.why === 'deleted') {
    // Deleted while this browser was in it: nothing to join any more.
    S.code = resumeCode;
    S.ended = end;
    codeIn.value = '';
    showEnded();
  } else if (resumeCode && store.get(tokenKey(resumeCode))) {
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
