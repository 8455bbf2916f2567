// The screens: join, session, removed; which step screen shows and when it is rebuilt; the
// connection banner, the toast, the notice before joining; the server's rules applied to
// the page (colours, the name field).
import { app } from './context.js';
import { $, el, t, errText, L, setText } from './dom.js';
import { KINDS, kindOf } from './answers.js';
import { colourProperties } from './rules.js';
import { buildMessage } from './render_common.js';
import { buildOpen, updateOpen } from './render_open.js';
import { buildResults } from './render_results.js';
import { renderSummary, renderPause, renderFollowNotice, renderTimer, stopTimerTick, buildStepList } from './render_room.js';
import { KIND } from './kinds.js';

const TOAST_MS = 6000;

export function render() {
  const room = app.room;
  const { S } = room;
  updateBanner();
  if (!S.welcome) return;
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
      area.replaceChildren(buildOpen(step));
      S.renderedKey = key;
    }
    renderLiveResults(step, res);
    updateOpen();
    return;
  }
  // Rebuild only when something this screen shows has changed (keeps scroll and focus calm).
  const shown = mode === 'results' ? JSON.stringify(res) + extra + '|' + room.minAnswers()
    : mode === 'list' ? JSON.stringify(room.openStepIds()) + '|' + S.view.current : '';
  const key = mode + '|' + (step ? step.id : '') + '|' + S.lang + '|' + locked + '|' + shown;
  if (S.renderedKey === key) return;
  S.renderedKey = key;
  if (mode === 'list') area.replaceChildren(buildStepList());
  else if (mode === 'closed' && locked) area.replaceChildren(buildMessage('closed', '\u2713', t('lockedTitle'), t('lockedSub'), step));
  else if (mode === 'elsewhere') area.replaceChildren(buildMessage('elsewhere', '\u25CE', t('elsewhereTitle'), t('elsewhereSub'), step));
  else if (mode === 'waiting') area.replaceChildren(buildMessage('waiting', '\u25CC', t('waitingTitle'), t('waitingSub')));
  else if (mode === 'nooptions') area.replaceChildren(buildMessage('waiting', '\u25CC', t('optionsComing'), t('waitingSub'), step));
  else if (mode === 'closed') area.replaceChildren(buildMessage('closed', '\u2713', t('closedTitle'), t('closedSub'), step));
  else area.replaceChildren(buildResults(step, res));
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
  const show = S.wantJoin && S.everJoined && !S.joined;
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
}

function joinButton(busy) {
  const jb = $('join-button');
  jb.disabled = busy;
  jb.textContent = busy ? t('joining') : t('joinButton');
}

export function showJoin() {
  const { S } = app.room;
  $('join-screen').hidden = false;
  $('session-screen').hidden = true;
  $('removed-screen').hidden = true;
  stopTimerTick();
  joinButton(S.wantJoin);
  S.renderedKey = '';
  $('step-area').replaceChildren();
  const sa = $('summary-area');
  if (sa) { sa.replaceChildren(); sa.removeAttribute('data-sig'); }
  updateBanner();
  renderJoinError();
}

export function showSession() {
  $('join-screen').hidden = true;
  $('session-screen').hidden = false;
  $('removed-screen').hidden = true;
  joinButton(false);
}

/** The join screen while the page is joining. */
export function showJoining() {
  joinButton(true);
  renderJoinError();
}

export function showRemoved() {
  stopTimerTick();
  $('join-screen').hidden = true;
  $('session-screen').hidden = true;
  $('removed-screen').hidden = false;
  updateBanner();
  try { $('removed-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ }
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
  const done = (j) => { S.health = j && typeof j === 'object' ? j : {}; renderNotice(); };
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
  let text = '';
  if (h) text = days === null ? t('noticeKeepUnknown') : days === 0 ? t('noticeKeepForever')
    : days === 1 ? t('noticeKeepDay') : t('noticeKeepDays', { n: days });
  keep.textContent = text;
  keep.setAttribute('data-days', days === null ? '' : String(days));
  const kn = $('notice-k');
  const k = h && Number.isInteger(h.min_answers) && h.min_answers > 0 ? h.min_answers : 0;
  kn.hidden = !k;
  kn.textContent = k ? t('noticeThreshold', { k }) : '';
  kn.setAttribute('data-k', String(k));
  setText($('notice-anon'), k ? t('noticeAnonK', { k }) : t('noticeAnon'));
}
