// Browser test of the Origin and Host checks (docs/security.md, "Host and Origin"): a web
// page of another origin that the facilitator visits, in a real headless Chromium on the
// same machine as kring-server, tries to use the server's WebSocket as this machine's
// admin (list_sessions, open_session); and the DNS-rebinding shape, a foreign name made to
// resolve to this machine.
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node origin.test.mjs
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import {
  BASE, T, check, start, finish, scenario, serverUp, Facilitator, withTimeout,
} from './harness.mjs';

start('origin.test.mjs', 90000);

const CHROMIUM = process.env.KRING_CHROMIUM || '/usr/bin/chromium';
const WS_URL = BASE.replace(/^http/, 'ws') + '/ws';
const KRING_PORT = new URL(BASE).port;

// The attacker's page: opens the server's WebSocket, asks for the sessions library and to
// reopen a session, and writes down everything that happens.
const EVIL_PAGE = `<!doctype html><title>evil</title><script>
window.__log = [];
window.__done = new Promise((resolve) => {
  const ws = new WebSocket(${JSON.stringify(WS_URL)});
  ws.onopen = () => {
    window.__log.push('open');
    ws.send(JSON.stringify({ type: 'list_sessions', seq: 1 }));
    ws.send(JSON.stringify({ type: 'open_session', seq: 2, session: window.__target || '' }));
  };
  ws.onmessage = (e) => window.__log.push('message ' + String(e.data).slice(0, 200));
  ws.onerror = () => window.__log.push('error');
  ws.onclose = () => { window.__log.push('close'); resolve(); };
  setTimeout(resolve, 5000);
});
</script>`;

let browser = null;
let evil = null;
let sessionId = '';

async function evilServer() {
  evil = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(EVIL_PAGE);
  });
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  return evil.address().port;
}

async function main() {
  await serverUp();
  const fac = new Facilitator();
  await fac.create('stoplicht-visie');
  sessionId = fac.messages.find((m) => m.type === 'session_created').session_id;

  browser = await withTimeout(chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // DNS rebinding without a DNS server: the attacker's names resolve to this machine.
      '--host-resolver-rules=MAP evil.example 127.0.0.1, MAP rebind.example 127.0.0.1'],
  }), 60000, 'launch chromium');

  await scenario('a page of another origin on this machine cannot use the WebSocket', async () => {
    const port = await evilServer();
    for (const origin of [`http://127.0.0.1:${port}`, `http://evil.example:${port}`]) {
      const page = await browser.newPage();
      await page.goto(origin + '/');
      await page.evaluate((id) => { window.__target = id; }, sessionId);
      await withTimeout(page.evaluate(() => window.__done), T, 'evil page WebSocket');
      const log = await page.evaluate(() => window.__log);
      check(`${origin}: the WebSocket never opens`, !log.includes('open'), log.join(' | '));
      check(`${origin}: no message reaches the page`, !log.some((l) => l.startsWith('message')),
        log.join(' | '));
      check(`${origin}: no session id leaks`, !log.join(' ').includes(sessionId), log.join(' | '));
      await page.close();
    }
  });

  await scenario('DNS rebinding: a foreign name pointed at the server is refused (421)', async () => {
    const page = await browser.newPage();
    const resp = await page.goto(`http://rebind.example:${KRING_PORT}/`);
    check('the page is refused with 421', resp.status() === 421, resp.status());
    const body = await page.content();
    check('no Kring page is served under that name', !body.includes('main.js'), body.slice(0, 200));
    const hz = await page.evaluate(async () => {
      try { const r = await fetch('/healthz'); return r.status + ' ' + (await r.text()); } catch (e) { return 'error ' + e; }
    });
    check('/healthz under that name is 421 too', hz.startsWith('421'), hz);
    check('no session count leaks', !hz.includes('"sessions"'), hz);
    await page.close();
  });

  await scenario("the server's own page keeps working, without admin powers", async () => {
    const page = await browser.newPage();
    const resp = await page.goto(BASE + '/');
    check('the page loads (200)', resp.status() === 200, resp.status());
    const reply = await withTimeout(page.evaluate((url) => new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'list_sessions', seq: 1 }));
      ws.onmessage = (e) => { resolve(String(e.data)); ws.close(); };
      ws.onerror = () => resolve('error');
    }), WS_URL), T, 'own page WebSocket');
    let parsed = null;
    try { parsed = JSON.parse(reply); } catch { /* checked below */ }
    check('its WebSocket opens and is answered', parsed !== null, reply);
    check('but the sessions library is refused to a page (forbidden)',
      parsed && parsed.type === 'error' && parsed.code === 'forbidden', reply);
    await page.close();
  });

  // The facilitator, a client that is not a browser, still steers as before.
  const lib = await fac.send({ type: 'list_sessions' }, 'list_sessions');
  check('the console (no Origin, this machine) still opens the library',
    lib.type === 'sessions' && lib.sessions.some((s) => s.id === sessionId), JSON.stringify(lib).slice(0, 200));
}

await finish(async () => {
  try {
    await main();
  } finally {
    if (evil) evil.close();
    if (browser) await withTimeout(browser.close(), 5000, 'browser close').catch(() => {});
  }
});
