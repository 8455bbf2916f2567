// @ts-check
// What an answer may be, and how the page's inputs become one: checked for shape here, for
// meaning by the server (docs/protocol.md section 3, "answer"). Limits come from the step in
// the welcome and from the server's rules, never from literals. Pure: no DOM.
import { arr, num, clampInt, positive, hasValue } from './util.js';
import { fieldMax } from './rules.js';
import { KIND } from './kinds.js';

/** @typedef {import('./rules.js').Rules} Rules */

/** Every kind the page can answer. */
export const KINDS = new Set(Object.values(KIND));
/** Kinds whose answer carries no comment. */
export const NO_COMMENT = new Set([KIND.openText, KIND.dotVote, KIND.inventory, KIND.actionPlan, KIND.photo, KIND.floorPlan]);

/** @param {any} step @returns {string} */
export const kindOf = (step) => (step && typeof step.kind === 'string' && step.kind) || KIND.trafficLight;

/**
 * An answer's value: a word ("green", "pass", an option id), a number (scale), an array
 * (image picks, texts, entries) or an object (dots).
 * @param {unknown} v
 */
export function validValue(v) {
  if (typeof v === 'string') return v.length > 0 && v.length <= 200;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return true;
  return !!v && typeof v === 'object';
}

/** An empty list or object: sending it withdraws the answer. @param {unknown} v */
export function isEmptyValue(v) {
  if (Array.isArray(v)) return v.length === 0;
  return !!v && typeof v === 'object' && Object.keys(v).length === 0;
}

/**
 * A text cut to a limit (0: no limit known).
 * @param {unknown} text
 * @param {number} max
 */
export const cutText = (text, max) => (max > 0 ? String(text).slice(0, max) : String(text));

/** The longest comment or reason. @param {Rules | null} rules */
export const commentMax = (rules) => (rules ? rules.max_text : 0);

// ---------------------------------------------------------------- answers kept until acked
/**
 * @typedef {object} LocalAnswer
 * @property {string} step
 * @property {string} item
 * @property {any} value
 * @property {string} comment
 * @property {number} seq     the seq of the request on its way, 0 when none
 * @property {'pending' | 'saved'} state
 * @property {number} t       when it last changed (ms)
 * @property {{ value: any, comment: string }} [sent]
 */

/**
 * The answers still on their way, as the page keeps them in localStorage.
 * @param {Iterable<LocalAnswer>} locals
 */
export function pendingList(locals) {
  const list = [];
  for (const a of locals) {
    if (a.state === 'pending' && hasValue(a.value)) list.push({ step: a.step, item: a.item, value: a.value, comment: a.comment || '', t: a.t });
  }
  return list;
}

/**
 * The answers a page kept (pendingList as JSON): those still valid and younger than maxAgeMs.
 * @param {string | null} raw
 * @param {number} now
 * @param {number} maxAgeMs
 * @param {number} maxComment 0: no limit known
 * @returns {LocalAnswer[] | null} null when raw is not a list at all
 */
export function parsePending(raw, now, maxAgeMs, maxComment) {
  let list;
  try { list = JSON.parse(String(raw)); } catch { list = null; }
  if (!Array.isArray(list)) return null;
  /** @type {LocalAnswer[]} */
  const out = [];
  for (const a of list) {
    if (!a || typeof a.step !== 'string' || typeof a.item !== 'string' || !validValue(a.value)) continue;
    if (typeof a.t !== 'number' || now - a.t > maxAgeMs) continue;
    out.push({ step: a.step, item: a.item, value: a.value, comment: typeof a.comment === 'string' ? cutText(a.comment, maxComment) : '', seq: 0, state: 'pending', t: a.t });
  }
  return out;
}

// ---------------------------------------------------------------- scale, image_choice, dot_vote
/** The values of a scale step (at most 21 buttons). @param {any} step */
export function scaleRange(step) {
  const min = Number.isInteger(step.min) ? step.min : 1;
  let max = Number.isInteger(step.max) ? step.max : min;
  if (max < min) max = min;
  if (max - min > 20) max = min + 20;
  return { min, max };
}

/** @param {any} step */
export const maxPicks = (step) => clampInt(step.max_picks, 1, 20, 1);

/**
 * A tap on picture `id`: the new picks, or null and a hint why nothing changes. The server
 * needs at least one picture (or a pass): the last one stays until another is chosen.
 * @param {unknown} value the current answer
 * @param {string} id
 * @param {number} max
 * @returns {{ picks: string[] | null, hint: '' | 'keepOne' | 'tooMany' }}
 */
export function nextPicks(value, id, max) {
  const picks = Array.isArray(value) ? value.slice() : [];
  const i = picks.indexOf(id);
  if (i >= 0) {
    if (picks.length === 1) return { picks: null, hint: max > 1 ? 'keepOne' : '' };
    picks.splice(i, 1);
    return { picks, hint: '' };
  }
  if (max === 1) return { picks: [id], hint: '' };
  if (picks.length >= max) return { picks: null, hint: 'tooMany' };
  picks.push(id);
  return { picks, hint: '' };
}

/** The dots of a dot_vote step and the most per option. @param {any} step */
export function dotLimits(step) {
  const dots = positive(step.dots);
  return { dots, per: clampInt(step.max_per_option, 1, dots || 1, dots) };
}

/** The dots of an answer, only options with at least one. @param {unknown} value @returns {Record<string, number>} */
export function dotValue(value) {
  const v = value && typeof value === 'object' && !Array.isArray(value) ? /** @type {Record<string, unknown>} */ (value) : {};
  /** @type {Record<string, number>} */
  const out = {};
  for (const k of Object.keys(v)) if (num(v[k]) > 0) out[k] = num(v[k]);
  return out;
}

/** @param {Record<string, number>} v */
export const sumDots = (v) => Object.values(v).reduce((a, b) => a + b, 0);

/**
 * A dot more or less on option `id`: the new dots, or null when that is not allowed.
 * @param {Record<string, number>} v
 * @param {string} id
 * @param {number} delta
 * @param {{ dots: number, per: number }} lim
 */
export function changeDots(v, id, delta, lim) {
  const n = (v[id] || 0) + delta;
  if (n < 0 || n > lim.per) return null;
  if (delta > 0 && sumDots(v) >= lim.dots) return null;
  const out = { ...v };
  if (n === 0) delete out[id]; else out[id] = n;
  return out;
}

// ---------------------------------------------------------------- list answers
/**
 * One field of a list-answer entry.
 * @typedef {object} FieldSpec
 * @property {string} name
 * @property {'text' | 'textarea' | 'select' | 'checks'} type
 * @property {number} [max]          longest text (0: unknown)
 * @property {boolean} [required]
 * @property {string} label          string key
 * @property {string} [need]         string key of the error when a required field is empty
 * @property {string} [short]        string key of the field's name on an entry's card
 * @property {any[]} [options]       select and checks: [{ id, text }]
 */
/**
 * The three list answers (open_text, inventory, action_plan) share one editor: a list of up
 * to `max` entries, each of the same fields, the whole list sent as the value. `slots`: every
 * entry is a field of its own, typed in place; `form`: the entries are cards, added and
 * changed with one form.
 * @typedef {object} ListSpec
 * @property {string} kind
 * @property {string} prefix          of ids and test ids
 * @property {'slots' | 'form'} layout
 * @property {number} max             most entries (the step's max_entries)
 * @property {FieldSpec[]} fields
 * @property {string} title           field shown as the entry's title
 * @property {string} resultTestid    test id of an entry's card in the results
 * @property {(e: Record<string, any>) => any} toValue
 * @property {(v: any) => Record<string, any> | null} fromValue
 */

/** @param {Record<string, any>} e */
const asObject = (e) => e;
/** @param {any} v */
const objectEntry = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);

/**
 * The list answers edited with a form: per kind its fields (lengths from the rules).
 * @type {Record<string, { prefix: string, title: string, resultTestid: string, fields: (step: any) => FieldSpec[] }>}
 */
const FORMS = {
  inventory: {
    prefix: 'inv', title: 'name', resultTestid: 'inv-result-entry',
    fields: (step) => [
      { name: 'name', type: 'text', required: true, label: 'invName', need: 'needName' },
      { name: 'kind', type: 'select', options: arr(step.offer_kinds), required: true, label: 'invKind', need: 'needKind', short: 'invKindShort' },
      { name: 'place', type: 'text', label: 'invPlace', short: 'invPlaceShort' },
      { name: 'families', type: 'checks', options: arr(step.target_groups), label: 'invFamilies', short: 'invFamiliesShort' },
      { name: 'goals', type: 'textarea', label: 'invGoals', short: 'invGoalsShort' },
    ],
  },
  action_plan: {
    prefix: 'act', title: 'what', resultTestid: 'action-result',
    fields: () => [
      { name: 'what', type: 'textarea', required: true, label: 'actWhat', need: 'needWhat' },
      { name: 'who', type: 'text', label: 'actWho', short: 'actWhoShort' },
      { name: 'when', type: 'text', label: 'actWhen', short: 'actWhenShort' },
    ],
  },
};

/**
 * The editor of a list-answer step: its fields and their limits.
 * @param {any} step
 * @param {Rules | null} rules
 * @returns {ListSpec | null} null for other kinds
 */
export function listSpec(step, rules) {
  const kind = kindOf(step);
  const max = positive(step.max_entries);
  if (kind === KIND.openText) {
    return {
      kind, prefix: 'ot', layout: 'slots', max, title: 'text', resultTestid: 'text-card',
      fields: [{ name: 'text', type: 'textarea', max: positive(step.max_length), required: true, label: 'entryN' }],
      toValue: (e) => e.text,
      fromValue: (v) => (typeof v === 'string' ? { text: v } : null),
    };
  }
  const form = FORMS[kind];
  if (!form) return null;
  return {
    kind, prefix: form.prefix, layout: 'form', max, title: form.title, resultTestid: form.resultTestid,
    // A text field's length is the server's rule of that field (rules.fields).
    fields: form.fields(step).map((f) => (f.type === 'text' || f.type === 'textarea' ? { ...f, max: fieldMax(rules, kind, f.name) } : f)),
    toValue: asObject, fromValue: objectEntry,
  };
}

/** An entry with every field empty. @param {ListSpec} spec @returns {Record<string, any>} */
export function emptyEntry(spec) {
  /** @type {Record<string, any>} */
  const e = {};
  for (const f of spec.fields) e[f.name] = f.type === 'checks' ? [] : '';
  return e;
}

/**
 * An entry as it is sent: texts trimmed and cut to their field's length, only known options.
 * @param {ListSpec} spec
 * @param {Record<string, any>} data
 */
export function cleanEntry(spec, data) {
  /** @type {Record<string, any>} */
  const e = {};
  for (const fd of spec.fields) {
    if (fd.type === 'checks') e[fd.name] = arr(data[fd.name]).filter((x) => arr(fd.options).some((o) => o && o.id === x));
    else e[fd.name] = cutText(String(data[fd.name] || '').trim(), fd.max || 0);
  }
  return e;
}

/**
 * The first required field an entry leaves empty, with the string key that says so; null
 * when the entry is complete.
 * @param {ListSpec} spec
 * @param {Record<string, any>} entry a cleaned entry
 * @returns {{ field: string, error: string } | null}
 */
export function entryError(spec, entry) {
  const fd = spec.fields.find((f) => f.required && !entry[f.name]);
  return fd ? { field: fd.name, error: fd.need || '' } : null;
}

/**
 * The entries of an answer's value, each with every field.
 * @param {ListSpec} spec
 * @param {unknown} value
 */
export function entriesOf(spec, value) {
  /** @type {Record<string, any>[]} */
  const out = [];
  for (const v of arr(value)) {
    const e = spec.fromValue(v);
    if (e) out.push({ ...emptyEntry(spec), ...JSON.parse(JSON.stringify(e)) });
  }
  return out;
}

/**
 * The value of a list of entries: each cleaned, incomplete ones left out, at most `max`.
 * @param {ListSpec} spec
 * @param {Record<string, any>[]} entries
 */
export function valueOf(spec, entries) {
  return entries.map((e) => cleanEntry(spec, e)).filter((e) => !entryError(spec, e)).slice(0, spec.max).map(spec.toValue);
}

/**
 * The slots of a `slots` editor: the entries typed so far (or those of the value), padded
 * with empty ones to `max`.
 * @param {ListSpec} spec
 * @param {Record<string, any>[] | null} draft
 * @param {unknown} value
 */
export function slotsOf(spec, draft, value) {
  const have = draft || entriesOf(spec, value);
  return Array.from({ length: spec.max }, (_, i) => have[i] || emptyEntry(spec));
}
