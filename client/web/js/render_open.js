// An open step: the answer screens of every kind but the list answers (render_list.js),
// built once per step and language, then updated in place from the room's state.
import { app } from './context.js';
import { $, el, t, L, setText } from './dom.js';
import { K, arr, hasValue } from './util.js';
import { kindOf, scaleRange, maxPicks, nextPicks, dotLimits, dotValue, sumDots, changeDots, commentMax } from './answers.js';
import { lightsOf } from './rules.js';
import { buildHead, buildPassButton, paintPass, paintBar, paintPressed, stepFoot, saveWords, lightButtonParts, counterText, headingBefore, ratingLine } from './render_common.js';
import { buildListEditor, updateListEditor } from './render_list.js';
import { buildPhotoStep, updatePhotoStep } from './render_photo.js';
import { buildFloorPlan, updateFloorPlan } from './render_floor_plan.js';
import { imageDeck, DECK_SIZE } from './image_deck.js';
import { showPhotoOrWords } from './photo_images.js';
import { KIND } from './kinds.js';

const DOT_PAUSE_MS = 350; // dots are sent after this long without another tap
const LIST_KINDS = new Set([KIND.openText, KIND.inventory, KIND.actionPlan]);

export function buildOpen(step) {
  const kind = kindOf(step);
  if (LIST_KINDS.has(kind)) return buildListEditor(step);
  switch (kind) {
    case KIND.choice: return buildChoice(step);
    case KIND.imageChoice: return buildImageChoice(step);
    case KIND.dotVote: return buildDotVote(step);
    case KIND.photo: return buildPhotoStep(step);
    case KIND.floorPlan: return buildFloorPlan(step);
    default: return buildItemsStep(step); // traffic_light, scale
  }
}

export function updateOpen() {
  const step = app.room.currentStep();
  if (!step || !app.room.S.renderedKey.startsWith('open|' + step.id + '|')) return;
  const kind = kindOf(step);
  if (LIST_KINDS.has(kind)) { updateListEditor(step); return; }
  switch (kind) {
    case KIND.choice: updateChoice(step); break;
    case KIND.imageChoice: updateImageChoice(step); break;
    case KIND.dotVote: updateDotVote(step); break;
    case KIND.photo: updatePhotoStep(step); break;
    case KIND.floorPlan: updateFloorPlan(step); break;
    default: updateItems(); break;
  }
}

// ---- a comment on a statement, or the "why?" of a choice: a text carried with the answer
function buildCommentField(o) {
  const box = el('div', { class: o.boxClass, id: o.boxId || null, hidden: !!o.hidden });
  box.appendChild(el('label', { class: o.labelClass, for: o.id }, o.label));
  const max = commentMax(app.room.S.rules);
  const ta = el('textarea', {
    id: o.id, class: 'comment-input', rows: '3', maxlength: max > 0 ? String(max) : null,
    'data-testid': o.testid, 'aria-describedby': o.hintId, spellcheck: 'true'
  });
  box.appendChild(ta);
  const meta = el('div', { class: 'comment-meta' });
  meta.appendChild(el('p', { class: 'field-hint', id: o.hintId }, t('commentHint')));
  meta.appendChild(el('span', { class: 'counter', 'data-role': 'counter' }));
  box.appendChild(meta);
  box.appendChild(el('p', { class: 'field-hint need-choice', 'data-role': 'need-choice', hidden: true }, o.needText));
  const l = app.room.answerOf(o.step, o.item);
  ta.value = l && l.comment ? l.comment : '';
  ta.addEventListener('input', () => app.room.commentChanged(o.step, o.item, ta.value, false));
  ta.addEventListener('blur', () => app.room.commentChanged(o.step, o.item, ta.value, true));
  return { box, ta };
}

function paintCommentField(box, l, hasAnswer) {
  const ta = box.querySelector('textarea');
  const want = l && l.comment ? l.comment : '';
  if (document.activeElement !== ta && ta.value !== want) ta.value = want;
  const max = commentMax(app.room.S.rules);
  box.querySelector('[data-role="counter"]').textContent = counterText(ta.value.length, max, max - 99);
  box.querySelector('[data-role="need-choice"]').hidden = !(ta.value.trim() && !hasAnswer);
}

function buildWhy(step, needText) {
  const id = 'why-' + step.id;
  return buildCommentField({ boxClass: 'why-box', labelClass: 'field-label', id, hintId: id + '-hint', testid: 'why',
    label: t('whyLabel'), needText, step: step.id, item: '' }).box;
}
function updateWhy(step) {
  const box = $('step-area').querySelector('.why-box');
  if (!box) return;
  const l = app.room.answerOf(step.id, '');
  paintCommentField(box, l, !!(l && hasValue(l.value)));
}

// ---- traffic_light and scale: one card per statement
function buildItemsStep(step) {
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, true));
  const items = arr(step.items);
  const list = el('div', { class: 'items' });
  items.forEach((it, i) => {
    const h = headingBefore(items, i, 'heading-');
    if (h) list.appendChild(h);
    list.appendChild(buildItem(step, it, i, items.length));
  });
  frag.appendChild(list);
  frag.appendChild(el('div', { class: 'live-results', id: 'live-results' }));
  return frag;
}

function scaleButtons(step, it, textId, card, passRow) {
  const { min, max } = scaleRange(step);
  const n = max - min + 1;
  const group = el('div', { class: 'scale-choices', role: 'group', 'aria-labelledby': textId });
  group.style.setProperty('--cols', String(n <= 7 ? n : Math.ceil(n / 2)));
  const lmin = step.labels ? L(step.labels.min) : '';
  const lmax = step.labels ? L(step.labels.max) : '';
  for (let v = min; v <= max; v++) {
    const label = String(v) + (v === min && lmin ? ' \u2013 ' + lmin : '') + (v === max && lmax ? ' \u2013 ' + lmax : '');
    const b = el('button', {
      type: 'button', class: 'choice scale-btn', 'data-value': String(v),
      'data-testid': 'scale-' + it.id + '-' + v, 'aria-pressed': 'false', 'aria-label': label
    });
    b.appendChild(el('span', { class: 'scale-num' }, String(v)));
    b.appendChild(el('span', { class: 'choice-check', 'aria-hidden': 'true' }, '\u2713'));
    b.addEventListener('click', () => app.room.choose(step.id, it.id, v));
    group.appendChild(b);
  }
  card.appendChild(group);
  if (lmin || lmax) {
    const ends = el('div', { class: 'scale-ends', 'aria-hidden': 'true' });
    ends.appendChild(el('span', null, lmin ? min + ' = ' + lmin : ''));
    ends.appendChild(el('span', null, lmax ? max + ' = ' + lmax : ''));
    card.appendChild(ends);
  }
  passRow.appendChild(buildPassButton('scale-' + it.id + '-pass', () => app.room.choose(step.id, it.id, 'pass')));
}

/** The traffic-light answers, in the server's words and icons; pass goes to the foot. */
function lightButtons(step, it, textId, card, passRow) {
  const group = el('div', { class: 'choices', role: 'group', 'aria-labelledby': textId });
  for (const light of lightsOf(app.room.S.rules)) {
    const b = el('button', {
      type: 'button', class: 'choice choice-' + light.id, 'data-value': light.id,
      'data-testid': 'choice-' + it.id + '-' + light.id, 'aria-pressed': 'false'
    });
    lightButtonParts(b, light.id);
    b.addEventListener('click', () => app.room.choose(step.id, it.id, light.id));
    if (light.id === 'pass') passRow.appendChild(b); else group.appendChild(b);
  }
  card.appendChild(group);
}

function buildItem(step, it, index, count) {
  const scale = kindOf(step) === KIND.scale;
  const key = K(step.id, it.id);
  const card = el('article', { class: 'card item' + (scale ? ' scale-item' : '') + (L(it.group) ? ' in-group' : ''), 'data-testid': 'item-' + it.id, 'data-key': key, 'data-item': it.id });
  const top = el('div', { class: 'item-top' });
  top.appendChild(el('span', { class: 'item-num' }, t('itemOf', { n: index + 1, total: count })));
  top.appendChild(el('span', { class: 'save-state', 'data-role': 'save', 'aria-live': 'polite' }));
  card.appendChild(top);
  const textId = 'it-' + index;
  card.appendChild(el(L(it.group) ? 'h3' : 'h2', { class: 'item-text', id: textId }, L(it.text)));
  const rating = ratingLine(it, 'rating-' + it.id);
  if (rating) card.appendChild(rating);
  const passRow = el('div', { class: 'item-foot' });
  (scale ? scaleButtons : lightButtons)(step, it, textId, card, passRow);
  const toggle = el('button', {
    type: 'button', class: 'comment-toggle', 'data-testid': 'comment-toggle-' + it.id,
    'aria-expanded': 'false', 'aria-controls': 'cm-' + index
  }, t('commentAdd'));
  passRow.appendChild(toggle);
  card.appendChild(passRow);
  const { box, ta } = buildCommentField({ boxClass: 'comment-box', boxId: 'cm-' + index, hidden: true, labelClass: 'field-label small',
    id: 'ta-' + index, hintId: 'hint-' + index, testid: 'comment-' + it.id, label: t('commentLabel'),
    needText: t('commentNeedsChoice'), step: step.id, item: it.id });
  card.appendChild(box);
  toggle.addEventListener('click', () => {
    const open = app.room.S.openComments;
    if (open.has(key)) open.delete(key); else open.add(key);
    updateItems();
    if (open.has(key)) ta.focus();
  });
  return card;
}

function updateItems() {
  const { S } = app.room;
  const step = app.room.currentStep();
  const area = $('step-area');
  if (!step || !S.renderedKey.startsWith('open|')) return;
  let answered = 0;
  for (const card of area.querySelectorAll('article.item')) {
    const key = card.getAttribute('data-key');
    const itemId = card.getAttribute('data-item');
    const l = S.local.get(key);
    const value = l && hasValue(l.value) ? String(l.value) : '';
    if (value) answered++;
    for (const b of card.querySelectorAll('button.choice')) paintPressed(b, b.getAttribute('data-value') === value);
    card.classList.toggle('has-answer', !!value);
    const save = card.querySelector('[data-role="save"]');
    const { state, text } = saveWords(key);
    save.setAttribute('data-state', state);
    save.setAttribute('data-testid', (state === 'saved' ? 'saved-' : state === 'pending' ? 'pending-' : 'unsaved-') + itemId);
    setText(save, text);
    const open = S.openComments.has(key);
    const box = card.querySelector('.comment-box');
    box.hidden = !open;
    const toggle = card.querySelector('.comment-toggle');
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? t('commentHide') : t('commentAdd');
    paintCommentField(box, l, !!value);
  }
  setText(area.querySelector('[data-testid="progress"]'), t('progress', { n: answered, total: arr(step.items).length }));
}

// ---- choice (the cases): the case text, radio cards, pass, why
export function buildCaseBody(step, testid) {
  const body = L(step.body);
  if (!body) return null;
  const card = el('article', { class: 'card case-body', 'data-testid': testid });
  for (const para of body.split(/\n\s*\n/)) if (para.trim()) card.appendChild(el('p', null, para.trim()));
  return card;
}

/** The foot of a one-answer step: pass, then the "why?" box when the step takes one. */
function answerFoot(step, card, withWhy, needText, onPass) {
  const foot = el('div', { class: 'item-foot' });
  const pass = buildPassButton('pass-' + step.id, onPass);
  pass.classList.add('step-pass');
  foot.appendChild(pass);
  card.appendChild(foot);
  if (withWhy) {
    // The "why?" box's place when no picture is picked (image_choice moves it under the pick).
    const home = el('div', { 'data-role': 'why-home' });
    home.appendChild(buildWhy(step, needText));
    card.appendChild(home);
  }
}

function buildChoice(step) {
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  const body = buildCaseBody(step, 'case-body');
  if (body) frag.appendChild(body);
  const card = el('section', { class: 'card answer-card' });
  const qid = 'q-' + step.id;
  card.appendChild(el('h2', { class: 'answer-label', id: qid }, t('yourChoice')));
  const group = el('div', { class: 'radio-cards', role: 'radiogroup', 'aria-labelledby': qid });
  for (const o of arr(step.options)) {
    const lab = el('label', { class: 'radio-card', 'data-testid': 'option-' + o.id, 'data-value': o.id });
    const input = el('input', { type: 'radio', name: 'opt-' + step.id, value: o.id, class: 'radio-input' });
    input.addEventListener('change', () => { if (input.checked) app.room.choose(step.id, '', o.id); });
    lab.appendChild(input);
    lab.appendChild(el('span', { class: 'radio-mark', 'aria-hidden': 'true' }));
    lab.appendChild(el('span', { class: 'radio-text' }, L(o.text)));
    group.appendChild(lab);
  }
  card.appendChild(group);
  answerFoot(step, card, step.comment !== false, t('commentNeedsChoice'), () => app.room.choose(step.id, '', 'pass'));
  frag.appendChild(card);
  return stepFoot(frag);
}

function updateChoice(step) {
  const root = $('step-area');
  const l = app.room.answerOf(step.id, '');
  const value = l && typeof l.value === 'string' ? l.value : '';
  for (const lab of root.querySelectorAll('.radio-card')) {
    const on = lab.getAttribute('data-value') === value;
    const input = lab.querySelector('input');
    if (input.checked !== on) input.checked = on;
    lab.classList.toggle('is-selected', on);
  }
  paintPass(root, value === 'pass');
  updateWhy(step);
  paintBar(K(step.id, ''), value === 'pass' ? t('statusPassed') : value ? t('statusChosen') : t('statusChoose'));
}

// ---- image_choice (dromen met beelden): a grid of pictures, pick up to max_picks
function buildImageChoice(step) {
  const max = maxPicks(step);
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  frag.appendChild(el('p', { class: 'step-note' }, max === 1 ? t('pickOne') : t('pickUpTo', { n: max })));
  const grid = el('div', { class: 'img-grid', role: 'group', 'aria-label': t('imagesLabel') });
  for (const im of imageDeck(step, app.room.stepState(step.id))) grid.appendChild(imageCard(step, im));
  frag.appendChild(grid);
  const card = el('section', { class: 'card answer-card' });
  card.appendChild(el('p', { class: 'form-info pick-hint', 'data-role': 'pick-hint', role: 'status', hidden: true }));
  answerFoot(step, card, step.reason !== false, t('whyNeedsImage'), () => { app.room.S.pickHint = ''; app.room.choose(step.id, '', 'pass'); });
  frag.appendChild(card);
  app.room.S.pickHint = '';
  return stepFoot(frag);
}

/**
 * One picture of the deck, a button pressed when picked. A template picture has its address;
 * the facilitator's own one is fetched with the participant's key (photo_images.js), its alt
 * text standing in its place until then. Its size is known before it loads: nothing moves.
 */
function imageCard(step, im) {
  const b = el('button', { type: 'button', class: 'img-card', 'data-value': im.id, 'data-testid': 'image-' + im.id, 'aria-pressed': 'false',
    'data-own': im.own ? 'true' : null });
  const size = im.width && im.height ? im : DECK_SIZE;
  const img = el('img', { src: im.own ? null : im.url, alt: L(im.alt), loading: im.own ? null : 'lazy', decoding: 'async',
    width: String(size.width), height: String(size.height) });
  b.appendChild(img);
  if (im.own) b.appendChild(showPhotoOrWords(/** @type {HTMLImageElement} */ (img), im.id, L(im.alt)));
  const tag = el('span', { class: 'img-tag', 'aria-hidden': 'true' });
  tag.appendChild(el('span', { class: 'img-tag-check' }, '\u2713'));
  tag.appendChild(el('span', { class: 'img-tag-word' }, t('picked1')));
  b.appendChild(tag);
  b.addEventListener('click', () => pickImage(step, im.id));
  return b;
}

/**
 * The grid follows the view's own images while the step is open: a new one joins in the
 * server's order, one the facilitator deleted leaves (the focus, if on it, goes to a
 * neighbour). In place, so a "why?" being typed keeps its text and its focus.
 */
function syncDeck(step, grid) {
  const deck = imageDeck(step, app.room.stepState(step.id));
  const ids = new Set(deck.map((im) => im.id));
  const cards = new Map();
  for (const b of grid.querySelectorAll('.img-card')) {
    const id = b.getAttribute('data-value');
    if (ids.has(id)) { cards.set(id, b); continue; }
    if (b.contains(document.activeElement)) {
      const next = neighbourCard(b);
      if (next) { try { next.focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
    }
    b.remove();
  }
  let prev = null;
  for (const im of deck) {
    let b = cards.get(im.id);
    if (!b) {
      b = imageCard(step, im);
      // Past the "why?" that follows a picked picture: moved, it would lose the focus.
      const at = prev && prev.nextElementSibling && prev.nextElementSibling.classList.contains('why-box') ? prev.nextElementSibling : prev;
      if (at) at.after(b); else grid.prepend(b);
    }
    prev = b;
  }
}

/** The picture card after this one, else the one before it. */
function neighbourCard(b) {
  const isCard = (n) => n && n.classList && n.classList.contains('img-card');
  for (let n = b.nextElementSibling; n; n = n.nextElementSibling) if (isCard(n)) return n;
  for (let n = b.previousElementSibling; n; n = n.previousElementSibling) if (isCard(n)) return n;
  return null;
}

function pickImage(step, id) {
  const l = app.room.answerOf(step.id, '');
  const { picks, hint } = nextPicks(l ? l.value : null, id, maxPicks(step));
  app.room.S.pickHint = hint;
  if (picks) app.room.choose(step.id, '', picks);
  else updateOpen();
}

function updateImageChoice(step) {
  const root = $('step-area');
  const l = app.room.answerOf(step.id, '');
  const picks = l && Array.isArray(l.value) ? l.value : [];
  const passed = !!(l && l.value === 'pass');
  const grid = root.querySelector('.img-grid');
  if (grid) syncDeck(step, grid);
  for (const b of root.querySelectorAll('.img-card')) paintPressed(b, picks.includes(b.getAttribute('data-value')));
  paintPass(root, passed);
  const hint = root.querySelector('[data-role="pick-hint"]');
  const h = app.room.S.pickHint;
  const hintText = h === 'tooMany' ? t('pickTooMany', { n: maxPicks(step) }) : h === 'keepOne' ? t('pickKeepOne') : '';
  hint.hidden = !hintText;
  setText(hint, hintText);
  placeWhy(root, picks);
  updateWhy(step);
  paintBar(K(step.id, ''), passed ? t('statusPassed') : t('pickedCount', { n: picks.length, max: maxPicks(step) }));
}

/** The "why?" opens right under the picture picked last (not below all pictures); with no
 *  picture picked it waits in the answer card. */
function placeWhy(root, picks) {
  const why = root.querySelector('.why-box');
  if (!why) return;
  const id = picks.length ? picks[picks.length - 1] : '';
  const card = id ? [...root.querySelectorAll('.img-card')].find((b) => b.getAttribute('data-value') === id) : null;
  if (card) {
    if (card.nextElementSibling !== why) card.after(why);
    return;
  }
  const home = root.querySelector('[data-role="why-home"]');
  if (home && why.parentNode !== home) home.appendChild(why);
}

// ---- dot_vote: N dots over the options, +/- per option
function buildDotVote(step) {
  const { dots, per } = dotLimits(step);
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  frag.appendChild(el('p', { class: 'step-note' }, t('dotsIntro', { n: dots }) + (per < dots ? ' ' + t('dotsMaxPer', { n: per }) : '')));
  const list = el('div', { class: 'dot-list' });
  for (const o of app.room.dotOptions(step)) {
    if (!o || typeof o.id !== 'string') continue;
    const row = el('article', { class: 'card dot-row', 'data-testid': 'dot-option-' + o.id, 'data-option': o.id });
    const tid = 'dt-' + o.id;
    row.appendChild(el('p', { class: 'dot-text', id: tid }, L(o.text)));
    const ctl = el('div', { class: 'dot-controls', role: 'group', 'aria-labelledby': tid });
    const minus = el('button', { type: 'button', class: 'dot-btn', 'data-role': 'minus', 'data-testid': 'dot-minus-' + o.id, 'aria-label': t('dotRemove') }, '\u2212');
    const plus = el('button', { type: 'button', class: 'dot-btn', 'data-role': 'plus', 'data-testid': 'dot-plus-' + o.id, 'aria-label': t('dotAdd') }, '+');
    const mid = el('div', { class: 'dot-mid' });
    mid.appendChild(el('span', { class: 'dot-pips', 'data-role': 'pips', 'aria-hidden': 'true' }));
    mid.appendChild(el('span', { class: 'dot-count', 'data-role': 'count', 'data-testid': 'dot-count-' + o.id, 'aria-live': 'polite' }));
    minus.addEventListener('click', () => changeDot(step, o.id, -1));
    plus.addEventListener('click', () => changeDot(step, o.id, +1));
    ctl.appendChild(minus);
    ctl.appendChild(mid);
    ctl.appendChild(plus);
    row.appendChild(ctl);
    list.appendChild(row);
  }
  frag.appendChild(list);
  return stepFoot(frag);
}

function changeDot(step, id, delta) {
  const l = app.room.answerOf(step.id, '');
  const v = changeDots(dotValue(l ? l.value : null), id, delta, dotLimits(step));
  if (v) app.room.setValue(step.id, v, DOT_PAUSE_MS);
}

function updateDotVote(step) {
  const root = $('step-area');
  const { dots, per } = dotLimits(step);
  const l = app.room.answerOf(step.id, '');
  const v = dotValue(l ? l.value : null);
  const left = Math.max(0, dots - sumDots(v));
  for (const row of root.querySelectorAll('.dot-row')) {
    const n = v[row.getAttribute('data-option')] || 0;
    const count = row.querySelector('[data-role="count"]');
    setText(count, n === 1 ? t('dotOne') : t('dotMany', { n }));
    count.setAttribute('data-count', String(n));
    const shown = per <= 10 ? per : 0;
    setText(row.querySelector('[data-role="pips"]'), shown ? '\u25CF'.repeat(n) + '\u25CB'.repeat(shown - n) : '');
    row.classList.toggle('has-dots', n > 0);
    row.querySelector('[data-role="minus"]').disabled = n === 0;
    row.querySelector('[data-role="plus"]').disabled = n >= per || left === 0;
  }
  paintBar(K(step.id, ''), left === 0 ? t('dotsDone') : left === 1 ? t('dotsLeftOne') : t('dotsLeft', { n: left }));
  const bar = root.querySelector('.step-bar');
  if (bar) bar.setAttribute('data-left', String(left));
}
