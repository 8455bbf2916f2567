// Results of a step, per kind (docs/protocol.md "results[] per kind"), drawn from the shapes
// results.js makes of the server's numbers. Colours, icons and words of the traffic-light
// answers come from the server's rules.
import { app } from './context.js';
import { el, t, L, lightText, lightSign } from './dom.js';
import { arr, num, optText, shortText, letter } from './util.js';
import { kindOf, scaleRange } from './answers.js';
import { lightsOf } from './rules.js';
import { trafficSegments, scaleModel, choiceModel, imageModel, cloudModel, textCards, dotModel, inventoryModel, actionRows, COLOURS } from './results.js';
import { kickerWith, headingBefore, ratingLine, talkList } from './render_common.js';
import { buildCaseBody } from './render_open.js';
import { buildEntryCard } from './render_list.js';
import { buildWall } from './photo_wall.js';
import { floorPlanResults } from './render_floor_plan.js';
import { imageDeck, DECK_SIZE } from './image_deck.js';
import { showPhoto } from './photo_images.js';
import { KIND } from './kinds.js';

const O = (list, id) => optText(list, id, app.room.S.lang);

export function buildResults(step, res) {
  const kind = kindOf(step);
  const sec = el('section', { class: 'results results-' + kind, 'data-testid': 'results', 'data-kind': kind });
  if (res.withheld === true) { sec.setAttribute('data-withheld', 'true'); buildWithheld(sec, step, res); return sec; }
  const draw = { scale: scaleResults, choice: choiceResults, image_choice: imageResults, open_text: textResults,
    dot_vote: dotResults, inventory: inventoryResults, action_plan: actionResults, photo: photoResults, [KIND.floorPlan]: floorResults }[kind] || trafficResults;
  draw(sec, step, res);
  return sec;
}

/** "Result", or "Results so far" while the step is still open (a live step); "closed" when locked. */
function resultsKicker(step) {
  const st = app.room.stepState(step.id);
  const live = !!(st && st.phase === 'open');
  const kicker = el('p', { class: 'step-kicker' + (live ? ' is-live' : ''), 'data-testid': live ? 'live-kicker' : null },
    live ? t('liveTitle') : t('resultsTitle'));
  kickerWith(kicker, step);
  if (live) kicker.appendChild(el('span', { class: 'live-note' }, ' \u2013 ' + t('liveNote')));
  return kicker;
}

function titleHead(step) {
  const head = el('div', { class: 'step-head' });
  head.appendChild(resultsKicker(step));
  head.appendChild(el('h1', { class: 'step-title', 'data-testid': 'results-title', tabindex: '-1' }, L(step.title)));
  return head;
}

function resultsHead(step, res, note) {
  const head = titleHead(step);
  const total = num(res.total);
  head.appendChild(el('p', { class: 'results-total', 'data-testid': 'results-total', 'data-total': String(total) },
    total === 1 ? t('resultsTotalOne') : t('resultsTotal', { n: total })));
  const paper = num(res.paper);
  if (paper > 0) {
    head.appendChild(el('p', { class: 'results-paper', 'data-testid': 'results-paper', 'data-paper': String(paper) },
      paper === 1 ? t('paperOne') : t('paperMany', { n: paper })));
  }
  if (note) head.appendChild(el('p', { class: 'results-order' }, note));
  return head;
}

/** A small group's result is not shown: too few answers to stay anonymous. */
function buildWithheld(sec, step, res) {
  sec.appendChild(titleHead(step));
  const k = app.room.minAnswers();
  const card = el('div', { class: 'card withheld', 'data-testid': 'withheld', 'data-k': String(k), 'data-total': String(num(res.total)) });
  card.appendChild(el('div', { class: 'message-icon', 'aria-hidden': 'true' }, '\u25CC'));
  card.appendChild(el('p', { class: 'withheld-title' }, t('withheldTitle')));
  if (k > 0) card.appendChild(el('p', { class: 'message-sub' }, t('withheldSub', { k })));
  sec.appendChild(card);
}

function legend() {
  const lg = el('ul', { class: 'legend', 'data-testid': 'legend' });
  for (const l of lightsOf(app.room.S.rules)) {
    const li = el('li', { class: 'legend-item lg-' + l.id });
    li.appendChild(el('span', { class: 'swatch sw-' + l.id, 'aria-hidden': 'true' }, l.icon));
    li.appendChild(el('span', null, l.id === 'pass' ? t('passCount') : lightText(l.id)));
    lg.appendChild(li);
  }
  return lg;
}

/** A stacked green/orange/red bar with icons; pass is never a segment. */
export function trafficBar(g, o, rd, p) {
  const sum = g + o + rd;
  const label = COLOURS.map((id, i) => lightText(id) + ' ' + [g, o, rd][i]).join(', ') + ', ' + t('passCount') + ' ' + p;
  const bar = el('div', { class: 'bar' + (sum === 0 ? ' bar-empty' : ''), role: 'img', 'aria-label': label });
  if (sum === 0) bar.appendChild(el('span', { class: 'bar-none' }, p > 0 ? t('allPassed') : t('noAnswers')));
  for (const s of trafficSegments(g, o, rd)) {
    const seg = el('span', { class: 'seg seg-' + s.id });
    seg.style.flexGrow = String(s.count);
    seg.style.flexBasis = '0';
    if (s.says === 'full') seg.textContent = lightSign(s.id) + '\u00A0' + s.count;
    else if (s.says === 'num') seg.textContent = String(s.count);
    bar.appendChild(seg);
  }
  return bar;
}

function passCount(cls, testid, p) {
  const pc = el('span', { class: cls, 'data-testid': testid, 'data-count': String(p) });
  pc.appendChild(el('span', { class: 'count-word' }, t('passCount') + ':'));
  pc.appendChild(el('span', { class: 'count-num' }, String(p)));
  return pc;
}

export function trafficCounts(prefix, g, o, rd, p) {
  const counts = el('div', { class: 'counts' });
  COLOURS.forEach((id, i) => {
    const c = [g, o, rd][i];
    const chip = el('span', { class: 'count count-' + id, 'data-testid': prefix + id, 'data-count': String(c) });
    chip.appendChild(el('span', { class: 'count-icon', 'aria-hidden': 'true' }, lightSign(id)));
    chip.appendChild(el('span', { class: 'count-num' }, String(c)));
    chip.appendChild(el('span', { class: 'sr-only' }, lightText(id)));
    counts.appendChild(chip);
  });
  counts.appendChild(passCount('count count-pass', prefix + 'pass', p));
  return counts;
}

/** The statements of a step by id. */
function itemsById(step) {
  const byId = new Map();
  for (const it of arr(step.items)) byId.set(it.id, it);
  return byId;
}

function trafficResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, t('resultsOrder')));
  sec.appendChild(legend());
  const byId = itemsById(step);
  const list = el('div', { class: 'result-list' });
  // In the server's order, which keeps the items under a heading together.
  const rows = arr(res.items).filter((r) => r && typeof r.item === 'string');
  const shown = rows.map((r) => byId.get(r.item) || { id: r.item, text: { nl: r.item, en: r.item } });
  rows.forEach((r, i) => {
    const it = byId.get(r.item);
    const h = headingBefore(shown, i, 'heading-result-');
    if (h) list.appendChild(h);
    const g = num(r.green), o = num(r.orange), rd = num(r.red), p = num(r.pass);
    const card = el('article', { class: 'card result' + (it && L(it.group) ? ' in-group' : ''), 'data-testid': 'result-' + r.item });
    card.appendChild(el(it && L(it.group) ? 'h3' : 'h2', { class: 'item-text' }, it ? L(it.text) : r.item));
    const rating = it ? ratingLine(it, 'rating-result-' + r.item) : null;
    if (rating) card.appendChild(rating);
    card.appendChild(trafficBar(g, o, rd, p));
    card.appendChild(trafficCounts('count-' + r.item + '-', g, o, rd, p));
    list.appendChild(card);
  });
  sec.appendChild(list);
}

function fmtNum(x) {
  try { return new Intl.NumberFormat(app.room.S.lang === 'en' ? 'en-GB' : 'nl-BE', { maximumFractionDigits: 1 }).format(x); } catch (e) { return String(x); }
}

function scaleResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  const { min } = scaleRange(step);
  const lmin = step.labels ? L(step.labels.min) : '';
  const lmax = step.labels ? L(step.labels.max) : '';
  const byId = itemsById(step);
  const list = el('div', { class: 'result-list' });
  for (const r of arr(res.items)) {
    if (!r || typeof r.item !== 'string') continue;
    const it = byId.get(r.item);
    const m = scaleModel(r, min);
    const medText = m.median === null ? '\u2013' : fmtNum(m.median);
    const card = el('article', { class: 'card result', 'data-testid': 'scale-result-' + r.item });
    card.appendChild(el('h2', { class: 'item-text' }, it ? L(it.text) : r.item));
    const aria = m.cols.map((c) => c.value + ': ' + c.count).join(', ') + '. ' + t('median') + ': ' + medText;
    const chart = el('div', { class: 'dist' + (m.none ? ' dist-empty' : ''), role: 'img', 'aria-label': aria });
    if (m.none) {
      chart.appendChild(el('span', { class: 'bar-none' }, m.pass > 0 ? t('allPassed') : t('noAnswers')));
      for (const c of m.cols) chart.appendChild(el('span', { hidden: true, 'data-testid': 'scale-count-' + r.item + '-' + c.value, 'data-count': '0' }));
    } else {
      for (const c of m.cols) {
        const col = el('div', { class: 'dist-col' + (c.isMedian ? ' is-median' : ''), 'data-testid': 'scale-count-' + r.item + '-' + c.value, 'data-count': String(c.count) });
        col.appendChild(el('span', { class: 'dist-num' }, String(c.count)));
        const track = el('div', { class: 'dist-track' });
        const bar = el('div', { class: 'dist-bar' + (c.count === 0 ? ' is-zero' : '') });
        bar.style.height = c.height + '%';
        track.appendChild(bar);
        col.appendChild(track);
        col.appendChild(el('span', { class: 'dist-val' }, String(c.value)));
        chart.appendChild(col);
      }
    }
    card.appendChild(chart);
    if ((lmin || lmax) && !m.none) {
      const ends = el('div', { class: 'scale-ends' });
      ends.appendChild(el('span', null, lmin));
      ends.appendChild(el('span', null, lmax));
      card.appendChild(ends);
    }
    const foot = el('div', { class: 'counts' });
    const med = el('span', { class: 'count median', 'data-testid': 'scale-median-' + r.item, 'data-median': m.median === null ? '' : String(m.median) });
    med.appendChild(el('span', { class: 'count-word' }, t('median') + ':'));
    med.appendChild(el('span', { class: 'count-num' }, medText));
    foot.appendChild(med);
    foot.appendChild(passCount('count count-pass', 'scale-pass-' + r.item, m.pass));
    card.appendChild(foot);
    list.appendChild(card);
  }
  sec.appendChild(list);
}

/** A horizontal bar: width by share, the number always written beside it. */
function hbar(share, label) {
  const row = el('div', { class: 'hbar-row' });
  const track = el('div', { class: 'hbar', 'aria-hidden': 'true' });
  const fill = el('span', { class: 'hbar-fill' });
  fill.style.width = Math.round(Math.max(0, Math.min(1, share)) * 100) + '%';
  track.appendChild(fill);
  row.appendChild(track);
  row.appendChild(el('span', { class: 'hbar-num' }, label));
  return row;
}

function passLine(testid, p) {
  const line = el('p', { class: 'pass-line', 'data-testid': testid, 'data-count': String(p) });
  line.appendChild(el('span', { class: 'count-word' }, t('passCount') + ': '));
  line.appendChild(el('strong', null, String(p)));
  return line;
}

function reasonList(reasons, attrs) {
  const ul = el('ul', { class: 'reasons' });
  for (const x of reasons) ul.appendChild(el('li', { class: 'reason', 'data-testid': 'reason', ...attrs }, x));
  return ul;
}

function choiceResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  const body = buildCaseBody(step, 'case-body-results');
  if (body) {
    const d = el('details', { class: 'case-again' });
    d.appendChild(el('summary', null, t('readCase')));
    d.appendChild(body);
    sec.appendChild(d);
  }
  const list = el('div', { class: 'result-list' });
  for (const r of choiceModel(res)) {
    const card = el('article', { class: 'card result opt-result' + (r.top ? ' is-top' : ''), 'data-testid': 'option-result-' + r.option, 'data-count': String(r.count) });
    card.appendChild(el('h2', { class: 'item-text' }, O(step.options, r.option)));
    card.appendChild(hbar(r.share, (r.count === 1 ? t('personOne') : t('personMany', { n: r.count })) + ' \u00B7 ' + r.pct + '%'));
    if (r.top) card.appendChild(el('p', { class: 'top-tag' }, '\u2605 ' + t('mostChosen')));
    if (r.reasons.length) {
      card.appendChild(el('p', { class: 'reasons-title' }, t('whyTitle')));
      card.appendChild(reasonList(r.reasons, { 'data-option': r.option }));
    }
    list.appendChild(card);
  }
  sec.appendChild(list);
  sec.appendChild(passLine('choice-pass-count', num(res.pass)));
}

function imageResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, t('imagesOrder')));
  // The template's pictures and the facilitator's own ones (fetched with the participant's key).
  const byId = new Map();
  for (const im of imageDeck(step, app.room.stepState(step.id))) byId.set(im.id, im);
  const img = (id, extra) => {
    const im = byId.get(id);
    const size = im && im.width && im.height ? im : DECK_SIZE;
    const n = el('img', { src: im && !im.own ? im.url : null, alt: im ? L(im.alt) : id, loading: im && im.own ? null : 'lazy', decoding: 'async',
      width: String(size.width), height: String(size.height), 'data-own': im && im.own ? 'true' : null, ...extra });
    // Not drawn until its bytes arrive (style.css: .photo-img), its box kept meanwhile.
    if (im && im.own) { n.classList.add('photo-img'); showPhoto(/** @type {HTMLImageElement} */ (n), id); }
    return n;
  };
  const m = imageModel(res);
  const grid = el('div', { class: 'img-results' });
  for (const r of m.chosen) {
    const fig = el('figure', { class: 'card img-result' + (r.count === m.top ? ' is-top' : ''), 'data-testid': 'image-result-' + r.image, 'data-count': String(r.count) });
    fig.appendChild(img(r.image));
    const cap = el('figcaption', { class: 'img-caption' });
    cap.appendChild(el('span', { class: 'img-count' }, r.count === 1 ? t('chosenOnce') : t('chosenTimes', { n: r.count })));
    fig.appendChild(cap);
    if (r.reasons.length) {
      // The reasons are what the group talks about: shown, not folded away.
      const d = el('div', { class: 'img-reasons', 'data-testid': 'image-reasons-' + r.image });
      d.appendChild(el('p', { class: 'reasons-title' }, t('whyTitle')));
      d.appendChild(reasonList(r.reasons, {}));
      fig.appendChild(d);
    }
    grid.appendChild(fig);
  }
  if (!m.chosen.length) grid.appendChild(el('p', { class: 'empty-note' }, t('noAnswers')));
  sec.appendChild(grid);
  if (m.rest.length) {
    const d = el('details', { class: 'not-chosen' });
    d.appendChild(el('summary', null, t('notChosen', { n: m.rest.length })));
    const g = el('div', { class: 'thumbs' });
    for (const r of m.rest) g.appendChild(img(r.image, { 'data-testid': 'image-result-' + r.image, 'data-count': '0' }));
    d.appendChild(g);
    sec.appendChild(d);
  }
  sec.appendChild(passLine('image-pass-count', num(res.pass)));
}

function textResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  const talk = talkList(step);
  if (talk) sec.appendChild(talk);
  const terms = cloudModel(res);
  if (terms.length) {
    sec.appendChild(el('h2', { class: 'section-title' }, t('cloudTitle')));
    const cloud = el('div', { class: 'card cloud', 'data-testid': 'cloud' });
    for (const x of terms) {
      const span = el('span', { class: 'term', 'data-testid': 'term', 'data-term': x.term, 'data-count': String(x.count) });
      span.style.fontSize = (0.95 + x.weight * 1.55).toFixed(2) + 'rem';
      span.style.fontWeight = String(x.weight > 0.66 ? 800 : x.weight > 0.33 ? 700 : 500);
      span.appendChild(el('span', { class: 'term-word' }, x.term));
      span.appendChild(el('span', { class: 'sr-only' }, ' (' + x.count + ')'));
      cloud.appendChild(span);
    }
    cloud.appendChild(el('p', { class: 'cloud-note' }, t('cloudNote')));
    sec.appendChild(cloud);
  }
  const cards = textCards(res);
  sec.appendChild(el('h2', { class: 'section-title' }, t('cardsTitle', { n: cards.length })));
  const list = el('ul', { class: 'text-cards' });
  for (const c of cards) {
    const li = el('li', { class: 'card text-card', 'data-testid': 'text-card', 'data-count': String(c.count) });
    li.appendChild(el('p', { class: 'text-card-text' }, c.text));
    if (c.count > 1) li.appendChild(el('span', { class: 'text-card-count' }, t('timesWritten', { n: c.count })));
    list.appendChild(li);
  }
  if (!cards.length) list.appendChild(el('li', { class: 'empty-note' }, t('noAnswers')));
  sec.appendChild(list);
}

function dotResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  const voters = num(res.voters);
  sec.appendChild(el('p', { class: 'step-note', 'data-testid': 'voters', 'data-count': String(voters) }, voters === 1 ? t('votersOne') : t('votersMany', { n: voters })));
  const opts = app.room.dotOptions(step);
  const list = el('ol', { class: 'rank-list' });
  for (const r of dotModel(res)) {
    const li = el('li', { class: 'card rank-row' + (r.rank === 1 && r.dots > 0 ? ' is-top' : '') + (r.dots === 0 ? ' is-zero' : ''), 'data-testid': 'dot-result-' + r.option, 'data-dots': String(r.dots), 'data-rank': String(r.rank) });
    li.appendChild(el('span', { class: 'rank' }, String(r.rank)));
    const main = el('div', { class: 'rank-main' });
    main.appendChild(el('p', { class: 'rank-text' }, O(opts, r.option)));
    main.appendChild(hbar(r.share, r.dots === 1 ? t('dotOne') : t('dotMany', { n: r.dots })));
    li.appendChild(main);
    list.appendChild(li);
  }
  sec.appendChild(list);
}

/** A line naming the sharpest gaps in words. */
function gapLine(testid, label, words) {
  const p = el('p', { class: 'gap-line', 'data-testid': testid });
  p.appendChild(el('strong', null, label + ' '));
  p.appendChild(document.createTextNode(words.join(', ')));
  return p;
}

function inventoryMatrix(sec, step, m) {
  sec.appendChild(el('h2', { class: 'section-title' }, t('matrixTitle')));
  const keyList = el('ol', { class: 'group-key', 'data-testid': 'group-key' });
  m.groups.forEach((g, j) => {
    const li = el('li');
    li.appendChild(el('span', { class: 'group-letter' }, letter(j)));
    li.appendChild(el('span', null, O(step.target_groups, g)));
    keyList.appendChild(li);
  });
  sec.appendChild(keyList);
  const wrap = el('div', { class: 'matrix-wrap', tabindex: '0', role: 'region', 'aria-label': t('matrixTitle') });
  const table = el('table', { class: 'matrix', 'data-testid': 'matrix' });
  const thead = el('thead');
  const hr = el('tr');
  m.groups.forEach((g, j) => hr.appendChild(el('th', { scope: 'col', title: O(step.target_groups, g), 'aria-label': O(step.target_groups, g) }, letter(j))));
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = el('tbody');
  // Per kind of offer: its name on a line of its own (phones are narrow), then one cell per group.
  m.kinds.forEach((k, i) => {
    const kt = shortText(O(step.offer_kinds, k));
    const lr = el('tr', { class: 'kind-label-row' });
    lr.appendChild(el('th', { class: 'kind-label', colspan: String(m.groups.length), scope: 'colgroup' }, kt));
    tbody.appendChild(lr);
    const tr = el('tr', { class: 'kind-cells' });
    for (const c of m.cells[i]) {
      const label = kt + ' \u00D7 ' + O(step.target_groups, c.group) + ': ' + (c.gap ? t('gapWord') : String(c.count));
      const td = el('td', { class: c.gap ? 'cell gap' : 'cell', 'data-testid': 'cell-' + k + '-' + c.group, 'data-count': String(c.count), 'data-gap': String(c.gap), title: label });
      td.appendChild(el('span', { class: 'sr-only' }, label));
      // A leemte shows its 0 on a hatched, dashed cell (the report writes "0 (leemte)"); the key says the word.
      if (c.gap) td.appendChild(el('span', { class: 'gap-zero', 'aria-hidden': 'true' }, '0'));
      else td.appendChild(el('span', { 'aria-hidden': 'true' }, String(c.count)));
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  wrap.appendChild(table);
  sec.appendChild(wrap);
  const key = el('p', { class: 'matrix-note' });
  key.appendChild(el('span', { class: 'gap-sample', 'aria-hidden': 'true' }, '0'));
  key.appendChild(document.createTextNode(' = '));
  key.appendChild(el('strong', { class: 'gap-word', 'data-testid': 'gap-word' }, t('gapWord')));
  key.appendChild(el('span', null, ': ' + t('gapExplain')));
  sec.appendChild(key);
  // The sharpest gaps in words: families nobody reaches, kinds nobody named.
  if (m.entries.length && m.unreachedGroups.length) {
    sec.appendChild(gapLine('gap-groups', t('nobodyReaches'), m.unreachedGroups.map((g) => O(step.target_groups, g))));
  }
  if (m.entries.length && m.unnamedKinds.length) {
    sec.appendChild(gapLine('gap-kinds', t('kindsMissing'), m.unnamedKinds.map((k) => shortText(O(step.offer_kinds, k)))));
  }
}

/** Entry cards under a title ("All provision (3)"), or "no answers". */
function entryList(sec, step, titleKey, rows) {
  sec.appendChild(el('h2', { class: 'section-title' }, t(titleKey, { n: rows.length })));
  const list = el('div', { class: 'result-list' });
  rows.forEach((e, i) => list.appendChild(buildEntryCard(step, e, i, false)));
  if (!rows.length) list.appendChild(el('p', { class: 'empty-note' }, t('noAnswers')));
  sec.appendChild(list);
}

function inventoryResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  const m = inventoryModel(res);
  if (m.kinds.length && m.groups.length) inventoryMatrix(sec, step, m);
  entryList(sec, step, 'invAllTitle', m.entries);
}

function actionResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  entryList(sec, step, 'actAllTitle', actionRows(res));
}

/** The wall: how many photos it holds says more than how many people sent one. */
function photoResults(sec, step, res) {
  sec.appendChild(titleHead(step));
  sec.appendChild(buildWall(step, res));
}

/** The plan with everyone's pins (a heat of where they gather) or routes, and the counts in words. */
function floorResults(sec, step, res) {
  sec.appendChild(resultsHead(step, res, ''));
  floorPlanResults(sec, step, res);
}
