// Browser test of the participant page as a phone uses it, against a running kring-server with
// its default retention (365 days) and the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node phone.test.mjs
//
// What the notice says is stored; the language a browser opens in; where the focus goes when
// the screen changes (and where it stays while someone types); the timer and the reconnect
// banner never lying over the content, at 390x844 and 320x568; a removed device staying
// removed. It also writes the screenshots a facilitator guide uses (phone-join.png,
// phone-stoplicht.png, phone-result.png; phone-end.png comes from end.test.mjs).
// Exit code 0 = every check passed.
import {
  BASE, tid, check, start, finish, scenario, serverUp, Facilitator, Bot, newPhone, joinPhone, shot,
  checkPagesClean,
} from './harness.mjs';

start('phone.test.mjs', 170000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? { tag: a.tagName, id: a.id, testid: a.getAttribute('data-testid'), tabindex: a.getAttribute('tabindex'), text: a.textContent.trim().slice(0, 80) } : null;
});
const CHINESE = 'zh-CN';

// ------------------------------------------------------------------ the notice before joining
async function noticeFlow(health) {
  check('the server keeps data 365 days (its default)', health.retention_days === 365, JSON.stringify(health));
  const page = await newPhone();
  await page.goto(BASE + '/');
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-retention"]').textContent.length > 0);
  const notice = await text(page, tid('notice'));
  const stored = await page.$eval(tid('notice'), (n) => n.querySelector('dd').textContent);
  check('notice: the answers are stored', /antwoorden/.test(stored), stored);
  check('notice: the optional name is stored too', /naam als je er een invult/.test(stored), stored);
  const keep = await text(page, tid('notice-retention'));
  check('notice: answers and name kept "een jaar", not "365 dagen"', keep.includes('antwoorden en je naam') && keep.includes('een jaar') && !notice.includes('365'), keep);
  check('notice: with results from 1 answer on, no talk of a threshold ("vanaf 1 antwoorden")',
    !/vanaf 1 antwoord/.test(notice) && !(await page.isVisible(tid('notice-threshold'))), notice.slice(0, 300));
  const f = await focused(page);
  check('join screen: the focus starts in the code field', f && f.testid === 'join-code', JSON.stringify(f));
  await page.fill(tid('join-code'), 'K7QW2P');
  await page.evaluate(() => document.activeElement.blur());
  await shot(page, 'phone-join', false);
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const storedEn = await page.$eval(tid('notice'), (n) => n.querySelector('dd').textContent);
  const keepEn = await text(page, tid('notice-retention'));
  check('notice EN: answers and the name if given are stored', /answers/.test(storedEn) && /your name if you fill one in/.test(storedEn), storedEn);
  check('notice EN: kept "for a year"', keepEn.includes('your name') && keepEn.includes('for a year'), keepEn);
  await page.context().close();
}

// ------------------------------------------------------------------ language
async function localeFlow(code) {
  const en = await newPhone({ locale: 'en-US' });
  check('en-US browser: navigator.languages prefers English', (await en.evaluate(() => navigator.languages[0])).startsWith('en'));
  await en.goto(BASE + '/?code=' + code);
  await en.waitForSelector(tid('join-screen'), { state: 'visible' });
  await en.waitForFunction(() => document.querySelector('[data-testid="notice-retention"]').textContent.length > 0);
  check('en-US browser: opens in English', (await en.getAttribute('html', 'lang')) === 'en' &&
    (await text(en, tid('join-button'))) === 'Join' && (await en.getAttribute(tid('lang-en'), 'aria-pressed')) === 'true');
  const body = await text(en, '#main');
  check('en-US browser: no Dutch on the join screen', !/Doe mee|Meedoen|Goed om te weten|bewaard|Vrijwillig/.test(body), body.slice(0, 200));
  check('en-US browser: nothing saved until the person chooses', (await en.evaluate(() => localStorage.getItem('kring.lang'))) === null);
  await en.click(tid('join-button'));
  await en.waitForSelector(tid('waiting'), { state: 'visible' });
  check('en-US browser: the session in English too', (await text(en, tid('waiting'))).includes('Please wait'));
  await en.context().close();

  // A saved choice wins over the browser's languages.
  const saved = await newPhone({ locale: 'en-US' });
  await saved.addInitScript(() => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('kring.lang', 'nl'); } });
  await saved.goto(BASE + '/');
  await saved.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('en-US browser with Dutch chosen before: Dutch', (await saved.getAttribute('html', 'lang')) === 'nl' && (await text(saved, tid('join-button'))) === 'Meedoen');
  await saved.click(tid('lang-en'));
  await saved.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  await saved.reload();
  await saved.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('a choice of English is kept across a reload', (await text(saved, tid('join-button'))) === 'Join');
  await saved.context().close();

  for (const locale of ['nl-BE', CHINESE]) {
    const p = await newPhone({ locale });
    await p.goto(BASE + '/');
    await p.waitForSelector(tid('join-screen'), { state: 'visible' });
    check(`${locale} browser: Dutch`, (await p.getAttribute('html', 'lang')) === 'nl' && (await text(p, tid('join-button'))) === 'Meedoen');
    await p.context().close();
  }
}

// ------------------------------------------------------------------ focus
async function focusFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const page = await newPhone();
  await page.goto(BASE + '/?code=' + code);
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.focus(tid('join-button'));
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  let f = await focused(page);
  check('after joining: the focus is on the screen\'s heading (tabindex=-1), not the body',
    f && f.tag === 'H1' && f.tabindex === '-1' && f.text.startsWith('Wacht even'), JSON.stringify(f));

  await fac.control('open', 'casus-1');
  await page.waitForSelector(tid('case-body'), { state: 'visible' });
  f = await focused(page);
  check('the facilitator opens a step: the focus goes to its heading', f && f.tag === 'H1' && f.testid === 'step-title' &&
    f.text === welcome.session.steps.find((s) => s.id === 'casus-1').title.nl, JSON.stringify(f));
  // Numbered as on the console and the projector: its place in the agenda.
  const stepIndex = welcome.session.steps.findIndex((s) => s.id === 'casus-1');
  const number = await page.textContent(tid('step-number'));
  check('the step says its number, as the console and the projector do',
    number === `Stap ${stepIndex + 1} van ${welcome.session.steps.length}`, number);
  const headingSeen = await page.$eval(tid('step-title'), (h) => {
    const r = h.getBoundingClientRect();
    return r.top >= document.getElementById('top').getBoundingClientRect().bottom && r.bottom <= window.innerHeight;
  });
  check('the focused heading is in sight, below the top band', headingSeen);

  // Someone types: nothing the room does takes the focus away.
  const opt = welcome.session.steps.find((s) => s.id === 'casus-1').options[0].id;
  await page.click(tid('option-' + opt));
  await page.click(tid('why'));
  await page.keyboard.type('Eerst goed luist');
  const bot = await new Bot().join(code);
  await bot.answer('casus-1', opt, { comment: 'Ja.' });
  await fac.control('set_live', 'casus-1', { on: true });
  await fac.control('start_timer', 'casus-1', { seconds: 300 });
  await page.waitForSelector(`#live-results ${tid('results')}`, { state: 'visible' });
  await page.waitForSelector(tid('timer'), { state: 'visible' });
  await page.keyboard.type('eren.');
  f = await focused(page);
  check('while typing: live results, a timer and another answer leave the focus in the field', f && f.testid === 'why', JSON.stringify(f));
  check('while typing: every letter landed in the field', (await page.inputValue(tid('why'))) === 'Eerst goed luisteren.', await page.inputValue(tid('why')));
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  f = await focused(page);
  check('another language rebuilds the step, the focus stays on the language button', f && f.testid === 'lang-en', JSON.stringify(f));
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);

  await fac.control('pause', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'visible' });
  check('paused: the focus on the pause title', (await focused(page))?.id === 'pause-title');
  await fac.control('resume', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'hidden' });
  f = await focused(page);
  check('resumed: the focus back on the step\'s heading', f && f.testid === 'step-title', JSON.stringify(f));

  await fac.control('set_live', 'casus-1', { on: false });
  await fac.control('close', 'casus-1');
  await page.waitForSelector(tid('closed'), { state: 'visible' });
  f = await focused(page);
  check('closed: the focus on "Antwoorden zijn gesloten"', f && f.tag === 'H1' && f.text.startsWith('Antwoorden zijn gesloten'), JSON.stringify(f));
  await fac.control('reveal', 'casus-1');
  await page.waitForSelector(tid('results-title'), { state: 'visible' });
  f = await focused(page);
  check('revealed: the focus on the results\' heading', f && f.testid === 'results-title', JSON.stringify(f));
  // New numbers on the same results screen: the focus stays on (the new) heading, no jump.
  await page.evaluate(() => window.scrollTo(0, 200));
  const bot2 = await new Bot().join(code);
  await fac.control('open', 'casus-2');
  await page.waitForSelector(tid('case-body'), { state: 'visible' });
  f = await focused(page);
  check('the facilitator moves on: the focus on the next step\'s heading', f && f.testid === 'step-title' &&
    f.text === welcome.session.steps.find((s) => s.id === 'casus-2').title.nl, JSON.stringify(f));
  check('the facilitator moves on: the new step starts at the top', (await page.evaluate(() => window.scrollY)) === 0);
  await page.context().close();
  fac.close(); bot.close(); bot2.close();
}

// ------------------------------------------------------------------ the timer and the banner take their own room
/** Boxes of the top band, the timer, the banner, the brand and the language buttons, and of
 *  every piece of content on screen (cards, headings, the step bar). */
function layout(page) {
  return page.evaluate(() => {
    const box = (n) => { const r = n.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height, r: r.right, b: r.bottom }; };
    const q = (s) => document.querySelector(s);
    const top = q('#top');
    const cs = getComputedStyle(top);
    const content = [...document.querySelectorAll('#main .card, #main h1, #main h2, #main .step-bar, #main .choice, #main .session-title')]
      .filter((n) => n.getClientRects().length > 0).map((n) => ({ what: (n.getAttribute('data-testid') || n.className || n.tagName).slice(0, 40), ...box(n) }));
    return {
      top: box(top), position: cs.position, bg: cs.backgroundColor, z: cs.zIndex,
      timer: box(q('[data-testid="timer"]')), banner: box(q('[data-testid="status"]')),
      brand: box(q('.brand-mark')), langNl: box(q('[data-testid="lang-nl"]')), langEn: box(q('[data-testid="lang-en"]')),
      content, vh: window.innerHeight, vw: window.innerWidth, scrollY: window.scrollY,
      scrollW: document.documentElement.scrollWidth, maxScroll: document.documentElement.scrollHeight - window.innerHeight,
      mainTop: box(q('#main')).y, firstContent: box(q('[data-testid="session-title"]')).y,
    };
  });
}
const meets = (a, b) => a.x < b.r && b.x < a.r && a.y < b.b && b.y < a.b;
const inside = (a, b) => a.x >= b.x - 0.5 && a.r <= b.r + 0.5 && a.y >= b.y - 0.5 && a.b <= b.b + 0.5;

async function roomFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  const page = await joinPhone(code);
  const bots = [await new Bot().join(code), await new Bot().join(code), await new Bot().join(code)];
  await fac.control('open', 'visie');
  await page.waitForSelector(tid('item-' + step.items[0].id), { state: 'visible' });
  await page.click(tid('choice-' + step.items[0].id + '-green'));
  await page.click(tid('choice-' + step.items[1].id + '-orange'));
  await page.waitForSelector(tid('saved-' + step.items[1].id), { state: 'visible' });
  await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
  await shot(page, 'phone-stoplicht', false);

  await fac.control('start_timer', 'visie', { seconds: 600 });
  await page.waitForSelector(tid('timer'), { state: 'visible' });
  // The network drops and stays away: the banner shows while the timer runs.
  await page.evaluate(() => { window.__offline = true; window.__sockets[window.__sockets.length - 1].close(); });
  await page.waitForSelector(tid('status'), { state: 'visible' });
  for (const vp of [{ width: 390, height: 844 }, { width: 320, height: 568 }]) {
    const at = `${vp.width}x${vp.height}`;
    await page.setViewportSize(vp);
    await page.evaluate(() => window.scrollTo(0, 0));
    let L = await layout(page);
    check(`${at}: the top band stays at the top, opaque, above the content`, L.position === 'sticky' &&
      /^rgb\(/.test(L.bg) && Number(L.z) > 5, JSON.stringify([L.position, L.bg, L.z]));
    check(`${at}: the timer and the banner lie in the top band`, inside(L.timer, L.top) && inside(L.banner, L.top),
      JSON.stringify({ top: L.top, timer: L.timer, banner: L.banner }));
    check(`${at}: the timer leaves the ring and NL | EN free`, !meets(L.timer, L.brand) && !meets(L.timer, L.langNl) && !meets(L.timer, L.langEn) &&
      !meets(L.banner, L.timer), JSON.stringify({ timer: L.timer, brand: L.brand, nl: L.langNl, en: L.langEn }));
    check(`${at}: the timer shows whole`, L.timer.x >= 0 && L.timer.r <= L.vw && L.timer.w > 40, JSON.stringify(L.timer));
    check(`${at}: no side-scrolling`, L.scrollW <= L.vw, L.scrollW);
    check(`${at}, at the top: the content starts below the band (it takes its own room)`,
      L.content.every((c) => c.y >= L.top.b - 0.5), JSON.stringify(L.content.filter((c) => c.y < L.top.b - 0.5).slice(0, 3)));
    // Scrolled anywhere: what shows of the content is never under the timer or the banner.
    const stops = [0.2, 0.45, 0.7, 1].map((x) => Math.round(L.maxScroll * x));
    let bad = [];
    for (const y of stops) {
      await page.evaluate((yy) => window.scrollTo(0, yy), y);
      L = await layout(page);
      for (const c of L.content) {
        const shown = { x: c.x, r: c.r, y: Math.max(c.y, L.top.b), b: Math.min(c.b, L.vh) };
        if (shown.y >= shown.b) continue; // scrolled out of sight (or under the opaque band)
        if (meets(shown, L.timer) || meets(shown, L.banner)) bad.push(`${c.what}@${y}`);
      }
      const hit = await page.evaluate(() => {
        const t = document.querySelector('[data-testid="timer"]').getBoundingClientRect();
        const b = document.querySelector('[data-testid="status"]').getBoundingClientRect();
        const at = (r) => document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { timer: !!at(t)?.closest('[data-testid="timer"]'), banner: !!at(b)?.closest('[data-testid="status"]') };
      });
      if (!hit.timer || !hit.banner) bad.push(`covered@${y}:${JSON.stringify(hit)}`);
    }
    check(`${at}, scrolled: the timer and the banner never overlap the content on screen (nor are covered)`, bad.length === 0, bad.slice(0, 6).join(', '));
    await page.evaluate((yy) => window.scrollTo(0, yy), Math.round(L.maxScroll / 2));
    await shot(page, `phone-timer-banner-${at}`, false);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => { window.__offline = false; });
  await page.waitForSelector(tid('status'), { state: 'hidden', timeout: 20000 });
  check('back online: the banner goes, the band shrinks back', true);

  // The revealed result, for the guide.
  for (const [i, b] of bots.entries()) {
    for (const [j, it] of step.items.entries()) await b.answer('visie', ['green', 'orange', 'red', 'green', 'pass'][(i + j) % 5], { item: it.id });
  }
  await fac.control('stop_timer', 'visie');
  await fac.control('close', 'visie');
  await fac.control('reveal', 'visie');
  await page.waitForSelector(tid('results'), { state: 'visible' });
  await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
  await shot(page, 'phone-result', false);
  await page.context().close();
  fac.close(); for (const b of bots) b.close();
}

// ------------------------------------------------------------------ removed stays removed
async function removedFlow() {
  const fac = new Facilitator();
  const { code } = await fac.create('stoplicht-visie');
  const other = new Facilitator();
  const second = await other.create('casussen');
  const bot = await new Bot().join(code);
  const page = await newPhone();
  await page.goto(BASE + '/?code=' + code);
  await page.fill(tid('join-name'), 'Toestel-weg');
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('session-screen'), { state: 'visible' });
  await fac.waitForView((v) => v.joined === 2, 'two joined');
  const dev = await fac.waitForLatest('devices', (x) => x.devices.some((d) => d.name === 'Toestel-weg'), 'the device is listed');
  await fac.control('remove_participant', '', { participant: dev.devices.find((d) => d.name === 'Toestel-weg').participant });
  await page.waitForSelector(tid('removed-screen'), { state: 'visible' });
  await fac.waitForView((v) => v.joined === 1, 'joined counts one', 4000).catch(() => {});
  check('removed: the facilitator\'s "joined" no longer counts the device', fac.view.joined === 1, fac.view.joined);

  await page.reload();
  await page.waitForSelector(tid('removed-screen'), { state: 'visible' });
  await sleep(1000);
  check('reload: the removed screen, no join button for this code', !(await page.isVisible(tid('join-button'))) &&
    !(await page.isVisible(tid('session-screen'))));
  check('reload: no connection made', (await page.evaluate(() => window.__sockets.length)) === 0);
  // The old way back (a reload, one tap on Meedoen) does not exist; typing the code is refused here.
  await page.click(tid('removed-other-code'));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('"Andere code": the join form, empty', (await page.inputValue(tid('join-code'))) === '');
  await page.fill(tid('join-code'), code.toLowerCase());
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('join-error'), { state: 'visible' });
  check('the same code again: refused on the phone, in words', (await text(page, tid('join-error'))) === 'Dit toestel doet niet meer mee aan de sessie.',
    await text(page, tid('join-error')));
  await sleep(800);
  check('the same code again: no connection, not a new participant', (await page.evaluate(() => window.__sockets.length)) === 0 &&
    fac.view.joined === 1, fac.view.joined);
  await page.fill(tid('join-code'), second.code);
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  check('another code: joins', (await text(page, tid('session-title'))) === second.welcome.session.title.nl);
  await other.waitForView((v) => v.joined === 1, 'the other session counts the phone');
  await page.context().close();
  fac.close(); other.close(); bot.close();
}

async function main() {
  console.log('Kring participant page on a phone, against ' + BASE);
  const health = await serverUp();
  const fac = new Facilitator();
  const { code } = await fac.create('stoplicht-visie');
  await scenario('the notice before joining', () => noticeFlow(health));
  await scenario('the browser\'s language', () => localeFlow(code));
  await scenario('focus', focusFlow);
  await scenario('room for the timer and the banner', roomFlow);
  await scenario('a removed device stays removed', removedFlow);
  fac.close();
  checkPagesClean();
}

await finish(main);
