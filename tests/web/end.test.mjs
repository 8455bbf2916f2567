// Browser test: the end of a session on the participant page, against a running kring-server
// with its default retention (365 days) and the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node end.test.mjs
//
// The facilitator (a WebSocket client in node) ends the session (control end_session,
// view.ended): the phone thanks the person, says the answers are anonymous and kept a year, and
// keeps saying so across reloads, also without network; opening a step again brings the session
// back. The facilitator deletes a session (error session_ended): the phone says the facilitator
// ended it, never that the code does not exist. Exit code 0 = every check passed.
import {
  BASE, tid, check, start, finish, scenario, serverUp, Facilitator, Bot, newPhone, joinPhone, shot,
  checkPagesClean,
} from './harness.mjs';

start('end.test.mjs', 150000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? { tag: a.tagName, id: a.id, testid: a.getAttribute('data-testid'), tabindex: a.getAttribute('tabindex'), text: a.textContent.trim() } : null;
});
const WRONG_CODE = /bestaat niet|does not exist|Kijk nog eens/;

/** Nothing of the page but its end screen is showing. */
async function onlyEndScreen(page) {
  return (await page.isVisible(tid('end-screen'))) && !(await page.isVisible(tid('join-screen'))) &&
    !(await page.isVisible(tid('session-screen'))) && !(await page.isVisible(tid('removed-screen'))) &&
    !(await page.isVisible(tid('status')));
}

async function endedFlow(health) {
  check('the server keeps data 365 days (its default)', health.retention_days === 365, JSON.stringify(health));
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  const item = welcome.session.steps.find((s) => s.id === 'visie').items[0].id;
  const page = await joinPhone(code);
  await fac.control('open', 'visie');
  await page.click(tid('choice-' + item + '-green'));
  await page.waitForSelector(tid('saved-' + item), { state: 'visible' });
  await fac.control('end_session', '');
  await fac.waitForView((v) => v.ended === true, 'view.ended after end_session');
  check('the server says the session ended (view.ended)', true);
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  check('ended: only the end screen shows', await onlyEndScreen(page));
  check('ended: "Bedankt voor je deelname!"', (await text(page, tid('end-title'))) === 'Bedankt voor je deelname!', await text(page, tid('end-title')));
  check('ended: the session is over', (await text(page, tid('end-sub'))).includes('De sessie is afgelopen'), await text(page, tid('end-sub')));
  const keep = await text(page, tid('end-keep'));
  check('ended: the answers are anonymous', /anoniem/.test(keep), keep);
  check('ended: kept "een jaar", not "365 dagen"', keep.includes('een jaar bewaard') && !keep.includes('365'), keep);
  check('ended: then deleted', keep.includes('gewist'), keep);
  const f = await focused(page);
  check('ended: the focus is on its heading (tabindex=-1)', f && f.tag === 'H1' && f.testid === 'end-title' && f.tabindex === '-1', JSON.stringify(f));
  check('ended: remembered for this code', JSON.parse(await page.evaluate((c) => localStorage.getItem('kring.ended.' + c), code) || '{}').why === 'ended');
  check('ended: a way to join another code', await page.isVisible(tid('end-other-code')) &&
    (await text(page, tid('end-other-code'))) === 'Andere code');
  check('ended: no timer in the top band', !(await page.isVisible(tid('timer'))));
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'phone-end', false);
  check('ended: fits the phone without side-scrolling', await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));

  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const keepEn = await text(page, tid('end-keep'));
  check('ended EN: "Thank you", kept "for a year"', (await text(page, tid('end-title'))) === 'Thank you for taking part!' &&
    keepEn.includes('for a year') && !keepEn.includes('365'), keepEn);
  check('ended EN: no Dutch left', !/Bedankt|bewaard|anoniem|Andere code/.test(await text(page, tid('end-screen'))), await text(page, tid('end-screen')));
  await shot(page, 'phone-end-en', false);
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);

  // A reload: the server's resume says ended again.
  await page.reload();
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  await page.waitForFunction(() => window.__sockets.some((s) => s.readyState === 1));
  await sleep(800);
  check('reload: still the end screen (the resumed view says ended)', await onlyEndScreen(page));
  check('reload: the heading has the focus', (await focused(page))?.testid === 'end-title');

  // A reload without network: the page remembers.
  // (/healthz answers, but knows nothing: the retention must come from what the page kept.)
  await page.route('**/healthz', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
  await page.evaluate(() => localStorage.setItem('test.offline', '1'));
  await page.reload();
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  await sleep(1500);
  const offKeep = await text(page, tid('end-keep'));
  check('reload offline: the end screen, from this browser\'s memory', await onlyEndScreen(page) &&
    !(await page.evaluate(() => window.__sockets.some((s) => s.readyState === 1))));
  check('reload offline: still "een jaar" (kept with the end)', offKeep.includes('een jaar bewaard'), offKeep);
  check('reload offline: no "Verbinden…" and no error', !(await page.isVisible(tid('join-error'))) &&
    !WRONG_CODE.test(await page.textContent('body')));
  await page.unroute('**/healthz');
  await page.evaluate(() => localStorage.removeItem('test.offline'));
  await page.reload();
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  await page.waitForFunction(() => window.__sockets.some((s) => s.readyState === 1));

  // Opening a step takes the session up again: the phone follows.
  await fac.control('open', 'visie');
  await fac.waitForView((v) => v.ended === false, 'opening a step clears ended');
  await page.waitForSelector(tid('step-title'), { state: 'visible' });
  check('opened again: the step is back, the end screen gone', !(await page.isVisible(tid('end-screen'))) &&
    (await page.getAttribute(tid('choice-' + item + '-green'), 'aria-pressed')) === 'true');
  check('opened again: the end is forgotten', (await page.evaluate((c) => localStorage.getItem('kring.ended.' + c), code)) === null);
  check('opened again: the focus is on the step\'s heading', (await focused(page))?.testid === 'step-title');

  // Ended again, then another code.
  const fac2 = new Facilitator();
  const other = await fac2.create('casussen');
  await fac.control('end_session', '');
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  await page.click(tid('end-other-code'));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('another code: an empty join form', (await page.inputValue(tid('join-code'))) === '' &&
    !(await page.evaluate(() => new URL(location.href).searchParams.has('code'))));
  await page.fill(tid('join-code'), other.code);
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  check('another code: joined the other session', (await text(page, tid('session-title'))) === other.welcome.session.title.nl);
  await page.context().close();
  fac.close(); fac2.close();
}

async function deletedFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  const page = await joinPhone(code);
  // A second phone is offline while the session is deleted: it finds out when it comes back.
  const away = await joinPhone(code);
  await fac.control('open', 'visie');
  await page.waitForSelector(tid('step-title'), { state: 'visible' });
  await away.waitForSelector(tid('step-title'), { state: 'visible' });
  await away.evaluate(() => { window.__offline = true; window.__sockets[window.__sockets.length - 1].close(); });
  await away.waitForSelector(tid('status'), { state: 'visible' });
  await page.evaluate(() => {
    window.__errors = [];
    const sock = window.__sockets[window.__sockets.length - 1];
    sock.addEventListener('message', (ev) => { try { const m = JSON.parse(ev.data); if (m.type === 'error') window.__errors.push(m.code); } catch { /* ignore */ } });
  });
  const reply = await fac.send({ type: 'delete_session', session: welcome.session.id }, 'delete_session');
  check('the facilitator deletes the session', reply.type === 'ack' || reply.code === 'session_ended', JSON.stringify(reply));
  await page.waitForSelector(`${tid('end-screen')}[data-why="deleted"]`, { state: 'visible' });
  check('deleted: the server said session_ended', (await page.evaluate(() => window.__errors)).includes('session_ended'),
    JSON.stringify(await page.evaluate(() => window.__errors)));
  check('deleted: only the end screen shows', await onlyEndScreen(page));
  check('deleted: "De begeleider heeft de sessie afgesloten."', (await text(page, tid('end-title'))) === 'De begeleider heeft de sessie afgesloten.',
    await text(page, tid('end-title')));
  check('deleted: says what happened to the answers', (await text(page, tid('end-sub'))).includes('gewist'), await text(page, tid('end-sub')));
  check('deleted: never "Deze code bestaat niet"', !WRONG_CODE.test(await page.textContent('body')));
  check('deleted: the focus is on its heading', (await focused(page))?.testid === 'end-title');
  const sockets = await page.evaluate(() => window.__sockets.length);
  await sleep(2000);
  check('deleted: no reconnecting', (await page.evaluate(() => window.__sockets.length)) === sockets);
  check('deleted: the token is forgotten', (await page.evaluate((c) => localStorage.getItem('kring.token.' + c), code)) === null);
  await shot(page, 'phone-end-deleted', false);
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('deleted EN: "The facilitator has ended the session."', (await text(page, tid('end-title'))) === 'The facilitator has ended the session.');
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  await page.reload();
  await page.waitForSelector(`${tid('end-screen')}[data-why="deleted"]`, { state: 'visible' });
  await sleep(1000);
  check('deleted, reload: the same screen, without connecting', await onlyEndScreen(page) &&
    (await page.evaluate(() => window.__sockets.length)) === 0);
  await page.click(tid('end-other-code'));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('deleted: "Andere code" opens the join form', (await page.inputValue(tid('join-code'))) === '');

  // The phone that was away comes back: the session is gone; the same screen, not "wrong code".
  await away.evaluate(() => { window.__offline = false; });
  await away.waitForSelector(`${tid('end-screen')}[data-why="deleted"]`, { state: 'visible', timeout: 20000 });
  check('away during the deletion: the facilitator-ended screen on coming back', await onlyEndScreen(away) &&
    !WRONG_CODE.test(await away.textContent('body')));
  await page.context().close();
  await away.context().close();
  fac.close();
}

async function main() {
  console.log('Kring: the end of a session on the participant page, against ' + BASE);
  const health = await serverUp();
  await scenario('ended by the facilitator', () => endedFlow(health));
  await scenario('deleted by the facilitator', deletedFlow);
  checkPagesClean();
}

await finish(main);
