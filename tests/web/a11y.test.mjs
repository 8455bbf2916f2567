// Browser test: axe-core (tests/web/node_modules/axe-core, pinned in package-lock.json) finds no
// accessibility violation on any state of the participant page, against a running kring-server
// with its default threshold lowered to 1 (run-web-test.sh without flags):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node a11y.test.mjs
//
// The states: the join screen and its notice (Dutch and English), waiting, every activity kind
// open and its results revealed, a closed step, a running timer with the reconnect banner,
// paused, removed, ended and deleted. Exit code 0 = every check passed.
import {
  BASE, tid, check, start, finish, scenario, serverUp, Facilitator, Bot, newPhone, joinPhone, checkAxe,
  checkPagesClean,
} from './harness.mjs';

start('a11y.test.mjs', 240000);

const ONLY = (process.env.KRING_ONLY || '').split(',').filter(Boolean); // e.g. KRING_ONLY=choice,ended

/** What a phone does on an open step (one answer, so the page shows its answered state), and
 *  what a bot answers (so the revealed results hold numbers and texts). */
const KINDS = [
  { kind: 'traffic_light', template: 'stoplicht-visie',
    phone: async (page, step) => { await page.click(tid('choice-' + step.items[0].id + '-orange')); await page.click(tid('comment-toggle-' + step.items[0].id)); },
    bot: (step) => step.items.slice(0, 3).map((it, i) => [['green', 'red', 'pass'][i], { item: it.id }]) },
  { kind: 'scale', template: 'evaluatie',
    phone: async (page, step) => { await page.click(tid('scale-' + step.items[0].id + '-4')); },
    bot: (step) => [[2, { item: step.items[0].id }], [5, { item: step.items[1].id }]] },
  { kind: 'choice', template: 'casussen',
    phone: async (page, step) => { await page.click(tid('option-' + step.options[0].id)); },
    bot: (step) => [[step.options[1].id, { comment: 'Eerst luisteren.' }]] },
  { kind: 'image_choice', template: 'dromen-met-beelden',
    phone: async (page, step) => { await page.click(tid('image-' + step.images[2].id)); await page.fill(tid('why'), 'Warm welkom.'); },
    bot: (step) => [[[step.images[2].id], { comment: 'Iedereen hoort erbij.' }]] },
  { kind: 'open_text', template: 'ontmoeten-is',
    phone: async (page) => { await page.fill(tid('entry-0'), 'Samen koffie drinken'); },
    bot: () => [[['Samen koffie drinken', 'Koffie met de buren']]] },
  { kind: 'dot_vote', template: 'bouwstenen',
    phone: async (page, step, opts) => { await page.click(tid('dot-plus-' + opts[0].id)); },
    bot: (step, opts) => [[{ [opts[1].id]: 2 }]] },
  { kind: 'inventory', template: 'inkaart',
    phone: async (page) => { await page.fill(tid('inv-name'), 'Praatcafé'); },
    bot: (step) => [[[{ name: 'KOALA-ochtend', kind: step.offer_kinds[1].id, place: 'Ledeberg', families: [step.target_groups[0].id], goals: '' }]]] },
  { kind: 'action_plan', template: 'acties',
    phone: async (page) => { await page.fill(tid('act-what'), 'Een open ontbijt'); },
    bot: () => [[[{ what: 'Elke maand een open ontbijt', who: 'gezinsondersteuners', when: 'vanaf oktober' }]]] },
];

async function english(page) {
  await page.click(tid('lang-en'));
  await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
}
async function dutch(page) {
  await page.click(tid('lang-nl'));
  await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
}

async function joinFlow() {
  const page = await newPhone();
  await page.goto(BASE + '/');
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-retention"]').textContent.length > 0);
  await checkAxe(page, 'join screen');
  await page.click(`${tid('notice-more')} summary`);
  await page.waitForSelector(`${tid('notice-more')}[open]`);
  await checkAxe(page, 'join screen, the notice unfolded');
  await page.click(tid('join-button')); // no code: the form's error
  await page.waitForSelector(tid('join-error'), { state: 'visible' });
  await checkAxe(page, 'join screen with an error');
  await english(page);
  await checkAxe(page, 'join screen in English');
  await page.context().close();
}

async function kindFlow(k) {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create(k.template);
  const step = welcome.session.steps.find((s) => s.kind === k.kind);
  if (!step) throw new Error(`template ${k.template} has no ${k.kind} step`);
  const page = await joinPhone(code);
  const bot = await new Bot().join(code);
  await page.waitForSelector(tid('waiting'), { state: 'visible' });
  if (k.kind === 'traffic_light') await checkAxe(page, 'waiting for the facilitator');
  await fac.control('open', step.id);
  await page.waitForSelector(tid('step-title'), { state: 'visible' });
  const opts = fac.view.steps.find((s) => s.id === step.id).options || step.options || [];
  await k.phone(page, step, opts);
  await checkAxe(page, k.kind + ' open, answered');
  for (const [value, extra] of k.bot(step, opts)) await bot.answer(step.id, value, extra || {});
  await fac.control('close', step.id);
  await page.waitForSelector(tid('closed'), { state: 'visible' });
  if (k.kind === 'traffic_light') await checkAxe(page, 'a closed step');
  await fac.control('reveal', step.id);
  await page.waitForSelector(tid('results'), { state: 'visible' });
  await checkAxe(page, k.kind + ' results revealed');
  if (k.kind === 'traffic_light' || k.kind === 'inventory') {
    await english(page);
    await checkAxe(page, k.kind + ' results revealed, in English');
    await dutch(page);
  }
  await page.context().close();
  fac.close(); bot.close();
}

/** A running timer, the reconnect banner, the pause; then removed. */
async function roomFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('casussen');
  const step = welcome.session.steps.find((s) => s.id === 'casus-1');
  const page = await newPhone();
  await page.goto(BASE + '/?code=' + code);
  await page.fill(tid('join-name'), 'Toestel-a11y');
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('session-screen'), { state: 'visible' });
  await fac.control('open', step.id);
  await fac.control('start_timer', step.id, { seconds: 120 });
  await page.waitForSelector(tid('timer'), { state: 'visible' });
  await page.evaluate(() => { window.__offline = true; window.__sockets[window.__sockets.length - 1].close(); });
  await page.waitForSelector(tid('status'), { state: 'visible' });
  await checkAxe(page, 'a running timer and the reconnect banner');
  await page.evaluate(() => { window.__offline = false; });
  await page.waitForSelector(tid('status'), { state: 'hidden', timeout: 20000 });
  await fac.control('pause', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'visible' });
  await checkAxe(page, 'paused');
  await fac.control('resume', '');
  await page.waitForSelector(tid('pause-screen'), { state: 'hidden' });
  const devices = await fac.waitForLatest('devices', (x) => x.devices.some((d) => d.name === 'Toestel-a11y'), 'the device is listed');
  await fac.control('remove_participant', '', { participant: devices.devices.find((d) => d.name === 'Toestel-a11y').participant });
  await page.waitForSelector(tid('removed-screen'), { state: 'visible' });
  await checkAxe(page, 'removed');
  await page.context().close();
  fac.close();
}

async function endFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  const page = await joinPhone(code);
  await fac.control('open', 'visie');
  await page.waitForSelector(tid('step-title'), { state: 'visible' });
  await fac.control('end_session', '');
  await page.waitForSelector(tid('end-screen'), { state: 'visible' });
  await checkAxe(page, 'ended (thank-you screen)');
  await english(page);
  await checkAxe(page, 'ended, in English');
  await dutch(page);
  const reply = await fac.send({ type: 'delete_session', session: welcome.session.id }, 'delete_session');
  check('the facilitator deletes the session', reply.type !== 'error' || reply.code === 'session_ended', JSON.stringify(reply));
  await page.waitForSelector(`${tid('end-screen')}[data-why="deleted"]`);
  await checkAxe(page, 'deleted (the facilitator ended the session)');
  await page.context().close();
  fac.close();
}

async function main() {
  console.log('Kring participant page: axe-core on every state, against ' + BASE);
  await serverUp();
  const run = (name, fn) => (ONLY.length && !ONLY.includes(name) ? null : scenario(name, fn));
  await run('join', joinFlow);
  for (const k of KINDS) await run(k.kind, () => kindFlow(k));
  await run('room', roomFlow);
  await run('ended', endFlow);
  checkPagesClean();
}

await finish(main);
