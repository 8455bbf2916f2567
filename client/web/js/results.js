// @ts-check
// The server's results (docs/protocol.md "results[] per kind") shaped for drawing: shares,
// what stands out, the order of the word cloud, the inventory's gaps. Nothing is counted
// here that the server counts. Pure: no DOM.
import { arr, num, hashStr } from './util.js';
import { KIND } from './kinds.js';

/** The three coloured answers of the traffic-light game; pass is never a segment. */
export const COLOURS = ['green', 'orange', 'red'];

/**
 * The segments of a stacked green/orange/red bar: a share, and how much a segment of that
 * size can say ('full': icon and number, 'num': the number, '': nothing).
 * @param {number} g @param {number} o @param {number} r
 * @returns {Array<{ id: string, count: number, share: number, says: 'full' | 'num' | '' }>}
 */
export function trafficSegments(g, o, r) {
  const sum = g + o + r;
  const out = [];
  for (const [id, count] of /** @type {Array<[string, number]>} */ ([['green', g], ['orange', o], ['red', r]])) {
    if (!count) continue;
    const share = count / sum;
    out.push({ id, count, share, says: share >= 0.16 ? 'full' : share >= 0.07 ? 'num' : '' });
  }
  return /** @type {any} */ (out);
}

/**
 * A scale item's distribution: a column per value with its height in percent, the median
 * column(s) marked.
 * @param {any} r the result's item
 * @param {number} min
 */
export function scaleModel(r, min) {
  const counts = arr(r.counts).map(num);
  const top = Math.max(1, ...counts);
  const median = typeof r.median === 'number' ? r.median : null;
  const none = counts.every((c) => c === 0);
  const cols = counts.map((c, i) => {
    const v = min + i;
    return {
      value: v, count: c,
      isMedian: median !== null && (v === median || Math.abs(v - median) === 0.5),
      height: c === 0 ? 0 : Math.max(6, Math.round((c / top) * 100)),
    };
  });
  return { counts, median, none, cols, pass: num(r.pass) };
}

/**
 * The options of a choice result with their share and reasons; the most chosen marked.
 * @param {any} res
 */
export function choiceModel(res) {
  const opts = arr(res.options).filter((o) => o && typeof o.option === 'string');
  const sum = opts.reduce((a, o) => a + num(o.count), 0);
  const top = Math.max(0, ...opts.map((o) => num(o.count)));
  const reasons = arr(res.reasons);
  return opts.map((o) => {
    const count = num(o.count);
    return {
      option: o.option, count,
      share: sum ? count / sum : 0,
      pct: sum ? Math.round((count / sum) * 100) : 0,
      top: count > 0 && count === top,
      reasons: reasons.filter((x) => x && x.option === o.option && typeof x.text === 'string').map((x) => x.text),
    };
  });
}

/**
 * The pictures of an image_choice result: those chosen (most first, as the server orders
 * them) and the rest.
 * @param {any} res
 */
export function imageModel(res) {
  const rows = arr(res.images).filter((r) => r && typeof r.image === 'string').map((r) => ({
    image: r.image, count: num(r.count), reasons: arr(r.reasons).filter((x) => typeof x === 'string'),
  }));
  const chosen = rows.filter((r) => r.count > 0);
  return { chosen, rest: rows.filter((r) => r.count === 0), top: chosen.length ? chosen[0].count : 0 };
}

/**
 * The word cloud: each term's weight 0..1 between the least and the most frequent, in a
 * mixed order (stable per term), so the big words are not all at the start.
 * @param {any} res
 * @returns {Array<{ term: string, count: number, weight: number }>}
 */
export function cloudModel(res) {
  const terms = arr(res.terms).filter((x) => x && typeof x.term === 'string' && num(x.count) > 0);
  if (!terms.length) return [];
  const counts = terms.map((x) => num(x.count));
  const hi = Math.max(...counts), lo = Math.min(...counts);
  return terms
    .map((x) => ({ term: x.term, count: num(x.count), weight: hi === lo ? 0.5 : (num(x.count) - lo) / (hi - lo) }))
    .sort((a, b) => hashStr(a.term) - hashStr(b.term));
}

/** The visible cards of an open_text result, each counted at least once. @param {any} res */
export function textCards(res) {
  return arr(res.cards).filter((x) => x && typeof x.text === 'string' && !x.hidden)
    .map((c) => ({ text: c.text, count: Math.max(1, num(c.count)) }));
}

/** The rows of a dot_vote result, their bar's share of the most dots. @param {any} res */
export function dotModel(res) {
  const rows = arr(res.options).filter((r) => r && typeof r.option === 'string');
  const top = Math.max(1, ...rows.map((r) => num(r.dots)));
  return rows.map((r) => ({ option: r.option, dots: num(r.dots), rank: num(r.rank), share: num(r.dots) / top }));
}

/**
 * The inventory's matrix as the server sends it: per kind of offer and target group the
 * count, and whether the server names the cell a gap (`gaps`); the families no kind
 * reaches (`unreached`) and the kinds that reach nobody (`unnamed`), as the server names them.
 * @param {any} res
 */
export function inventoryModel(res) {
  const m = res.matrix && typeof res.matrix === 'object' ? res.matrix : {};
  const kinds = arr(m.kinds).map(String), groups = arr(m.groups).map(String), counts = arr(m.counts);
  const gapSet = new Set(arr(res.gaps).filter((g) => Array.isArray(g) && g.length === 2).map((g) => g[0] + '\u0000' + g[1]));
  const isGap = (/** @type {string} */ k, /** @type {string} */ g) => gapSet.has(k + '\u0000' + g);
  const cells = kinds.map((k, i) => groups.map((g, j) => ({ kind: k, group: g, count: num(arr(counts[i])[j]), gap: isGap(k, g) })));
  return {
    kinds, groups, cells,
    entries: arr(res.entries).filter((e) => e && !e.hidden),
    unreachedGroups: arr(res.unreached).map(String),
    unnamedKinds: arr(res.unnamed).map(String),
  };
}

/** The visible actions of an action_plan result. @param {any} res */
export const actionRows = (res) => arr(res.actions).filter((a) => a && !a.hidden && typeof a.what === 'string');

export const VERDICTS = ['solid', 'work_first', 'mixed'];

/**
 * The summary of the reflection, each verdict one the page knows.
 * @param {any} view
 */
export function summaryRows(view) {
  const sum = view && Array.isArray(view.summary) ? view.summary.filter((/** @type {any} */ x) => x && typeof x.step === 'string') : [];
  return sum.map((/** @type {any} */ e) => ({
    step: e.step, green: num(e.green), orange: num(e.orange), red: num(e.red), pass: num(e.pass),
    verdict: VERDICTS.includes(e.verdict) ? e.verdict : 'mixed',
    next: arr(e.next).filter((x) => typeof x === 'string'),
    inferred: e.inferred === true,
    first: arr(e.first).filter((x) => typeof x === 'string'),
  }));
}

/**
 * Titles of the building blocks: from the agenda (session.blocks), else from a dot vote
 * over the blocks (its options carry the same ids and titles).
 * @param {any} session the welcome's session
 * @param {(step: any) => any[]} optionsOf the options a dot-vote step has now
 * @returns {Map<string, any>}
 */
export function blockTitles(session, optionsOf) {
  const m = new Map();
  for (const st of arr(session && session.steps)) {
    if (!st || st.kind !== KIND.dotVote) continue;
    for (const o of optionsOf(st)) if (o && typeof o.id === 'string' && o.text) m.set(o.id, o.text);
  }
  for (const b of arr(session && session.blocks)) if (b && typeof b.id === 'string' && b.title) m.set(b.id, b.title);
  return m;
}
