// What every browser test of the Kring participant page shares: the checks and their summary,
// the watchdog that bounds the whole run, the WebSocket peers that play the facilitator and
// other participants, and the headless Chromium phones.
//
// A test file imports this module, then calls start(name, wholeTestMs) and, at the end,
// finish(): the exit code is 0 only when every check passed and nothing aborted.
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const BASE = (process.env.KRING_URL || process.argv[2] || '').replace(/\/+$/, '');
export const SHOTS = process.env.KRING_SHOTS || process.argv[3] || join(tmpdir(), 'kring-web-shots');
const CHROMIUM = process.env.KRING_CHROMIUM || '/usr/bin/chromium';
export const T = 8000; // default wait for any single thing

// ------------------------------------------------------------------ checks
let passed = 0;
let failed = 0;
const failures = [];

export function check(name, ok, detail) {
  if (ok) { passed++; console.log('  ok   ' + name); }
  else {
    failed++;
    failures.push(name);
    console.log('  FAIL ' + name + (detail !== undefined ? '  (' + String(detail).slice(0, 300) + ')' : ''));
  }
  return ok;
}

/** Records a failure that is not a check (an aborted scenario, a timeout). */
export function fail(name, why) {
  failed++;
  failures.push(name);
  console.log('  FAIL ' + name + (why ? ': ' + why : ''));
}

export function summary() {
  console.log(`\n${passed} passed, ${failed} failed`);
  if (failures.length) console.log('failed: ' + failures.join('; '));
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout after ' + ms + ' ms: ' + what)), ms); }),
  ]);
}

// ------------------------------------------------------------------ start, watchdog, finish
let browser = null;
const conns = [];
let watchdog = null;

async function closeAll() {
  for (const c of conns) c.close();
  try { await withTimeout(browser ? browser.close() : Promise.resolve(), 5000, 'browser close'); } catch { /* ignore */ }
}

/** Checks the arguments, makes the screenshot folder, and arms the watchdog of the whole test. */
export function start(file, wholeTestMs) {
  if (!BASE || !/^https?:\/\//.test(BASE)) {
    console.error(`usage: KRING_URL=http://host:port [KRING_SHOTS=dir] node ${file}`);
    process.exit(2);
  }
  mkdirSync(SHOTS, { recursive: true });
  watchdog = setTimeout(async () => {
    fail('whole test within ' + wholeTestMs / 1000 + ' s', 'the whole test took longer than ' + wholeTestMs / 1000 + ' s');
    summary();
    for (const c of conns) c.close();
    try { await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 2000))]); } catch { /* ignore */ }
    process.exit(1);
  }, wholeTestMs);
}

/** Runs the test's main function, closes every connection and the browser, and exits. */
export async function finish(main) {
  let fatal = null;
  try {
    await main();
  } catch (e) {
    fatal = e;
    fail('aborted: ' + String(e && e.message).split('\n')[0]);
  }
  await closeAll();
  clearTimeout(watchdog);
  summary();
  process.exit(failed === 0 && !fatal ? 0 : 1);
}

/** One named part of a test: an exception fails it without stopping the parts after it. */
export async function scenario(name, fn, where = () => '') {
  const t0 = Date.now();
  console.log('\n# ' + name);
  try {
    await fn();
  } catch (e) {
    const at = where();
    fail(`${name} aborted${at ? ' in "' + at + '"' : ''}`, String(e && e.message).split('\n')[0]);
  }
  console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** The server answers /healthz; returns its JSON body. */
export async function serverUp() {
  const hz = await withTimeout(fetch(BASE + '/healthz'), T, 'GET /healthz');
  check('GET /healthz is 200', hz.status === 200, hz.status);
  return hz.json();
}

// ------------------------------------------------------------------ WebSocket peers
export class Peer {
  constructor() {
    this.url = BASE.replace(/^http/, 'ws') + '/ws';
    this.seq = 0;
    this.view = null;
    this.welcome = null;
    this.waiters = [];
    this.messages = [];
    conns.push(this);
  }
  connect() {
    return withTimeout(new Promise((resolve, reject) => {
      this.ws = new WebSocket(this.url);
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
      this.ws.on('close', () => { this.closed = true; });
      this.ws.on('message', (data) => {
        let parsed;
        try { parsed = JSON.parse(String(data)); } catch { return; }
        // A batch (an array) holds several messages that waited together, oldest first.
        if (Array.isArray(parsed)) this.batches = (this.batches || 0) + 1;
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
          this.messages.push(m);
          if (m.type === 'view' && (!this.view || m.rev >= this.view.rev)) this.view = m;
          if (m.type === 'welcome') this.welcome = m;
          for (const w of [...this.waiters]) {
            if (w.pred(m)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(m); }
          }
        }
      });
    }), T, 'WebSocket connect to ' + this.url);
  }
  waitFor(pred, what, ms = T) {
    return withTimeout(new Promise((resolve) => this.waiters.push({ pred, resolve })), ms, what);
  }
  /** The newest message of `type` that satisfies pred: one received already, or the next ones. */
  waitForLatest(type, pred, what, ms = T) {
    const seen = this.messages.filter((m) => m.type === type);
    if (seen.length && pred(seen[seen.length - 1])) return Promise.resolve(seen[seen.length - 1]);
    return this.waitFor((m) => m.type === type && pred(m), what, ms);
  }
  /** The newest view that satisfies pred (the one at hand, or the next ones). */
  waitForView(pred, what, ms = T) {
    if (this.view && pred(this.view)) return Promise.resolve(this.view);
    return this.waitFor((m) => m.type === 'view' && m.rev >= (this.view ? this.view.rev : 0) && pred(m), what, ms);
  }
  /** Sends a request and waits for its reply; an error reply throws. */
  async request(obj, what) {
    const m = await this.send(obj, what);
    if (m.type === 'error') throw new Error(what + ': server error ' + m.code + ' ' + (m.message || ''));
    return m;
  }
  /** Sends a request and returns its reply, an error included. */
  async send(obj, what) {
    const seq = ++this.seq;
    const reply = this.waitFor((m) => m.seq === seq && (m.type !== 'welcome' || obj.type === 'join'), what);
    this.ws.send(JSON.stringify({ ...obj, seq }));
    return reply;
  }
  close() { try { this.ws?.close(); } catch { /* ignore */ } }
}

export class Facilitator extends Peer {
  async create(template) {
    await this.connect();
    const welcomeP = this.waitFor((m) => m.type === 'welcome', 'facilitator welcome');
    const created = await this.request({ type: 'create_session', protocol_version: 1, template }, 'create_session ' + template);
    const welcome = this.welcome || await welcomeP;
    return { code: created.join_code, welcome, secret: created.facilitator_secret };
  }
  /** A control; for open, close and reveal it also waits for the view that shows the change. */
  async control(action, step, extra = {}) {
    await this.request({ type: 'control', action, step, ...extra }, 'control ' + action + ' ' + step);
    const phase = { open: 'open', close: 'closed' }[action];
    if (phase) await this.waitForView((v) => v.steps.some((s) => s.id === step && s.phase === phase), 'view after ' + action);
    if (action === 'reveal') await this.waitForView((v) => v.steps.some((s) => s.id === step && s.revealed), 'view after reveal');
  }
  /** The step's result with its counts; null while there is none or it is withheld (too few answers). */
  result(step) { return (this.view?.results || []).find((r) => r.step === step && !r.withheld) || null; }
}

export class Bot extends Peer {
  async join(code) {
    await this.connect();
    const w = await this.request({ type: 'join', protocol_version: 1, code, role: 'participant' }, 'bot join');
    this.id = w.participant_id;
    return this;
  }
  answer(step, value, extra = {}) {
    return this.request({ type: 'answer', step, value, ...extra }, 'bot answer ' + step);
  }
}

// ------------------------------------------------------------------ phones
export const tid = (id) => `[data-testid="${id}"]`;
export const consoleErrors = [];
export const badResponses = [];
export const dialogs = [];

/** A phone: a Chromium page in a fresh context (own localStorage), every problem recorded.
 *  The page's WebSockets stay reachable (window.__sockets), to simulate a dropped connection;
 *  with window.__offline set (or localStorage 'test.offline'), a new WebSocket goes nowhere:
 *  the network is gone, the page itself is still there. Options: locale (default nl-BE),
 *  viewport. */
export async function newPhone(opts = {}) {
  if (!browser) {
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 20000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
  const context = await browser.newContext({
    viewport: opts.viewport || { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: opts.locale || 'nl-BE',
  });
  context.setDefaultTimeout(T);
  context.setDefaultNavigationTimeout(T);
  await context.addInitScript(() => {
    // Anything that would call alert() is recorded (it must never happen).
    window.__alerts = 0;
    window.alert = function () { window.__alerts++; };
    const Orig = window.WebSocket;
    window.__sockets = [];
    const offline = () => { try { return window.__offline || localStorage.getItem('test.offline') === '1'; } catch { return !!window.__offline; } };
    window.WebSocket = class extends Orig {
      // Offline: a port nobody listens on, so the socket fails as it would without network.
      constructor(url, ...a) { super(offline() ? 'ws://127.0.0.1:9/ws' : url, ...a); window.__sockets.push(this); }
    };
  });
  const page = await context.newPage();
  // A socket opened "offline" (above) failing is the point, not a fault of the page.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('ws://127.0.0.1:9/')) consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('response', (r) => { if (r.status() >= 400) badResponses.push(r.status() + ' ' + r.url()); });
  // What the server sent the page: the count per message type (page.received.get('view')).
  page.received = new Map();
  page.on('websocket', (ws) => ws.on('framereceived', (f) => {
    let m = null;
    try { m = JSON.parse(typeof f.payload === 'string' ? f.payload : f.payload.toString()); } catch { return; }
    for (const x of Array.isArray(m) ? m : [m])
      if (x && typeof x.type === 'string') page.received.set(x.type, (page.received.get(x.type) || 0) + 1);
  }));
  return page;
}

/** A phone joins the session and waits until the session screen shows. */
export async function joinPhone(code) {
  const page = await newPhone();
  await page.goto(BASE + '/?code=' + encodeURIComponent(code));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('session-screen'), { state: 'visible' });
  return page;
}

export async function shot(page, name, full = true) {
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: full });
}

// ------------------------------------------------------------------ accessibility (axe-core)
const AXE = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'axe-core', 'axe.min.js');
let axeSource = null;

/** Runs axe-core (tests/web/node_modules/axe-core, pinned in package-lock.json) on the page as it
 *  is now, and checks that it finds no violation (WCAG 2.x A and AA, and axe's best practices).
 *  Each violation is named with the elements it found. */
export async function checkAxe(page, state) {
  if (!axeSource) {
    if (!existsSync(AXE)) {
      check(`axe: ${state}: no violations`, false, 'axe-core is not installed: run `node fetch-packages.mjs` in tests/web');
      return;
    }
    axeSource = readFileSync(AXE, 'utf8');
  }
  // Evaluated through the debugging protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 4) }));
  });
  check(`axe: ${state}: no violations`, found.length === 0,
    found.map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`).join(' | '));
}

/** The checks every test ends with: nothing went wrong in any page. */
export function checkPagesClean() {
  check('no console errors', consoleErrors.length === 0, consoleErrors.join(' | '));
  check('no failed HTTP responses', badResponses.length === 0, badResponses.join(' | '));
  check('no alert / dialog', dialogs.length === 0, dialogs.join(' | '));
}
