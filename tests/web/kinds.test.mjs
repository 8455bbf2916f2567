// Browser test of every activity kind on the Kring participant page, against a running kring-server.
//
//   cd tests/web && npm ci
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node kinds.test.mjs
//   (or: node kinds.test.mjs http://127.0.0.1:PORT /tmp/shots)
//
// Per kind (docs/protocol.md) the facilitator creates a session from a template over a
// WebSocket from node and opens the step; the page answers on a phone viewport (and one or two
// "bots" answer over plain WebSockets, so that the counts mean something); the facilitator closes
// and reveals; the page must show the expected counts. Screenshots go to KRING_SHOTS.
// Exit code 0 = every check passed.
import { join } from 'node:path';
import {
  BASE, SHOTS, T, tid, check, start, finish, scenario as runScenario, serverUp, Peer, Facilitator, Bot,
  joinPhone, shot, checkPagesClean,
} from './harness.mjs';

const ONLY = (process.env.KRING_ONLY || '').split(',').filter(Boolean); // e.g. KRING_ONLY=scale,choice
start('kinds.test.mjs', 240000);

async function shotTop(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, name + '.png') });
}
async function waitSaved(page, what) {
  await page.waitForSelector(`${tid('step-save')}[data-state="saved"]`, { state: 'attached' });
  const text = (await page.textContent(tid('step-save'))).trim();
  check(what + ': "bewaard ✓" after the ack', text === 'bewaard ✓', text);
}
/** Waits until the page's save state is "saved" again after a change (pending first, then saved). */
async function waitResaved(page) {
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="step-save"]');
    return n && n.getAttribute('data-state') === 'saved';
  });
}
async function attr(page, sel, name) { return page.getAttribute(sel, name); }
async function count(page, sel, name = 'data-count') { return Number(await page.getAttribute(sel, name)); }
async function closeReveal(fac, page, step) {
  await fac.control('close', step);
  await page.waitForSelector(tid('closed'), { state: 'visible' });
  await fac.control('reveal', step);
  await page.waitForSelector(tid('results'), { state: 'visible' });
}
async function tapSize(page, sel) {
  const b = await page.locator(sel).first().boundingBox();
  return b ? Math.min(b.width, b.height) : 0;
}
/** Switches to English, checks a word is there and some Dutch UI words are not, switches back. */
async function english(page, name, mustHave, mustNot) {
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const body = await page.textContent('#main');
  check(name + ' EN: "' + mustHave + '"', body.includes(mustHave), body.slice(0, 200));
  const left = mustNot.filter((w) => body.includes(w));
  check(name + ' EN: no Dutch UI words', left.length === 0, left.join(', '));
  await shot(page, name + '-results-en');
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
}
const stepOf = (welcome, id) => welcome.session.steps.find((s) => s.id === id);
const PAYLOAD = 'Omdat <b>warm</b> onthaal telt <img src=x onerror=alert(1)>';

// ------------------------------------------------------------------ scale (evaluatie)
async function scaleFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('evaluatie');
  const step = stepOf(welcome, 'vragen');
  check('scale: step has min..max and labels', step && step.kind === 'scale' && step.min === 1 && step.max === 5 && step.labels && step.labels.min?.nl,
    JSON.stringify(step && { kind: step.kind, min: step.min, max: step.max }));
  const [i0, i1, i2] = step.items.map((i) => i.id);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  const b2 = await new Bot().join(code);
  await fac.control('open', 'vragen');
  await page.waitForSelector(tid('item-' + i0), { state: 'visible' });
  const btns = await page.locator(`${tid('item-' + i0)} .scale-btn`).count();
  check('scale: one button per value 1..5', btns === 5, btns);
  check('scale: min/max labels on the card', (await page.textContent(tid('item-' + i0))).includes('1 = helemaal niet') &&
    (await page.textContent(tid('item-' + i0))).includes('5 = helemaal wel'));
  check('scale: buttons are big touch targets', (await tapSize(page, tid('scale-' + i0 + '-3'))) >= 48, await tapSize(page, tid('scale-' + i0 + '-3')));
  await page.click(tid('scale-' + i0 + '-3'));
  await page.click(tid('scale-' + i0 + '-4')); // changed: the last one counts
  await page.click(tid('scale-' + i1 + '-pass'));
  await page.click(tid('scale-' + i2 + '-5'));
  for (const id of [i0, i1, i2]) await page.waitForSelector(tid('saved-' + id));
  check('scale: answers saved', (await page.textContent(tid('saved-' + i0))).trim() === 'bewaard ✓');
  check('scale: selected value is pressed', (await attr(page, tid('scale-' + i0 + '-4'), 'aria-pressed')) === 'true' &&
    (await attr(page, tid('scale-' + i0 + '-3'), 'aria-pressed')) === 'false');
  check('scale: progress 3 of N', (await page.textContent(tid('progress'))).trim() === `3 van ${step.items.length} beantwoord`);
  await b1.answer('vragen', 4, { item: i0 });
  await b2.answer('vragen', 2, { item: i0 });
  await b1.answer('vragen', 5, { item: i2 });
  await fac.waitForView(() => {
    const r = fac.result('vragen');
    const it = r && r.items.find((x) => x.item === i0);
    return it && it.counts[3] === 2;
  }, 'facilitator sees the scale answers');
  check('scale: the facilitator sees the page\'s 4', true);
  await shotTop(page, 'scale-answer');
  await closeReveal(fac, page, 'vragen');
  await page.waitForSelector(tid('scale-result-' + i0));
  check('scale: counts 2 → 1, 4 → 2', (await count(page, tid(`scale-count-${i0}-2`))) === 1 && (await count(page, tid(`scale-count-${i0}-4`))) === 2 &&
    (await count(page, tid(`scale-count-${i0}-3`))) === 0, JSON.stringify(fac.result('vragen').items.find((x) => x.item === i0)));
  check('scale: median 4', Number(await attr(page, tid('scale-median-' + i0), 'data-median')) === 4 &&
    (await page.textContent(tid('scale-median-' + i0))).includes('Mediaan'), await page.textContent(tid('scale-median-' + i0)));
  check('scale: pass counted apart', (await count(page, tid('scale-pass-' + i1))) === 1 && (await attr(page, tid('scale-median-' + i1), 'data-median')) === '');
  check('scale: item with 5,5 has median 5', Number(await attr(page, tid('scale-median-' + i2), 'data-median')) === 5);
  check('scale: total 3 participants', (await page.textContent(tid('results-total'))).includes('3 deelnemers'));
  await shotTop(page, 'scale-results');
  await english(page, 'scale', 'Median', ['Mediaan', 'Overgeslagen', 'deelnemers']);
  await page.context().close();
  fac.close(); b1.close(); b2.close();
}

// ------------------------------------------------------------------ choice (casussen)
async function choiceFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const step = stepOf(welcome, 'casus-1');
  check('choice: step has body, options, comment', step && step.kind === 'choice' && step.body?.nl && step.options.length >= 2);
  const [o0, o1, o2] = step.options.map((o) => o.id);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  const b2 = await new Bot().join(code);
  await fac.control('open', 'casus-1');
  await page.waitForSelector(tid('option-' + o0), { state: 'visible' });
  check('choice: the case is readable text', (await page.textContent(tid('case-body'))).includes(step.body.nl.slice(0, 40)));
  check('choice: options are big radio cards', (await page.locator('.radio-card input[type="radio"]').count()) === step.options.length &&
    (await tapSize(page, tid('option-' + o0))) >= 48);
  await page.click(tid('option-' + o2));
  await waitSaved(page, 'choice');
  await page.click(tid('option-' + o0)); // changed: the last one counts
  await page.fill(tid('why'), PAYLOAD);
  await page.locator(tid('why')).blur();
  await fac.waitForView(() => {
    const r = fac.result('casus-1');
    return r && (r.reasons || []).some((x) => x.text === PAYLOAD) && r.options.find((o) => o.option === o0)?.count === 1;
  }, 'facilitator sees the choice and its reason');
  await waitResaved(page);
  check('choice: radio checked after change', await page.isChecked(`${tid('option-' + o0)} input`) && !(await page.isChecked(`${tid('option-' + o2)} input`)));
  await shot(page, 'choice-answer');
  // reload: the answer and the reason come back from the server
  await page.reload();
  await page.waitForSelector(`${tid('option-' + o0)}.is-selected`);
  check('choice: after reload the reason is restored', (await page.inputValue(tid('why'))) === PAYLOAD);
  await b1.answer('casus-1', o0, { comment: 'Eerst luisteren.' });
  await b2.answer('casus-1', o1, { comment: '' });
  await closeReveal(fac, page, 'casus-1');
  await page.waitForSelector(tid('option-result-' + o0));
  check('choice: option counts 2 / 1 / 0', (await count(page, tid('option-result-' + o0))) === 2 && (await count(page, tid('option-result-' + o1))) === 1 &&
    (await count(page, tid('option-result-' + o2))) === 0);
  const reasons = await page.$$eval(tid('reason'), (ns) => ns.map((n) => n.textContent));
  check('choice: the anonymous reasons, as text', reasons.includes(PAYLOAD) && reasons.includes('Eerst luisteren.'), JSON.stringify(reasons));
  check('choice: no markup from a reason', (await page.evaluate(() => document.querySelectorAll('#main b, .reason img').length)) === 0);
  check('choice: most chosen marked in words', (await page.textContent(tid('option-result-' + o0))).includes('meest gekozen'));
  await shot(page, 'choice-results');
  await english(page, 'choice', 'chosen most', ['meest gekozen', 'personen', 'Waarom', 'Overgeslagen']);
  await page.context().close();
  fac.close(); b1.close(); b2.close();
}

// ------------------------------------------------------------------ image_choice (dromen met beelden)
async function imageFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('dromen-met-beelden');
  const step = stepOf(welcome, 'beeld');
  check('image_choice: step has images with url and alt', step && step.kind === 'image_choice' && step.images.length >= 4 &&
    step.images.every((i) => typeof i.url === 'string' && i.url && i.alt?.nl), JSON.stringify(step?.images?.[0]));
  const ids = step.images.map((i) => i.id);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  await fac.control('open', 'beeld');
  await page.waitForSelector(tid('image-' + ids[0]), { state: 'visible' });
  await page.waitForFunction(() => [...document.querySelectorAll('.img-card img')].slice(0, 2).every((i) => i.complete));
  const loaded = await page.$$eval('.img-card img', (imgs) => imgs.slice(0, 2).map((i) => i.naturalWidth));
  check('image_choice: the server serves the images', loaded.every((w) => w > 0), JSON.stringify(loaded));
  check('image_choice: alt text on every image', (await page.$$eval('.img-card img', (imgs) => imgs.every((i) => i.alt.length > 5))));
  await page.click(tid('image-' + ids[0]));
  await waitSaved(page, 'image_choice');
  await page.click(tid('image-' + ids[1])); // max_picks 1: replaces the pick
  check('image_choice: one picked, with check and word', (await attr(page, tid('image-' + ids[1]), 'aria-pressed')) === 'true' &&
    (await attr(page, tid('image-' + ids[0]), 'aria-pressed')) === 'false' &&
    (await page.locator(`${tid('image-' + ids[1])} .img-tag`).isVisible()));
  // The "why?" opens right under the chosen picture, not below all of them.
  const whyAt = await page.evaluate((pick) => {
    const why = document.querySelector('[data-testid="why"]');
    const box = why.closest('.why-box');
    const card = document.querySelector(`[data-testid="${pick}"]`);
    const cards = [...document.querySelectorAll('.img-card')];
    const w = why.getBoundingClientRect(), c = card.getBoundingClientRect(), last = cards[cards.length - 1].getBoundingClientRect();
    return { after: card.nextElementSibling === box, gap: Math.round(w.top - c.bottom), aboveLast: w.bottom < last.top, n: cards.length };
  }, 'image-' + ids[1]);
  check('image_choice: "Waarom?" follows the chosen picture (next in reading order)', whyAt.after, JSON.stringify(whyAt));
  check('image_choice: "Waarom?" opens right under the chosen picture', whyAt.gap >= 0 && whyAt.gap < 120, JSON.stringify(whyAt));
  check('image_choice: "Waarom?" is not below all ' + ids.length + ' pictures', whyAt.aboveLast, JSON.stringify(whyAt));
  await page.fill(tid('why'), 'Zo voelt een warm welkom.');
  await page.locator(tid('why')).blur();
  await fac.waitForView(() => {
    const r = fac.result('beeld');
    return r && r.images.find((x) => x.image === ids[1])?.count === 1 && r.images.find((x) => x.image === ids[1]).reasons.includes('Zo voelt een warm welkom.');
  }, 'facilitator sees the picked image and reason');
  await waitResaved(page);
  check('image_choice: status "1 van 1 gekozen"', (await page.textContent(tid('step-status'))).trim() === '1 van 1 gekozen');
  await shotTop(page, 'image-answer');
  await b1.answer('beeld', [ids[1]], { comment: 'Iedereen hoort erbij.' });
  await closeReveal(fac, page, 'beeld');
  await page.waitForSelector(tid('image-result-' + ids[1]));
  check('image_choice: count 2 for the picked image', (await count(page, tid('image-result-' + ids[1]))) === 2);
  const first = await page.$eval('.img-results .img-result', (n) => n.getAttribute('data-testid'));
  check('image_choice: most chosen first', first === 'image-result-' + ids[1], first);
  const rs = await page.$$eval(`${tid('image-reasons-' + ids[1])} li`, (ns) => ns.filter((n) => n.getClientRects().length > 0).map((n) => n.textContent));
  check('image_choice: the reasons are shown unfolded after reveal', rs.length === 2 && rs.includes('Iedereen hoort erbij.'), JSON.stringify(rs));
  check('image_choice: the reasons are not folded in a <details>', (await page.locator(`${tid('image-reasons-' + ids[1])} summary`).count()) === 0 &&
    (await page.locator(`details ${tid('image-reasons-' + ids[1])}`).count()) === 0);
  check('image_choice: the others are collapsed as "niet gekozen"', (await page.textContent('.not-chosen summary')).includes('Niet gekozen (' + (ids.length - 1) + ')'));
  await shotTop(page, 'image-results');
  await english(page, 'image', 'chosen 2 times', ['gekozen', 'Waarom', 'Overgeslagen']);
  await page.context().close();
  fac.close(); b1.close();
}

// ------------------------------------------------------------------ open_text (ontmoeten is…)
async function textFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('ontmoeten-is');
  const step = welcome.session.steps.find((s) => s.kind === 'open_text');
  check('open_text: step has max_entries, max_length', step && step.max_entries >= 2 && step.max_length >= 20, JSON.stringify(step && { m: step.max_entries, l: step.max_length }));
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  await fac.control('open', step.id);
  await page.waitForSelector(tid('entry-0'), { state: 'visible' });
  check('open_text: one field per entry', (await page.locator('.entry-input').count()) === step.max_entries);
  check('open_text: hint not to write names', (await page.textContent('#step-area')).includes('Schrijf geen namen'));
  check('open_text: counter shows 0/' + step.max_length, (await page.textContent(tid('entry-count-0'))).trim() === '0/' + step.max_length);
  check('open_text: field limited to max_length', Number(await attr(page, tid('entry-0'), 'maxlength')) === step.max_length);
  const label0 = (await page.textContent('label[for="' + (await attr(page, tid('entry-0'), 'id')) + '"]')).trim();
  check('open_text: an entry is a "kaartje", as the prompts say', label0 === 'Kaartje 1', label0);
  await page.fill(tid('entry-0'), 'Samen koffie drinken');
  await page.fill(tid('entry-1'), 'Een warm welkom voor <i>iedereen</i>');
  await page.locator(tid('entry-1')).blur();
  await waitSaved(page, 'open_text');
  check('open_text: counter follows the text', (await page.textContent(tid('entry-count-0'))).trim() === '20/' + step.max_length);
  await fac.waitForView(() => (fac.result(step.id)?.cards || []).length === 2, 'facilitator sees two cards');
  // change the second text: the whole array is resent, the old text is gone
  await page.fill(tid('entry-1'), 'Een warm welkom voor iedereen');
  await page.locator(tid('entry-1')).blur();
  await fac.waitForView(() => (fac.result(step.id)?.cards || []).some((c) => c.text === 'Een warm welkom voor iedereen') &&
    !(fac.result(step.id)?.cards || []).some((c) => c.text.includes('<i>')), 'facilitator sees the changed card only');
  await waitResaved(page);
  check('open_text: a changed text replaces the old one', true);
  await shotTop(page, 'text-answer');
  await page.reload();
  await page.waitForSelector(tid('entry-0'), { state: 'visible' });
  await page.waitForFunction(() => document.querySelector('[data-testid="entry-1"]').value === 'Een warm welkom voor iedereen');
  check('open_text: after reload the texts come back', (await page.inputValue(tid('entry-0'))) === 'Samen koffie drinken');
  await b1.answer(step.id, ['Samen koffie drinken', 'Koffie met de buren']);
  await closeReveal(fac, page, step.id);
  await page.waitForSelector(tid('cloud'));
  const terms = await page.$$eval(tid('term'), (ns) => ns.map((n) => ({ term: n.getAttribute('data-term'), count: Number(n.getAttribute('data-count')), size: parseFloat(getComputedStyle(n).fontSize) })));
  // A short answer is one term (its meaning kept); a longer one is split into words.
  const top = terms.find((x) => x.term === 'samen koffie drinken');
  check('open_text: a short answer is one term, "samen koffie drinken" 2×', top && top.count === 2, JSON.stringify(terms));
  check('open_text: "samen koffie drinken" drawn biggest', top && terms.every((x) => x.size <= top.size));
  check('open_text: a long answer split, stop words left out', terms.some((x) => x.term === 'welkom') && !terms.some((x) => ['een', 'voor', 'met', 'de', 'iedereen'].includes(x.term)), JSON.stringify(terms.map((x) => x.term)));
  const cards = await page.$$eval(tid('text-card'), (ns) => ns.map((n) => ({ text: n.querySelector('.text-card-text').textContent, count: Number(n.getAttribute('data-count')) })));
  check('open_text: same sentence counted twice, most frequent first', cards[0] && cards[0].text === 'Samen koffie drinken' && cards[0].count === 2, JSON.stringify(cards));
  check('open_text: three cards', cards.length === 3, cards.length);
  check('open_text: results title "Alle kaartjes (3)"', (await page.textContent('#step-area')).includes('Alle kaartjes (3)'));
  await shotTop(page, 'text-results');
  await english(page, 'text', 'All cards', ['Woordwolk', 'Alle kaartjes', 'keer']);
  await page.context().close();
  fac.close(); b1.close();
}

// ------------------------------------------------------------------ dot_vote (bouwstenen: the six building blocks)
async function dotFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('bouwstenen');
  const step = welcome.session.steps.find((s) => s.kind === 'dot_vote');
  check('dot_vote: step has dots', step && step.dots === 3, JSON.stringify(step && { dots: step.dots, max: step.max_per_option }));
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  await fac.control('open', step.id);
  const opts = (fac.view.steps.find((s) => s.id === step.id).options || step.options || []);
  check('dot_vote: options fixed at open (the six building blocks)', opts.length === 6, JSON.stringify(opts.map((o) => o.id)));
  const [a, b, c] = opts.map((o) => o.id);
  await page.waitForSelector(tid('dot-plus-' + a), { state: 'visible' });
  check('dot_vote: option text shown', (await page.textContent(tid('dot-option-' + a))).includes(opts[0].text.nl));
  check('dot_vote: "nog 3 stippen" before voting', (await page.textContent(tid('step-status'))).trim() === 'nog 3 stippen');
  check('dot_vote: +/− are big touch targets', (await tapSize(page, tid('dot-plus-' + a))) >= 48 && (await tapSize(page, tid('dot-minus-' + a))) >= 48);
  await page.click(tid('dot-plus-' + a));
  check('dot_vote: "nog 2 stippen"', (await page.textContent(tid('step-status'))).trim() === 'nog 2 stippen');
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('dot_vote EN: "2 dots left", the dot kept', (await page.textContent(tid('step-status'))).trim() === '2 dots left' &&
    (await page.textContent(tid('dot-count-' + a))).trim() === '1 dot' && (await page.textContent(tid('dot-option-' + a))).includes(opts[0].text.en));
  await shotTop(page, 'dot-answer-en');
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  await page.click(tid('dot-plus-' + a));
  await page.click(tid('dot-plus-' + b));
  check('dot_vote: all dots placed', (await page.textContent(tid('step-status'))).trim() === 'alle stippen verdeeld');
  check('dot_vote: + disabled with no dots left', await page.isDisabled(tid('dot-plus-' + c)));
  await page.click(tid('dot-minus-' + a));
  await page.click(tid('dot-plus-' + c));
  await fac.waitForView(() => {
    const r = fac.result(step.id);
    const d = (id) => r?.options.find((o) => o.option === id)?.dots;
    return d(a) === 1 && d(b) === 1 && d(c) === 1;
  }, 'facilitator sees 1/1/1 dots');
  await waitResaved(page);
  check('dot_vote: saved after the last change', (await page.textContent(tid('step-save'))).trim() === 'bewaard ✓');
  check('dot_vote: counts in words', (await page.textContent(tid('dot-count-' + a))).trim() === '1 stip');
  await shotTop(page, 'dot-answer');
  await b1.answer(step.id, { [b]: 3 });
  await closeReveal(fac, page, step.id);
  await page.waitForSelector(tid('dot-result-' + b));
  check('dot_vote: 4 dots for the favourite, rank 1', (await count(page, tid('dot-result-' + b), 'data-dots')) === 4 && (await count(page, tid('dot-result-' + b), 'data-rank')) === 1);
  check('dot_vote: equal dots share a rank', (await count(page, tid('dot-result-' + a), 'data-rank')) === 2 && (await count(page, tid('dot-result-' + c), 'data-rank')) === 2 &&
    (await count(page, tid('dot-result-' + a), 'data-dots')) === 1);
  const order = await page.$$eval('.rank-row', (ns) => ns.map((n) => n.getAttribute('data-testid')));
  check('dot_vote: ranked bars, most dots first', order[0] === 'dot-result-' + b, JSON.stringify(order));
  check('dot_vote: 2 voters', (await count(page, tid('voters'))) === 2);
  await shotTop(page, 'dot-results');
  await english(page, 'dot', 'people placed dots', ['stippen', 'personen']);
  await page.context().close();
  fac.close(); b1.close();
}

// ------------------------------------------------------------------ inventory (in kaart brengen)
async function fillInventory(page, e) {
  await page.fill(tid('inv-name'), e.name);
  await page.selectOption(tid('inv-kind'), e.kind);
  await page.fill(tid('inv-place'), e.place || '');
  for (const g of e.families) await page.click(tid('inv-families-' + g));
  await page.fill(tid('inv-goals'), e.goals || '');
}
async function inventoryFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('inkaart');
  const step = welcome.session.steps.find((s) => s.kind === 'inventory');
  check('inventory: step has offer_kinds and target_groups', step && step.offer_kinds.length >= 5 && step.target_groups.length >= 4);
  const kinds = step.offer_kinds.map((k) => k.id), groups = step.target_groups.map((g) => g.id);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  await fac.control('open', step.id);
  await page.waitForSelector(tid('inv-form'), { state: 'visible' });
  check('inventory: the wegwijzer\'s opening and the mapping\'s intro set the scene', (await page.textContent(tid('step-intro'))).includes('sociale steun door ontmoeting') &&
    (await page.textContent(tid('step-intro'))).includes('Veel Huizen van het Kind'));
  check('inventory: the mapping\'s analysis questions are there to talk about', (await page.locator(`${tid('talk-list')} li`).count()) === 4);
  check('inventory: privacy hint', (await page.textContent('#step-area')).includes('schrijf geen namen van ouders of kinderen'));
  // required fields
  await page.click(tid('inv-submit'));
  check('inventory: a name is required', (await page.textContent(tid('inv-error'))).trim() === 'Vul een naam in.');
  await fillInventory(page, { name: 'Babbelbabycafé', kind: kinds[0], place: 'Gent-Zuid', families: [groups[1], groups[3]], goals: 'Ouders van baby\'s leren elkaar kennen.' });
  // switching language keeps what was typed in the form
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('inventory EN: form in English, typed values kept', (await page.textContent(tid('inv-form'))).includes('Which families does it reach?') &&
    (await page.inputValue(tid('inv-name'))) === 'Babbelbabycafé' && (await page.inputValue(tid('inv-kind'))) === kinds[0] &&
    (await page.isChecked(`${tid('inv-families-' + groups[3])} input`)));
  await shot(page, 'inventory-form-en');
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  check('inventory: family checkboxes are big', (await tapSize(page, tid('inv-families-' + groups[0]))) >= 48);
  await shot(page, 'inventory-form');
  await page.click(tid('inv-submit'));
  await page.waitForSelector(tid('inv-entry-0'));
  await waitSaved(page, 'inventory');
  await fillInventory(page, { name: 'Praatcafé <script>x</script>', kind: kinds[4], place: '', families: [groups[5]], goals: '' });
  await page.click(tid('inv-submit'));
  await page.waitForSelector(tid('inv-entry-1'));
  await fillInventory(page, { name: 'Tijdelijk', kind: kinds[2], place: '', families: [], goals: '' });
  await page.click(tid('inv-submit'));
  await page.waitForSelector(tid('inv-entry-2'));
  // edit the first: add a family
  await page.click(tid('inv-edit-0'));
  check('inventory: edit fills the form', (await page.inputValue(tid('inv-name'))) === 'Babbelbabycafé' && (await page.isChecked(`${tid('inv-families-' + groups[1])} input`)));
  await page.click(tid('inv-families-' + groups[0]));
  await page.click(tid('inv-submit'));
  // remove the third (two taps)
  await page.click(tid('inv-remove-2'));
  check('inventory: remove asks to tap again', (await page.textContent(tid('inv-remove-2'))).includes('Zeker'));
  await page.click(tid('inv-remove-2'));
  await page.waitForSelector(tid('inv-entry-2'), { state: 'detached' });
  await fac.waitForView(() => {
    const r = fac.result(step.id);
    return r && r.entries.length === 2 && r.entries.some((e) => e.name === 'Babbelbabycafé' && e.families.includes(groups[0]));
  }, 'facilitator sees the two entries, the first edited');
  await waitResaved(page);
  check('inventory: list shows the entries as text', (await page.textContent(tid('inv-entry-1'))).includes('Praatcafé <script>x</script>'));
  await shot(page, 'inventory-answer');
  await page.reload();
  await page.waitForSelector(tid('inv-entry-1'));
  check('inventory: after reload the list comes back', (await page.locator('.own-entries .entry-card').count()) === 2);
  await b1.answer(step.id, [{ name: 'KOALA-ochtend', kind: kinds[1], place: 'Ledeberg', families: [groups[1], groups[4]], goals: '' }]);
  await closeReveal(fac, page, step.id);
  await page.waitForSelector(tid('matrix'));
  check('inventory: matrix cell counts', (await count(page, tid(`cell-${kinds[0]}-${groups[1]}`))) === 1 && (await count(page, tid(`cell-${kinds[1]}-${groups[4]}`))) === 1 &&
    (await count(page, tid(`cell-${kinds[0]}-${groups[0]}`))) === 1);
  const gap = tid(`cell-${kinds[4]}-${groups[0]}`);
  check('inventory: an empty cell is a leemte, named so for screen readers', (await attr(page, gap, 'data-gap')) === 'true' && (await page.textContent(gap + ' .sr-only')).trim().endsWith(': leemte'),
    await page.textContent(gap));
  check('inventory: a leemte shows its 0', (await page.textContent(gap + ' .gap-zero')).trim() === '0');
  check('inventory: the key names the leemte in words (as the report does), not "gat"', (await page.textContent(tid('gap-word'))).trim() === 'leemte' &&
    !/\bgat\b/.test(await page.textContent('#step-area')));
  check('inventory: gap cells are outlined, not colour only', (await page.$eval(gap, (n) => getComputedStyle(n).borderStyle)) === 'dashed');
  check('inventory: three entries listed', (await page.locator(tid('inv-result-entry')).count()) === 3);
  const unreached = groups.filter((g, j) => ![1, 3, 0, 5, 4].includes(j));
  if (unreached.length) {
    check('inventory: families nobody reaches named', (await page.textContent(tid('gap-groups'))).includes(step.target_groups.find((g) => g.id === unreached[0]).text.nl));
  }
  check('inventory: no markup from an entry', (await page.evaluate(() => document.querySelectorAll('#main script').length)) === 0);
  await shotTop(page, 'inventory-results');
  await page.evaluate(() => document.querySelector('[data-testid="matrix"]').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, 'inventory-matrix.png') });
  const fits = await page.$eval('.matrix-wrap', (n) => n.scrollWidth <= n.clientWidth + 1);
  check('inventory: the matrix fits a phone without side-scrolling', fits);
  await shot(page, 'inventory-results-full');
  await english(page, 'inventory', 'gap', ['Aanbod', 'leemte', 'Nog door geen', 'Bereikt']);
  await page.context().close();
  fac.close(); b1.close();
}

// ------------------------------------------------------------------ action_plan + dot_vote from its actions (acties)
async function fillAction(page, a) {
  await page.fill(tid('act-what'), a.what);
  await page.fill(tid('act-who'), a.who || '');
  await page.fill(tid('act-when'), a.when || '');
}
async function actionFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('acties');
  const step = welcome.session.steps.find((s) => s.kind === 'action_plan');
  const vote = welcome.session.steps.find((s) => s.kind === 'dot_vote');
  check('action_plan: template has an action_plan and a dot_vote on its actions', !!step && !!vote);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  await fac.control('open', step.id);
  await page.waitForSelector(tid('act-form'), { state: 'visible' });
  await page.click(tid('act-submit'));
  check('action_plan: "what" is required', (await page.textContent(tid('act-error'))).trim() === 'Schrijf wat jullie gaan doen.');
  await fillAction(page, { what: 'Koffiehoek bij de ingang inrichten', who: 'Sara en Tom', when: 'voor de zomer' });
  await page.click(tid('act-submit'));
  await page.waitForSelector(tid('act-entry-0'));
  await waitSaved(page, 'action_plan');
  await fillAction(page, { what: 'Vaders apart uitnodigen', who: '', when: 'september' });
  await page.click(tid('act-submit'));
  await page.waitForSelector(tid('act-entry-1'));
  await page.click(tid('act-edit-1'));
  await page.fill(tid('act-who'), 'team onthaal');
  await page.click(tid('act-submit'));
  await fac.waitForView(() => (fac.result(step.id)?.actions || []).some((a) => a.who === 'team onthaal'), 'facilitator sees the edited action');
  await waitResaved(page);
  check('action_plan: cards show who and when', (await page.textContent(tid('act-entry-1'))).includes('team onthaal') && (await page.textContent(tid('act-entry-1'))).includes('september'));
  await shot(page, 'action-answer');
  await b1.answer(step.id, [{ what: 'Elke maand een open ontbijt', who: 'gezinsondersteuners', when: 'vanaf oktober' }]);
  await closeReveal(fac, page, step.id);
  await page.waitForSelector(tid('action-result'));
  check('action_plan: three actions listed', (await page.locator(tid('action-result')).count()) === 3);
  check('action_plan: results show what/who/when', (await page.textContent('[data-testid="results"]')).includes('Elke maand een open ontbijt') &&
    (await page.textContent('[data-testid="results"]')).includes('vanaf oktober'));
  await shotTop(page, 'action-results');
  await english(page, 'action', 'All actions', ['Alle acties', 'Wanneer']);

  // the dot vote on these actions: its options come from the view
  await fac.control('open', vote.id);
  const opts = fac.view.steps.find((s) => s.id === vote.id).options || [];
  check('dot_vote (source actions): three options fixed at open', opts.length === 3, JSON.stringify(opts));
  const target = opts.find((o) => (o.text?.nl || o.text) === 'Vaders apart uitnodigen') || opts[0];
  await page.waitForSelector(tid('dot-plus-' + target.id), { state: 'visible' });
  await page.click(tid('dot-plus-' + target.id));
  await page.click(tid('dot-plus-' + target.id));
  await fac.waitForView(() => fac.result(vote.id)?.options.find((o) => o.option === target.id)?.dots === 2, 'facilitator sees 2 dots');
  await waitResaved(page);
  await shotTop(page, 'action-dot-answer');
  await closeReveal(fac, page, vote.id);
  await page.waitForSelector(tid('dot-result-' + target.id));
  check('dot_vote (source actions): result shows the action text', (await page.textContent(tid('dot-result-' + target.id))).includes(target.text?.nl || target.text) &&
    (await count(page, tid('dot-result-' + target.id), 'data-dots')) === 2);
  await page.context().close();
  fac.close(); b1.close();
}

// ------------------------------------------------------------------ the reflection summary (volledige workshop)
async function summaryFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('volledige-workshop');
  // The reflection themes: the traffic-light steps before the vote on the building blocks.
  const vote = welcome.session.steps.findIndex((s) => s.id === 'bouwstenen');
  const tl = welcome.session.steps.filter((s, i) => s.kind === 'traffic_light' && s.theme && (vote < 0 || i < vote));
  check('summary: the workshop has reflection steps with a theme', tl.length >= 3, tl.length);
  const blocks = welcome.session.blocks || [];
  check('summary: welcome carries the building blocks', blocks.length === 6, blocks.length);
  const page = await joinPhone(code);
  const bots = [await new Bot().join(code), await new Bot().join(code), await new Bot().join(code)];
  // per theme the colours the three bots give to two statements
  const plan = { visie: ['green', 'green', 'green'], noden: ['red', 'red', 'green'], vormen: ['green', 'orange', 'orange'] };
  for (const s of tl) {
    const colours = plan[s.theme] || ['green', 'green', 'orange'];
    await fac.control('open', s.id);
    for (let i = 0; i < bots.length; i++) {
      for (const it of s.items.slice(0, 2)) await bots[i].answer(s.id, colours[i], { item: it.id });
    }
    if (s.theme === 'visie') {
      await page.waitForSelector(tid('choice-' + s.items[0].id + '-green'), { state: 'visible' });
      await page.click(tid('choice-' + s.items[0].id + '-green'));
      await page.waitForSelector(tid('saved-' + s.items[0].id));
      check('a question rated through Kring\'s statement shows that statement, marked as Kring\'s',
        s.items[0].rating ? (await page.textContent(tid('rating-' + s.items[0].id))).includes(s.items[0].rating.nl) &&
          (await page.textContent(tid('rating-' + s.items[0].id))).includes('Kring') : true);
    }
    await fac.control('close', s.id);
    await fac.control('reveal', s.id);
  }
  await page.waitForSelector(tid('summary'), { state: 'visible', timeout: T });
  const verdict = async (id) => page.getAttribute(tid('summary-' + id), 'data-verdict');
  const visie = tl.find((s) => s.theme === 'visie'), noden = tl.find((s) => s.theme === 'noden'), vormen = tl.find((s) => s.theme === 'vormen');
  if (visie) {
    check('summary: visie is solid, in words', (await verdict(visie.id)) === 'solid' && (await page.textContent(tid('summary-' + visie.id))).includes('Stevig'));
    check('summary: visie counts 7 green', (await count(page, tid('sum-' + visie.id + '-green'))) === 7);
    const next = blocks.find((b) => b.id === 'breed-gedragen-visie');
    check('summary: visie names its next building block', next && (await page.textContent(tid('next-' + visie.id))).includes(next.title.nl),
      await page.textContent(tid('summary-' + visie.id)));
    check('summary: and says the advice is the wegwijzer\'s', (await page.textContent(tid('next-source-' + visie.id))).includes('wegwijzer'));
  }
  if (noden) {
    check('summary: noden (work first) names no next block but the questions to talk about first',
      !(await page.isVisible(tid('next-' + noden.id))) && (await page.textContent(tid('first-' + noden.id))).includes(noden.items[0].text.nl.slice(0, 20)));
  }
  if (noden) check('summary: noden: work on red first', (await verdict(noden.id)) === 'work_first' && (await page.textContent(tid('summary-' + noden.id))).includes('rode vragen'));
  if (vormen) check('summary: vormen is mixed', (await verdict(vormen.id)) === 'mixed' && (await page.textContent(tid('summary-' + vormen.id))).includes('Gemengd'));
  await page.evaluate(() => document.querySelector('[data-testid="summary"]').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, 'summary.png') });
  await shot(page, 'summary-full');
  // the building-block vote with the summary below it
  const bv = welcome.session.steps.find((s) => s.kind === 'dot_vote' && s.id === 'bouwstenen');
  if (bv) {
    await fac.control('open', bv.id);
    await page.waitForSelector('.dot-row', { state: 'visible' });
    check('summary: still shown under the building-block vote', await page.isVisible(tid('summary')));
    const next = blocks.find((b) => b.id === 'breed-gedragen-visie');
    if (visie && next) {
      check('summary: with the block vote open, the next block is named by its title',
        (await page.textContent(tid('next-' + visie.id))).includes(next.title.nl), await page.textContent(tid('next-' + visie.id)));
    }
    await shot(page, 'summary-with-vote');
  }
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const en = await page.textContent(tid('summary'));
  check('summary EN: verdicts in English', en.includes('Solid') && !en.includes('Stevig') && !en.includes('Volgende bouwsteen'), en.slice(0, 200));
  await page.context().close();
  fac.close(); for (const b of bots) b.close();
}

// ------------------------------------------------------------------ main
function scenario(name, fn) {
  if (ONLY.length && !ONLY.includes(name)) return Promise.resolve();
  return runScenario(name, fn);
}

async function main() {
  console.log('Kring activity kinds on the participant page, against ' + BASE + ' (screenshots: ' + SHOTS + ')');
  await serverUp();
  // Which templates the server offers: a missing one is a failure, not a silent skip.
  const p = new Peer();
  await p.connect();
  const tpl = await p.request({ type: 'list_templates' }, 'list_templates');
  p.close();
  const have = new Set(tpl.templates.map((x) => x.id));
  const need = { scale: 'evaluatie', choice: 'casussen', image_choice: 'dromen-met-beelden', open_text: 'ontmoeten-is',
                 dot_vote: 'bouwstenen', inventory: 'inkaart', action_plan: 'acties', summary: 'volledige-workshop' };
  for (const [kind, id] of Object.entries(need)) {
    if (ONLY.length && !ONLY.includes(kind)) continue;
    check(`template ${id} offered (${kind})`, have.has(id));
  }
  const run = (kind, fn) => (have.has(need[kind]) ? scenario(kind, fn) : Promise.resolve());
  await run('scale', scaleFlow);
  await run('choice', choiceFlow);
  await run('image_choice', imageFlow);
  await run('open_text', textFlow);
  await run('dot_vote', dotFlow);
  await run('inventory', inventoryFlow);
  await run('action_plan', actionFlow);
  await run('summary', summaryFlow);
  checkPagesClean();
}

await finish(main);
