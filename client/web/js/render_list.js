// The one editor of the list answers: open_text ("Ontmoeten is…": a field per text, typed in
// place), inventory and action_plan (cards of entries, added and changed with a form). The
// step's fields and limits come from listSpec (answers.js); the whole list is the answer.
import { app } from './context.js';
import { $, el, t, L, setText } from './dom.js';
import { K, arr, optText } from './util.js';
import { listSpec, emptyEntry, cleanEntry, entryError, entriesOf, valueOf, slotsOf } from './answers.js';
import { TYPING_PAUSE_MS } from './room.js';
import { buildHead, paintBar, stepFoot, counterText, talkList } from './render_common.js';
import { KIND } from './kinds.js';

const CONFIRM_MS = 5000; // a removal waits this long for the second tap
const NEAR = 10;          // a field's counter turns red this close to its limit
const FORM_COUNTER = 20;  // a form field's counter shows from this close to its limit

const specOf = (step) => listSpec(step, app.room.S.rules);
const valueNow = (step) => { const l = app.room.answerOf(step.id, ''); return l ? l.value : null; };

function editorOf(step, spec) {
  const eds = app.room.S.editors;
  let ed = eds.get(step.id);
  if (!ed) { ed = { draft: null, data: emptyEntry(spec), editing: -1, error: '', confirm: -1, confirmTimer: 0 }; eds.set(step.id, ed); }
  if (!ed.data) ed.data = emptyEntry(spec);
  return ed;
}

/** Sends the list (after `delay` ms of calm, 0: now). */
const commit = (step, spec, entries, delay) => app.room.setValue(step.id, valueOf(spec, entries), delay);

function statusOf(spec, n, filled) {
  if (spec.layout === 'slots') return t('textsFilled', { n: filled, max: spec.max });
  const p = spec.prefix;
  return n === 0 ? t(p + 'CountZero') : n === 1 ? t(p + 'CountOne') : t(p + 'Count', { n });
}

// ---- one field of an entry: text or textarea with its counter, a select, or checkboxes
function textField(fd, o) {
  const area = fd.type === 'textarea';
  const input = el(area ? 'textarea' : 'input', {
    id: o.id, class: (area ? 'comment-input' : 'text-input') + (o.cls ? ' ' + o.cls : ''), 'data-testid': o.testid,
    maxlength: fd.max > 0 ? String(fd.max) : null, type: area ? null : 'text', rows: area ? '2' : null,
    placeholder: o.placeholder || null, 'data-index': o.index, 'data-field': fd.name,
    'aria-describedby': o.describedBy || null, spellcheck: 'true'
  });
  input.value = o.value || '';
  const counter = el('span', { class: 'counter' + (o.counterCls ? ' ' + o.counterCls : ''), id: o.counterId || null,
    'data-role': 'counter', 'data-testid': o.counterTestid || null });
  return { input, counter };
}

function paintCounter(input, counter, fd, from) {
  const n = input.value.length;
  setText(counter, counterText(n, fd.max, from));
  counter.classList.toggle('is-near', fd.max > 0 && n >= fd.max - NEAR);
}

function checksField(fd, id, label, data) {
  const fs = el('fieldset', { class: 'checks' });
  fs.appendChild(el('legend', { class: 'field-label' }, label));
  for (const o of arr(fd.options)) {
    const lab = el('label', { class: 'check-row', 'data-testid': id + '-' + o.id });
    const cb = el('input', { type: 'checkbox', value: o.id, class: 'check-input' });
    cb.checked = arr(data[fd.name]).includes(o.id);
    cb.addEventListener('change', () => {
      const set = new Set(data[fd.name]);
      if (cb.checked) set.add(o.id); else set.delete(o.id);
      data[fd.name] = arr(fd.options).map((x) => x.id).filter((x) => set.has(x));
    });
    lab.appendChild(cb);
    lab.appendChild(el('span', { class: 'check-box', 'aria-hidden': 'true' }, '\u2713'));
    lab.appendChild(el('span', { class: 'check-text' }, L(o.text)));
    fs.appendChild(lab);
  }
  return fs;
}

function selectField(fd, id, data) {
  const input = el('select', { id, class: 'select-input', 'data-testid': id });
  input.appendChild(el('option', { value: '' }, t('chooseKind')));
  for (const o of arr(fd.options)) input.appendChild(el('option', { value: o.id }, L(o.text)));
  input.value = data[fd.name] || '';
  input.addEventListener('change', () => { data[fd.name] = input.value; });
  return input;
}

// ---- the editor
export function buildListEditor(step) {
  const spec = specOf(step);
  const frag = document.createDocumentFragment();
  frag.appendChild(buildHead(step, false));
  const talk = talkList(step);
  if (talk) frag.appendChild(talk);
  if (spec.layout === 'slots') frag.appendChild(buildSlots(step, spec));
  else {
    frag.appendChild(el('p', { class: 'privacy-hint' }, spec.kind === KIND.inventory ? t('invPrivacy') : t('actPrivacy')));
    const p = spec.prefix;
    const listSec = el('section', { class: 'own-list', 'aria-labelledby': p + '-list-title' });
    listSec.appendChild(el('h2', { class: 'section-title', id: p + '-list-title', 'data-role': 'list-title' }));
    listSec.appendChild(el('div', { class: 'own-entries', 'data-role': 'entries', 'data-testid': p + '-entries' }));
    frag.appendChild(listSec);
    frag.appendChild(el('div', { 'data-role': 'form-slot' }));
  }
  return stepFoot(frag);
}

export function updateListEditor(step) {
  const spec = specOf(step);
  if (spec.layout === 'slots') updateSlots(step, spec);
  else updateForm(step, spec);
}

// ---- slots: every entry a field of its own, sent while typing
const slotId = (spec, i, fd) => spec.prefix + '-' + i + (spec.fields.length > 1 ? '-' + fd.name : '');

function buildSlots(step, spec) {
  const card = el('section', { class: 'card answer-card' });
  card.appendChild(el('p', { class: 'step-note' }, spec.max === 1 ? t('textOne') : t('textUpTo', { n: spec.max })));
  const hintId = spec.prefix + '-hint';
  card.appendChild(el('p', { class: 'privacy-hint', id: hintId }, t('noNamesHint')));
  const ed = editorOf(step, spec);
  const slots = slotsOf(spec, ed.draft, valueNow(step));
  const list = el('div', { class: 'text-fields' });
  const changed = (delay) => {
    const now = slotsOf(spec, null, null);
    for (const n of $('step-area').querySelectorAll('.entry-input')) now[Number(n.getAttribute('data-index'))][n.getAttribute('data-field')] = n.value;
    ed.draft = now;
    commit(step, spec, now, delay);
  };
  slots.forEach((entry, i) => {
    for (const fd of spec.fields) {
      const row = el('div', { class: 'text-field' });
      const id = slotId(spec, i, fd);
      const countId = spec.prefix + '-c-' + id.slice(spec.prefix.length + 1);
      const sub = id.slice(spec.prefix.length + 1);
      row.appendChild(el('label', { class: 'field-label small', for: id }, t(fd.label, { n: i + 1 })));
      const { input, counter } = textField(fd, {
        id, cls: 'entry-input', testid: 'entry-' + sub, index: String(i), value: entry[fd.name],
        placeholder: L(step.placeholder), describedBy: hintId + ' ' + countId,
        counterCls: 'entry-counter', counterId: countId, counterTestid: 'entry-count-' + sub
      });
      input.addEventListener('input', () => changed(TYPING_PAUSE_MS));
      input.addEventListener('blur', () => changed(0));
      row.appendChild(input);
      row.appendChild(counter);
      list.appendChild(row);
    }
  });
  card.appendChild(list);
  return card;
}

function updateSlots(step, spec) {
  const root = $('step-area');
  const slots = slotsOf(spec, editorOf(step, spec).draft, valueNow(step));
  const filled = new Set();
  for (const input of root.querySelectorAll('.entry-input')) {
    const i = Number(input.getAttribute('data-index'));
    const fd = spec.fields.find((f) => f.name === input.getAttribute('data-field'));
    const want = slots[i] ? slots[i][fd.name] || '' : '';
    if (document.activeElement !== input && input.value !== want) input.value = want;
    if (input.value.trim()) filled.add(i);
    paintCounter(input, input.parentNode.querySelector('[data-role="counter"]'), fd, 0);
  }
  paintBar(K(step.id, ''), statusOf(spec, 0, filled.size));
}

// ---- form: the entries as cards, one form to add or change one
function ownEntries(step, spec) { return entriesOf(spec, valueNow(step)); }

function buildForm(step, spec) {
  const ed = editorOf(step, spec);
  const p = spec.prefix;
  const form = el('form', { class: 'card entry-form', 'data-testid': p + '-form', novalidate: true, autocomplete: 'off' });
  form.appendChild(el('h2', { class: 'section-title' }, ed.editing >= 0 ? t(p + 'EditTitle') : t(p + 'AddTitle')));
  for (const fd of spec.fields) {
    const id = p + '-' + fd.name;
    const label = t(fd.label) + (fd.required ? ' *' : '');
    if (fd.type === 'checks') { form.appendChild(checksField(fd, id, label, ed.data)); continue; }
    const wrap = el('div', { class: 'form-field' });
    wrap.appendChild(el('label', { class: 'field-label', for: id }, label));
    if (fd.type === 'select') {
      wrap.appendChild(selectField(fd, id, ed.data));
    } else {
      const { input, counter } = textField(fd, { id, testid: id, value: ed.data[fd.name] });
      const from = fd.max - FORM_COUNTER;
      input.addEventListener('input', () => {
        ed.data[fd.name] = input.value;
        paintCounter(input, counter, fd, from);
        if (ed.error) { ed.error = ''; paintFormError(step, spec); }
      });
      paintCounter(input, counter, fd, from);
      wrap.appendChild(input);
      wrap.appendChild(counter);
    }
    form.appendChild(wrap);
  }
  form.appendChild(el('p', { class: 'form-error', 'data-role': 'form-error', 'data-testid': p + '-error', role: 'alert', hidden: true }));
  const row = el('div', { class: 'form-buttons' });
  row.appendChild(el('button', { type: 'submit', class: 'btn-primary', 'data-testid': p + '-submit' }, ed.editing >= 0 ? t('saveChange') : t(p + 'Add')));
  if (ed.editing >= 0) {
    const cancel = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': p + '-cancel' }, t('cancel'));
    cancel.addEventListener('click', () => { ed.editing = -1; ed.data = emptyEntry(spec); ed.error = ''; renderForm(step, spec); });
    row.appendChild(cancel);
  }
  form.appendChild(row);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); submitEntry(step, spec); });
  return form;
}

function paintFormError(step, spec) {
  const ed = editorOf(step, spec);
  const n = $('step-area').querySelector('[data-role="form-error"]');
  if (!n) return;
  n.hidden = !ed.error;
  n.textContent = ed.error ? t(ed.error) : '';
}

const formSig = (spec, ed, n) => app.room.S.lang + '|' + ed.editing + '|' + (n >= spec.max);

function renderForm(step, spec) {
  const slot = $('step-area').querySelector('[data-role="form-slot"]');
  if (!slot) return;
  const ed = editorOf(step, spec);
  const n = ownEntries(step, spec).length;
  if (ed.editing < 0 && n >= spec.max) {
    slot.replaceChildren(el('p', { class: 'card step-note', 'data-testid': spec.prefix + '-full' }, t('listFull', { n: spec.max })));
  } else {
    slot.replaceChildren(buildForm(step, spec));
    paintFormError(step, spec);
  }
  slot.setAttribute('data-sig', formSig(spec, ed, n));
}

function submitEntry(step, spec) {
  const ed = editorOf(step, spec);
  const e = cleanEntry(spec, ed.data);
  const missing = entryError(spec, e);
  if (missing) {
    ed.error = missing.error;
    paintFormError(step, spec);
    const n = $(spec.prefix + '-' + missing.field);
    if (n) n.focus();
    return;
  }
  const list = ownEntries(step, spec);
  if (ed.editing >= 0 && ed.editing < list.length) list[ed.editing] = e;
  else if (list.length < spec.max) list.push(e);
  else return;
  ed.editing = -1;
  ed.data = emptyEntry(spec);
  ed.error = '';
  commit(step, spec, list, 0);
  renderForm(step, spec);
}

function removeEntry(step, spec, i) {
  const ed = editorOf(step, spec);
  clearTimeout(ed.confirmTimer);
  if (ed.confirm !== i) {
    // Two taps: the first asks "sure?", for a few seconds.
    ed.confirm = i;
    ed.confirmTimer = setTimeout(() => { ed.confirm = -1; updateListEditor(step); }, CONFIRM_MS);
    updateListEditor(step);
    return;
  }
  ed.confirm = -1;
  const list = ownEntries(step, spec);
  list.splice(i, 1);
  if (ed.editing === i) { ed.editing = -1; ed.data = emptyEntry(spec); }
  else if (ed.editing > i) ed.editing--;
  commit(step, spec, list, 0);
  renderForm(step, spec);
}

function editEntry(step, spec, i) {
  const ed = editorOf(step, spec);
  const e = ownEntries(step, spec)[i];
  if (!e) return;
  ed.editing = i;
  ed.data = e;
  ed.error = '';
  renderForm(step, spec);
  const form = $('step-area').querySelector('.entry-form');
  if (form) {
    form.scrollIntoView({ block: 'start' });
    const first = form.querySelector('input, textarea, select');
    if (first) first.focus({ preventScroll: true });
  }
}

/** A field's value in words on a card: option texts for a select or checkboxes. */
function factText(step, fd, v) {
  const lang = app.room.S.lang;
  if (fd.type === 'select') return v ? optText(fd.options, v, lang) : '';
  if (fd.type === 'checks') return arr(v).map((x) => optText(fd.options, x, lang)).join(', ');
  return typeof v === 'string' ? v : '';
}

/** An entry as a card: its title, its other fields as facts; with edit and remove when it is one's own. */
export function buildEntryCard(step, e, i, own) {
  const spec = specOf(step);
  const card = el('article', { class: 'card entry-card', 'data-testid': own ? spec.prefix + '-entry-' + i : spec.resultTestid });
  card.appendChild(el('h3', { class: 'entry-title' }, e[spec.title]));
  const dl = el('dl', { class: 'entry-facts' });
  for (const fd of spec.fields) {
    const value = fd.name === spec.title ? '' : factText(step, fd, e[fd.name]);
    if (!value) continue;
    const d = el('div');
    d.appendChild(el('dt', null, t(fd.short)));
    d.appendChild(el('dd', null, value));
    dl.appendChild(d);
  }
  if (dl.firstChild) card.appendChild(dl);
  if (own) {
    const ed = editorOf(step, spec);
    const p = spec.prefix;
    const row = el('div', { class: 'entry-buttons' });
    const edit = el('button', { type: 'button', class: 'btn-secondary', 'data-testid': p + '-edit-' + i }, t('edit'));
    edit.addEventListener('click', () => editEntry(step, spec, i));
    const sure = ed.confirm === i;
    const rm = el('button', { type: 'button', class: 'btn-secondary btn-danger' + (sure ? ' is-sure' : ''), 'data-testid': p + '-remove-' + i }, sure ? t('removeSure') : t('remove'));
    rm.addEventListener('click', () => removeEntry(step, spec, i));
    row.appendChild(edit);
    row.appendChild(rm);
    card.appendChild(row);
    if (ed.editing === i) card.classList.add('is-editing');
  }
  return card;
}

function updateForm(step, spec) {
  const root = $('step-area');
  const ed = editorOf(step, spec);
  const list = ownEntries(step, spec);
  const box = root.querySelector('[data-role="entries"]');
  const sig = app.room.S.lang + '|' + JSON.stringify(list) + '|' + ed.confirm + '|' + ed.editing;
  if (box.getAttribute('data-sig') !== sig) {
    box.setAttribute('data-sig', sig);
    if (!list.length) box.replaceChildren(el('p', { class: 'empty-note' }, t(spec.prefix + 'None')));
    else box.replaceChildren(...list.map((e, i) => buildEntryCard(step, e, i, true)));
  }
  setText(root.querySelector('[data-role="list-title"]'), t(spec.prefix + 'ListTitle', { n: list.length }));
  const slot = root.querySelector('[data-role="form-slot"]');
  if (slot.getAttribute('data-sig') !== formSig(spec, ed, list.length)) renderForm(step, spec);
  paintBar(K(step.id, ''), statusOf(spec, list.length, 0));
}
