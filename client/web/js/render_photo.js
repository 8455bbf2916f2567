// An open photo step (docs/protocol.md, section 7): take or choose a photo, a short caption,
// the category when the step has them, a calm reminder about recognisable people, then send
// it with its progress showing. Below: the participant's own photos with where each stands
// (waiting for approval, approved, hidden) and how many may still follow. Built once per step
// and language; photo_send.js keeps what the step is doing, so a new screen shows it as it is.
import { app } from './context.js';
import { $, el, t, L, setText } from './dom.js';
import { K, optText } from './util.js';
import { photoErrorText } from './strings.js';
import { photoStep, ownPhotos, withWall, photosLeft, wallPhotos, UPLOAD_TRIES } from './photo.js';
import { draftOf, onDraftChange, choose, send, retry, discard, setCaption, setCategory, sending } from './photo_send.js';
import { showPhoto } from './photo_images.js';
import { buildHead, paintBar, stepFoot, counterText } from './render_common.js';
import { KIND } from './kinds.js';

const COUNTER_FROM = 30; // the caption's counter shows this close to its limit
/** Errors about the photo itself: another photo is needed, sending this one again does not help. */
const PHOTO_FAULTS = new Set(['photo_too_large', 'photo_unsupported_type', 'photo_not_an_image', 'photo_empty', 'photo_type_mismatch',
  'photo_too_many_pixels', 'photo_damaged']);

const photoErr = (code) => photoErrorText(app.room.S.lang, code);

// A change of a photo step's state (progress, a reply) repaints the open step that shows it.
onDraftChange(() => {
  const step = app.room.currentStep();
  if (step && step.kind === KIND.photo && app.room.S.renderedKey.startsWith('open|' + step.id + '|')) updatePhotoStep(step);
});

export function buildPhotoStep(step) {
  const st = photoStep(step);
  const d = draftOf(step.id);
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  const card = el('section', { class: 'card photo-card', 'data-testid': 'photo-card' });
  card.appendChild(el('p', { class: 'step-note', 'data-role': 'left', 'data-testid': 'photo-left' }));

  // Two ways to a photo: the camera at the back, or one the phone has already.
  const picks = el('div', { class: 'photo-picks' });
  for (const [role, camera] of [['take', true], ['choose', false]]) {
    const input = /** @type {HTMLInputElement} */ (el('input', { type: 'file', accept: 'image/*', capture: camera ? 'environment' : null,
      class: 'photo-input', 'data-testid': camera ? 'photo-input' : 'photo-input-file', hidden: true }));
    input.addEventListener('change', () => {
      const f = input.files && input.files[0];
      input.value = ''; // the same photo chosen again is a new choice
      if (f) choose(step.id, f);
    });
    const b = el('button', { type: 'button', class: 'btn-secondary photo-pick', 'data-role': 'pick', 'data-testid': 'photo-' + role });
    b.appendChild(el('span', { class: 'photo-pick-icon', 'aria-hidden': 'true' }, camera ? '\u25C9' : '\u25A4'));
    b.appendChild(el('span', null, t(camera ? 'photoTake' : 'photoChoose')));
    b.addEventListener('click', () => input.click());
    picks.appendChild(input);
    picks.appendChild(b);
  }
  card.appendChild(picks);
  card.appendChild(el('p', { class: 'form-info', 'data-role': 'preparing', 'data-testid': 'photo-preparing', role: 'status', hidden: true }, t('photoPreparing')));

  // What goes with the photo: shown once one is chosen.
  const form = el('div', { class: 'photo-form', 'data-role': 'form', hidden: true });
  const prev = el('div', { class: 'photo-preview' });
  prev.appendChild(el('img', { class: 'photo-preview-img', 'data-role': 'preview', 'data-testid': 'photo-preview', alt: t('photoPreviewAlt') }));
  const drop = el('button', { type: 'button', class: 'btn-link photo-discard', 'data-role': 'discard', 'data-testid': 'photo-discard' }, t('photoDiscard'));
  drop.addEventListener('click', () => { discard(step.id); focusPick(); });
  prev.appendChild(drop);
  form.appendChild(prev);

  const cid = 'photo-caption-' + step.id;
  const field = el('div', { class: 'form-field' });
  field.appendChild(el('label', { class: 'field-label', for: cid }, t('photoCaption')));
  const caption = /** @type {HTMLInputElement} */ (el('input', { type: 'text', id: cid, class: 'text-input', 'data-testid': 'photo-caption',
    maxlength: st.maxLength > 0 ? String(st.maxLength) : null, 'aria-describedby': cid + '-hint', spellcheck: 'true', autocomplete: 'off' }));
  caption.value = d.caption;
  const meta = el('div', { class: 'comment-meta' });
  meta.appendChild(el('p', { class: 'field-hint', id: cid + '-hint' }, t('photoCaptionHint')));
  const counter = el('span', { class: 'counter', 'data-role': 'counter' });
  meta.appendChild(counter);
  caption.addEventListener('input', () => {
    setCaption(step.id, caption.value);
    setText(counter, counterText(caption.value.length, st.maxLength, st.maxLength - COUNTER_FROM));
  });
  field.appendChild(caption);
  field.appendChild(meta);
  form.appendChild(field);

  if (st.categories.length) {
    const fs = el('fieldset', { class: 'photo-categories', 'data-role': 'categories' });
    fs.appendChild(el('legend', { class: 'field-label' }, t('photoCategory')));
    const group = el('div', { class: 'radio-cards' });
    for (const c of st.categories) {
      const lab = el('label', { class: 'radio-card', 'data-testid': 'photo-category-' + c.id, 'data-value': c.id });
      const r = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'photo-cat-' + step.id, value: c.id, class: 'radio-input' }));
      r.checked = d.category === c.id;
      r.addEventListener('change', () => { if (r.checked) setCategory(step.id, c.id); });
      lab.appendChild(r);
      lab.appendChild(el('span', { class: 'radio-mark', 'aria-hidden': 'true' }));
      lab.appendChild(el('span', { class: 'radio-text' }, L(c.text)));
      group.appendChild(lab);
    }
    fs.appendChild(group);
    fs.appendChild(el('p', { class: 'form-error', 'data-role': 'need-category', 'data-testid': 'photo-need-category', role: 'alert', hidden: true }, t('photoNeedCategory')));
    form.appendChild(fs);
  }
  form.appendChild(el('p', { class: 'privacy-hint photo-consent', 'data-testid': 'photo-consent' }, t('photoConsent')));

  const prog = el('div', { class: 'photo-progress', 'data-role': 'progress', hidden: true });
  const pid = 'photo-progress-' + step.id;
  prog.appendChild(el('label', { class: 'sr-only', for: pid }, t('photoProgressLabel')));
  prog.appendChild(el('progress', { id: pid, max: '100', value: '0', 'data-testid': 'photo-progress' }));
  prog.appendChild(el('span', { class: 'photo-progress-text', 'data-role': 'progress-text', 'data-testid': 'photo-progress-text', 'aria-live': 'polite' }));
  form.appendChild(prog);
  const sendBtn = el('button', { type: 'button', class: 'btn-primary photo-send', 'data-role': 'send', 'data-testid': 'photo-send' }, t('photoSend'));
  sendBtn.addEventListener('click', () => send(step.id));
  form.appendChild(sendBtn);
  card.appendChild(form);

  card.appendChild(el('p', { class: 'form-error', 'data-role': 'error', 'data-testid': 'photo-error', role: 'alert', hidden: true }));
  const again = el('button', { type: 'button', class: 'btn-secondary photo-retry', 'data-role': 'retry', 'data-testid': 'photo-retry', hidden: true }, t('photoRetry'));
  again.addEventListener('click', () => retry(step.id));
  card.appendChild(again);
  card.appendChild(el('p', { class: 'form-info', 'data-role': 'sent', 'data-testid': 'photo-sent', role: 'status', tabindex: '-1', hidden: true }, t('photoSent')));
  frag.appendChild(card);

  const mine = el('section', { class: 'card photo-mine', 'data-testid': 'photo-mine', 'aria-labelledby': 'photo-mine-title' });
  mine.appendChild(el('h2', { class: 'section-title', id: 'photo-mine-title', 'data-role': 'mine-title' }));
  mine.appendChild(el('ul', { class: 'photo-own', 'data-role': 'mine-list' }));
  frag.appendChild(mine);
  return stepFoot(frag);
}

function focusPick() {
  const b = $('step-area').querySelector('[data-role="pick"]');
  if (b && !b.disabled) { try { b.focus(); } catch (e) { /* ignore */ } }
}

/** The participant's own photos of the step: a photo on this phone's wall is approved. */
function ownOf(step) {
  const l = app.room.answerOf(step.id, '');
  const res = app.room.stepResults(step.id);
  return withWall(ownPhotos(l ? l.value : null), new Set(wallPhotos(res).map((p) => p.id)));
}

export function updatePhotoStep(step) {
  const root = $('step-area');
  const card = root.querySelector('.photo-card');
  if (!card) return;
  const st = photoStep(step);
  const d = draftOf(step.id);
  const own = ownOf(step);
  const left = photosLeft(st.maxPhotos, own.length);
  const busy = d.phase === 'sending' || d.phase === 'waiting';
  const chosen = d.phase === 'ready' || busy || d.phase === 'failed';
  const q = (role) => card.querySelector('[data-role="' + role + '"]');

  const leftP = q('left');
  setText(leftP, left === Infinity ? '' : left === 0 ? t('photoLeftNone', { n: st.maxPhotos }) : left === 1 ? t('photoLeftOne') : t('photoLeft', { n: left }));
  leftP.hidden = left === Infinity;
  leftP.setAttribute('data-left', left === Infinity ? '' : String(left));

  for (const pick of card.querySelectorAll('[data-role="pick"]')) pick.disabled = busy || d.phase === 'preparing' || sending() || left === 0;
  q('preparing').hidden = d.phase !== 'preparing';

  const form = q('form');
  form.hidden = !chosen;
  form.setAttribute('data-phase', d.phase);
  card.setAttribute('data-phase', d.phase);
  const preview = /** @type {HTMLImageElement} */ (q('preview'));
  if (d.preview && preview.getAttribute('src') !== d.preview) preview.src = d.preview;
  else if (!d.preview && preview.hasAttribute('src')) preview.removeAttribute('src');
  q('discard').hidden = busy;

  const caption = /** @type {HTMLInputElement} */ (card.querySelector('[data-testid="photo-caption"]'));
  if (document.activeElement !== caption && caption.value !== d.caption) caption.value = d.caption;
  caption.disabled = busy;
  setText(q('counter'), counterText(caption.value.length, st.maxLength, st.maxLength - COUNTER_FROM));
  for (const lab of card.querySelectorAll('.radio-card')) {
    const on = lab.getAttribute('data-value') === d.category;
    const r = /** @type {HTMLInputElement} */ (lab.querySelector('input'));
    if (r.checked !== on) r.checked = on;
    r.disabled = busy;
    lab.classList.toggle('is-selected', on);
  }
  const need = q('need-category');
  if (need) need.hidden = !d.needCategory;

  const prog = q('progress');
  prog.hidden = !busy;
  const pct = d.total > 0 ? Math.min(100, Math.round((d.loaded / d.total) * 100)) : 0;
  const bar = prog.querySelector('progress');
  bar.value = d.phase === 'sending' ? pct : 0;
  setText(q('progress-text'), d.phase === 'waiting' ? t('photoRetrying', { n: d.attempt + 1, max: UPLOAD_TRIES })
    : d.phase === 'sending' && d.total > 0 && d.loaded >= d.total ? t('photoWorking')
      : d.phase === 'sending' ? t('photoSending', { pct }) : '');

  const fault = PHOTO_FAULTS.has(d.error);
  const send = q('send');
  send.hidden = d.phase === 'failed' && (fault || d.retryable);
  send.disabled = busy || d.phase === 'preparing';
  setText(send, busy ? t('photoSending', { pct }) : t('photoSend'));

  const err = q('error');
  const showErr = !!d.error && d.phase !== 'sending' && d.phase !== 'waiting';
  const errText = showErr ? photoErr(d.error) + (d.retryable && d.blob ? ' ' + t('photoKept') : '') : '';
  setText(err, errText);
  err.hidden = !showErr;
  err.setAttribute('data-code', showErr ? d.error : '');
  q('retry').hidden = !(d.phase === 'failed' && d.retryable && d.blob);

  const sent = q('sent');
  const wasHidden = sent.hidden;
  sent.hidden = !(d.sent && d.phase === 'empty');
  // The form the person used is gone: the focus goes to the words that say the photo arrived.
  if (wasHidden && !sent.hidden && focusLost(card)) { try { sent.focus(); } catch (e) { /* ignore */ } }

  paintOwn(step, own);
  paintBar(K(step.id, ''), own.length === 0 ? t('photoCountZero') : own.length === 1 ? t('photoCountOne') : t('photoCount', { n: own.length }));
}

/** The focus is nowhere, or on a control of the card that is hidden now. */
function focusLost(card) {
  const a = document.activeElement;
  if (!a || a === document.body || !a.isConnected) return true;
  return card.contains(a) && !!a.closest('[hidden]');
}

const STATUS_WORD = { pending: 'photoStatusPending', approved: 'photoStatusApproved', hidden: 'photoStatusHidden' };

function paintOwn(step, own) {
  const root = $('step-area');
  setText(root.querySelector('[data-role="mine-title"]'), t('photoMineTitle', { n: own.length }));
  const list = root.querySelector('[data-role="mine-list"]');
  const sig = app.room.S.lang + '|' + JSON.stringify(own);
  if (list.getAttribute('data-sig') === sig) return;
  list.setAttribute('data-sig', sig);
  const cats = photoStep(step).categories;
  if (!own.length) { list.replaceChildren(el('li', { class: 'empty-note' }, t('photoMineNone'))); return; }
  list.replaceChildren(...own.map((p) => {
    const li = el('li', { class: 'photo-own-item', 'data-testid': 'photo-mine-' + p.id, 'data-status': p.status });
    const img = el('img', { class: 'photo-thumb', alt: '', width: '64', height: '64', decoding: 'async' });
    showPhoto(/** @type {HTMLImageElement} */ (img), p.id);
    li.appendChild(img);
    const text = el('div', { class: 'photo-own-text' });
    text.appendChild(el('p', { class: 'photo-own-caption' + (p.caption ? '' : ' is-empty') }, p.caption || t('photoNoCaption')));
    if (p.category) text.appendChild(el('p', { class: 'photo-own-category' }, optText(cats, p.category, app.room.S.lang)));
    text.appendChild(el('span', { class: 'badge photo-status status-' + p.status, 'data-testid': 'photo-status-' + p.id }, t(STATUS_WORD[p.status])));
    li.appendChild(text);
    return li;
  }));
}
