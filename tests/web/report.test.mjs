// Browser test of the HTML report: a session with answers (one comment is a script), the
// report fetched with the facilitator's secret, opened in headless Chromium.
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node report.test.mjs
//
// Checks: the secret is needed; the SVG charts render, with bars as wide as their counts;
// no script runs and nothing is requested from anywhere but the report itself; it prints.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import {
  BASE, SHOTS, T, check, start, finish, scenario, serverUp, Facilitator, Bot, withTimeout,
} from './harness.mjs';

start('report.test.mjs', 90000);

const CHROMIUM = process.env.KRING_CHROMIUM || '/usr/bin/chromium';
const EVIL = '<script>window.__ran = 1</script><img src=x onerror="window.__ran = 2">';

let browser = null;
let session = null; // { id, secret, items }

/** A session of stoplicht-visie with three participants' answers on its first statements. */
async function makeSession() {
  await serverUp();
  const fac = new Facilitator();
  const { welcome } = await fac.create('stoplicht-visie');
  const created = fac.messages.find((m) => m.type === 'session_created');
  const items = welcome.session.steps.find((s) => s.id === 'visie').items.map((it) => it.id);
  await fac.control('open', 'visie');
  // Per statement: [green, orange, red] answers.
  const plan = {
    [items[0]]: ['green', 'green', 'red'],
    [items[1]]: ['orange', 'orange', 'orange'],
    [items[2]]: ['green', 'orange', 'red'],
  };
  for (let p = 0; p < 3; p++) {
    const bot = await new Bot().join(created.join_code);
    for (const [item, colours] of Object.entries(plan)) {
      const extra = { item };
      if (p === 0 && item === items[0]) extra.comment = EVIL;
      await bot.answer('visie', colours[p], extra);
    }
  }
  await fac.waitForView((v) => v.steps.some((s) => s.id === 'visie' && s.answered === 3), 'three answers');
  await fac.control('close', 'visie');
  session = { id: created.session_id, secret: created.facilitator_secret, items, plan };
}

async function secretNeeded() {
  const url = BASE + '/sessions/' + session.id + '/report.html';
  const none = await withTimeout(fetch(url), T, 'report without secret');
  check('without the secret: 401', none.status === 401, none.status);
  const wrong = await withTimeout(fetch(url, { headers: { Authorization: 'Bearer wrong' } }), T, 'wrong secret');
  check('with a wrong secret: 401', wrong.status === 401, wrong.status);
  const ok = await withTimeout(fetch(url, { headers: { Authorization: 'Bearer ' + session.secret } }), T, 'report');
  check('with the secret: 200', ok.status === 200, ok.status);
  const body = await ok.text();
  check('the report has no <script> element', !/<script/i.test(body.replace(/&lt;script/g, '')));
  check('the comment arrives escaped', body.includes('&lt;script&gt;window.__ran = 1&lt;/script&gt;'));
  const other = await withTimeout(fetch(BASE + '/sessions/s-000000000000000000000000/report.html',
    { headers: { Authorization: 'Bearer ' + session.secret } }), T, 'unknown session');
  check('an unknown session: 404', other.status === 404, other.status);
}

async function inBrowser() {
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 20000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    extraHTTPHeaders: { Authorization: 'Bearer ' + session.secret },
  });
  context.setDefaultTimeout(T);
  const requests = [];
  const errors = [];
  await context.route('**/*', (route) => { requests.push(route.request().url()); route.continue(); });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push('dialog ' + d.message()); d.dismiss().catch(() => {}); });

  const url = BASE + '/sessions/' + session.id + '/report.html';
  const res = await page.goto(url);
  check('the report opens in the browser', res.status() === 200, res.status());
  check('the report has the session title', (await page.title()).includes('Stoplichtspel'), await page.title());

  // Nothing ran: no script element, no handler fired, no dialog, no error.
  check('no <script> element in the page', (await page.locator('script').count()) === 0);
  check('no script ran', (await page.evaluate(() => window.__ran)) === undefined);
  check('no dialog and no page error', errors.length === 0, errors.join(' | '));
  check('the comment shows as text', (await page.textContent('body')).includes('<script>window.__ran = 1</script>'));

  // Only the report itself was requested, and only from this server.
  const origin = new URL(BASE).origin;
  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  check('no request to another origin', foreign.length === 0, foreign.join(' '));
  check('no request besides the report', requests.length === 1, requests.join(' '));

  // The charts render.
  const boxes = await page.locator('svg').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { w: r.width, h: r.height };
  }));
  check('the report has charts', boxes.length >= session.items.length, boxes.length);
  check('every chart has a size', boxes.length > 0 && boxes.every((b) => b.w > 0 && b.h > 0), JSON.stringify(boxes.slice(0, 5)));

  // Each statement's bar: segments as wide as their counts (all bars have three answers).
  const bars = await page.locator('table.statements svg.stacked').evaluateAll((els) => els.map((svg) => ({
    label: svg.getAttribute('aria-label'),
    segs: [...svg.querySelectorAll('rect.seg')].map((r) => ({
      value: r.getAttribute('data-value'),
      count: Number(r.getAttribute('data-count')),
      w: r.getBoundingClientRect().width,
    })),
  })));
  check('a bar per statement', bars.length >= session.items.length, bars.length);
  const perAnswer = [];
  for (const b of bars) for (const s of b.segs) if (s.count > 0) perAnswer.push(s.w / s.count);
  const min = Math.min(...perAnswer), max = Math.max(...perAnswer);
  check('bar widths are proportional to counts', perAnswer.length > 0 && min > 0 && (max - min) / max < 0.02,
    JSON.stringify(perAnswer));
  const counted = bars.filter((b) => b.segs.length > 0);
  const tally = (colours) => ({ green: colours.filter((c) => c === 'green').length,
    orange: colours.filter((c) => c === 'orange').length, red: colours.filter((c) => c === 'red').length });
  const expected = Object.values(session.plan).map(tally);
  const shown = counted.map((b) => Object.fromEntries(['green', 'orange', 'red'].map((c) =>
    [c, (b.segs.find((s) => s.value === c) || { count: 0 }).count])));
  const key = (t) => `${t.green}/${t.orange}/${t.red}`;
  check('the bars show the answers given', expected.every((e) => shown.some((s) => key(s) === key(e))),
    JSON.stringify(shown));
  const g = counted.flatMap((b) => b.segs).find((s) => s.value === 'green' && s.count === 2);
  const r = counted.flatMap((b) => b.segs).find((s) => s.value === 'red' && s.count === 1);
  check('two greens are twice as wide as one red', g && r && Math.abs(g.w - 2 * r.w) < 1.5,
    JSON.stringify([g, r]));
  check('colours are also words', /groen 2 · oranje 0 · rood 1/.test(await page.textContent('body')));
  await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });

  // On paper: a page break before every step, and a PDF comes out.
  await page.emulateMedia({ media: 'print' });
  const breakBefore = await page.locator('section.step').first().evaluate((e) => getComputedStyle(e).breakBefore);
  check('print: every step starts a page', breakBefore === 'page', breakBefore);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check('print: light background', background === 'rgb(255, 255, 255)', background);
  const pdf = join(SHOTS, 'report.pdf');
  await page.pdf({ path: pdf, format: 'A4' });
  check('the report prints to a PDF', statSync(pdf).size > 5000, statSync(pdf).size);
  await context.close();
}

/** The inventory's matrix (kinds of offer x target groups) fits an A4 page when printed. */
async function matrixOnA4() {
  const fac = new Facilitator();
  const { welcome } = await fac.create('inkaart');
  const created = fac.messages.find((m) => m.type === 'session_created');
  const step = welcome.session.steps.find((s) => s.kind === 'inventory');
  await fac.control('open', step.id);
  const kinds = step.offer_kinds.map((k) => k.id);
  const groups = step.target_groups.map((g) => g.id);
  for (let p = 0; p < 3; p++) {
    const bot = await new Bot().join(created.join_code);
    await bot.answer(step.id, kinds.slice(p * 2, p * 2 + 3).map((kind, i) => (
      { name: `Aanbod ${p}-${i}`, kind, families: groups.filter((_, g) => (g + p + i) % 3 === 0) })));
  }
  await fac.waitForView((v) => v.steps.some((s) => s.id === step.id && s.answered === 3), 'three inventories');
  await fac.control('close', step.id);
  const b = browser || await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 20000, args: ['--no-sandbox', '--disable-gpu'] });
  browser = b;
  // A4 is 210 mm: 794 CSS pixels, about 720 inside the printer's margins.
  const context = await b.newContext({
    viewport: { width: 720, height: 1000 },
    extraHTTPHeaders: { Authorization: 'Bearer ' + created.facilitator_secret },
  });
  const page = await context.newPage();
  const res = await page.goto(BASE + '/sessions/' + created.session_id + '/report.html');
  check('the inventory report opens', res.status() === 200, res.status());
  await page.emulateMedia({ media: 'print' });
  const fit = await page.evaluate(() => {
    const t = document.querySelector('table.matrix');
    if (!t) return null;
    return { right: t.getBoundingClientRect().right, width: document.documentElement.clientWidth,
             scroll: document.documentElement.scrollWidth, cols: t.rows[0].cells.length };
  });
  check('the report has the matrix', fit && fit.cols > 3, JSON.stringify(fit));
  check('print: the matrix fits an A4 page', fit && fit.right <= fit.width + 0.5 && fit.scroll <= fit.width,
    JSON.stringify(fit));
  await page.pdf({ path: join(SHOTS, 'report-inventory.pdf'), format: 'A4' });
  await context.close();
}

await finish(async () => {
  await scenario('a session with answers', makeSession);
  await scenario('the inventory matrix on an A4 page', matrixOnA4);
  if (!session) throw new Error('no session to report on');
  await scenario('the report needs the secret', secretNeeded);
  await scenario('the report in Chromium', inBrowser);
  if (browser) await withTimeout(browser.close(), 5000, 'browser close').catch(() => {});
});
