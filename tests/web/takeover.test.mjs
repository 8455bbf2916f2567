// The phone page through a take-over in the hosted set-up (run-hosted-web-test.sh: three
// kring-server nodes on PostgreSQL behind HAProxy). A phone in headless Chromium joins with the
// short address and answers; the node that runs the session is killed (kill -9) and the phone
// answers again while it is gone. Within 15 s the phone is back on another node as the same
// participant, its answer made during the outage is saved, and each answer counts once.
import {
  BASE, tid, check, start, finish, scenario, Peer, newPhone, shot, consoleErrors,
} from './harness.mjs';

start('takeover.test.mjs', 110000);

const nodes = (process.env.KRING_NODES || '').split(',').filter(Boolean).map((s) => {
  const [pid, port] = s.split(':').map(Number);
  return { pid, port };
});
const token = process.env.KRING_ADMIN_TOKEN || '';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sessions loaded on a node (its /healthz), -1 when it does not answer. */
async function sessionsOn(node) {
  try {
    const r = await fetch(`http://127.0.0.1:${node.port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return r.status === 200 ? (await r.json()).sessions : -1;
  } catch {
    return -1;
  }
}

/** A facilitator through HAProxy by the session's code, coming back while the session moves. */
async function facilitatorOf(code, secret, limitMs) {
  const t0 = Date.now();
  for (;;) {
    const p = new Peer();
    p.url = BASE.replace(/^http/, 'ws') + '/ws?code=' + code;
    try {
      await p.connect();
      const r = await p.send({ type: 'join', protocol_version: 1, code, role: 'facilitator', secret }, 'facilitator join');
      if (r.type === 'welcome') {
        await p.waitForView(() => true, 'facilitator view');
        return p;
      }
      if (r.code !== 'session_moving') throw new Error('join refused: ' + r.code);
    } catch (e) {
      if (Date.now() - t0 > limitMs) throw e;
    }
    p.close();
    if (Date.now() - t0 > limitMs) throw new Error('the session did not come free in ' + limitMs + ' ms');
    await sleep(200);
  }
}

/** The counts of one item in the facilitator's view, or null. */
function countsOf(view, step, item) {
  const r = (view.results || []).find((x) => x.step === step);
  return r ? (r.items || []).find((x) => x.item === item) || null : null;
}

await finish(async () => {
  check('three nodes and an admin token are given', nodes.length === 3 && token.length > 0, process.env.KRING_NODES);

  // The operator's console makes the session; it then runs where its code leads.
  const creator = new Peer();
  await creator.connect();
  const created = await creator.request({ type: 'create_session', protocol_version: 1, template: 'stoplicht-visie', admin_token: token }, 'create_session');
  const code = created.join_code;
  const secret = created.facilitator_secret;
  creator.close();
  let fac = await facilitatorOf(code, secret, 20000);
  await fac.request({ type: 'control', action: 'open', step: 'visie' }, 'open visie');
  const items = fac.welcome.session.steps.find((s) => s.id === 'visie').items.map((it) => it.id);
  const [i0, i1] = items;

  let page = null;
  let owner = null;
  await scenario('a phone joins through HAProxy with the short address and answers', async () => {
    page = await newPhone();
    await page.goto(BASE + '/' + code);
    await page.waitForSelector(tid('join-screen'), { state: 'visible' });
    await page.click(tid('join-button'));
    await page.waitForSelector(tid('item-' + i0), { state: 'visible' });
    await page.click(tid(`choice-${i0}-green`));
    await page.waitForSelector(tid('saved-' + i0), { state: 'visible' });
    check('the first answer is saved', true);
    const loaded = await Promise.all(nodes.map(sessionsOn));
    const owners = nodes.filter((_, i) => loaded[i] > 0);
    check('the session is loaded on exactly one node', owners.length === 1, JSON.stringify(loaded));
    owner = owners[0];
  });

  await scenario('kill -9 of the session\'s node: the phone is back within 15 s, its answer kept', async () => {
    if (!owner) throw new Error('no owner found');
    process.kill(owner.pid, 'SIGKILL');
    const t0 = Date.now();
    // Answered while its node is gone: the page keeps it and sends it once it is back.
    await page.click(tid(`choice-${i1}-orange`));
    await page.waitForSelector(tid('saved-' + i1), { state: 'visible', timeout: 20000 });
    const back = (Date.now() - t0) / 1000;
    console.log(`  phone back and its answer saved after ${back.toFixed(1)} s`);
    check('the phone is back within 15 s', back < 15, back);
    await page.waitForFunction(() => window.__sockets[window.__sockets.length - 1].readyState === 1);
    const socketUrl = await page.evaluate(() => window.__sockets[window.__sockets.length - 1].url);
    check('its socket still carries the code (HAProxy routes by it)', socketUrl.endsWith('/ws?code=' + code), socketUrl);
    check('the first answer is still shown as saved', await page.isVisible(tid('saved-' + i0)));
    await shot(page, 'takeover-back');
    const loaded = await Promise.all(nodes.map(sessionsOn));
    const now = nodes.filter((_, i) => loaded[i] > 0);
    check('another node runs the session now', now.length === 1 && now[0].pid !== owner.pid, JSON.stringify(loaded));
  });

  await scenario('the facilitator sees one participant and each answer once', async () => {
    fac.close();
    fac = await facilitatorOf(code, secret, 20000);
    const v = await fac.waitForView((x) => x.joined >= 1 && countsOf(x, 'visie', i1), 'view with both answers');
    check('one participant, not two', v.joined === 1, v.joined);
    const c0 = countsOf(v, 'visie', i0);
    const c1 = countsOf(v, 'visie', i1);
    check('the answer before the kill counts once', c0 && c0.green === 1 && c0.orange + c0.red + c0.pass === 0, JSON.stringify(c0));
    check('the answer during the outage counts once', c1 && c1.orange === 1 && c1.green + c1.red + c1.pass === 0, JSON.stringify(c1));
  });

  // The page said nothing wrong: a dropped socket is expected, an error in the page is not.
  const pageErrors = consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/.test(e));
  check('no errors in the page', pageErrors.length === 0, pageErrors.join(' | '));
});
