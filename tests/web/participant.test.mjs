// Browser test of the Kring participant page against a running kring-server.
//
//   cd tests/web && npm ci
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node participant.test.mjs
//   (or: node participant.test.mjs http://127.0.0.1:PORT /tmp/shots)
//
// The test drives the facilitator itself over a WebSocket from node, and a participant in
// headless Chromium (phone viewport). Exit code 0 = every check passed.
import { join } from 'node:path';
import {
  BASE, SHOTS, tid, check, start, finish, scenario as runScenario, serverUp, Facilitator, newPhone,
  consoleErrors, badResponses, dialogs,
} from './harness.mjs';

start('participant.test.mjs', 55000);

let fac = null;
let phase = 'setup';

/** The facilitator creates a session; returns its join code and the facilitator's welcome. */
async function createSession() {
  // The server is up.
  await serverUp();

  // Facilitator creates the session.
  fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  check('create_session gives a join code', typeof code === 'string' && code.length >= 4, code);
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  if (!step) throw new Error('template stoplicht-visie has no step "visie"');
  const items = step.items;
  check('step visie has at least 3 statements', items.length >= 3, items.length);
  return { code, welcome };
}

/** The main flow: join, answer, drop the connection, reload, close, reveal, results. */
async function mainFlow(page, code, welcome) {
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  const items = step.items;
  const [i0, i1, i2] = items.map((it) => it.id);
  const N = items.length;

  // ---- join with the short address (/CODE, as the projector shows it; ?code= works as well)
  phase = 'join';
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(BASE + '/' + code.toLowerCase());
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  check('join screen shows the privacy notice', /anoniem/i.test(await page.textContent(tid('notice'))));
  check('/code pre-fills the join code', (await page.inputValue(tid('join-code'))) === code.toUpperCase(), await page.inputValue(tid('join-code')));
  check('UI is Dutch by default', (await page.getAttribute('html', 'lang')) === 'nl' &&
    (await page.textContent(tid('join-button'))).trim() === 'Meedoen');
  await page.screenshot({ path: join(SHOTS, 'join.png') });
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  check('the socket carries the join code (a proxy routes every client of a session alike)',
    sockets.length >= 1 && sockets.every((u) => u.endsWith('/ws?code=' + code.toUpperCase())), JSON.stringify(sockets));
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
  const rules = welcome.rules || {};
  check('welcome carries the server\'s rules (default --max-text 500)', rules.max_text === 500, JSON.stringify(rules).slice(0, 200));
  check('comment field takes the server\'s max_text (500)', (await page.getAttribute(tid('comment-' + i1), 'maxlength')) === '500',
    await page.getAttribute(tid('comment-' + i1), 'maxlength'));
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
  check('no injected <script>', injected.scripts.length === 1 && injected.scripts[0] === 'main.js', injected.scripts.join(','));
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

function scenario(name, fn) {
  phase = name;
  return runScenario(name, fn, () => phase);
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

await finish(main);
