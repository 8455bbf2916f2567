// Running the room on the phone (docs/protocol.md section 6): the reflection summary, the
// pause screen, "the facilitator brings everyone to …", the list of open steps when follow
// is off, and the timer.
import { app } from './context.js';
import { $, el, t, L, setText, verdictSentence } from './dom.js';
import { readableId, arr } from './util.js';
import { summaryRows, blockTitles } from './results.js';
import { buildMessage, focusStepHeading } from './render_common.js';
import { trafficBar, trafficCounts } from './render_results.js';

const FOLLOW_NOTICE_MS = 10000; // how long "the facilitator brings everyone to …" stays
const VERDICT_ICON = { solid: '\u2713', work_first: '\u25B2', mixed: '\u25D0' };

// ---- the reflection summary: per theme its colours, a verdict in words, the next building block
export function renderSummary() {
  const { S } = app.room;
  const box = $('summary-area');
  if (!box) return;
  const rows = summaryRows(S.view);
  const blocks = blockTitles(S.welcome && S.welcome.session, app.room.dotOptions);
  const sig = rows.length ? S.lang + JSON.stringify(rows) + JSON.stringify([...blocks.keys()]) + JSON.stringify(S.rules && [S.rules.lights, S.rules.verdicts]) : '';
  if (box.getAttribute('data-sig') === sig) return;
  box.setAttribute('data-sig', sig);
  if (!rows.length) { box.replaceChildren(); return; }
  const det = el('details', { class: 'card summary', 'data-testid': 'summary' });
  det.open = S.summaryOpen;
  det.addEventListener('toggle', () => { S.summaryOpen = det.open; });
  det.appendChild(el('summary', { class: 'summary-title' }, t('summaryTitle')));
  det.appendChild(el('p', { class: 'results-order' }, t('summaryIntro')));
  const list = el('div', { class: 'summary-list' });
  for (const e of rows) {
    const step = app.room.stepById(e.step);
    const row = el('article', { class: 'sum-row verdict-' + e.verdict, 'data-testid': 'summary-' + e.step, 'data-verdict': e.verdict });
    row.appendChild(el('h3', { class: 'sum-title' }, step ? L(step.title) : e.step));
    row.appendChild(trafficBar(e.green, e.orange, e.red, e.pass));
    row.appendChild(trafficCounts('sum-' + e.step + '-', e.green, e.orange, e.red, e.pass));
    const vp = el('p', { class: 'verdict', 'data-testid': 'verdict-' + e.step });
    vp.appendChild(el('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, VERDICT_ICON[e.verdict]));
    vp.appendChild(el('span', null, verdictSentence(e.verdict)));
    row.appendChild(vp);
    const next = e.next.map((id) => (blocks.has(id) ? L(blocks.get(id)) : readableId(id))).filter(Boolean);
    if (next.length) {
      const np = el('p', { class: 'next-block', 'data-testid': 'next-' + e.step });
      np.appendChild(el('span', { class: 'count-word' }, (next.length === 1 ? t('nextBlock') : t('nextBlocks')) + ' '));
      np.appendChild(el('strong', null, next.join(' \u00B7 ')));
      // Whose advice: the wegwijzer's own ⏭️ line, or Kring's reading of the text.
      np.appendChild(el('span', { class: 'next-source', 'data-testid': 'next-source-' + e.step }, ' ' + (e.inferred ? t('nextFromKring') : t('nextFromWegwijzer'))));
      row.appendChild(np);
    }
    const items = new Map(arr(step && step.items).map((it) => [it.id, it]));
    const first = arr(e.first).map((id) => items.get(id)).filter(Boolean);
    if (first.length) {
      const fp = el('div', { class: 'talk-first', 'data-testid': 'first-' + e.step });
      fp.appendChild(el('p', { class: 'count-word' }, e.verdict === 'work_first' ? t('firstRed') : t('firstDisputed')));
      const ul = el('ul');
      for (const it of first) ul.appendChild(el('li', null, L(it.text)));
      fp.appendChild(ul);
      row.appendChild(fp);
    }
    list.appendChild(row);
  }
  det.appendChild(list);
  box.replaceChildren(det);
}

/** Paused: a calm screen over the step; the step below takes no taps and is hidden from
 *  screen readers until the facilitator resumes. */
export function renderPause() {
  const paused = app.room.isPaused();
  const screen = $('pause-screen');
  if (screen.hidden === !paused) return;
  const a = document.activeElement;
  const onPause = a === $('pause-title') || !a || a === document.body;
  screen.hidden = !paused;
  const area = $('step-area');
  area.inert = paused;
  if (paused) area.setAttribute('aria-hidden', 'true');
  else area.removeAttribute('aria-hidden');
  $('step-wrap').classList.toggle('is-paused', paused);
  // Focus left the step (it is inert now): put it on the pause title, so screen readers say it.
  if (paused) { try { $('pause-title').focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
  // Resumed: from the pause title back to the step's heading.
  else if (onPause) focusStepHeading();
}

// ---- follow: "bring everyone here" notice, and the list of open steps when follow is off
let followTimer = 0;
export function showFollowNotice(stepId) {
  app.room.S.followNotice = { step: stepId, until: Date.now() + FOLLOW_NOTICE_MS };
  clearTimeout(followTimer);
  followTimer = setTimeout(() => { app.room.S.followNotice = null; renderFollowNotice(); }, FOLLOW_NOTICE_MS);
  window.scrollTo(0, 0); // the notice and the new step start at the top
}
export function renderFollowNotice() {
  const n = $('follow-notice');
  const f = app.room.S.followNotice;
  const step = f && Date.now() < f.until ? app.room.stepById(f.step) : null;
  const text = step ? t('broughtHere', { title: L(step.title) }) : '';
  n.hidden = !text;
  setText(n, text);
}

export function buildStepList() {
  const { S } = app.room;
  const box = el('section', { class: 'step-list', 'data-testid': 'step-list' });
  const head = el('div', { class: 'step-head' });
  head.appendChild(el('h1', { class: 'step-title', tabindex: '-1' }, t('listTitle')));
  head.appendChild(el('p', { class: 'step-prompt' }, t('listSub')));
  box.appendChild(head);
  const ids = app.room.openStepIds();
  if (!ids.length) {
    box.appendChild(buildMessage('list-empty', '\u25CC', t('listEmpty'), t('waitingSub')));
    return box;
  }
  const list = el('ul', { class: 'list-steps' });
  for (const id of ids) {
    const step = app.room.stepById(id);
    const now = id === S.view.current;
    const b = el('button', { type: 'button', class: 'list-step' + (now ? ' is-current' : ''), 'data-testid': 'pick-' + id,
                             'aria-current': now ? 'step' : null });
    b.appendChild(el('span', { class: 'list-step-title' }, L(step.title)));
    if (now) b.appendChild(el('span', { class: 'badge badge-now', 'data-testid': 'pick-now' }, t('listNow')));
    b.appendChild(el('span', { class: 'list-step-go', 'aria-hidden': 'true' }, '\u203A'));
    b.addEventListener('click', () => pickStep(id));
    const li = el('li');
    li.appendChild(b);
    list.appendChild(li);
  }
  box.appendChild(list);
  return box;
}

/** Follow off: this phone goes to a step of its own choosing ('' back to the list). */
export function pickStep(id) {
  app.room.flushTyping();
  app.room.S.picked = id;
  app.render();
  window.scrollTo(0, 0);
}

// ---- the timer: a countdown against the server's clock
let timerTick = 0;
export function stopTimerTick() { clearInterval(timerTick); timerTick = 0; }
const announced = { key: '', at: -Infinity, minute: 0, up: false }; // the timer's last spoken announcement

/** The running timer of the step on screen: its key and the whole seconds left (0: time is up). */
function timerState() {
  const { S } = app.room;
  const tm = S.view && S.view.timer;
  const step = app.room.currentStep();
  if (!tm || typeof tm !== 'object' || !step || tm.step !== step.id || typeof tm.ends_at !== 'number') return null;
  if (!app.room.following() && !S.picked) return null;
  const left = tm.ended ? 0 : Math.max(0, tm.ends_at - (Date.now() + S.clockOffset));
  return { key: tm.step + '|' + tm.ends_at, secs: Math.ceil(left / 1000) };
}

function mmss(secs) {
  const m = Math.floor(secs / 60), r = secs % 60;
  return String(m).padStart(2, '0') + ':' + String(r).padStart(2, '0');
}

export function renderTimer() {
  const box = $('timer');
  const ts = timerState();
  if (!ts) { box.hidden = true; stopTimerTick(); return; }
  box.hidden = false;
  const time = $('timer-time');
  setText(time, ts.secs > 0 ? mmss(ts.secs) : t('timeUp'));
  time.setAttribute('data-remaining', String(ts.secs));
  box.classList.toggle('is-ending', ts.secs > 0 && ts.secs <= 10);
  box.classList.toggle('is-up', ts.secs === 0);
  announceTimer(ts);
  if (ts.secs > 0 && !timerTick) timerTick = setInterval(renderTimer, 250);
  else if (ts.secs === 0) stopTimerTick();
}

/** Screen readers hear the time left at most once a minute (the visible countdown is silent),
 *  and "time is up" once when it ends. */
function announceTimer(ts) {
  const a = announced;
  const now = Date.now();
  const calm = now - a.at >= 60000;
  if (a.key !== ts.key) {
    a.key = ts.key;
    a.up = false;
    a.minute = Math.ceil(ts.secs / 60);
    if (ts.secs > 0 && calm) say(ts.secs < 60 ? t('timerSeconds', { n: ts.secs }) : minutesLeft(Math.round(ts.secs / 60)));
  }
  if (ts.secs === 0) {
    if (!a.up) { a.up = true; say(t('timeUp')); }
    return;
  }
  const minute = Math.ceil(ts.secs / 60);
  if (minute < a.minute) {
    a.minute = minute;
    if (now - a.at >= 60000) say(minutesLeft(minute));
  }
}
const minutesLeft = (n) => (n === 1 ? t('timerMinute') : t('timerMinutes', { n }));
function say(text) {
  announced.at = Date.now();
  $('timer-announce').textContent = text;
}
