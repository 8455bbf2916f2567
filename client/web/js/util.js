// @ts-check
// Small helpers every module uses. Pure: no DOM.

/** @param {unknown} v */
export const hasValue = (v) => v !== undefined && v !== null && v !== '';
/** @param {unknown} a @param {unknown} b */
export const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);
/** @template T @param {T[] | unknown} v @returns {T[]} */
export const arr = (v) => (Array.isArray(v) ? v : []);
/** A count: a non-negative number rounded down, else 0. @param {unknown} x @returns {number} */
export const num = (x) => (typeof x === 'number' && x >= 0 ? Math.floor(x) : 0);
/** @param {unknown} v @param {number} lo @param {number} hi @param {number} dflt @returns {number} */
export const clampInt = (v, lo, hi, dflt) => (typeof v === 'number' && Number.isInteger(v) ? Math.min(hi, Math.max(lo, v)) : dflt);
/** A positive whole number from the server, else 0. @param {unknown} v @returns {number} */
export const positive = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0);

/** The key of an answer: its step and item ('' for kinds without items). @param {string} step @param {string} item */
export const K = (step, item) => step + '\u0000' + item;

/** A join code as the server reads it: upper case, without spaces and dashes. @param {unknown} v */
export function normalizeCode(v) {
  return String(v || '').toUpperCase().replace(/[\s\u00A0-]+/g, '');
}

/**
 * The join code an address carries: `?code=ABCDEF`, or the short form `/ABCDEF` (the server
 * serves this page there only for a well-formed code). '' when it carries none.
 * @param {string} href
 */
export function codeFromAddress(href) {
  let url;
  try { url = new URL(href); } catch (e) { return ''; }
  const q = url.searchParams.get('code');
  if (q) return normalizeCode(q);
  const m = /^\/([A-Za-z]+)$/.exec(url.pathname);
  return m ? normalizeCode(m[1]) : '';
}

/**
 * The WebSocket address of this page's server for the session with `code` ('' before one is
 * chosen): the code rides along, so a proxy in front of several servers can send every client
 * of one session to the same server (docs/hosting.md).
 * @param {string} href the page's address
 * @param {string} code
 */
export function socketAddress(href, code) {
  const url = new URL(href);
  const proto = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return proto + '//' + url.host + '/ws' + (code ? '?code=' + encodeURIComponent(code) : '');
}

/**
 * A localized text ({nl, en}) in `lang`, falling back to the other language.
 * @param {unknown} text
 * @param {string} lang
 * @returns {string}
 */
export function loc(text, lang) {
  if (!text || typeof text !== 'object') return typeof text === 'string' ? text : '';
  const o = /** @type {Record<string, unknown>} */ (text);
  const v = o[lang] || o.nl || o.en || '';
  return typeof v === 'string' ? v : '';
}

/**
 * The text of the option with this id in a list of {id, text}, else the id itself.
 * @param {unknown} list
 * @param {unknown} id
 * @param {string} lang
 */
export function optText(list, id, lang) {
  const o = arr(list).find((x) => x && x.id === id);
  return o ? loc(o.text, lang) : String(id || '');
}

/** A long option text without its explanation in brackets. @param {string} s */
export function shortText(s) {
  const i = s.indexOf(' (');
  return i > 12 ? s.slice(0, i) : s;
}

/** An id written as words ("breed-gedragen-visie" → "Breed gedragen visie"). @param {unknown} id */
export function readableId(id) {
  const s = String(id || '').replace(/-/g, ' ').trim();
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
}

/** FNV-1a of a string: a stable order that does not follow the alphabet. @param {string} s */
export function hashStr(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

/** A, B, C, … for column j (numbers after Z). @param {number} j */
export const letter = (j) => (j < 26 ? String.fromCharCode(65 + j) : String(j + 1));
