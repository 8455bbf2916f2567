// Browser test of running the room (docs/protocol.md section 6) on the Kring participant page,
// against a running kring-server started with --retention-days 30 and its default threshold
// (results only from 3 answers on).
//
//   cd tests/web && npm ci
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node facilitation.test.mjs
//
// The facilitator is a WebSocket client in node; phones are headless Chromium at 390x844; other
// participants ("bots") answer over plain WebSockets. Exit code 0 = every check passed.
import {
  BASE, SHOTS, tid, check, start, finish, scenario, serverUp, Facilitator, Bot,
  newPhone, joinPhone, shot, checkPagesClean,
} from './harness.mjs';

start('facilitation.test.mjs', 150000);

const MISSING = (process.env.KRING_MISSING_FLAGS || '').split(' ').filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const remaining = async (page) => Number(await page.getAttribute(tid('timer-time'), 'data-remaining'));
const stepTitle = (welcome, id) => welcome.session.steps.find((s) => s.id === id).title.nl;
const answered = (fac, step) => (fac.view?.steps || []).find((s) => s.id === step)?.answered;

/** Sends a request that should be refused: returns the error code of the reply ('ok' if accepted). */
async function refusedCode(peer, obj) {
  const m = await peer.send(obj, obj.type + ' ' + (obj.action || ''));
  return m.type === 'error' ? m.code : 'ok';
}

// ------------------------------------------------------------------ before joining
async function transparencyFlow(health) {
  check('the server knows --retention-days', !MISSING.includes('--retention-days'), 'missing: ' + MISSING.join(' '));
  check('/healthz gives retention_days 30', health.retention_days === 30, JSON.stringify(health));
  check('/healthz gives min_answers 3 (the default)', health.min_answers === 3, JSON.stringify(health));
  const page = await newPhone();
  await page.goto(BASE + '/?code=ABCDEF');
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-retention"]').textContent.length > 0);
  const keep = await text(page, tid('notice-retention'));
  check('notice: data kept "30 dagen"', keep.includes('30 dagen'), keep);
  const notice = await text(page, tid('notice'));
  check('notice: answers are anonymous', /anoniem/i.test(notice), notice.slice(0, 200));
  const anon = await text(page, tid('notice-anon'));
  check('notice: results only from 3 answers, without unfolding', anon.includes('pas vanaf 3 antwoorden'), anon);
  check('notice: no name needed', /naam is niet nodig/i.test(notice), notice.slice(0, 200));
  check('notice: answering is voluntary, passing is possible', /vrijwillig/i.test(notice) && /overslaan/i.test(notice));
  check('notice: the details start folded', !(await page.isVisible(tid('notice-threshold'))));
  await page.click(`${tid('notice-more')} summary`);
  await page.waitForSelector(tid('notice-threshold'), { state: 'visible' });
  const k = await text(page, tid('notice-threshold'));
  check('notice details: results only from 3 answers', k.includes('vanaf 3 antwoorden'), k);
  check('notice fits the phone without side-scrolling',
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await shot(page, 'room-notice');
  await page.setViewportSize({ width: 360, height: 740 });
  check('notice fits a 360-px phone', await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const keepEn = await text(page, tid('notice-retention'));
  check('notice EN: "30 days"', keepEn.includes('30 days'), keepEn);
  check('notice EN: threshold in English', (await text(page, tid('notice-threshold'))).includes('from 3 answers on'));
  const en = await text(page, tid('notice'));
  check('notice EN: no Dutch left', !/dagen|anoniem|Vrijwillig|Meer uitleg/.test(en), en.slice(0, 200));
  await page.context().close();
}

// ------------------------------------------------------------------ timer
async function timerFlow() {
  const fac = new Facilitator();
  const { code } = await fac.create('casussen');
  // This phone's clock is seven minutes fast: the countdown must follow the server's clock.
  const page = await newPhone();
  await page.addInitScript(() => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + 7 * 60 * 1000;
  });
  await page.goto(BASE + '/?code=' + code);
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('session-screen'), { state: 'visible' });
  await fac.control('open', 'casus-1');
  await page.waitForSelector(tid('case-body'), { state: 'visible' });
  check('no timer before start_timer', !(await page.isVisible(tid('timer'))));
  await page.evaluate(() => {
    window.__said = [];
    const n = document.querySelector('[data-testid="timer-announce"]');
    new MutationObserver(() => window.__said.push(n.textContent)).observe(n, { childList: true, characterData: true, subtree: true });
  });
  await fac.control('start_timer', 'casus-1', { seconds: 75 });
  await page.waitForSelector(tid('timer'), { state: 'visible' });
  const t1 = await remaining(page);
  const shown = await text(page, tid('timer-time'));
  check('timer: mm:ss countdown', /^0[01]:[0-5]\d$/.test(shown), shown);
  check('timer: counted against the server clock (phone 7 min fast)', t1 >= 68 && t1 <= 75, t1);
  await sleep(2300);
  const t2 = await remaining(page);
  check('timer: the countdown decreases', t2 < t1 && t2 >= t1 - 4, `${t1} -> ${t2}`);
  check('timer: not flashing (no animation)', (await page.$eval(tid('timer'), (n) => getComputedStyle(n).animationName)) === 'none');
  const said = await page.evaluate(() => window.__said.filter(Boolean));
  check('timer: announced once, not every second', said.length === 1 && /Nog 1 minuut/.test(said[0]), JSON.stringify(said));
  check('timer: the visible countdown itself is not read aloud', (await page.getAttribute(tid('timer-time'), 'aria-live')) === 'off');
  await shot(page, 'room-timer', false);
  await fac.control('stop_timer', 'casus-1');
  await page.waitForSelector(tid('timer'), { state: 'hidden' });
  check('timer: stop_timer removes the countdown', true);
  // A short timer: the last seconds soften the colour, then "Tijd is om".
  await fac.control('start_timer', 'casus-1', { seconds: 5 });
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="timer-time"]');
    return n && Number(n.getAttribute('data-remaining')) <= 5;
  });
  check('timer: the last 10 s change the colour', await page.$eval(tid('timer'), (n) => n.classList.contains('is-ending')));
  await page.waitForFunction(() => document.querySelector('[data-testid="timer-time"]').textContent === 'Tijd is om', null, { timeout: 9000 });
  check('timer: "Tijd is om" when the time is up', true);
  await fac.waitForView((v) => v.timer && v.timer.ended === true, 'the server records the end');
  check('timer: the server recorded the end', true);
  check('timer: the end is announced', (await page.evaluate(() => window.__said)).includes('Tijd is om'));
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('timer EN: "Time is up"', (await text(page, tid('timer-time'))) === 'Time is up');
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  await shot(page, 'room-timer-up', false);
  await page.context().close();
  fac.close();
}

// ------------------------------------------------------------------ pause
async function pauseFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const opts = welcome.session.steps.find((s) => s.id === 'casus-1').options.map((o) => o.id);
  const page = await joinPhone(code);
  const bot = await new Bot().join(code);
  await fac.control('open', 'casus-1');
  await page.waitForSelector(tid('option-' + opts[0]), { state: 'visible' });
  await fac.control('pause', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'visible' });
  check('pause: "Even pauze" shown', (await text(page, tid('pause-screen'))).includes('Even pauze'));
  check('pause: the step takes no taps (inert)', await page.$eval('#step-area', (n) => n.inert === true));
  const covered = await page.$eval(tid('option-' + opts[0]), (n) => {
    const r = n.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && !!hit.closest('[data-testid="pause-screen"]');
  });
  check('pause: the pause screen lies over the answers', covered);
  await page.$eval(`${tid('option-' + opts[0])} input`, (n) => n.click()); // a tap that gets through anyway
  await page.waitForSelector(tid('message'), { state: 'visible' });
  check('pause: a tap says it was not sent', (await text(page, tid('message'))).includes('niet verstuurd'));
  check('pause: the tap selected nothing', !(await page.isChecked(`${tid('option-' + opts[0])} input`)));
  const botCode = await refusedCode(bot, { type: 'answer', step: 'casus-1', value: opts[1] });
  check('pause: the server refuses answers with "paused"', botCode === 'paused', botCode);
  await sleep(300);
  check('pause: nothing was stored', answered(fac, 'casus-1') === 0, answered(fac, 'casus-1'));
  await shot(page, 'room-pause', false);
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('pause EN: "A short break"', (await text(page, tid('pause-screen'))).includes('A short break'));
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  await fac.control('resume', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'hidden' });
  check('resume: the step takes taps again', await page.$eval('#step-area', (n) => !n.inert));
  await page.click(tid('option-' + opts[0]));
  await page.waitForSelector(`${tid('step-save')}[data-state="saved"]`);
  await fac.waitForView((v) => v.steps.some((s) => s.id === 'casus-1' && s.answered === 1), 'the answer after resume is stored');
  check('resume: answering works again', true);
  // The pause reaches the server before the phone knows it: the answer is refused ("paused").
  await page.evaluate(() => {
    const sock = window.__sockets[window.__sockets.length - 1];
    const orig = sock.onmessage;
    window.__unblock = () => { sock.onmessage = orig; };
    // Views held back (also out of a batch); everything else goes through.
    sock.onmessage = (ev) => {
      const d = JSON.parse(ev.data);
      const kept = (Array.isArray(d) ? d : [d]).filter((m) => m.type !== 'view');
      if (kept.length) orig.call(sock, { data: JSON.stringify(kept.length === 1 ? kept[0] : kept) });
    };
  });
  await fac.control('pause', '');
  await page.click(tid('option-' + opts[1]));
  await page.waitForSelector(`${tid('step-save')}[data-state="error"]`);
  check('refused "paused": the item says "niet bewaard"', (await text(page, tid('step-save'))) === 'niet bewaard');
  check('refused "paused": a gentle message that it was not sent', (await text(page, tid('message'))).includes('niet verstuurd'));
  check('refused "paused": back to the stored answer', await page.isChecked(`${tid('option-' + opts[0])} input`) &&
    !(await page.isChecked(`${tid('option-' + opts[1])} input`)));
  await page.evaluate(() => window.__unblock());
  await fac.control('resume', '');
  await page.click(tid('option-' + opts[1]));
  await page.waitForSelector(`${tid('step-save')}[data-state="saved"]`);
  check('refused "paused": the same choice can be sent again after the pause', true);
  await page.context().close();
  fac.close(); bot.close();
}

// ------------------------------------------------------------------ removed
async function removeFlow() {
  const fac = new Facilitator();
  const { code } = await fac.create('stoplicht-visie');
  const page = await newPhone();
  await page.goto(BASE + '/?code=' + code);
  await page.fill(tid('join-name'), 'Toestel-weg');
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('session-screen'), { state: 'visible' });
  // The device list is a message of its own, sent to the facilitator when it changes.
  const v = await fac.waitForLatest('devices', (x) => x.devices.some((d) => d.name === 'Toestel-weg'), 'facilitator lists the device');
  const id = v.devices.find((d) => d.name === 'Toestel-weg').participant;
  const token = await page.evaluate((c) => localStorage.getItem('kring.token.' + c), code);
  check('the phone holds a resume token', !!token);
  await fac.control('remove_participant', '', { participant: id });
  await page.waitForSelector(tid('removed-screen'), { state: 'visible' });
  check('removed: a clear final screen', (await text(page, tid('removed-screen'))).includes('Je doet niet meer mee'));
  check('removed: the session screen is gone', !(await page.isVisible(tid('session-screen'))));
  check('removed: the resume token is forgotten', (await page.evaluate((c) => localStorage.getItem('kring.token.' + c), code)) === null);
  const sockets = await page.evaluate(() => window.__sockets.length);
  await sleep(2500);
  check('removed: no reconnecting', (await page.evaluate(() => window.__sockets.length)) === sockets &&
    !(await page.isVisible(tid('status'))));
  await shot(page, 'room-removed', false);
  await page.reload();
  await page.waitForSelector(tid('removed-screen'), { state: 'visible' });
  await sleep(1500);
  check('removed: a reload shows the removed screen again and does not get back in', !(await page.isVisible(tid('session-screen'))) &&
    !(await page.isVisible(tid('join-screen'))) && (await page.evaluate(() => window.__sockets.length)) === 0);
  check('removed: the removal is remembered for this code', (await page.evaluate((c) => localStorage.getItem('kring.removed.' + c), code)) !== null);
  await fac.waitForView((x) => x.online === 0, 'nobody online');
  check('removed: the facilitator sees nobody online', fac.view.online === 0, fac.view.online);
  const again = new Bot();
  await again.connect();
  const rejoin = await refusedCode(again, { type: 'join', protocol_version: 1, code, role: 'participant', resume_token: token });
  check('removed: the old token no longer joins ("removed")', rejoin === 'removed', rejoin);
  again.close();
  // A phone that still holds the token (it was offline when removed) gets the final screen on joining.
  const late = await newPhone();
  await late.addInitScript(([c, tk]) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('kring.token.' + c, tk); } }, [code, token]);
  await late.goto(BASE + '/?code=' + code);
  await late.waitForSelector(tid('removed-screen'), { state: 'visible' });
  check('removed on joining: the final screen', !(await late.isVisible(tid('session-screen'))));
  check('removed on joining: the token is forgotten', (await late.evaluate((c) => localStorage.getItem('kring.token.' + c), code)) === null);
  await late.context().close();
  await page.context().close();
  fac.close();
}

// ------------------------------------------------------------------ follow
async function followFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const page = await joinPhone(code);
  await fac.control('open', 'casus-1');
  await fac.control('open', 'casus-2'); // casus-2 is current now
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent === t, stepTitle(welcome, 'casus-2'));
  await fac.control('set_follow', '', { on: false });
  await page.waitForSelector(tid('step-list'), { state: 'visible' });
  check('follow off: the open steps to pick from', await page.isVisible(tid('pick-casus-1')) && await page.isVisible(tid('pick-casus-2')));
  check('follow off: a step that is not open is not listed', (await page.locator(tid('pick-casus-3')).count()) === 0);
  check('follow off: the current step is marked', (await text(page, tid('pick-casus-2'))).includes('nu op het scherm') &&
    (await page.getAttribute(tid('pick-casus-2'), 'aria-current')) === 'step' &&
    !(await text(page, tid('pick-casus-1'))).includes('nu op het scherm'));
  const h = (await page.locator(tid('pick-casus-1')).boundingBox()).height;
  check('follow off: the steps are big touch targets', h >= 48, h);
  await shot(page, 'room-step-list', false);
  await page.setViewportSize({ width: 360, height: 740 });
  check('follow off: the list fits a 360-px phone', await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('follow off EN: "Choose a step", "now on the screen"', (await text(page, tid('step-list'))).includes('Choose a step') &&
    (await text(page, tid('pick-casus-2'))).includes('now on the screen'));
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  await page.click(tid('pick-casus-1'));
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent === t, stepTitle(welcome, 'casus-1'));
  check('follow off: the picked step is shown', true);
  const opt = welcome.session.steps.find((s) => s.id === 'casus-1').options[0].id;
  await page.click(tid('option-' + opt));
  await page.waitForSelector(`${tid('step-save')}[data-state="saved"]`);
  check('follow off: answering the picked step works', true);
  check('follow off: a way back to the list', await page.isVisible(tid('step-list-back')));
  await page.click(tid('step-list-back'));
  await page.waitForSelector(tid('step-list'), { state: 'visible' });
  check('follow off: back to the list', true);
  await fac.control('bring_here', 'casus-2');
  await page.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent === t, stepTitle(welcome, 'casus-2'));
  check('bring_here: the phone shows the current step', true);
  const notice = await text(page, tid('follow-notice'));
  check('bring_here: a short notice says where everyone goes',
    notice.includes('De begeleider brengt iedereen naar') && notice.includes(stepTitle(welcome, 'casus-2')), notice);
  check('bring_here: no way back to the list while following', !(await page.isVisible(tid('step-list-back'))));
  await shot(page, 'room-bring-here', false);
  // A revealed step with one answer stays withheld (k = 3).
  await fac.control('close', 'casus-1');
  await fac.control('reveal', 'casus-1');
  await fac.control('goto', 'casus-1');
  await page.waitForSelector(tid('withheld'), { state: 'visible' });
  check('reveal with 1 answer under k=3: withheld', (await text(page, tid('withheld'))).includes('Nog te weinig antwoorden om te tonen'));
  await page.context().close();
  fac.close();
}

// ------------------------------------------------------------------ live results, threshold, lock
async function liveFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const opts = welcome.session.steps.find((s) => s.id === 'casus-3').options.map((o) => o.id);
  const page = await joinPhone(code);
  const b1 = await new Bot().join(code);
  const b2 = await new Bot().join(code);
  await fac.control('set_live', 'casus-3', { on: true });
  await fac.control('open', 'casus-3');
  await page.waitForSelector(tid('option-' + opts[0]), { state: 'visible' });
  await page.click(tid('option-' + opts[0]));
  await page.waitForSelector(`${tid('step-save')}[data-state="saved"]`);
  await b1.answer('casus-3', opts[0]);
  await fac.waitForView((v) => v.steps.some((s) => s.id === 'casus-3' && s.answered === 2), 'two answers');
  await page.waitForSelector(`#live-results ${tid('withheld')}`, { state: 'visible' });
  const w = await text(page, tid('withheld'));
  check('live, 2 answers under k=3: "Nog te weinig antwoorden om te tonen"', w.includes('Nog te weinig antwoorden om te tonen'), w);
  check('live, withheld: names k', w.includes('vanaf 3 antwoorden') && (await page.getAttribute(tid('withheld'), 'data-k')) === '3', w);
  check('live, withheld: no counts on the page', (await page.locator(tid('option-result-' + opts[0])).count()) === 0);
  await shot(page, 'room-live-withheld');
  await b2.answer('casus-3', opts[1]);
  await page.waitForSelector(tid('option-result-' + opts[0]), { state: 'visible' });
  const st = fac.view.steps.find((s) => s.id === 'casus-3');
  check('live: results shown while open, before reveal', st.phase === 'open' && !st.revealed, JSON.stringify(st));
  check('live, 3 answers: the counts', Number(await page.getAttribute(tid('option-result-' + opts[0]), 'data-count')) === 2 &&
    Number(await page.getAttribute(tid('option-result-' + opts[1]), 'data-count')) === 1);
  check('live: marked as results so far', (await text(page, tid('live-kicker'))).includes('Tussenstand'));
  // The third answer changed only counters and results: the page had them as a view_update
  // (docs/protocol.md), put them into its view and drew the counts above.
  check('live: the new counts came as a view_update, not a whole view', (page.received.get('view_update') || 0) >= 1,
    JSON.stringify([...page.received]));
  check('live: the answer buttons stay', await page.isVisible(tid('option-' + opts[0])));
  await shot(page, 'room-live');
  // Paper answers counted in by the facilitator show up in the live result, and are named.
  await fac.control('set_tally', 'casus-3', { item: '', counts: { [opts[0]]: 2 } });
  await page.waitForSelector(tid('results-paper'), { state: 'visible' });
  check('paper: counted into the live result', Number(await page.getAttribute(tid('option-result-' + opts[0]), 'data-count')) === 4,
    await page.getAttribute(tid('option-result-' + opts[0]), 'data-count'));
  check('paper: named on the page', (await text(page, tid('results-paper'))) === '2 antwoorden op papier meegeteld',
    await text(page, tid('results-paper')));
  await fac.control('close', 'casus-3');
  await fac.control('set_live', 'casus-3', { on: false });
  await fac.control('lock', 'casus-3');
  await page.waitForSelector(tid('locked-badge'), { state: 'visible' });
  check('locked: shown as closed ("afgesloten")', (await text(page, tid('locked-badge'))) === 'afgesloten' &&
    (await text(page, tid('closed'))).includes('afgesloten'));
  const late = await refusedCode(b1, { type: 'answer', step: 'casus-3', value: opts[1] });
  check('locked: answers refused (step_not_open)', late === 'step_not_open', late);
  await fac.control('reveal', 'casus-3');
  await page.waitForSelector(tid('option-result-' + opts[0]), { state: 'visible' });
  check('locked and revealed: results with "afgesloten"', await page.isVisible(tid('locked-badge')) &&
    !(await page.isVisible(tid('live-kicker'))));
  await shot(page, 'room-locked');
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('locked EN: "closed"', (await text(page, tid('locked-badge'))) === 'closed');
  await page.context().close();
  fac.close(); b1.close(); b2.close();
}

async function main() {
  console.log('Kring: running the room on the participant page, against ' + BASE + ' (screenshots: ' + SHOTS + ')');
  const health = await serverUp();
  await scenario('transparency', () => transparencyFlow(health));
  await scenario('timer', timerFlow);
  await scenario('pause', pauseFlow);
  await scenario('removed', removeFlow);
  await scenario('follow', followFlow);
  await scenario('live', liveFlow);
  checkPagesClean();
}

await finish(main);
