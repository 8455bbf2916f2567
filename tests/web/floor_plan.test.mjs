// Browser test: floor plans on a phone (kind floor_plan, docs/protocol.md), against a running
// kring-server with the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node floor_plan.test.mjs
//
// Pins: the facilitator (a WebSocket client in node) makes a session from the template
// architect-voor-een-dag and opens its step `plan`. A phone taps the plan twice at known places
// (two categories), drags one pin to another place, writes a comment with it and removes the
// other one from the list under the plan. The facilitator's view then holds exactly that one pin,
// at the plan coordinates of where the finger let go (±0.02), with its comment. A second phone
// places a pin; after the reveal the first phone draws the two pins and counts them per category
// in words. Routes: a session from spaghettimapping, step `routes`: in slot middag, "new
// route", three taps, "route done"; the facilitator's view has that route with its three points.
// Exit code 0 = every check passed.
import {
  BASE, SHOTS, tid, check, start, finish, scenario, serverUp, Facilitator, joinPhone, shot, checkPagesClean, checkAxe,
} from './harness.mjs';

start('floor_plan.test.mjs', 170000);

const NEAR = 0.02;
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const near = (a, b) => Math.abs(a - b) <= NEAR;
const stepOf = (welcome, id) => welcome.session.steps.find((s) => s.id === id);

/** The plan's box on the screen, the plan scrolled to the middle of the viewport first. */
async function planBox(page) {
  await page.evaluate(() => document.querySelector('[data-testid="fp-plan"]').scrollIntoView({ block: 'center' }));
  return page.locator(tid('fp-plan')).boundingBox();
}
/** Where plan coordinates (fx, fy) are on the screen. */
const at = (box, fx, fy) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height });
/** A finger's tap at plan coordinates. */
async function tapPlan(page, fx, fy) {
  const box = await planBox(page);
  const p = at(box, fx, fy);
  await page.touchscreen.tap(p.x, p.y);
}
/** Waits until the page's save state is "saved" (after the ack of the last change). */
async function waitSaved(page) {
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="step-save"]');
    return n && n.getAttribute('data-state') === 'saved';
  });
}
const pinsOf = (fac, step) => (fac.result(step)?.pins || []);
/** A screenshot of the whole page, from its top (the sticky band where it belongs). */
async function shotTop(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

// ------------------------------------------------------------------ pins
async function pinsFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('architect-voor-een-dag');
  const step = stepOf(welcome, 'plan');
  check('architect-voor-een-dag starts with the floor plan "plan" in pins mode',
    welcome.session.steps[0]?.id === 'plan' && step?.kind === 'floor_plan' && step.mode === 'pins',
    JSON.stringify(step && { id: step.id, kind: step.kind, mode: step.mode }));
  const cats = (step.categories || []).map((c) => c.id);
  check('its categories are welkom, afhaken and idee', ['welkom', 'afhaken', 'idee'].every((c) => cats.includes(c)), cats.join(','));
  check('welcome.rules.pin_tones name green, red and blue', ['green', 'red', 'blue'].every((id) => (welcome.rules.pin_tones || []).some((x) => x.id === id)),
    JSON.stringify(welcome.rules.pin_tones));

  const phone = await joinPhone(code);
  await fac.control('open', 'plan');
  await phone.waitForSelector(tid('fp-plan'), { state: 'visible' });
  check('phone: the plan is an image with words', (await phone.getAttribute(tid('fp-plan'), 'role')) === 'img' &&
    ((await phone.getAttribute(tid('fp-plan'), 'aria-label')) || '').includes('Grondplan'));
  check('phone: the plan draws the step\'s rooms', (await phone.locator('[data-testid="fp-plan"] [data-area]').count()) === (step.areas || []).length,
    (step.areas || []).length);
  for (const c of step.categories) {
    const b = tid('fp-cat-' + c.id);
    const tone = welcome.rules.pin_tones.find((x) => x.id === c.tone);
    const icon = await phone.textContent(b + ' .fp-choice-icon');
    const colour = await phone.$eval(b + ' .fp-choice-icon', (n) => getComputedStyle(n).backgroundColor);
    check(`phone: category ${c.id} with its word, its tone's icon and colour`, (await text(phone, b)).includes(c.text.nl) && icon === tone.icon &&
      colour === hexToRgb(tone.colour), `${await text(phone, b)} ${icon} ${colour}`);
  }
  check('phone: the first category is chosen', (await phone.getAttribute(tid('fp-cat-welkom'), 'aria-pressed')) === 'true');
  const max = step.max_entries;
  check('phone: "0 van max" before any pin', (await text(phone, tid('step-status'))) === `0 van ${max} spelden geplaatst`, await text(phone, tid('step-status')));

  // Two pins: welkom at (0.55, 0.30), afhaken at (0.80, 0.80).
  await tapPlan(phone, 0.55, 0.30);
  await phone.waitForSelector(tid('fp-pin-p1'), { state: 'attached' });
  await phone.click(tid('fp-cat-afhaken'));
  await tapPlan(phone, 0.80, 0.80);
  await phone.waitForSelector(tid('fp-pin-p2'), { state: 'attached' });
  await waitSaved(phone);
  let pins = (await fac.waitForView(() => pinsOf(fac, 'plan').length === 2, 'facilitator sees two pins')) && pinsOf(fac, 'plan');
  const p1 = pins.find((p) => p.category === 'welkom'), p2 = pins.find((p) => p.category === 'afhaken');
  check('facilitator: the welkom pin where the finger tapped', p1 && near(p1.x, 0.55) && near(p1.y, 0.30), JSON.stringify(p1));
  check('facilitator: the afhaken pin where the finger tapped', p2 && near(p2.x, 0.80) && near(p2.y, 0.80), JSON.stringify(p2));
  check('phone: "2 van max"', (await text(phone, tid('step-status'))) === `2 van ${max} spelden geplaatst`, await text(phone, tid('step-status')));

  // Drag the welkom pin from (0.55, 0.30) to (0.62, 0.45).
  let box = await planBox(phone);
  const from = at(box, 0.55, 0.30), to = at(box, 0.62, 0.45);
  await phone.mouse.move(from.x, from.y);
  await phone.mouse.down();
  await phone.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await phone.mouse.move(to.x, to.y, { steps: 5 });
  await phone.mouse.up();
  await fac.waitForView(() => pinsOf(fac, 'plan').some((p) => p.category === 'welkom' && near(p.x, 0.62) && near(p.y, 0.45)), 'facilitator sees the moved pin');
  check('a drag moves the pin (facilitator view), no pin added', pinsOf(fac, 'plan').length === 2, JSON.stringify(pinsOf(fac, 'plan')));
  const p1Now = await phone.$eval(tid('fp-pin-p1'), (n) => [Number(n.getAttribute('data-x')), Number(n.getAttribute('data-y'))]);
  check('phone: the pin is drawn where it was dropped', near(p1Now[0], 0.62) && near(p1Now[1], 0.45), JSON.stringify(p1Now));

  // The drag chose the pin: write a comment with it.
  await phone.waitForSelector(tid('fp-panel'), { state: 'visible' });
  await shot(phone, 'floor-plan-pin-chosen', false);
  check('phone: the moved pin is chosen, with its words', (await text(phone, tid('fp-panel'))).includes('Hier voel ik me welkom'), await text(phone, tid('fp-panel')));
  check('phone: the comment is limited to the step\'s max_length', (await phone.getAttribute(tid('fp-comment'), 'maxlength')) === String(step.max_length));
  const COMMENT = 'Zicht op de speelhoek <b>meteen</b>';
  await phone.fill(tid('fp-comment'), COMMENT);
  await phone.click(tid('fp-panel-done'));
  await fac.waitForView(() => pinsOf(fac, 'plan').some((p) => p.category === 'welkom' && p.comment === COMMENT), 'facilitator sees the comment');
  check('phone: the comment is in the list under the plan, as text', (await text(phone, tid('fp-mine-comment-p1'))) === COMMENT);

  // Remove the afhaken pin from the list (no precise tapping).
  const rmLabel = await phone.getAttribute(tid('fp-remove-p2'), 'aria-label');
  check('phone: the remove button names the pin', (rmLabel || '').includes('Hier haak ik af'), rmLabel);
  await phone.click(tid('fp-remove-p2'));
  await phone.waitForSelector(tid('fp-pin-p2'), { state: 'detached' });
  await fac.waitForView(() => pinsOf(fac, 'plan').length === 1, 'facilitator sees one pin left');
  await waitSaved(phone);
  pins = pinsOf(fac, 'plan');
  const only = pins[0];
  check('facilitator: exactly the moved, commented welkom pin', pins.length === 1 && only.category === 'welkom' && near(only.x, 0.62) && near(only.y, 0.45) &&
    only.comment === COMMENT, JSON.stringify(pins));
  const area = (step.areas || []).find((a) => only.x >= a.x && only.x <= a.x + a.w && only.y >= a.y && only.y <= a.y + a.h);
  const mine = await text(phone, tid('fp-mine-p1'));
  check('phone: the list names the pin\'s category and room', mine.includes('Hier voel ik me welkom') && (!area || mine.includes(area.text.nl)), mine);
  check('phone: "1 van max"', (await text(phone, tid('step-status'))) === `1 van ${max} spelden geplaatst`, await text(phone, tid('step-status')));
  await shotTop(phone, 'floor-plan-pins');
  await checkAxe(phone, 'floor plan open (pins)');

  // A reload: the pins come back from `mine`.
  await phone.reload();
  await phone.waitForSelector(tid('fp-pin-p1'), { state: 'attached' });
  check('phone: after a reload the own pin is drawn from mine', (await phone.locator('[data-testid="fp-plan"] [data-pin]').count()) === 1);

  // A second phone: one idee pin.
  const other = await joinPhone(code);
  await other.waitForSelector(tid('fp-plan'), { state: 'visible' });
  await other.click(tid('fp-cat-idee'));
  await tapPlan(other, 0.20, 0.15);
  await other.waitForSelector(tid('fp-pin-p1'), { state: 'attached' });
  await fac.waitForView(() => pinsOf(fac, 'plan').length === 2, 'facilitator sees the second phone\'s pin');
  const idee = pinsOf(fac, 'plan').find((p) => p.category === 'idee');
  check('facilitator: the second phone\'s pin where it tapped', idee && near(idee.x, 0.20) && near(idee.y, 0.15), JSON.stringify(idee));

  // Without tapping the plan (keyboard, screen reader): pins in the middle of a chosen room, up
  // to max_entries; one more is refused in words. Then those are removed again from the list.
  const onthaal = step.areas.find((a) => a.id === 'onthaal');
  await other.selectOption(tid('fp-place-area'), 'onthaal');
  for (let i = 2; i <= max; i++) {
    await other.click(tid('fp-place'));
    await other.waitForSelector(tid('fp-pin-p' + i), { state: 'attached' });
  }
  check('phone 2: "max van max"', (await text(other, tid('step-status'))) === `${max} van ${max} spelden geplaatst`, await text(other, tid('step-status')));
  await other.click(tid('fp-place'));
  check('phone 2: one pin more is refused in words', (await text(other, tid('fp-hint'))).includes(`maximum van ${max} spelden`) &&
    (await other.locator('[data-testid="fp-plan"] [data-pin]').count()) === max, await text(other, tid('fp-hint')));
  await fac.waitForView(() => pinsOf(fac, 'plan').length === max + 1, 'facilitator sees the placed pins');
  const placed = pinsOf(fac, 'plan').filter((p) => p.category === 'idee' && !near(p.x, 0.20));
  check('facilitator: the pins placed without tapping stand in the middle of the room', placed.length === max - 1 &&
    placed.every((p) => near(p.x, onthaal.x + onthaal.w / 2) && near(p.y, onthaal.y + onthaal.h / 2)), JSON.stringify(placed));
  for (let i = 2; i <= max; i++) await other.click(tid('fp-remove-p' + i));
  await fac.waitForView(() => pinsOf(fac, 'plan').length === 2, 'facilitator sees the two pins left');
  await waitSaved(other);

  await fac.control('close', 'plan');
  await phone.waitForSelector(tid('closed'), { state: 'visible' });
  await fac.control('reveal', 'plan');
  await phone.waitForSelector(tid('fp-result-plan'), { state: 'visible' });
  const drawn = await phone.locator('[data-testid="fp-result-plan"] [data-testid="fp-result-pin"]').count();
  check('phone: the result draws the 2 pins', drawn === 2, drawn);
  check('phone: a heat of where the pins are', (await phone.locator('[data-testid="fp-heat"] .fp-heat-cell').count()) >= 2);
  const count = async (id) => Number(await phone.getAttribute(tid('fp-count-' + id), 'data-count'));
  check('phone: counts per category (welkom 1, idee 1, afhaken 0)', (await count('welkom')) === 1 && (await count('idee')) === 1 && (await count('afhaken')) === 0);
  check('phone: the counts in words', (await text(phone, tid('fp-count-welkom'))).includes('Hier voel ik me welkom') && (await text(phone, tid('fp-count-welkom'))).includes('1 speld'),
    await text(phone, tid('fp-count-welkom')));
  check('phone: the comment in the results, as text', (await text(phone, tid('fp-comments'))).includes(COMMENT));
  await shotTop(phone, 'floor-plan-results');
  await checkAxe(phone, 'floor plan revealed');
  await phone.click(tid('lang-en'));
  await phone.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  const en = await text(phone, '#main');
  check('phone EN: the results in English', en.includes('Pins per kind') && en.includes('I feel welcome here') && !en.includes('Spelden per soort'), en.slice(0, 300));
  await phone.click(tid('lang-nl'));
  await phone.context().close();
  await other.context().close();
  fac.close();
}

// ------------------------------------------------------------------ routes
async function routesFlow() {
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('spaghettimapping');
  const step = stepOf(welcome, 'routes');
  check('spaghettimapping has the floor plan "routes" in routes mode', step?.kind === 'floor_plan' && step.mode === 'routes',
    JSON.stringify(step && { kind: step.kind, mode: step.mode }));
  const slots = (step.slots || []).map((s) => s.id);
  check('its slots are ochtend, middag, namiddag', slots.join(',') === 'ochtend,middag,namiddag', slots.join(','));

  const phone = await joinPhone(code);
  await fac.control('open', 'routes');
  await phone.waitForSelector(tid('fp-plan'), { state: 'visible' });
  await phone.click(tid('fp-slot-middag'));
  check('phone: slot middag chosen', (await phone.getAttribute(tid('fp-slot-middag'), 'aria-pressed')) === 'true');
  // A tap before "new route" asks for it, in words.
  await tapPlan(phone, 0.5, 0.5);
  check('phone: a tap without a route says what to do', (await text(phone, tid('fp-hint'))).includes('Nieuwe route'), await text(phone, tid('fp-hint')));
  await phone.click(tid('fp-new-route'));
  const taps = [[0.10, 0.85], [0.30, 0.50], [0.60, 0.20]];
  await tapPlan(phone, ...taps[0]);
  await phone.click(tid('fp-route-done'));
  check('phone: a route of one point is refused in words', (await text(phone, tid('fp-hint'))).includes('minstens 2 punten'), await text(phone, tid('fp-hint')));
  await tapPlan(phone, 0.9, 0.9);
  await phone.click(tid('fp-undo'));
  for (const p of taps.slice(1)) await tapPlan(phone, ...p);
  check('phone: the route being drawn has 3 points', (await phone.locator('[data-testid="fp-draft"] .fp-draft-point').count()) === 3);
  await phone.click(tid('fp-route-done'));
  await fac.waitForView(() => (fac.result('routes')?.routes || []).length === 1, 'facilitator sees the route');
  const r = fac.result('routes').routes[0];
  check('facilitator: the route in slot middag with the 3 tapped points', r.slot === 'middag' && r.points.length === 3 &&
    r.points.every((p, i) => near(p[0], taps[i][0]) && near(p[1], taps[i][1])), JSON.stringify(r));
  await waitSaved(phone);
  check('phone: the route is listed', (await text(phone, tid('fp-mine'))).includes('Middag: route langs 3 punten'), await text(phone, tid('fp-mine')));
  check('phone: "1 van max routes"', (await text(phone, tid('step-status'))) === `1 van ${step.max_entries} routes getekend`, await text(phone, tid('step-status')));
  await shotTop(phone, 'floor-plan-routes');
  await checkAxe(phone, 'floor plan open (routes)');

  await fac.control('close', 'routes');
  await fac.control('reveal', 'routes');
  await phone.waitForSelector(tid('fp-result-plan'), { state: 'visible' });
  check('phone: the result draws the route', (await phone.locator('[data-testid="fp-result-route"]').count()) === 1);
  check('phone: the slot legend counts it', Number(await phone.getAttribute(tid('fp-slot-count-middag'), 'data-count')) === 1 &&
    (await text(phone, tid('fp-slot-count-middag'))).includes('1 route'));
  await shotTop(phone, 'floor-plan-routes-results');
  await phone.context().close();
  fac.close();
}

function hexToRgb(hex) {
  const h = hex.replace('#', '');
  const n = (i) => parseInt(h.length === 3 ? h[i] + h[i] : h.slice(i * 2, i * 2 + 2), 16);
  return `rgb(${n(0)}, ${n(1)}, ${n(2)})`;
}

// ------------------------------------------------------------------ the facilitator's plan image
async function planImageFlow() {
  const fac = new Facilitator();
  const { code, secret } = await fac.create('architect-voor-een-dag');
  const phone = await joinPhone(code);
  // An 800 x 400 JPEG drawn by the browser: the facilitator's own plan, sent as the console does.
  const dataUrl = await phone.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 800; c.height = 400;
    const g = c.getContext('2d');
    g.fillStyle = '#ffffff'; g.fillRect(0, 0, 800, 400);
    g.fillStyle = '#203080'; g.fillRect(40, 40, 300, 320);
    return c.toDataURL('image/jpeg', 0.9);
  });
  const body = Buffer.from(dataUrl.split(',')[1], 'base64');
  const post = (key, step) => fetch(BASE + '/photos/' + code, { method: 'POST', body,
    headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'image/jpeg', 'Kring-Step': step } });
  const wrong = await post(secret, 'werkt-al');
  check('a plan image on a step that is no floor plan: 400 bad_value', wrong.status === 400 && (await wrong.json()).code === 'bad_value', wrong.status);
  const res = await post(secret, 'plan');
  const made = await res.json();
  check('the facilitator sends the plan image: 201 with its size', res.status === 201 && made.width === 800 && made.height === 400,
    res.status + ' ' + JSON.stringify(made));
  await fac.control('open', 'plan');
  await phone.waitForSelector(tid('fp-plan-image') + '[data-state="loaded"]', { timeout: 15000 });
  const box = await planBox(phone);
  check('phone: the plan takes the image\'s shape (2:1) and draws no rooms of its own',
    Math.abs(box.width / box.height - 2) < 0.1 && (await phone.locator('[data-testid="fp-plan"] [data-area]').count()) === 0,
    `${box.width}x${box.height}`);
  const img = await phone.locator(tid('fp-plan-image')).boundingBox();
  check('phone: the image lies under the plan, box on box', Math.abs(img.x - box.x) < 4 && Math.abs(img.width - box.width) < 6,
    JSON.stringify({ img, box }));
  await tapPlan(phone, 0.25, 0.5);
  await waitSaved(phone);
  await fac.waitForView((v) => (v.results || []).some((r) => r.step === 'plan' && (r.pins || []).length === 1), 'the pin on the image');
  const p = pinsOf(fac, 'plan')[0];
  check('a pin tapped on the image lands at its plan coordinates', near(p.x, 0.25) && near(p.y, 0.5), JSON.stringify(p));
  await shotTop(phone, 'floor-plan-image');
  await phone.context().close();
  fac.close();
}

async function main() {
  console.log('Floor plans on a phone, against ' + BASE + ' (screenshots: ' + SHOTS + ')');
  await serverUp();
  await scenario('floor plan: pins (architect-voor-een-dag)', pinsFlow);
  await scenario('floor plan: routes (spaghettimapping)', routesFlow);
  await scenario('floor plan: the facilitator\'s plan image', planImageFlow);
  checkPagesClean();
}

await finish(main);
