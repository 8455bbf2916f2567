// Browser test of the Kring participant page against a running kring-server.
//
//   cd tests/web && npm ci
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node participant.test.mjs
//   (or: node participant.test.mjs http://127.0.0.1:PORT /tmp/shots)
//
// The test drives the facilitator itself over a WebSocket from node, and a participant in
// headless Chromium (phone viewport). Exit code 0 = every check passed.
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const BASE = (process.env.KRING_URL || process.argv[2] || '').replace(/\/+$/, '');
const SHOTS = process.env.KRING_SHOTS || process.argv[3] || join(tmpdir(), 'kring-web-shots');
const CHROMIUM = process.env.KRING_CHROMIUM || '/usr/bin/chromium';
const WHOLE_TEST_MS = 55000;
const T = 8000; // default wait for any single thing

if (!BASE || !/^https?:\/\//.test(BASE)) {
  console.error('usage: KRING_URL=http://host:port [KRING_SHOTS=dir] node participant.test.mjs');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) { passed++; console.log('  ok   ' + name); }
  else {
    failed++;
    failures.push(name);
    console.log('  FAIL ' + name + (detail !== undefined ? '  (' + String(detail).slice(0, 300) + ')' : ''));
  }
  return ok;
}
function summary() {
  console.log(`\n${passed} passed, ${failed} failed`);
  if (failures.length) console.log('failed: ' + failures.join('; '));
}

let browser = null;
let fac = null;
const watchdog = setTimeout(async () => {
  failed++;
  failures.push('whole test within ' + WHOLE_TEST_MS / 1000 + ' s');
  console.log('  FAIL timeout: the whole test took longer than ' + WHOLE_TEST_MS / 1000 + ' s');
  summary();
  try { fac?.close(); } catch { /* ignore */ }
  try { await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 2000))]); } catch { /* ignore */ }
  process.exit(1);
}, WHOLE_TEST_MS);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout after ' + ms + ' ms: ' + what)), ms); }),
  ]);
}

// ------------------------------------------------------------------ facilitator over ws
class Facilitator {
  constructor(url) {
    this.url = url;
    this.seq = 0;
    this.view = null;
    this.welcome = null;
    this.waiters = [];
  }
  connect() {
    return withTimeout(new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url);
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
      this.ws.on('message', (data) => {
        let m;
        try { m = JSON.parse(String(data)); } catch { return; }
        if (m.type === 'view' && (!this.view || m.rev >= this.view.rev)) this.view = m;
        if (m.type === 'welcome') this.welcome = m;
        for (const w of [...this.waiters]) {
          if (w.pred(m)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(m); }
        }
      });
    }), T, 'facilitator WebSocket connect to ' + this.url);
  }
  waitFor(pred, what, ms = T) {
    return withTimeout(new Promise((resolve) => this.waiters.push({ pred, resolve })), ms, what);
  }
  async waitForView(pred, what, ms = T) {
    if (this.view && pred(this.view)) return this.view;
    return this.waitFor((m) => m.type === 'view' && m.rev >= (this.view ? this.view.rev : 0) && pred(m), what, ms);
  }
  async request(obj, what) {
    const seq = ++this.seq;
    const reply = this.waitFor((m) => m.seq === seq && m.type !== 'welcome', what);
    this.ws.send(JSON.stringify({ ...obj, seq }));
    const m = await reply;
    if (m.type === 'error') throw new Error(what + ': server error ' + m.code + ' ' + (m.message || ''));
    return m;
  }
  control(action, step) { return this.request({ type: 'control', action, step }, 'control ' + action + ' ' + step); }
  close() { try { this.ws?.close(); } catch { /* ignore */ } }
}

// ------------------------------------------------------------------ page helpers
const tid = (id) => `[data-testid="${id}"]`;

const consoleErrors = [];
const dialogs = [];
const badResponses = [];
let phase = 'setup';

/** The facilitator creates a session; returns its join code and the facilitator's welcome. */
async function createSession() {
  // The server is up.
  const hz = await withTimeout(fetch(BASE + '/healthz'), T, 'GET /healthz');
  check('GET /healthz is 200', hz.status === 200, hz.status);

  // Facilitator creates the session.
  fac = new Facilitator(BASE.replace(/^http/, 'ws') + '/ws');
  await fac.connect();
  const welcomeP = fac.waitFor((m) => m.type === 'welcome', 'facilitator welcome');
  const created = await fac.request({ type: 'create_session', protocol_version: 1, template: 'stoplicht-visie' }, 'create_session');
  const code = created.join_code;
  check('create_session gives a join code', typeof code === 'string' && code.length >= 4, code);
  const welcome = fac.welcome || await welcomeP;
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  if (!step) throw new Error('template stoplicht-visie has no step "visie"');
  const items = step.items;
  check('step visie has at least 3 statements', items.length >= 3, items.length);
  return { code, welcome };
}

/** A phone: Chromium page in a fresh context (own localStorage), every problem recorded. */
async function newPhone() {
  if (!browser) {
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 20000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'nl-BE',
  });
  context.setDefaultTimeout(T);
  context.setDefaultNavigationTimeout(T);
  await context.addInitScript(() => {
    // Anything that would call alert() is recorded (it must never happen).
    window.__alerts = 0;
    window.alert = function () { window.__alerts++; };
    // Keep the page's sockets reachable, to simulate a dropped connection.
    const Orig = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Orig {
      constructor(...a) { super(...a); window.__sockets.push(this); }
    };
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('response', (r) => { if (r.status() >= 400) badResponses.push(r.status() + ' ' + r.url()); });
  return page;
}

/** The main flow: join, answer, drop the connection, reload, close, reveal, results. */
async function mainFlow(page, code, welcome) {
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  const items = step.items;
  const [i0, i1, i2] = items.map((it) => it.id);
  const N = items.length;

  // ---- join with ?code=
  phase = 'join';
  await page.goto(BASE + '/?code=' + encodeURIComponent(code));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('join screen shows the privacy notice', /anoniem/i.test(await page.textContent(tid('notice'))));
  check('?code= pre-fills the join code', (await page.inputValue(tid('join-code'))) === code.toUpperCase(), await page.inputValue(tid('join-code')));
  check('UI is Dutch by default', (await page.getAttribute('html', 'lang')) === 'nl' &&
    (await page.textContent(tid('join-button'))).trim() === 'Meedoen');
  await page.screenshot({ path: join(SHOTS, 'join.png') });
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  check('after joining: calm waiting screen', /Wacht even, de begeleider start zo/.test(await page.textContent(tid('waiting'))));
  await page.screenshot({ path: join(SHOTS, 'waiting.png') });
  check('session title shown', (await page.textContent(tid('session-title'))).trim() === welcome.session.title.nl,
    await page.textContent(tid('session-title')));
  await fac.waitForView((v) => v.joined === 1, 'facilitator sees 1 participant');
  check('facilitator sees one participant joined', fac.view.joined === 1, fac.view.joined);

  phase = 'answer';
  // ---- facilitator opens the step; the participant answers
  await fac.control('open', 'visie');
  await page.waitForSelector(tid('item-' + i0), { state: 'visible' });
  check('open step shows its title', (await page.textContent(tid('step-title'))).trim() === step.title.nl);
  check('every statement is a card', (await page.locator('article.item').count()) === N);
  check('choices carry icon and word', (await page.textContent(tid('choice-' + i0 + '-green'))).includes('Loopt goed') &&
    (await page.textContent(tid('choice-' + i0 + '-orange'))).includes('Kan sterker') &&
    (await page.textContent(tid('choice-' + i0 + '-red'))).includes('Werkpunt') &&
    (await page.textContent(tid('choice-' + i0 + '-pass'))).includes('Sla over'));
  const box = await page.locator(tid('choice-' + i0 + '-green')).boundingBox();
  const passBox = await page.locator(tid('choice-' + i0 + '-pass')).boundingBox();
  check('touch targets are at least 48 px', box && box.height >= 48 && box.width >= 48 && passBox && passBox.height >= 48,
    JSON.stringify([box, passBox]));

  const PAYLOAD = 'Goed bezig <script>alert(1)</script><b>x</b>';
  await page.click(tid('choice-' + i0 + '-green'));
  await page.click(tid('choice-' + i1 + '-red'));
  await page.click(tid('comment-toggle-' + i1));
  await page.fill(tid('comment-' + i1), PAYLOAD);
  await page.locator(tid('comment-' + i1)).blur();
  await page.click(tid('choice-' + i2 + '-pass'));
  for (const id of [i0, i1, i2]) await page.waitForSelector(tid('saved-' + id), { state: 'visible' });
  check('three answers saved (ack)', true);
  check('saved indicator text', (await page.textContent(tid('saved-' + i0))).trim() === 'bewaard ✓', await page.textContent(tid('saved-' + i0)));
  check('progress line counts 3', (await page.textContent(tid('progress'))).trim() === `3 van ${N} beantwoord`,
    await page.textContent(tid('progress')));
  await fac.waitForView((v) => Array.isArray(v.comments) && v.comments.some((c) => c.item === i1 && c.text === PAYLOAD),
    'facilitator sees the comment, verbatim');
  check('comment reached the server verbatim', true);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'answering.png') });
  await page.locator(tid('item-' + i1)).scrollIntoViewIfNeeded();
  await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'start' }), tid('item-' + i1));
  await page.screenshot({ path: join(SHOTS, 'answering-comment.png') });

  phase = 'reconnect';
  // ---- the connection drops; an answer changed meanwhile is resent after reconnecting
  await page.evaluate((sel) => {
    window.__bannerSeen = '';
    const banner = document.querySelector('[data-testid="status"]');
    new MutationObserver(() => { if (!banner.hidden && banner.textContent) window.__bannerSeen = banner.textContent; })
      .observe(banner, { attributes: true, childList: true, characterData: true, subtree: true });
    window.__sockets[window.__sockets.length - 1].close();
    document.querySelector(sel).click(); // change green -> orange while the socket is closing
  }, tid('choice-' + i0 + '-orange'));
  await page.waitForFunction(() => window.__sockets.length >= 2 && window.__sockets[window.__sockets.length - 1].readyState === 1);
  await page.waitForSelector(tid('saved-' + i0), { state: 'visible' });
  check('reconnect banner was shown', (await page.evaluate(() => window.__bannerSeen)) === 'Verbinding herstellen…',
    await page.evaluate(() => window.__bannerSeen));
  await page.waitForSelector(tid('status'), { state: 'hidden' });
  check('banner hidden again after reconnecting', true);
  check('changed answer is selected', (await page.getAttribute(tid('choice-' + i0 + '-orange'), 'aria-pressed')) === 'true' &&
    (await page.getAttribute(tid('choice-' + i0 + '-green'), 'aria-pressed')) === 'false');
  await fac.waitForView((v) => v.joined === 1 && v.steps.some((s) => s.id === 'visie' && s.answered === 1), 'still one participant');
  check('reconnect came back as the same participant', fac.view.joined === 1, fac.view.joined);

  phase = 'reload';
  // ---- reload: the same participant, earlier answers restored
  await page.reload();
  await page.waitForSelector(tid('item-' + i0), { state: 'visible' });
  await page.waitForSelector(`${tid('choice-' + i0 + '-orange')}[aria-pressed="true"]`);
  check('after reload: changed answer restored', (await page.getAttribute(tid('choice-' + i0 + '-green'), 'aria-pressed')) === 'false');
  check('after reload: red restored', (await page.getAttribute(tid('choice-' + i1 + '-red'), 'aria-pressed')) === 'true');
  check('after reload: pass restored', (await page.getAttribute(tid('choice-' + i2 + '-pass'), 'aria-pressed')) === 'true');
  check('after reload: comment restored as text', (await page.inputValue(tid('comment-' + i1))) === PAYLOAD,
    await page.inputValue(tid('comment-' + i1)));
  check('after reload: progress 3', (await page.textContent(tid('progress'))).trim() === `3 van ${N} beantwoord`);
  await fac.waitForView((v) => v.online >= 1, 'participant online again');
  check('after reload: still one participant', fac.view.joined === 1, fac.view.joined);

  phase = 'results';
  // ---- close, then reveal
  await fac.control('close', 'visie');
  await page.waitForSelector(tid('closed'), { state: 'visible' });
  check('closed step: wait message', /Antwoorden zijn gesloten\. Wacht op de resultaten\./.test(await page.textContent(tid('closed'))));
  await fac.control('reveal', 'visie');
  await page.waitForSelector(tid('results'), { state: 'visible' });
  const count = async (item, v) => Number(await page.getAttribute(tid(`count-${item}-${v}`), 'data-count'));
  const counts = async (item) => ({ green: await count(item, 'green'), orange: await count(item, 'orange'), red: await count(item, 'red'), pass: await count(item, 'pass') });
  const c0 = await counts(i0), c1 = await counts(i1), c2 = await counts(i2);
  check('changed item: orange 1, green 0', c0.orange === 1 && c0.green === 0 && c0.red === 0 && c0.pass === 0, JSON.stringify(c0));
  check('red item: red 1', c1.red === 1 && c1.green === 0 && c1.orange === 0 && c1.pass === 0, JSON.stringify(c1));
  check('pass is counted apart', c2.pass === 1 && c2.green + c2.orange + c2.red === 0, JSON.stringify(c2));
  check('pass item shows an empty bar, not a zero answer', (await page.locator(`${tid('result-' + i2)} .seg`).count()) === 0);
  check('results total: 1 participant', (await page.textContent(tid('results-total'))).includes('1 deelnemer'));
  const facOrder = fac.view.results.find((r) => r.step === 'visie').items.map((r) => r.item);
  const pageOrder = await page.$$eval('[data-testid^="result-"]', (ns) => ns.map((n) => n.getAttribute('data-testid').slice(7)));
  check('results in the server order (most disputed first)', JSON.stringify(facOrder) === JSON.stringify(pageOrder),
    JSON.stringify([facOrder, pageOrder]));
  check('legend has colour, icon and word', /Loopt goed/.test(await page.textContent(tid('legend'))) &&
    /Werkpunt/.test(await page.textContent(tid('legend'))));
  await page.screenshot({ path: join(SHOTS, 'results.png'), fullPage: true });

  phase = 'markup';
  // ---- participant text stayed text
  const injected = await page.evaluate(() => ({
    b: document.querySelectorAll('b').length,
    scripts: [...document.scripts].map((s) => s.src.split('/').pop()),
    alerts: window.__alerts,
  }));
  check('no <b> element created', injected.b === 0, injected.b);
  check('no injected <script>', injected.scripts.length === 1 && injected.scripts[0] === 'app.js', injected.scripts.join(','));
  check('no alert / dialog', injected.alerts === 0 && dialogs.length === 0, dialogs.join(','));

  phase = 'english';
  // ---- English
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const bodyEn = await page.textContent('body');
  check('EN: legend in English', /Going well/.test(await page.textContent(tid('legend'))));
  check('EN: statement in English', (await page.textContent(`${tid('result-' + i0)} .item-text`)).trim() === items[0].text.en);
  check('EN: no Dutch UI words left', !/Loopt goed|Werkpunt|Overgeslagen|deelnemer/.test(bodyEn));
  check('EN: choice persisted', (await page.evaluate(() => localStorage.getItem('kring.lang'))) === 'en');
  await page.screenshot({ path: join(SHOTS, 'results-en.png') });

  await page.context().close();
}

/** A wrong join code, typed in lower case with a dash (the page normalizes it). */
async function wrongCodeFlow(page, code) {
  const wrong = [...code.toUpperCase()].map((c) => (c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1))).join('');
  await page.goto(BASE + '/');
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.fill(tid('join-code'), wrong.slice(0, 3).toLowerCase() + '-' + wrong.slice(3).toLowerCase());
  check('join code field shows upper case', (await page.inputValue(tid('join-code'))) === (wrong.slice(0, 3) + '-' + wrong.slice(3)),
    await page.inputValue(tid('join-code')));
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('join-error'), { state: 'visible' });
  const wrongText = (await page.textContent(tid('join-error'))).trim();
  check('wrong code shows the unknown_session message', wrongText === 'Deze code bestaat niet. Kijk nog eens naar het scherm.', wrongText);
  check('wrong code stays on the join screen', await page.isVisible(tid('join-screen')));
  await page.context().close();
}

async function scenario(name, fn) {
  phase = name;
  try {
    await fn();
  } catch (e) {
    failed++;
    failures.push(`${name} aborted in "${phase}"`);
    console.log(`  FAIL ${name} aborted in "${phase}": ` + String(e && e.message).split('\n')[0]);
  }
}

async function main() {
  console.log('Kring participant page test against ' + BASE + ' (screenshots: ' + SHOTS + ')');
  let session = null;
  await scenario('setup', async () => { session = await createSession(); });
  if (!session) return;
  await scenario('main flow', async () => mainFlow(await newPhone(), session.code, session.welcome));
  await scenario('wrong code', async () => wrongCodeFlow(await newPhone(), session.code));
  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  check('no failed HTTP responses', badResponses.length === 0, badResponses.join(' | '));
}

let fatal = null;
try {
  await main();
} catch (e) {
  fatal = e;
  failed++;
  failures.push('aborted: ' + String(e && e.message).split('\n')[0]);
  console.log('  FAIL aborted: ' + String(e && e.message).split('\n')[0]);
}
fac?.close();
try { await withTimeout(browser ? browser.close() : Promise.resolve(), 5000, 'browser close'); } catch { /* ignore */ }
clearTimeout(watchdog);
summary();
process.exit(failed === 0 && !fatal ? 0 : 1);
