// Pieces every step screen uses: the head, a message card, the sticky save bar, the pass
// button, the "locked" badge.
import { app } from './context.js';
import { $, el, t, L, lightText, lightSign, setText } from './dom.js';
import { arr } from './util.js';

export function lockedBadge(step) {
  const st = app.room.stepState(step.id);
  if (!st || !st.locked) return null;
  return el('span', { class: 'badge badge-locked', 'data-testid': 'locked-badge' }, t('lockedBadge'));
}

/** A kicker line: its text, then the step's "locked" badge if any. */
export function kickerWith(kicker, step) {
  const badge = lockedBadge(step);
  if (badge) { kicker.appendChild(document.createTextNode(' ')); kicker.appendChild(badge); }
  return kicker;
}

export function buildMessage(testid, icon, title, sub, step) {
  const box = el('section', { class: 'card message-card', 'data-testid': testid });
  if (step) box.appendChild(kickerWith(el('p', { class: 'step-kicker' }, L(step.title)), step));
  box.appendChild(el('div', { class: 'message-icon', 'aria-hidden': 'true' }, icon));
  box.appendChild(el('h1', { class: 'message-title', tabindex: '-1' }, title));
  if (sub) box.appendChild(el('p', { class: 'message-sub' }, sub));
  return box;
}

/** "Stap 3 van 27": the step's number as the console and the projector show it. */
export function stepNumber(step) {
  const steps = app.room.S.welcome ? arr(app.room.S.welcome.session.steps) : [];
  const i = steps.findIndex((s) => s.id === step.id);
  if (i < 0) return null;
  return el('p', { class: 'step-number', 'data-testid': 'step-number' }, t('stepOf', { n: i + 1, total: steps.length }));
}

export function buildHead(step, withProgress) {
  const head = el('section', { class: 'step-head' });
  const number = stepNumber(step);
  if (number) head.appendChild(number);
  head.appendChild(el('h1', { class: 'step-title', 'data-testid': 'step-title', tabindex: '-1' }, L(step.title)));
  // The scene: the wegwijzer's opening, a movement's or building block's lead.
  const intro = L(step.intro);
  if (intro) {
    const box = el('div', { class: 'step-intro', 'data-testid': 'step-intro' });
    for (const para of intro.split(/\n\s*\n/)) if (para.trim()) box.appendChild(el('p', null, para.trim()));
    head.appendChild(box);
  }
  const prompt = L(step.prompt);
  if (prompt) head.appendChild(el('p', { class: 'step-prompt' }, prompt));
  if (withProgress) head.appendChild(el('p', { class: 'progress', 'data-testid': 'progress', 'aria-live': 'polite' }));
  return head;
}

/**
 * The heading an item hangs under, when it starts a new one (item.group differs from the
 * previous item's): every screen shows an item with its heading (docs/protocol.md).
 * @returns {HTMLElement | null}
 */
export function headingBefore(items, i, testPrefix) {
  const g = L(items[i].group);
  if (!g || (i > 0 && L(items[i - 1].group) === g)) return null;
  return el('h2', { class: 'item-heading', 'data-testid': testPrefix + items[i].id }, g);
}

/** The height of the sticky top band (brand, timer, connection banner). */
export function topBandHeight() {
  const top = $('top');
  return top ? top.getBoundingClientRect().height : 0;
}

/** Focuses the heading of the screen in the step area (a tabindex=-1 h1); scrolls to the top
 *  when the heading is out of sight. */
export function focusStepHeading() {
  const h = $('step-area').querySelector('h1');
  if (!h) return;
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  try { h.focus({ preventScroll: true }); } catch (e) { /* ignore */ }
  const r = h.getBoundingClientRect();
  if (r.top < topBandHeight() || r.bottom > window.innerHeight) window.scrollTo(0, 0);
}

/** Kring's rating statement of a question, marked as Kring's words; null when none. */
export function ratingLine(it, testid) {
  const r = L(it.rating);
  if (!r) return null;
  const p = el('p', { class: 'item-rating', 'data-testid': testid });
  p.appendChild(el('span', { class: 'rating-label' }, t('ratingLabel')));
  p.appendChild(document.createTextNode(' ' + r));
  return p;
}

/** The open questions of a talk round (an open_text step's items), with their headings. */
export function talkList(step) {
  const items = arr(step.items);
  if (!items.length) return null;
  const sec = el('section', { class: 'card talk-list', 'data-testid': 'talk-list', 'aria-label': t('talkTitle') });
  sec.appendChild(el('h2', { class: 'section-title' }, t('talkTitle')));
  let list = el('ul', { class: 'talk-questions' });
  sec.appendChild(list);
  items.forEach((it, i) => {
    const h = headingBefore(items, i, 'talk-heading-');
    if (h) {
      sec.appendChild(h);
      list = el('ul', { class: 'talk-questions in-group' });
      sec.appendChild(list);
    } else if (i > 0 && L(items[i - 1].group) && !L(it.group)) {
      list = el('ul', { class: 'talk-questions' });
      sec.appendChild(list);
    }
    list.appendChild(el('li', { 'data-testid': 'talk-' + it.id }, L(it.text)));
  });
  return sec;
}

/** The save state of an answer in words: { state, text }. */
export function saveWords(key) {
  const { state, text } = app.room.saveInfo(key);
  return { state, text: text ? t(text) : '' };
}

/** The sticky bar of step-level kinds: a status and the save state. */
export function buildBar() {
  const bar = el('div', { class: 'step-bar', 'data-testid': 'step-bar' });
  bar.appendChild(el('span', { class: 'bar-status', 'data-role': 'status', 'data-testid': 'step-status', 'aria-live': 'polite' }));
  bar.appendChild(el('span', { class: 'save-state', 'data-role': 'save', 'data-testid': 'step-save', 'aria-live': 'polite' }));
  return bar;
}

export function paintBar(key, status) {
  const root = $('step-area');
  setText(root.querySelector('[data-role="status"]'), status);
  const save = root.querySelector('.step-bar [data-role="save"]');
  if (!save) return;
  const { state, text } = saveWords(key);
  save.setAttribute('data-state', state);
  setText(save, text);
}

/** The step's foot: what follows the answer (the bar, then results while live). */
export function stepFoot(frag) {
  frag.appendChild(buildBar());
  frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
  return frag;
}

/** The content of a traffic-light answer button: icon, word (from the server's rules), check. */
export function lightButtonParts(b, id) {
  b.appendChild(el('span', { class: 'choice-icon', 'aria-hidden': 'true' }, lightSign(id)));
  b.appendChild(el('span', { class: 'choice-word' }, lightText(id)));
  b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
  return b;
}

export function buildPassButton(testid, onClick) {
  const b = el('button', { type: 'button', class: 'choice choice-pass', 'data-value': 'pass', 'data-testid': testid, 'aria-pressed': 'false' });
  lightButtonParts(b, 'pass');
  b.addEventListener('click', onClick);
  return b;
}

export function paintPressed(b, on) {
  b.setAttribute('aria-pressed', String(on));
  b.classList.toggle('is-selected', on);
}

export function paintPass(root, on) {
  const b = root.querySelector('.step-pass');
  if (b) paintPressed(b, on);
}

/** The hint under a text field: the counter shows the length once it is near the limit. */
export function counterText(len, max, from) {
  return max > 0 && len >= from ? len + '/' + max : '';
}
