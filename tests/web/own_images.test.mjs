// Browser test: the facilitator's own images in an image choice (docs/protocol.md, section 7),
// against a running kring-server with the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node own_images.test.mjs
//
// The facilitator (a WebSocket client in node) makes a session from dromen-met-beelden and sends
// an own image for its step `beeld` with the caption "Onze tuin" (POST /photos with its secret,
// as the console does). A phone opens the step: the grid holds the template's deck, then the own
// image, drawn from a fetch that carries the participant's key (watched through page.route, which
// holds the reply back a little so the placeholder can be seen); nothing moves when it loads. The
// phone picks "Onze tuin" and types why; meanwhile a second image without a caption arrives
// ("Eigen beeld 2"): it joins the grid in place, the "why?" keeps its focus and its text. The
// answer is acked and the facilitator counts it; after the reveal the phone's result shows "Onze
// tuin" chosen once. Opened again, the facilitator deletes "Onze tuin" (delete_photo): it leaves
// the phone's grid and the phone's pick; the other own image can be chosen. axe-core finds no
// violation on the grid with own images. Exit code 0 = every check passed.
import { join } from 'node:path';
import {
  BASE, SHOTS, tid, check, start, finish, scenario, serverUp, Facilitator, newPhone, joinPhone, shot, checkAxe,
  checkPagesClean,
} from './harness.mjs';

start('own_images.test.mjs', 110000);

const STEP = 'beeld';
const CAPTION = 'Onze tuin';
const REASON = 'Daar spelen de kinderen samen.';
const HOLD_MS = 1500; // an own image's reply is held back this long: the placeholder shows meanwhile
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();

/** An image drawn in a browser page (a canvas), as the bytes of a JPEG or PNG. */
async function drawImage(page, width, height, type, colour) {
  const b64 = await page.evaluate(async ({ width, height, type, colour }) => {
    const c = new OffscreenCanvas(width, height);
    const g = c.getContext('2d');
    g.fillStyle = colour;
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#ffffff';
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    const blob = await c.convertToBlob({ type, quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, { width, height, type, colour });
  return Buffer.from(b64, 'base64');
}

/** The facilitator sends an own image for the step, as the console does (no Origin from node). */
async function sendOwn(code, secret, bytes, type, caption) {
  const headers = { Authorization: 'Bearer ' + secret, 'Content-Type': type, 'Kring-Step': STEP };
  if (caption) headers['Kring-Caption'] = encodeURIComponent(caption);
  const r = await fetch(BASE + '/photos/' + code, { method: 'POST', body: bytes, headers });
  let body = null;
  try { body = await r.json(); } catch { body = null; }
  return { status: r.status, body };
}

const gridIds = (page) => page.$$eval('.img-grid .img-card', (ns) => ns.map((n) => n.getAttribute('data-value')));
const ownOf = (fac) => (fac.view?.steps.find((s) => s.id === STEP)?.own_images) || [];
const countOf = (fac, id) => (fac.result(STEP)?.images || []).find((x) => x.image === id);
const box = async (page, sel) => { const b = await page.locator(sel).boundingBox(); return b ? [Math.round(b.width), Math.round(b.height)] : null; };

async function ownImagesFlow() {
  const fac = new Facilitator();
  const { code, welcome, secret } = await fac.create('dromen-met-beelden');
  const step = welcome.session.steps.find((s) => s.id === STEP);
  const deck = step.images.map((i) => i.id);
  check('dromen-met-beelden: the step beeld has a deck of its own', step.kind === 'image_choice' && deck.length >= 4, deck.length);

  // The images: a 640 x 480 JPEG and a 360 x 480 PNG (another shape), drawn in a browser.
  const painter = await newPhone();
  const jpeg = await drawImage(painter, 640, 480, 'image/jpeg', '#2f6f7e');
  const png = await drawImage(painter, 360, 480, 'image/png', '#8c2f6b');
  await painter.context().close();

  const first = await sendOwn(code, secret, jpeg, 'image/jpeg', CAPTION);
  check('the facilitator sends "Onze tuin": 201, an image with its size', first.status === 201 && first.body?.type === 'image' &&
    /^p[0-9a-f]{24}$/.test(first.body?.id || '') && first.body.width === 640 && first.body.height === 480, first.status + ' ' + JSON.stringify(first.body));
  const tuin = first.body?.id;
  await fac.waitForView(() => ownOf(fac).some((im) => im.id === tuin), 'the view lists the own image');
  check('the view lists it with the caption as its alt', ownOf(fac)[0]?.alt?.nl === CAPTION, JSON.stringify(ownOf(fac)));

  // The phone; every fetch of an own image is watched, its reply held back a little.
  const phone = await joinPhone(code);
  const fetched = [];
  await phone.route((url) => url.pathname.startsWith('/photos/'), async (route) => {
    const req = route.request();
    fetched.push({ url: req.url(), method: req.method(), auth: (await req.allHeaders()).authorization || '' });
    await sleep(HOLD_MS);
    await route.continue();
  });
  const replies = [];
  phone.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/photos/')) replies.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] || '' }); });

  await fac.control('open', STEP);
  await phone.waitForSelector(tid('image-' + tuin), { state: 'visible' });
  // Own images are fetched as they come near the screen (after the deck: at the bottom here).
  const far = await phone.$eval(tid('image-' + tuin), (b) => b.getBoundingClientRect().top > window.innerHeight * 2);
  if (far) check('phone: nothing fetched while the own image is far below the screen', fetched.length === 0, JSON.stringify(fetched));
  await phone.locator(tid('image-' + tuin)).scrollIntoViewIfNeeded();
  // While the reply is held back: the placeholder, the alt text, a cell of the deck's size.
  const waiting = await phone.$eval(tid('image-' + tuin), (b) => {
    const i = b.querySelector('img'), w = b.querySelector('.photo-wait');
    return { state: i.getAttribute('data-state'), src: i.hasAttribute('src'), alt: i.alt, drawn: getComputedStyle(i).visibility,
      words: w && w.getClientRects().length ? w.textContent : '' };
  });
  check('phone: before its bytes arrive the own image waits, its alt text in its place (no broken-image sign)',
    waiting.state === 'loading' && !waiting.src && waiting.alt === CAPTION && waiting.words === CAPTION && waiting.drawn === 'hidden', JSON.stringify(waiting));
  const named = () => phone.getByRole('button', { name: CAPTION, exact: true }).count();
  check('phone: meanwhile a screen reader hears the button as "Onze tuin"', (await named()) === 1);
  const cellBefore = await box(phone, tid('image-' + tuin));
  const deckCell = await box(phone, tid('image-' + deck[0]));
  await shot(phone, 'own-images-loading', false);
  await phone.waitForSelector(`${tid('image-' + tuin)} img[data-state="loaded"]`, { timeout: 15000 });
  const cellAfter = await box(phone, tid('image-' + tuin));
  check('phone: the own image\'s cell has the deck\'s size, before and after it loads (nothing moves)',
    JSON.stringify(cellBefore) === JSON.stringify(cellAfter) && JSON.stringify(cellBefore) === JSON.stringify(deckCell),
    JSON.stringify({ cellBefore, cellAfter, deckCell }));
  await phone.waitForFunction((sel) => !document.querySelector(sel).getClientRects().length, `${tid('image-' + tuin)} .photo-wait`);
  const px = await phone.$eval(`${tid('image-' + tuin)} img`, (i) => ({ w: i.naturalWidth, h: i.naturalHeight, src: i.getAttribute('src') || '',
    drawn: getComputedStyle(i).visibility }));
  check('phone: the own image shows the pixels sent (640 x 480) from a blob: address, its words gone',
    px.w === 640 && px.h === 480 && px.src.startsWith('blob:') && px.drawn === 'visible', JSON.stringify(px));
  check('phone: once drawn, the button is "Onze tuin" once (the alt, not the words too)', (await named()) === 1);
  const token = await phone.evaluate((c) => localStorage.getItem('kring.token.' + c), code);
  const mine = fetched.filter((f) => f.url.endsWith('/photos/' + code + '/' + tuin));
  check('phone: the own image was fetched once, with the participant\'s key in Authorization',
    mine.length === 1 && mine[0].method === 'GET' && !!token && mine[0].auth === 'Bearer ' + token, JSON.stringify(mine));
  const reply = replies.find((r) => r.url.endsWith('/' + tuin));
  check('server: the fetch answered 200 with a JPEG', reply && reply.status === 200 && reply.type.startsWith('image/jpeg'), JSON.stringify(reply));
  const noKey = await fetch(BASE + '/photos/' + code + '/' + tuin);
  check('server: the own image without a key is refused (401)', noKey.status === 401, noKey.status);

  // Pick "Onze tuin" and type why; meanwhile the second image arrives without a caption.
  await phone.click(tid('image-' + tuin));
  check('phone: "Onze tuin" is picked', (await phone.getAttribute(tid('image-' + tuin), 'aria-pressed')) === 'true');
  await phone.fill(tid('why'), REASON.slice(0, 10));
  const second = await sendOwn(code, secret, png, 'image/png', '');
  check('the facilitator sends a second image without a caption: 201', second.status === 201 && second.body?.width === 360, second.status + ' ' + JSON.stringify(second.body));
  const tweede = second.body?.id;
  await phone.waitForSelector(tid('image-' + tweede), { state: 'attached' });
  const focus = await phone.evaluate(() => ({ on: document.activeElement?.getAttribute('data-testid') || '', value: document.activeElement?.value || '' }));
  check('phone: the new image joins the grid while the "why?" keeps its focus and text', focus.on === 'why' && focus.value === REASON.slice(0, 10), JSON.stringify(focus));
  await phone.locator(tid('why')).pressSequentially(REASON.slice(10));
  const ids = await gridIds(phone);
  check('phone: the grid holds the deck and then the two own images, in order', JSON.stringify(ids) === JSON.stringify([...deck, tuin, tweede]), JSON.stringify(ids));
  const alts = await phone.$$eval('.img-grid .img-card[data-own="true"] img', (ns) => ns.map((n) => n.alt));
  check('phone: the own images\' alt texts are "Onze tuin" and "Eigen beeld 2"', JSON.stringify(alts) === JSON.stringify([CAPTION, 'Eigen beeld 2']), JSON.stringify(alts));
  await phone.locator(tid('image-' + tweede)).scrollIntoViewIfNeeded();
  await phone.waitForSelector(`${tid('image-' + tweede)} img[data-state="loaded"]`, { timeout: 15000 });
  const px2 = await phone.$eval(`${tid('image-' + tweede)} img`, (i) => [i.naturalWidth, i.naturalHeight]);
  check('phone: the second image shows its pixels (360 x 480, the server\'s JPEG)', px2[0] === 360 && px2[1] === 480, JSON.stringify(px2));
  check('phone: its cell has the deck\'s size too', JSON.stringify(await box(phone, tid('image-' + tweede))) === JSON.stringify(deckCell));

  // The answer with its reason: acked, counted by the facilitator.
  await phone.locator(tid('why')).blur();
  await phone.waitForSelector(`${tid('step-save')}[data-state="saved"]`, { state: 'attached' });
  check('phone: "bewaard ✓" after the ack', (await text(phone, tid('step-save'))) === 'bewaard ✓', await text(phone, tid('step-save')));
  check('phone: "1 van 1 gekozen"', (await text(phone, tid('step-status'))) === '1 van 1 gekozen', await text(phone, tid('step-status')));
  await fac.waitForView(() => countOf(fac, tuin)?.count === 1 && countOf(fac, tuin).reasons.includes(REASON), 'the facilitator counts the own image');
  check('facilitator: "Onze tuin" counted once, with the reason', countOf(fac, tuin)?.count === 1, JSON.stringify(fac.result(STEP)));
  await phone.evaluate(() => window.scrollTo(0, document.querySelector('.img-grid .img-card[data-own="true"]').offsetTop - 80));
  await shot(phone, 'own-images-grid', false);
  await checkAxe(phone, 'image choice with own images, one picked with a reason');

  // The reveal: the result lists "Onze tuin" chosen once, its image fetched with the key.
  await fac.control('close', STEP);
  await fac.control('reveal', STEP);
  await phone.waitForSelector(tid('image-result-' + tuin), { state: 'visible' });
  check('phone result: "Onze tuin" chosen once, first', Number(await phone.getAttribute(tid('image-result-' + tuin), 'data-count')) === 1 &&
    (await phone.$eval('.img-results figure', (f) => f.getAttribute('data-testid'))) === 'image-result-' + tuin);
  check('phone result: it says "1 keer gekozen" and the reason', (await text(phone, tid('image-result-' + tuin))).includes('1 keer gekozen') &&
    (await text(phone, tid('image-reasons-' + tuin))).includes(REASON), await text(phone, tid('image-result-' + tuin)));
  await phone.waitForSelector(`${tid('image-result-' + tuin)} img[data-state="loaded"]`, { timeout: 15000 });
  const rimg = await phone.$eval(`${tid('image-result-' + tuin)} img`, (i) => ({ alt: i.alt, w: i.naturalWidth }));
  check('phone result: the image is "Onze tuin", its pixels shown', rimg.alt === CAPTION && rimg.w === 640, JSON.stringify(rimg));
  check('phone result: "Eigen beeld 2" is among the not chosen', (await phone.locator(`.not-chosen img[alt="Eigen beeld 2"]`).count()) === 1 &&
    (await text(phone, '.not-chosen summary')).includes('Niet gekozen (' + (deck.length + 1) + ')'), await text(phone, '.not-chosen summary'));
  check('phone result: the own image was fetched once in all (kept by the page)',
    fetched.filter((f) => f.url.endsWith('/' + tuin)).length === 1, JSON.stringify(fetched.map((f) => f.url.split('/').pop())));
  await shot(phone, 'own-images-results');
  await checkAxe(phone, 'image choice results with own images');
  await phone.click(tid('lang-en'));
  await phone.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('phone EN: the image without a caption is "Own image 2"', (await phone.locator(`.not-chosen img[alt="Own image 2"]`).count()) === 1);
  await phone.click(tid('lang-nl'));
  await phone.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);

  // Open again: the pick is there; the facilitator deletes "Onze tuin".
  await fac.control('open', STEP);
  await phone.waitForSelector(`${tid('image-' + tuin)}[aria-pressed="true"]`);
  const del = await fac.send({ type: 'control', action: 'delete_photo', step: STEP, card: tuin }, 'delete_photo');
  check('facilitator: delete_photo of "Onze tuin" is taken', del.type !== 'error', JSON.stringify(del));
  await phone.waitForSelector(tid('image-' + tuin), { state: 'detached' });
  const after = await gridIds(phone);
  check('phone: "Onze tuin" left the grid, the deck and "Eigen beeld 2" stay', JSON.stringify(after) === JSON.stringify([...deck, tweede]), JSON.stringify(after));
  await phone.waitForFunction(() => document.querySelector('[data-testid="step-status"]')?.textContent.trim() === '0 van 1 gekozen');
  check('phone: its pick is gone from the phone (no picture pressed, "0 van 1 gekozen")',
    (await phone.locator('.img-card[aria-pressed="true"]').count()) === 0 && (await text(phone, tid('step-status'))) === '0 van 1 gekozen');
  check('phone: nothing about it is kept to send', !(await phone.evaluate((c) => localStorage.getItem('kring.pending.' + c) || '', code)).includes(tuin));
  const rawResult = () => (fac.view?.results || []).find((r) => r.step === STEP) || null;
  await fac.waitForView(() => !(rawResult()?.images || []).some((x) => x.image === tuin), 'the facilitator\'s result without the deleted image');
  check('facilitator: the deleted image and its answer are gone from the result', !ownOf(fac).some((im) => im.id === tuin) &&
    (rawResult()?.total || 0) === 0, JSON.stringify(rawResult()));

  // The other own image is a choice like any.
  await phone.click(tid('image-' + tweede));
  await phone.waitForSelector(`${tid('step-save')}[data-state="saved"]`, { state: 'attached' });
  await fac.waitForView(() => countOf(fac, tweede)?.count === 1, 'the facilitator counts "Eigen beeld 2"');
  check('phone then facilitator: "Eigen beeld 2" chosen and counted once', countOf(fac, tweede)?.count === 1);
  await shot(phone, 'own-images-after-delete', false);
  await phone.context().close();
  fac.close();
}

async function main() {
  console.log('Own images in an image choice on a phone, against ' + BASE + ' (screenshots: ' + join(SHOTS, '') + ')');
  await serverUp();
  await scenario('image choice: the facilitator\'s own images', ownImagesFlow);
  checkPagesClean();
}

await finish(main);
