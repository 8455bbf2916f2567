// @ts-check
// The rules the page follows, as the server defines them (shared/include/kring/rules.hpp):
// text limits, the per-field lengths of list answers, the traffic-light vocabulary, the tones
// of a floor plan's pins and how to reconnect. The page finds them in <meta name="kring-rules">
// (filled in by the server) before it connects, and again in every welcome. Nothing here holds
// a rule's value, but for the pin tones of an older server that sends none (the traffic
// light's, then the protocol's blue and purple). Pure: no DOM.

/** @typedef {{ nl: string, en: string }} Localized */
/** @typedef {{ id: string, word: Localized, colour: string, icon: string }} Light */
/** @typedef {{ id: string, text: Localized }} Verdict */
/** @typedef {{ id: string, colour: string, icon: string }} PinTone */
/** @typedef {{ colour: string, dash: string }} RouteStyle */
/**
 * @typedef {object} Reconnect
 * @property {number} first_ms         first delay after a lost connection
 * @property {number} max_ms           the delay doubles up to this
 * @property {number} jitter           each delay drawn from [(1 - jitter) d, d]
 * @property {number} join_timeout_ms  no welcome in time: the socket is dead
 * @property {number} ack_timeout_ms   an answer without ack in time: reconnect, resend
 * @property {number} resync_ms        at most one sync this often on a stale view
 */
/**
 * @typedef {object} PhotoRules
 * @property {number} max_bytes    largest upload, in bytes
 * @property {number} max_pixels   most pixels a photo may claim
 * @property {number} max_side     longest side of the stored photo (the phone scales to it)
 * @property {number} quality      JPEG quality of the stored photo (1..100)
 * @property {number} per_session  most photos in one session
 */
/**
 * @typedef {object} Rules
 * @property {number} max_text  a comment or a reason
 * @property {number} max_name  a display name
 * @property {{ inventory: { name: number, place: number, goals: number },
 *              action_plan: { what: number, who: number, when: number } }} fields
 * @property {Light[]} lights   green, orange, red, pass
 * @property {Verdict[]} verdicts  what the summary says of a theme: solid, mixed, work_first
 * @property {Reconnect} reconnect
 * @property {PhotoRules} photos  photo steps (docs/protocol.md, section 7)
 * @property {PinTone[]} pin_tones  the tones of a floor plan's categories: colour and icon
 * @property {RouteStyle[]} route_styles  how a floor plan's time slots are drawn: slot i in style i
 */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

/** @param {unknown} j @param {string} key @returns {unknown} */
function member(j, key) {
  if (!isObject(j) || !(key in j)) throw new Error(`rules: missing field '${key}'`);
  return j[key];
}

/** @param {unknown} j @param {string} key @returns {number} */
function count(j, key) {
  const v = member(j, key);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`rules: '${key}' must be a count`);
  return v;
}

/** @param {unknown} j @param {string} key @returns {string} */
function word(j, key) {
  const v = member(j, key);
  if (typeof v !== 'string') throw new Error(`rules: '${key}' must be a string`);
  return v;
}

/**
 * Reads `rules` as the server sends it (the same checks as rules.cpp from_json).
 * @param {unknown} j
 * @returns {Rules}
 * @throws {Error} naming the first bad field
 */
export function parseRules(j) {
  if (!isObject(j)) throw new Error('rules: expected an object');
  const f = member(j, 'fields');
  const inv = member(f, 'inventory');
  const act = member(f, 'action_plan');
  const lights = member(j, 'lights');
  if (!Array.isArray(lights)) throw new Error("rules: 'lights' must be an array");
  const verdicts = member(j, 'verdicts');
  if (!Array.isArray(verdicts)) throw new Error("rules: 'verdicts' must be an array");
  const c = member(j, 'reconnect');
  const jitter = member(c, 'jitter');
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) throw new Error("rules: 'jitter' must be a number from 0 to 1");
  const p = member(j, 'photos');
  const lightList = lights.map((l) => {
    const w = member(l, 'word');
    return { id: word(l, 'id'), word: { nl: word(w, 'nl'), en: word(w, 'en') }, colour: word(l, 'colour'), icon: word(l, 'icon') };
  });
  // A server without floor plans sends no tones or route styles: none are drawn then (grey).
  const tones = isObject(j) && 'pin_tones' in j ? j.pin_tones : [];
  if (!Array.isArray(tones)) throw new Error("rules: 'pin_tones' must be an array");
  const styles = isObject(j) && 'route_styles' in j ? j.route_styles : [];
  if (!Array.isArray(styles)) throw new Error("rules: 'route_styles' must be an array");
  return {
    max_text: count(j, 'max_text'),
    max_name: count(j, 'max_name'),
    fields: {
      inventory: { name: count(inv, 'name'), place: count(inv, 'place'), goals: count(inv, 'goals') },
      action_plan: { what: count(act, 'what'), who: count(act, 'who'), when: count(act, 'when') },
    },
    lights: lightList,
    verdicts: verdicts.map((v) => {
      const x = member(v, 'text');
      return { id: word(v, 'id'), text: { nl: word(x, 'nl'), en: word(x, 'en') } };
    }),
    reconnect: {
      first_ms: count(c, 'first_ms'),
      max_ms: count(c, 'max_ms'),
      jitter,
      join_timeout_ms: count(c, 'join_timeout_ms'),
      ack_timeout_ms: count(c, 'ack_timeout_ms'),
      resync_ms: count(c, 'resync_ms'),
    },
    photos: {
      max_bytes: count(p, 'max_bytes'),
      max_pixels: count(p, 'max_pixels'),
      max_side: count(p, 'max_side'),
      quality: count(p, 'quality'),
      per_session: count(p, 'per_session'),
    },
    pin_tones: tones.map((x) => ({ id: word(x, 'id'), colour: word(x, 'colour'), icon: word(x, 'icon') })),
    route_styles: styles.map((x) => ({ colour: word(x, 'colour'), dash: word(x, 'dash') })),
  };
}

/**
 * The tone of a floor plan's category (its colour and icon), by the tone's id; a neutral one
 * when the rules do not know it. Only a hex colour is ever returned.
 * @param {Rules | null} rules
 * @param {string} id
 * @returns {PinTone}
 */
/**
 * How the routes of a floor plan's time slot number `index` are drawn (the rules' route_styles,
 * in turn); a neutral solid line when the rules have none. Only a hex colour is ever returned.
 * @param {Rules | null} rules
 * @param {number} index
 * @returns {RouteStyle}
 */
export function routeStyle(rules, index) {
  const all = rules && Array.isArray(rules.route_styles) ? rules.route_styles : [];
  const s = all.length > 0 ? all[Math.max(0, index) % all.length] : null;
  const colour = s && /^#[0-9a-fA-F]{3,8}$/.test(s.colour) ? s.colour : '#3d4450';
  const dash = s && /^[0-9 .]*$/.test(s.dash) ? s.dash : '';
  return { colour, dash };
}

export function pinTone(rules, id) {
  const all = rules && Array.isArray(rules.pin_tones) ? rules.pin_tones : [];
  const t = all.find((x) => x.id === id);
  const colour = t && /^#[0-9a-fA-F]{3,8}$/.test(t.colour) ? t.colour : '#3d4450';
  return { id, colour, icon: t ? t.icon : '\u25CF' };
}

/**
 * The rules in a text (the content of the page's meta tag): null when it is empty or not
 * valid rules, e.g. a page that kring-server did not serve.
 * @param {string | null | undefined} text
 * @returns {Rules | null}
 */
export function rulesFromText(text) {
  if (typeof text !== 'string' || !text.trim()) return null;
  try { return parseRules(JSON.parse(text)); } catch { return null; }
}

/**
 * The rules of a welcome: its `rules` when they are valid, else null.
 * @param {unknown} msg
 * @returns {Rules | null}
 */
export function rulesOfWelcome(msg) {
  if (!isObject(msg) || !('rules' in msg)) return null;
  try { return parseRules(msg.rules); } catch { return null; }
}

/** @param {Rules | null} a @param {Rules | null} b */
export const sameRules = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * How long to wait before reconnect attempt `attempt` (0 for the first after a loss):
 * first_ms doubled per attempt up to max_ms, drawn from [(1 - jitter) d, d].
 * @param {Reconnect} policy
 * @param {number} attempt
 * @param {() => number} [random] in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay(policy, attempt, random = Math.random) {
  let d = policy.first_ms;
  for (let i = 0; i < attempt && d < policy.max_ms; i++) d *= 2;
  d = Math.min(d, policy.max_ms);
  return d * (1 - policy.jitter * random());
}

/**
 * The traffic-light answers in their order (green, orange, red, pass).
 * @param {Rules | null} rules
 * @returns {Light[]}
 */
export const lightsOf = (rules) => (rules ? rules.lights : []);

/**
 * One light by its id, or null.
 * @param {Rules | null} rules
 * @param {string} id
 * @returns {Light | null}
 */
export const lightById = (rules, id) => lightsOf(rules).find((l) => l.id === id) || null;

/**
 * The word of a light in `lang`, or its id when unknown.
 * @param {Rules | null} rules
 * @param {string} id
 * @param {string} lang
 * @returns {string}
 */
export function lightWord(rules, id, lang) {
  const l = lightById(rules, id);
  if (!l) return id;
  return (lang === 'en' ? l.word.en : l.word.nl) || l.word.nl || l.word.en || id;
}

/**
 * The sentence the summary says of a theme's verdict (solid, mixed, work_first), in `lang`;
 * the one of mixed for an unknown verdict, '' without rules.
 * @param {Rules | null} rules
 * @param {string} id
 * @param {string} lang
 * @returns {string}
 */
export function verdictText(rules, id, lang) {
  const all = rules && rules.verdicts ? rules.verdicts : [];
  const v = all.find((x) => x.id === id) || all.find((x) => x.id === 'mixed');
  if (!v) return '';
  return (lang === 'en' ? v.text.en : v.text.nl) || v.text.nl;
}

/**
 * The icon of a light, or '' when unknown.
 * @param {Rules | null} rules
 * @param {string} id
 * @returns {string}
 */
export const lightIcon = (rules, id) => { const l = lightById(rules, id); return l ? l.icon : ''; };

/**
 * The CSS custom properties the lights' colours set (--green and so on): only plain ids
 * and hex colours, so that nothing else reaches the style sheet.
 * @param {Rules | null} rules
 * @returns {Array<[string, string]>}
 */
export function colourProperties(rules) {
  /** @type {Array<[string, string]>} */
  const out = [];
  for (const l of lightsOf(rules)) {
    if (/^[a-z][a-z0-9_-]*$/.test(l.id) && /^#[0-9a-fA-F]{3,8}$/.test(l.colour)) out.push(['--' + l.id, l.colour]);
  }
  return out;
}

/**
 * The longest text of a list-answer field (inventory name, action what, …), or 0 when the
 * rules do not know it.
 * @param {Rules | null} rules
 * @param {string} kind
 * @param {string} field
 * @returns {number}
 */
export function fieldMax(rules, kind, field) {
  const f = rules ? /** @type {Record<string, Record<string, number>>} */ (rules.fields)[kind] : undefined;
  return f && Number.isInteger(f[field]) ? f[field] : 0;
}
