// The screens: join, session, removed, end; which step screen shows and when it is rebuilt,
// and where the focus goes then; the connection banner, the toast, the notice before joining;
// the server's rules applied to the page (colours, the name field).
import { app } from './context.js';
import { $, el, t, errText, L, setText } from './dom.js';
import { keepText } from './strings.js';
import { KINDS, kindOf } from './answers.js';
import { colourProperties } from './rules.js';
import { buildMessage, focusStepHeading } from './render_common.js';
import { buildOpen, updateOpen } from './render_open.js';
import { buildResults } from './render_results.js';
import { renderSummary, renderPause, renderFollowNotice, renderTimer, stopTimerTick, buildStepList } from './render_room.js';
import { KIND } from './kinds.js';

const TOAST_MS = 6000;

export function render() {
  const room = app.room;
  const { S } = room;
  updateBanner();
  if (S.ended) { showEnded(); return; }
  if (!S.welcome) return;
  if (!$('end-screen').hidden) showSession(); // opened again after the end
  $('session-title').textContent = L(S.welcome.session.title);
  renderSummary();
  renderPause();
  renderFollowNotice();
  const listMode = !!S.view && !room.following() && !S.picked;
  $('step-nav').hidden = !(S.view && !room.following() && S.picked);
  renderTimer();
  const area = $('step-area');
  const step = listMode ? null : room.currentStep();
  const st = step ? room.stepState(step.id) : null;
  const phase = st ? st.phase : 'pending';
  const locked = !!(st && st.locked);
  const res = step ? room.stepResults(step.id) : null;
  const kind = kindOf(step);

  let mode;
  if (listMode) mode = 'list';
  else if (!step || !S.view) mode = 'waiting';
  else if (!KINDS.has(kind)) mode = 'elsewhere';
  else if (phase === 'open') mode = (kind === KIND.dotVote && !room.dotOptions(step).length) ? 'nooptions' : 'open';
  else if (res) mode = 'results';
  else if (phase === 'closed') mode = 'closed';
  else mode = 'waiting';

  const extra = kind === KIND.dotVote && step ? JSON.stringify(room.dotOptions(step)) : '';
  if (mode === 'open') {
    const key = 'open|' + step.id + '|' + S.lang + '|' + extra;
    if (S.renderedKey !== key) {
      replaceArea(area, buildOpen(step));
      S.renderedKey = key;
    }
    renderLiveResults(step, res);
    updateOpen();
    focusHeading(mode + '|' + step.id);
    return;
  }
  // Rebuild only when something this screen shows has changed (keeps scroll and focus calm).
  const shown = mode === 'results' ? JSON.stringify(res) + extra + '|' + room.minAnswers()
    : mode === 'list' ? JSON.stringify(room.openStepIds()) + '|' + S.view.current : '';
  const key = mode + '|' + (step ? step.id : '') + '|' + S.lang + '|' + locked + '|' + shown;
  if (S.renderedKey === key) return;
  S.renderedKey = key;
  let screen;
  if (mode === 'list') screen = buildStepList();
  else if (mode === 'closed' && locked) screen = buildMessage('closed', '\u2713', t('lockedTitle'), t('lockedSub'), step);
  else if (mode === 'elsewhere') screen = buildMessage('elsewhere', '\u25CE', t('elsewhereTitle'), t('elsewhereSub'), step);
  else if (mode === 'waiting') screen = buildMessage('waiting', '\u25CC', t('waitingTitle'), t('waitingSub'));
  else if (mode === 'nooptions') screen = buildMessage('waiting', '\u25CC', t('optionsComing'), t('waitingSub'), step);
  else if (mode === 'closed') screen = buildMessage('closed', '\u2713', t('closedTitle'), t('closedSub'), step);
  else screen = buildResults(step, res);
  replaceArea(area, screen);
  focusHeading(mode + '|' + (step ? step.id : ''));
}

/** The step area's new content. The focus was in the old content (on the heading of results
 *  that changed): it goes to the same place in the new one, the heading, instead of the page. */
function replaceArea(area, node) {
  const hadFocus = area.contains(document.activeElement);
  area.replaceChildren(node);
  if (hadFocus && !app.room.isPaused()) {
    const h = area.querySelector('h1');
    if (h) { try { h.focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
  }
}

/** Whether the person is busy somewhere the page must not take the focus from: a field or a
 *  control that is still on screen (a rebuilt step's own fields are gone by now). */
function focusIsFree() {
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement || !a.isConnected) return true;
  if (a.getClientRects().length === 0) return true; // on a screen that was hidden (the join form)
  if (a.tagName === 'H1' && $('step-area').contains(a)) return true; // moved here by replaceArea
  return a.id === 'pause-title' || a.id === 'removed-title' || a.id === 'end-title';
}

/** A new screen (after joining, or because the facilitator moved on): the focus goes to its
 *  heading, so that a screen reader reads where the person is now. Not on a rebuild of the
 *  same screen (new results, another language), not while paused, not while typing. */
function focusHeading(key) {
  const { S } = app.room;
  if (S.focusedKey === key) return;
  S.focusedKey = key;
  if (app.room.isPaused() || !focusIsFree()) return;
  focusStepHeading();
}

function renderLiveResults(step, res) {
  const box = $('live-results');
  if (!box) return;
  const sig = res ? app.room.S.lang + JSON.stringify(res) + app.room.minAnswers() : '';
  if (box.getAttribute('data-sig') === sig) return;
  box.setAttribute('data-sig', sig);
  if (res) box.replaceChildren(buildResults(step, res));
  else if (box.firstChild) box.replaceChildren();
}

// ---------------------------------------------------------------- toast & banner
export function showToast(code) {
  const { S } = app.room;
  const n = $('toast');
  S.toastCode = code;
  n.textContent = errText(code);
  n.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => { n.hidden = true; S.toastCode = ''; }, TOAST_MS);
}
showToast.timer = 0;

export function updateBanner() {
  const { S } = app.room;
  const b = $('conn-banner');
  const show = S.wantJoin && S.everJoined && !S.joined && !S.ended;
  b.hidden = !show;
  b.textContent = show ? t('reconnecting') : '';
  if (!$('join-screen').hidden) renderJoinError();
}

export function renderJoinError() {
  const { S } = app.room;
  const n = $('join-error');
  if (S.joinError) {
    n.textContent = S.joinError === 'codeMissing' || S.joinError === 'connectFailed' ? t(S.joinError) : errText(S.joinError);
    n.className = 'form-error';
    n.hidden = false;
  } else if (S.wantJoin && !S.everJoined && app.conn.attempts() > 1) {
    n.textContent = t('connectRetry');
    n.className = 'form-info';
    n.hidden = false;
  } else {
    n.hidden = true;
    n.textContent = '';
  }
}

// ---------------------------------------------------------------- screens
export function applyStaticText() {
  const { S } = app.room;
  document.documentElement.lang = S.lang;
  document.title = t('docTitle');
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.getAttribute('data-i18n'));
  for (const n of document.querySelectorAll('[data-i18n-label]')) n.setAttribute('aria-label', t(n.getAttribute('data-i18n-label')));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === S.lang));
  if (S.wantJoin && !S.everJoined) $('join-button').textContent = t('joining');
  if (S.toastCode) $('toast').textContent = errText(S.toastCode);
  renderJoinError();
  renderNotice();
  renderEnd();
}

function joinButton(busy) {
  const jb = $('join-button');
  jb.disabled = busy;
  jb.textContent = busy ? t('joining') : t('joinButton');
}

/** Shows one of the page's screens (join, session, removed, end) and hides the others. */
function showScreen(id) {
  for (const s of ['join-screen', 'session-screen', 'removed-screen', 'end-screen']) $(s).hidden = s !== id;
  if (id !== 'session-screen') { stopTimerTick(); $('timer').hidden = true; }
}

export function showJoin() {
  const { S } = app.room;
  showScreen('join-screen');
  joinButton(S.wantJoin);
  S.renderedKey = '';
  $('step-area').replaceChildren();
  const sa = $('summary-area');
  if (sa) { sa.replaceChildren(); sa.removeAttribute('data-sig'); }
  updateBanner();
  renderJoinError();
}

export function showSession() {
  // A session that ended keeps its end screen (a welcome after reconnecting changes nothing).
  if (app.room.S.ended) return;
  showScreen('session-screen');
  joinButton(false);
}

/** The join screen while the page is joining. */
export function showJoining() {
  joinButton(true);
  renderJoinError();
}

export function showRemoved() {
  showScreen('removed-screen');
  updateBanner();
  window.scrollTo(0, 0);
  try { $('removed-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ }
}

/** The session is over (S.ended): thanks, and what happens with the answers. The heading
 *  gets the focus when the screen appears. */
export function showEnded() {
  const { S } = app.room;
  if (!S.ended) return;
  const first = $('end-screen').hidden;
  showScreen('end-screen');
  S.renderedKey = '';
  S.focusedKey = '';
  $('step-area').replaceChildren();
  updateBanner();
  renderEnd();
  if (first) {
    window.scrollTo(0, 0);
    try { $('end-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ }
  }
}

/** The end screen's words, in the page's language, with the retention as far as known. */
export function renderEnd() {
  const { S } = app.room;
  const screen = $('end-screen');
  if (!S.ended) return;
  const deleted = S.ended.why === 'deleted';
  screen.setAttribute('data-why', S.ended.why);
  setText($('end-title'), deleted ? t('endDeletedTitle') : t('endTitle'));
  setText($('end-sub'), deleted ? t('endDeletedSub') : t('endSub'));
  const keep = $('end-keep');
  keep.hidden = deleted;
  const days = app.room.retentionDays();
  setText(keep, deleted ? '' : keepText(S.lang, 'endKeep', days));
  keep.setAttribute('data-days', days === null ? '' : String(days));
}

/** The server's rules on the page: the answers' colours as CSS custom properties, the name
 *  field's length; every step screen is built again with the new limits and words. */
export function applyRules() {
  const { S } = app.room;
  for (const [name, value] of colourProperties(S.rules)) document.documentElement.style.setProperty(name, value);
  const name = $('join-name');
  if (S.rules && S.rules.max_name > 0) name.setAttribute('maxlength', String(S.rules.max_name));
  else name.removeAttribute('maxlength');
  S.renderedKey = '';
  const sa = $('summary-area');
  if (sa) sa.removeAttribute('data-sig');
}

// ---- what the join screen says about storage: from the server's /healthz
export function loadHealth() {
  const { S } = app.room;
  const done = (j) => { S.health = j && typeof j === 'object' ? j : {}; renderNotice(); renderEnd(); };
  if (!window.fetch) { done({}); return; }
  window.fetch('/healthz', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : {}))
    .then(done)
    .catch(() => done({}));
}

function renderNotice() {
  const h = app.room.S.health;
  const keep = $('notice-keep');
  const days = h && Number.isInteger(h.retention_days) && h.retention_days >= 0 ? h.retention_days : null;
  setText(keep, h ? keepText(app.room.S.lang, 'noticeKeep', days) : '');
  keep.setAttribute('data-days', days === null ? '' : String(days));
  const kn = $('notice-k');
  // From 1 answer on is no threshold at all: the notice then does not speak of one.
  const k = h && Number.isInteger(h.min_answers) && h.min_answers > 1 ? h.min_answers : 0;
  kn.hidden = !k;
  kn.textContent = k ? t('noticeThreshold', { k }) : '';
  kn.setAttribute('data-k', String(k));
  setText($('notice-anon'), k ? t('noticeAnonK', { k }) : t('noticeAnon'));
}
