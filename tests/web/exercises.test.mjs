// Browser test: the four exercises about the building, each run as a whole template, every step
// in order, against a running kring-server with the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node exercises.test.mjs
//
// foto-opdracht, kritische-rondleiding, architect-voor-een-dag and spaghettimapping: the
// facilitator (a WebSocket client in node) makes a session from the template and takes it step
// by step: open, two phones (headless Chromium, phone viewport) answer through the page as a
// participant would (a photo through the file input, pins and routes tapped on the plan, cards
// typed, traffic lights tapped, dots placed with +), close, reveal. For every step the
// facilitator's view must hold what the phones gave, and after the reveal both phones show the
// step's result. At the end the HTML report of the session names every step and draws the plans.
// Exit code 0 = every check passed.
import {
  BASE, tid, check, start, finish, scenario, serverUp, Facilitator, joinPhone, shot, checkPagesClean,
} from './harness.mjs';

start('exercises.test.mjs', 175000);

const NEAR = 0.02;
const near = (a, b) => Math.abs(a - b) <= NEAR;
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const nl = (x) => (typeof x === 'string' ? x : (x && x.nl) || '');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const TEMPLATES = {
  'foto-opdracht': ['fotos', 'sterkste', 'uitnodigend', 'drempel', 'aanpakken'],
  'kritische-rondleiding': ['onderweg', 'plekken', 'drempels', 'uitnodigingen', 'zeven-bs', 'aanpakken'],
  'architect-voor-een-dag': ['plan', 'werkt-al', 'experimenten', 'kiezen'],
  spaghettimapping: ['plannen', 'routes', 'wat-valt-op', 'aanpassen'],
};

// ------------------------------------------------------------------ one session
/** A session of a template with two phones joined; its steps checked against the expected ids. */
async function session(template) {
  const fac = new Facilitator();
  const { code, welcome, secret } = await fac.create(template);
  const steps = welcome.session.steps;
  const ids = steps.map((s) => s.id);
  check(`${template}: the steps are ${TEMPLATES[template].join(', ')}`, ids.join(',') === TEMPLATES[template].join(','), ids.join(','));
  const phones = [await joinPhone(code), await joinPhone(code)];
  const stepOf = (id) => steps.find((s) => s.id === id);
  return { fac, code, welcome, secret, phones, stepOf, template, done: [] };
}

async function closeSession(s) {
  for (const p of s.phones) await p.context().close();
  s.fac.close();
}

/** The facilitator opens the step; every phone shows `ready` (the step's answer form). */
async function open(s, step, ready) {
  await s.fac.control('open', step.id);
  for (const p of s.phones) await p.waitForSelector(ready, { state: 'visible' });
}

/** Close, the phones say so; reveal, each phone shows this step's result with both answers counted. */
async function closeReveal(s, step, shotName) {
  await s.fac.control('close', step.id);
  for (const p of s.phones) await p.waitForSelector(tid('closed'), { state: 'visible' });
  await s.fac.control('reveal', step.id);
  let i = 0;
  for (const p of s.phones) {
    i++;
    await p.waitForFunction(({ kind, title }) => {
      const r = document.querySelector('[data-testid="results"]');
      const h = document.querySelector('[data-testid="results-title"]');
      return r && r.getAttribute('data-kind') === kind && h && h.textContent.trim() === title;
    }, { kind: step.kind, title: nl(step.title) });
    // The photo wall says how many photos it holds (checked by photoStep), not how many people sent one.
    if (step.kind === 'photo') continue;
    const total = await p.getAttribute(tid('results-total'), 'data-total');
    check(`${s.template}/${step.id}: phone ${i} shows the result of both participants`, total === '2', total);
  }
  if (shotName) {
    await s.phones[0].evaluate(() => window.scrollTo(0, 0));
    await shot(s.phones[0], shotName);
  }
  s.done.push(step.id);
}

async function waitSaved(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="step-save"]')?.getAttribute('data-state') === 'saved');
}

// ------------------------------------------------------------------ photo
/** A JPEG drawn in the browser (a canvas), its bytes. */
async function drawJpeg(page, hue) {
  const b64 = await page.evaluate(async (hue) => {
    const c = new OffscreenCanvas(1200, 900);
    const g = c.getContext('2d');
    g.fillStyle = `hsl(${hue}, 55%, 45%)`;
    g.fillRect(0, 0, 1200, 900);
    let seed = hue + 3;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let i = 0; i < 120; i++) {
      g.fillStyle = `hsla(${Math.floor(rnd() * 360)}, 60%, 55%, .4)`;
      g.fillRect(rnd() * 1200, rnd() * 900, rnd() * 200, rnd() * 150);
    }
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let str = '';
    for (let i = 0; i < bytes.length; i += 0x8000) str += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(str);
  }, hue);
  return Buffer.from(b64, 'base64');
}

/** Each phone sends one photo through the page (the camera input), with a caption and a
 *  category; the facilitator sees them pending, approves them; the phones show the wall. */
async function photoStep(s, id, sent) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: a photo step`, step.kind === 'photo', step.kind);
  await open(s, step, tid('photo-take'));
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    const bytes = await drawJpeg(p, 40 + 150 * i);
    await p.setInputFiles(tid('photo-input'), { name: `foto-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: bytes });
    await p.waitForSelector(tid('photo-preview'), { state: 'visible' });
    await p.fill(tid('photo-caption'), sent[i].caption);
    await p.click(tid('photo-category-' + sent[i].category));
    await p.click(tid('photo-send'));
    await p.waitForSelector(tid('photo-sent'), { state: 'visible', timeout: 15000 });
  }
  await s.fac.waitForView(() => (s.fac.result(id)?.photos || []).length === 2, `${id}: the facilitator sees two photos`);
  const photos = s.fac.result(id).photos;
  const byCaption = sent.map((x) => photos.find((p) => p.caption === x.caption));
  check(`${s.template}/${id}: facilitator: both photos, pending, with their caption and category`,
    byCaption.every((p, i) => p && p.category === sent[i].category && p.status === 'pending' && p.width > 0 && p.height > 0), JSON.stringify(photos));
  const pids = byCaption.map((p) => p && p.id);
  for (const pid of pids) await s.fac.request({ type: 'control', action: 'approve_photo', step: id, card: pid }, 'approve_photo ' + pid);
  await s.fac.waitForView(() => (s.fac.result(id)?.photos || []).every((p) => !p.status || p.status === 'approved'), `${id}: both approved`);
  check(`${s.template}/${id}: facilitator: both approved`, s.fac.result(id).photos.length === 2);
  await closeReveal(s, step, 'exercises-' + s.template + '-' + id);
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    await p.waitForSelector(tid('photo-wall'), { state: 'visible' });
    const count = await p.getAttribute(tid('photo-wall'), 'data-count');
    const tiles = await p.locator('[data-testid^="photo-tile-"]').count();
    check(`${s.template}/${id}: phone ${i + 1}: the wall holds the two approved photos`, count === '2' && tiles === 2 &&
      (await p.isVisible(tid('photo-tile-' + pids[0]))) && (await p.isVisible(tid('photo-tile-' + pids[1]))), `${count} ${tiles}`);
  }
  // The other phone's photo is fetched and drawn on the wall.
  const other = s.phones[1];
  await other.locator(tid('photo-tile-' + pids[0])).scrollIntoViewIfNeeded();
  await other.waitForFunction((pid) => document.querySelector(`[data-testid="photo-tile-${pid}"] img`)?.getAttribute('data-state') === 'loaded', pids[0]);
  check(`${s.template}/${id}: phone 2: the first phone's photo shows on the wall`, (await text(other, tid('photo-tile-' + pids[0]))).includes(sent[0].caption));
  return pids;
}

// ------------------------------------------------------------------ open_text
/** Phone i writes texts[i] (one card per field); the facilitator's cards count them. */
async function textStep(s, id, texts) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: an open_text step`, step.kind === 'open_text', step.kind);
  await open(s, step, tid('entry-0'));
  if ((step.items || []).length) {
    const talk = await text(s.phones[0], tid('talk-list'));
    check(`${s.template}/${id}: phone: the step's questions to talk about`, step.items.every((it) => talk.includes(nl(it.text))), talk.slice(0, 200));
  }
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    for (let j = 0; j < texts[i].length; j++) await p.fill(tid('entry-' + j), texts[i][j]);
    await p.locator(tid('entry-' + (texts[i].length - 1))).blur();
  }
  const want = new Map();
  for (const t of texts.flat()) want.set(t, (want.get(t) || 0) + 1);
  const matches = () => {
    const cards = s.fac.result(id)?.cards || [];
    return cards.length === want.size && cards.every((c) => want.get(c.text) === c.count);
  };
  try { await s.fac.waitForView(matches, `${id}: the facilitator sees the cards`); } catch { /* checked below */ }
  check(`${s.template}/${id}: facilitator: the cards of both phones, counted`, matches(), JSON.stringify(s.fac.result(id)?.cards));
  for (const p of s.phones) await waitSaved(p);
  await closeReveal(s, step);
  for (let i = 0; i < 2; i++) {
    const cards = await s.phones[i].$$eval(tid('text-card'), (ns) => ns.map((n) => ({
      text: n.querySelector('.text-card-text').textContent, count: Number(n.getAttribute('data-count')) })));
    check(`${s.template}/${id}: phone ${i + 1}: the result lists every card with its count`,
      cards.length === want.size && cards.every((c) => want.get(c.text) === c.count), JSON.stringify(cards));
  }
  return [...want.keys()];
}

// ------------------------------------------------------------------ dot_vote
/** The options the open dot vote took from its source; `plans[i]` is { option text: dots }. */
async function dotStep(s, id, expectTexts, plans) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: a dot vote of ${step.dots} dots`, step.kind === 'dot_vote' && step.dots === 3, JSON.stringify({ kind: step.kind, dots: step.dots }));
  await s.fac.control('open', id);
  const opts = s.fac.view.steps.find((x) => x.id === id).options || [];
  const texts = opts.map((o) => nl(o.text));
  check(`${s.template}/${id}: its options are taken from ${step.source.step} (${step.source.take})`,
    texts.length === expectTexts.length && expectTexts.every((t) => texts.includes(t)), JSON.stringify(texts));
  const idOf = (t) => opts.find((o) => nl(o.text) === t)?.id;
  for (const p of s.phones) await p.waitForSelector(tid('dot-plus-' + opts[0].id), { state: 'visible' });
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    for (const [t, n] of Object.entries(plans[i])) {
      check(`${s.template}/${id}: phone ${i + 1}: the option "${t}" is shown`, (await text(p, tid('dot-option-' + idOf(t)))).includes(t));
      for (let k = 0; k < n; k++) await p.click(tid('dot-plus-' + idOf(t)));
    }
    const status = await text(p, tid('step-status'));
    check(`${s.template}/${id}: phone ${i + 1}: "alle stippen verdeeld"`, status === 'alle stippen verdeeld', status);
  }
  const want = {};
  for (const plan of plans) for (const [t, n] of Object.entries(plan)) want[idOf(t)] = (want[idOf(t)] || 0) + n;
  const matches = () => {
    const r = s.fac.result(id);
    return r && r.voters === 2 && r.options.every((o) => o.dots === (want[o.option] || 0)) && sum(r.options.map((o) => o.dots)) === 6;
  };
  try { await s.fac.waitForView(matches, `${id}: the facilitator sees the dots`); } catch { /* checked below */ }
  check(`${s.template}/${id}: facilitator: the dots of both phones per option, 2 voters`, matches(), JSON.stringify(s.fac.result(id)));
  for (const p of s.phones) await waitSaved(p);
  await closeReveal(s, step);
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    const got = {};
    for (const o of opts) got[o.id] = Number(await p.getAttribute(tid('dot-result-' + o.id), 'data-dots'));
    check(`${s.template}/${id}: phone ${i + 1}: the result shows the dots per option`, opts.every((o) => got[o.id] === (want[o.id] || 0)), JSON.stringify(got));
    check(`${s.template}/${id}: phone ${i + 1}: 2 voters`, (await p.getAttribute(tid('voters'), 'data-count')) === '2');
  }
  const top = Object.entries(want).sort((a, b) => b[1] - a[1])[0][0];
  check(`${s.template}/${id}: phone: the most dots ranked first`, (await s.phones[0].getAttribute(tid('dot-result-' + top), 'data-rank')) === '1');
}

// ------------------------------------------------------------------ floor_plan
async function planBox(page) {
  await page.evaluate(() => document.querySelector('[data-testid="fp-plan"]').scrollIntoView({ block: 'center' }));
  return page.locator(tid('fp-plan')).boundingBox();
}
async function tapPlan(page, x, y) {
  const box = await planBox(page);
  await page.touchscreen.tap(box.x + x * box.width, box.y + y * box.height);
}

/** pins[i]: the pins phone i taps, [{ category, x, y }]. */
async function pinStep(s, id, pins) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: a floor plan in pins mode`, step.kind === 'floor_plan' && step.mode === 'pins', JSON.stringify({ kind: step.kind, mode: step.mode }));
  await open(s, step, tid('fp-plan'));
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    for (let j = 0; j < pins[i].length; j++) {
      const pin = pins[i][j];
      await p.click(tid('fp-cat-' + pin.category));
      await tapPlan(p, pin.x, pin.y);
      await p.waitForSelector(tid('fp-pin-p' + (j + 1)), { state: 'attached' });
    }
    const status = await text(p, tid('step-status'));
    check(`${s.template}/${id}: phone ${i + 1}: "${pins[i].length} van ${step.max_entries} spelden geplaatst"`,
      status === `${pins[i].length} van ${step.max_entries} spelden geplaatst`, status);
  }
  const all = pins.flat();
  const matches = () => {
    const got = s.fac.result(id)?.pins || [];
    return got.length === all.length && all.every((w) => got.some((g) => g.category === w.category && near(g.x, w.x) && near(g.y, w.y)));
  };
  try { await s.fac.waitForView(matches, `${id}: the facilitator sees the pins`); } catch { /* checked below */ }
  check(`${s.template}/${id}: facilitator: every pin of both phones, in its category where it was tapped`, matches(), JSON.stringify(s.fac.result(id)?.pins));
  for (const p of s.phones) await waitSaved(p);
  await closeReveal(s, step, 'exercises-' + s.template + '-' + id);
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    await p.waitForSelector(tid('fp-result-plan'), { state: 'visible' });
    const drawn = await p.locator('[data-testid="fp-result-plan"] [data-testid="fp-result-pin"]').count();
    check(`${s.template}/${id}: phone ${i + 1}: the result draws the ${all.length} pins`, drawn === all.length, drawn);
    const counts = {};
    for (const c of step.categories) counts[c.id] = Number(await p.getAttribute(tid('fp-count-' + c.id), 'data-count'));
    check(`${s.template}/${id}: phone ${i + 1}: the pins counted per category`,
      step.categories.every((c) => counts[c.id] === all.filter((w) => w.category === c.id).length), JSON.stringify(counts));
  }
}

/** routes[i]: the route phone i taps, { slot, points }. */
async function routeStep(s, id, routes) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: a floor plan in routes mode`, step.kind === 'floor_plan' && step.mode === 'routes', JSON.stringify({ kind: step.kind, mode: step.mode }));
  await open(s, step, tid('fp-plan'));
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    const r = routes[i];
    await p.click(tid('fp-slot-' + r.slot));
    await p.click(tid('fp-new-route'));
    for (const [x, y] of r.points) await tapPlan(p, x, y);
    const drafted = await p.locator('[data-testid="fp-draft"] .fp-draft-point').count();
    check(`${s.template}/${id}: phone ${i + 1}: the route being drawn has ${r.points.length} points`, drafted === r.points.length, drafted);
    await p.click(tid('fp-route-done'));
    await p.waitForSelector(tid('fp-draft'), { state: 'detached' });
  }
  const matches = () => {
    const got = s.fac.result(id)?.routes || [];
    return got.length === routes.length && routes.every((w) => got.some((g) => g.slot === w.slot && g.points.length === w.points.length &&
      g.points.every((pt, k) => near(pt[0], w.points[k][0]) && near(pt[1], w.points[k][1]))));
  };
  try { await s.fac.waitForView(matches, `${id}: the facilitator sees the routes`); } catch { /* checked below */ }
  check(`${s.template}/${id}: facilitator: both routes, in their slot, through the tapped points in order`, matches(), JSON.stringify(s.fac.result(id)?.routes));
  for (const p of s.phones) await waitSaved(p);
  await closeReveal(s, step, 'exercises-' + s.template + '-' + id);
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    await p.waitForSelector(tid('fp-result-plan'), { state: 'visible' });
    const drawn = await p.locator('[data-testid="fp-result-route"]').count();
    check(`${s.template}/${id}: phone ${i + 1}: the result draws both routes`, drawn === 2, drawn);
    const counts = {};
    for (const sl of step.slots) counts[sl.id] = Number(await p.getAttribute(tid('fp-slot-count-' + sl.id), 'data-count'));
    check(`${s.template}/${id}: phone ${i + 1}: the routes counted per slot`,
      step.slots.every((sl) => counts[sl.id] === routes.filter((r) => r.slot === sl.id).length), JSON.stringify(counts));
  }
}

// ------------------------------------------------------------------ traffic_light
/** colours[i][k]: phone i's colour for the step's item k. */
async function trafficStep(s, id, colours) {
  const step = s.stepOf(id);
  check(`${s.template}/${id}: a traffic light step of ${step.items.length} statements`, step.kind === 'traffic_light' && step.items.length === colours[0].length,
    JSON.stringify({ kind: step.kind, n: step.items?.length }));
  await open(s, step, tid('choice-' + step.items[0].id + '-green'));
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    for (let k = 0; k < step.items.length; k++) await p.click(tid('choice-' + step.items[k].id + '-' + colours[i][k]));
    for (const it of step.items) await p.waitForSelector(tid('saved-' + it.id), { state: 'attached' });
  }
  const want = (k, c) => colours.filter((cs) => cs[k] === c).length;
  const matches = () => {
    const r = s.fac.result(id);
    return r && r.items.length === step.items.length && step.items.every((it, k) => {
      const x = r.items.find((y) => y.item === it.id);
      return x && ['green', 'orange', 'red'].every((c) => x[c] === want(k, c));
    });
  };
  try { await s.fac.waitForView(matches, `${id}: the facilitator sees the colours`); } catch { /* checked below */ }
  check(`${s.template}/${id}: facilitator: each statement's colours from both phones`, matches(), JSON.stringify(s.fac.result(id)?.items));
  await closeReveal(s, step);
  for (let i = 0; i < 2; i++) {
    const p = s.phones[i];
    const bad = [];
    for (let k = 0; k < step.items.length; k++) {
      for (const c of ['green', 'orange', 'red']) {
        const n = Number(await p.getAttribute(tid(`count-${step.items[k].id}-${c}`), 'data-count'));
        if (n !== want(k, c)) bad.push(`${step.items[k].id} ${c} ${n}`);
      }
    }
    check(`${s.template}/${id}: phone ${i + 1}: the result counts each statement's colours`, bad.length === 0, bad.join(', '));
  }
}

// ------------------------------------------------------------------ the report
const unescape = (h) => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;|&apos;/g, "'").replace(/&amp;/g, '&');

/** The HTML report of the session: every step's title, the plans drawn; `words` must be in it too. */
async function report(s, { plans = 0, routes = 0, pins = 0, photos = 0, words = [] } = {}) {
  check(`${s.template}: every step was taken in order`, s.done.join(',') === TEMPLATES[s.template].join(','), s.done.join(','));
  const url = BASE + '/sessions/' + s.welcome.session.id + '/report.html';
  const res = await fetch(url, { headers: { Authorization: 'Bearer ' + s.secret } });
  check(`${s.template}: report.html is 200, HTML`, res.status === 200 && /text\/html/.test(res.headers.get('content-type') || ''), res.status + ' ' + res.headers.get('content-type'));
  const html = await res.text();
  const plain = unescape(html);
  const missing = s.welcome.session.steps.map((st) => nl(st.title)).filter((t) => !plain.includes(t));
  check(`${s.template}: the report names every step's title`, missing.length === 0, missing.join(' | '));
  const svgs = (html.match(/<svg class="plan"/g) || []).length;
  check(`${s.template}: the report draws ${plans} floor plan(s) (<svg class="plan")`, svgs === plans, svgs);
  if (plans) {
    const from = html.slice(html.indexOf('<svg class="plan"'));
    const plan = from.slice(0, from.indexOf('</svg>'));
    const lines = (plan.match(/<polyline/g) || []).length;
    const dots = (plan.match(/<circle/g) || []).length;
    check(`${s.template}: the report's plan draws the ${pins} pins and ${routes} routes`, lines === routes && dots === pins, `${dots} pins, ${lines} routes`);
  }
  if (photos) {
    const imgs = (html.match(/<img src="data:image\/jpeg;base64,/g) || []).length;
    check(`${s.template}: the report holds the ${photos} approved photos`, imgs === photos, imgs);
  }
  const absent = words.filter((w) => !plain.includes(w));
  check(`${s.template}: the report holds what the phones gave`, absent.length === 0, absent.join(' | '));
}

// ------------------------------------------------------------------ the four exercises
async function fotoOpdracht() {
  const s = await session('foto-opdracht');
  const sent = [{ caption: 'De zetels bij het raam', category: 'uitnodigend' }, { caption: 'Een gesloten deur aan de inkom', category: 'drempel' }];
  await photoStep(s, 'fotos', sent);
  await dotStep(s, 'sterkste', sent.map((x) => x.caption),
    [{ [sent[0].caption]: 2, [sent[1].caption]: 1 }, { [sent[1].caption]: 3 }]);
  const inv = await textStep(s, 'uitnodigend', [['Zetels bij het raam, in de zon', 'Speelgoed dat kinderen samenbrengt'], ['Zetels bij het raam, in de zon']]);
  const drempel = await textStep(s, 'drempel', [['Gesloten deur zonder bordje', 'Geen plek voor de kinderwagen'], ['Gesloten deur zonder bordje']]);
  await dotStep(s, 'aanpakken', drempel,
    [{ 'Geen plek voor de kinderwagen': 3 }, { 'Gesloten deur zonder bordje': 2, 'Geen plek voor de kinderwagen': 1 }]);
  await report(s, { plans: 0, photos: 2, words: [...sent.map((x) => x.caption), ...inv, ...drempel] });
  await closeSession(s);
}

async function kritischeRondleiding() {
  const s = await session('kritische-rondleiding');
  const sent = [{ caption: 'Trap zonder helling', category: 'drempel' }, { caption: 'Koffie klaar bij het onthaal', category: 'uitnodiging' }];
  await photoStep(s, 'onderweg', sent);
  await pinStep(s, 'plekken', [
    [{ category: 'drempel', x: 0.08, y: 0.80 }, { category: 'idee', x: 0.55, y: 0.75 }],
    [{ category: 'uitnodiging', x: 0.85, y: 0.75 }],
  ]);
  const dr = await textStep(s, 'drempels', [['Ingang: geen bordje', 'Gang: te donker'], ['Ingang: geen bordje', 'Onthaal: balie te hoog']]);
  const uit = await textStep(s, 'uitnodigingen', [['Wachtruimte: meteen koffie'], ['Speelhoek: zichtbaar vanaf de gang']]);
  const c1 = ['green', 'green', 'orange', 'red', 'orange', 'green', 'green'];
  const c2 = ['green', 'orange', 'orange', 'red', 'red', 'green', 'orange'];
  await trafficStep(s, 'zeven-bs', [c1, c2]);
  await dotStep(s, 'aanpakken', dr, [{ 'Ingang: geen bordje': 2, 'Gang: te donker': 1 }, { 'Onthaal: balie te hoog': 3 }]);
  await report(s, { plans: 1, pins: 3, photos: 2, words: [...sent.map((x) => x.caption), ...dr, ...uit] });
  await closeSession(s);
}

async function architectVoorEenDag() {
  const s = await session('architect-voor-een-dag');
  await pinStep(s, 'plan', [
    [{ category: 'welkom', x: 0.85, y: 0.70 }],
    [{ category: 'afhaken', x: 0.08, y: 0.80 }, { category: 'idee', x: 0.55, y: 0.30 }],
  ]);
  const werkt = await textStep(s, 'werkt-al', [['De koffiehoek', 'Lage tafels'], ['Lage tafels', 'Speelgoed in het zicht']]);
  const exp = await textStep(s, 'experimenten', [['Stoelen in een halve cirkel', 'Bordje aan de ingang'], ['Een leesmand bij het onthaal']]);
  await dotStep(s, 'kiezen', exp, [{ 'Stoelen in een halve cirkel': 1, 'Bordje aan de ingang': 2 }, { 'Een leesmand bij het onthaal': 1, 'Bordje aan de ingang': 2 }]);
  await report(s, { plans: 1, pins: 3, words: [...werkt, ...exp] });
  await closeSession(s);
}

async function spaghettimapping() {
  const s = await session('spaghettimapping');
  const plan = await textStep(s, 'plannen', [['Dinsdagochtend, druk moment', 'Sara en Tom observeren'], ['Vrijdagnamiddag, rustig moment']]);
  await routeStep(s, 'routes', [
    { slot: 'ochtend', points: [[0.07, 0.90], [0.25, 0.80], [0.55, 0.75]] },
    { slot: 'namiddag', points: [[0.07, 0.90], [0.20, 0.50], [0.55, 0.30], [0.85, 0.70]] },
  ]);
  const opv = await textStep(s, 'wat-valt-op', [['Niemand gebruikt de tuin', 'Wegen kruisen aan de koffie'], ['Niemand gebruikt de tuin']]);
  await dotStep(s, 'aanpassen', opv, [{ 'Niemand gebruikt de tuin': 3 }, { 'Wegen kruisen aan de koffie': 1, 'Niemand gebruikt de tuin': 2 }]);
  await report(s, { plans: 1, routes: 2, words: [...plan, ...opv] });
  await closeSession(s);
}

async function main() {
  console.log('The four building exercises end to end on phones, against ' + BASE);
  await serverUp();
  await scenario('foto-opdracht', fotoOpdracht);
  await scenario('kritische-rondleiding', kritischeRondleiding);
  await scenario('architect-voor-een-dag', architectVoorEenDag);
  await scenario('spaghettimapping', spaghettimapping);
  checkPagesClean();
}

await finish(main);
