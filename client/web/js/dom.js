// The few things every render module needs: making elements (text always as textContent,
// never markup), finding them, and the page's words in the chosen language.
import { app } from './context.js';
import { translate, errorText } from './strings.js';
import { loc } from './util.js';
import { lightWord, lightIcon, verdictText } from './rules.js';

export const $ = (id) => document.getElementById(id);

/** An element with attributes (false/null/undefined left out) and text. */
export function el(tag, attrs, text) {
  const n = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') n.className = v;
      else if (k === 'hidden') n.hidden = true;
      else n.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (text !== undefined && text !== null) n.textContent = String(text);
  return n;
}

/** Sets an element's text only when it changes (keeps screen readers calm). */
export function setText(n, text) {
  if (n && n.textContent !== text) n.textContent = text;
}

export const S = () => app.room.S;
export const t = (key, vars) => translate(app.room.S.lang, key, vars);
export const errText = (code) => errorText(app.room.S.lang, code);
export const L = (text) => loc(text, app.room.S.lang);
/** The word of a traffic-light answer, from the server's rules. */
export const lightText = (id) => lightWord(app.room.S.rules, id, app.room.S.lang);
/** What the summary says of a theme's verdict, from the server's rules. */
export const verdictSentence = (id) => verdictText(app.room.S.rules, id, app.room.S.lang);
/** The icon of a traffic-light answer (●), from the server's rules. */
export const lightSign = (id) => lightIcon(app.room.S.rules, id);
