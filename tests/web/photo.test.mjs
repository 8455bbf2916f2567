// Browser test: photos from a phone (docs/protocol.md, section 7), against a running kring-server
// with the threshold lowered to 1 (run-web-test.sh):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node photo.test.mjs
//
// The facilitator (a WebSocket client in node) makes a session from the template foto-opdracht
// and opens its photo step. A phone sends a real JPEG of 2400 x 1800 that carries an EXIF GPS
// position, a maker note and XMP (written by exiftool): the page scales it to the server's
// max_side and sends it with XMLHttpRequest; its first attempt reaches the server but the reply is
// cut off, and the page tries again with the same Kring-Upload key (one photo, never two). A PNG
// named .jpg gets the typed error photo_type_mismatch in words. A participant over plain HTTP
// sends the same JPEG as it is (the server must scale it and strip it). Until the facilitator
// approves, another phone and the projector get 404 for the photo, and the other phone's wall is
// empty; after approve_photo (the step revealed) the wall shows the photos, each fetched once.
// The stored photos, downloaded with the facilitator secret, carry no GPS, no maker note, no XMP
// and are at most 1600 pixels; after delete_session they are 404. Exit code 0 = every check passed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE, SHOTS, T, tid, check, start, finish, scenario, serverUp, Facilitator, Peer, Bot, newPhone, joinPhone, shot,
  checkPagesClean, checkAxe, consoleErrors, badResponses,
} from './harness.mjs';

start('photo.test.mjs', 170000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();
const work = mkdtempSync(join(tmpdir(), 'kring-photo-'));
const STEP = 'fotos';

// ------------------------------------------------------------------ test photos
/** A photo drawn in the browser (a canvas), as the bytes of a JPEG or PNG. */
async function drawPhoto(page, width, height, type) {
  const b64 = await page.evaluate(async ({ width, height, type }) => {
    const c = new OffscreenCanvas(width, height);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, width, height);
    grad.addColorStop(0, '#2f6f7e');
    grad.addColorStop(0.5, '#e9c46a');
    grad.addColorStop(1, '#b0261c');
    g.fillStyle = grad;
    g.fillRect(0, 0, width, height);
    // Shapes and some noise, so that the JPEG is a photo's size rather than a few KB.
    let seed = 7;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsla(${Math.floor(rnd() * 360)}, 60%, 50%, .35)`;
      g.fillRect(rnd() * width, rnd() * height, rnd() * width / 6, rnd() * height / 6);
    }
    g.fillStyle = '#fff';
    g.font = `${Math.round(height / 8)}px sans-serif`;
    g.fillText('Kring', width / 10, height / 2);
    const blob = await c.convertToBlob({ type, quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, { width, height, type });
  return Buffer.from(b64, 'base64');
}

let exiftoolOk = true;
/** exiftool's reading of a file: every tag, by group ({ "GPS:GPSLatitude": …, … }). */
function exif(file) {
  const out = execFileSync('exiftool', ['-j', '-G1', '-a', '-u', '-n', file], { encoding: 'utf8' });
  return JSON.parse(out)[0];
}
const gpsTags = (tags) => Object.keys(tags).filter((k) => /^GPS|:GPS/.test(k) && !k.startsWith('Composite:') || k === 'Composite:GPSPosition');
const makerTags = (tags) => Object.keys(tags).filter((k) => /MakerNote/i.test(k));
const xmpTags = (tags) => Object.keys(tags).filter((k) => /^XMP/.test(k));

/** The photos of the test: a camera JPEG with EXIF GPS, a maker note and XMP, and a PNG named .jpg. */
async function makePhotos() {
  const page = await newPhone(); // about:blank: a canvas needs no page
  const jpeg = await drawPhoto(page, 2400, 1800, 'image/jpeg');
  const png = await drawPhoto(page, 800, 600, 'image/png');
  await page.context().close();
  const camera = join(work, 'camera.jpg');
  writeFileSync(camera, jpeg);
  writeFileSync(join(work, 'makernote.bin'), 'KRING-MAKERNOTE serial 0042 lens 4.2mm');
  const renamed = join(work, 'screenshot.jpg');
  writeFileSync(renamed, png);
  check('the PNG named .jpg is a PNG', png[0] === 0x89 && png.toString('latin1', 1, 4) === 'PNG');
  try {
    execFileSync('exiftool', ['-q', '-overwrite_original', '-Make=Kring Testcamera', '-Model=KT-1', '-SerialNumber=0042',
      '-GPSLatitude=51.0543', '-GPSLatitudeRef=N', '-GPSLongitude=3.7174', '-GPSLongitudeRef=E', '-GPSAltitude=12',
      '-XMP-dc:Description=Waar de kinderwagens staan', '-XMP-dc:Creator=Test',
      '-MakerNotes<=' + join(work, 'makernote.bin'), camera]);
  } catch (e) {
    exiftoolOk = false;
    check('exiftool is installed (Debian package libimage-exiftool-perl, scripts/setup.sh --test-tools)', false, String(e.message).split('\n')[0]);
    return { camera, renamed, bytes: readFileSync(camera) };
  }
  const tags = exif(camera);
  check('the camera JPEG carries a GPS position', gpsTags(tags).length > 0 && tags['GPS:GPSLatitude'] > 51, JSON.stringify(gpsTags(tags)));
  check('the camera JPEG carries a maker note', makerTags(tags).length > 0, Object.keys(tags).join(' '));
  check('the camera JPEG carries XMP', xmpTags(tags).length > 0);
  check('the camera JPEG is 2400 x 1800', tags['File:ImageWidth'] === 2400 && tags['File:ImageHeight'] === 1800);
  return { camera, renamed, bytes: readFileSync(camera) };
}

/** A stored photo as exiftool reads it: no GPS, no maker note, no XMP, at most 1600 pixels. */
function checkStored(name, bytes) {
  const file = join(work, name + '.jpg');
  writeFileSync(file, bytes);
  check(name + ': a JPEG', bytes[0] === 0xFF && bytes[1] === 0xD8 && bytes[2] === 0xFF);
  if (!exiftoolOk) return;
  const tags = exif(file);
  check(name + ': no GPS position', gpsTags(tags).length === 0, gpsTags(tags).join(' '));
  check(name + ': no EXIF maker note', makerTags(tags).length === 0, makerTags(tags).join(' '));
  check(name + ': no XMP', xmpTags(tags).length === 0, xmpTags(tags).join(' '));
  check(name + ': no camera make, model or serial', !Object.keys(tags).some((k) => /:(Make|Model|SerialNumber)$/.test(k)),
    Object.keys(tags).filter((k) => /:(Make|Model|Serial)/.test(k)).join(' '));
  const w = tags['File:ImageWidth'], h = tags['File:ImageHeight'];
  check(name + ': width and height at most 1600 (' + w + ' x ' + h + ')', w > 0 && h > 0 && w <= 1600 && h <= 1600);
  return { w, h };
}

/** Waits until the wall of a page shows these photos. */
function loaded(page, ids) {
  return page.waitForFunction((ids) => ids.every((id) => document.querySelector(`[data-testid="photo-tile-${id}"] img`)?.getAttribute('data-state') === 'loaded'), ids);
}

/** GET a photo with a key over plain HTTP (no Origin, as a projector or another client). */
async function getPhoto(code, id, key) {
  const headers = key ? { Authorization: 'Bearer ' + key } : {};
  const r = await fetch(BASE + '/photos/' + code + '/' + id, { headers });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type'), cache: r.headers.get('cache-control'), body };
}

/** Drops every record of an expected problem of the page (one the test itself caused). */
function dropProblems(list, re) {
  for (let i = list.length - 1; i >= 0; i--) if (re.test(list[i])) list.splice(i, 1);
}

/** Expected problems of the page (the typed error, a cut-off reply) taken out of the page-wide records, once each. */
function expectProblem(list, re, what) {
  const i = list.findIndex((x) => re.test(x));
  if (i >= 0) list.splice(i, 1);
  return check(what, i >= 0, list.join(' | '));
}

// ------------------------------------------------------------------ the scenario
async function photoFlow() {
  const { camera, renamed, bytes } = await makePhotos();

  const fac = new Facilitator();
  await fac.connect();
  const welcomeP = fac.waitFor((m) => m.type === 'welcome', 'facilitator welcome');
  const created = await fac.request({ type: 'create_session', protocol_version: 1, template: 'foto-opdracht' }, 'create_session foto-opdracht');
  const welcome = fac.welcome || await welcomeP;
  const code = created.join_code;
  const secret = created.facilitator_secret;
  const step = welcome.session.steps.find((s) => s.id === STEP);
  check('foto-opdracht has the photo step "fotos"', step && step.kind === 'photo', JSON.stringify(step && { id: step.id, kind: step.kind }));
  const cats = (step && step.categories || []).map((c) => c.id);
  check('with the categories uitnodigend and drempel', cats.includes('uitnodigend') && cats.includes('drempel'), cats.join(','));
  const rules = welcome.rules && welcome.rules.photos;
  check('welcome.rules.photos: max_side 1600, quality, max_bytes', rules && rules.max_side === 1600 && rules.quality > 0 && rules.max_bytes > 0, JSON.stringify(rules));
  const maxPhotos = step.max_photos;

  const phone = await joinPhone(code);
  const other = await joinPhone(code);
  // Every photo GET of each phone, by photo id: each photo is fetched once per page life.
  const gets = { phone: new Map(), other: new Map() };
  const countGets = (name, page) => page.on('request', (r) => {
    const m = new RegExp('/photos/' + code + '/([^/?#]+)$').exec(r.url());
    if (m && r.method() === 'GET') gets[name].set(m[1], (gets[name].get(m[1]) || 0) + 1);
  });
  countGets('phone', phone);
  countGets('other', other);

  await fac.control('open', STEP);
  await phone.waitForSelector(tid('photo-take'), { state: 'visible' });
  check('phone: take a photo, or choose one', (await text(phone, tid('photo-take'))).endsWith('Neem een foto') && (await text(phone, tid('photo-choose'))).endsWith('Kies een foto'),
    (await text(phone, tid('photo-take'))) + ' / ' + (await text(phone, tid('photo-choose'))));
  const input = await phone.$(tid('photo-input'));
  check('phone: the file input takes images, the camera at the back',
    (await input.getAttribute('accept')) === 'image/*' && (await input.getAttribute('capture')) === 'environment');
  const gallery = await phone.$(tid('photo-input-file'));
  check('phone: … and one for the photos the phone has', (await gallery.getAttribute('accept')) === 'image/*' && (await gallery.getAttribute('capture')) === null);
  check('phone: says how many photos may be sent', (await text(phone, tid('photo-left'))) === `Je kunt nog ${maxPhotos} foto’s sturen.`, await text(phone, tid('photo-left')));
  check('phone: no photos of its own yet', (await text(phone, tid('photo-mine'))).includes('Je stuurde nog geen foto’s.'));
  await shot(phone, 'photo-step');
  await checkAxe(phone, 'photo step open');

  // ---- the camera photo: chosen, caption, category, sent; the first reply is cut off
  await phone.setInputFiles(tid('photo-input'), camera);
  await phone.waitForSelector(tid('photo-preview'), { state: 'visible' });
  await phone.waitForFunction(() => document.querySelector('[data-testid="photo-preview"]').naturalWidth > 0);
  check('phone: the chosen photo shows before sending', true);
  const consent = await text(phone, tid('photo-consent'));
  check('phone: a calm reminder about recognisable children and parents', /kinderen of ouders/.test(consent) && /toestemming/.test(consent), consent);
  const caption = await phone.$(tid('photo-caption'));
  check('phone: the caption is limited to the step\'s max_length', (await caption.getAttribute('maxlength')) === String(step.max_length));

  let posts = 0;
  phone.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/photos/' + code)) posts++; });
  await phone.click(tid('photo-send'));
  await phone.waitForSelector(tid('photo-need-category'), { state: 'visible' });
  check('phone: the category is asked for first, nothing sent', (await text(phone, tid('photo-need-category'))) === 'Kies eerst wat je foto toont.' && posts === 0);
  await checkAxe(phone, 'photo chosen, its category asked for');

  const CAPTION = 'De inkom met de kinderwagens 👶';
  await phone.fill(tid('photo-caption'), CAPTION);
  await phone.click(tid('photo-category-drempel'));
  const sent = [];
  let heldState = null;
  let firstStatus = 0;
  await phone.route('**/photos/' + code, async (route) => {
    const req = route.request();
    const h = req.headers();
    sent.push({ key: h['kring-upload'], type: h['content-type'], caption: h['kring-caption'], category: h['kring-category'], body: req.postDataBuffer() });
    if (sent.length > 1) { await route.continue(); return; }
    // While the first attempt is on its way: its progress shows, and nothing else can be sent.
    heldState = await phone.evaluate(() => ({
      phase: document.querySelector('[data-testid="photo-card"]').getAttribute('data-phase'),
      progress: !document.querySelector('[data-testid="photo-progress"]').closest('[hidden]'),
      pickDisabled: document.querySelector('[data-testid="photo-take"]').disabled && document.querySelector('[data-testid="photo-choose"]').disabled,
      sendDisabled: document.querySelector('[data-testid="photo-send"]').disabled,
    }));
    // The server gets it and keeps the photo; the phone never hears the reply.
    const resp = await route.fetch();
    firstStatus = resp.status();
    await route.abort('connectionreset');
  });
  await phone.click(tid('photo-send'));
  const retryWords = await (await phone.waitForFunction(() => {
    const n = document.querySelector('[data-testid="photo-progress-text"]');
    return n && /opnieuw/.test(n.textContent) ? n.textContent : null;
  }, null, { timeout: T, polling: 20 })).jsonValue();
  check('phone: while sending, a progress bar shows and no other photo can start', heldState && heldState.phase === 'sending' && heldState.progress &&
    heldState.pickDisabled && heldState.sendDisabled, JSON.stringify(heldState));
  check('the first attempt reached the server (201)', firstStatus === 201, firstStatus);
  check('phone: a cut-off reply is tried again, in words', /Geen verbinding\. We proberen het opnieuw \(2 van \d\)/.test(retryWords), retryWords);
  await phone.waitForSelector(tid('photo-sent'), { state: 'visible', timeout: 15000 });
  await phone.unroute('**/photos/' + code);
  check('phone: the upload completes ("Je foto is verstuurd")', (await text(phone, tid('photo-sent'))).startsWith('Je foto is verstuurd'));
  check('the retry sent the same Kring-Upload key', sent.length === 2 && sent[0].key === sent[1].key && /^[0-9a-f]{32}$/.test(sent[0].key),
    JSON.stringify(sent.map((s) => s.key)));
  check('the caption went percent-encoded, the category with it', sent[0].caption === encodeURIComponent(CAPTION) && sent[0].category === 'drempel',
    sent[0].caption + ' ' + sent[0].category);
  const body = sent[0].body;
  check('the page sent a JPEG it scaled down (image/jpeg)', sent[0].type === 'image/jpeg' && body && body[0] === 0xFF && body[1] === 0xD8);
  if (body && exiftoolOk) {
    writeFileSync(join(work, 'sent.jpg'), body);
    const tags = exif(join(work, 'sent.jpg'));
    check('the page scaled it to 1600 x 1200 before sending', tags['File:ImageWidth'] === 1600 && tags['File:ImageHeight'] === 1200,
      tags['File:ImageWidth'] + ' x ' + tags['File:ImageHeight']);
    check('the GPS position never left the phone', gpsTags(tags).length === 0 && makerTags(tags).length === 0, Object.keys(tags).join(' '));
  }
  dropProblems(consoleErrors, /ERR_CONNECTION_RESET|ERR_FAILED/); // the cut-off reply

  await fac.waitForView((v) => (fac.result(STEP)?.photos || []).length >= 1, 'the facilitator sees the photo');
  await sleep(600); // a second photo would show by now
  const facPhotos = fac.result(STEP).photos;
  check('one photo on the server, not two', facPhotos.length === 1, JSON.stringify(facPhotos));
  const p1 = facPhotos[0];
  check('the facilitator sees it pending, with its caption and category', p1.status === 'pending' && p1.caption === CAPTION && p1.category === 'drempel',
    JSON.stringify(p1));
  check('stored at 1600 x 1200', p1.width === 1600 && p1.height === 1200, p1.width + ' x ' + p1.height);
  await phone.waitForSelector(tid('photo-mine-' + p1.id), { state: 'visible' });
  check('phone: its own photo, "wacht op goedkeuring"', (await phone.getAttribute(tid('photo-mine-' + p1.id), 'data-status')) === 'pending' &&
    (await text(phone, tid('photo-status-' + p1.id))) === 'wacht op goedkeuring');
  check('phone: one photo fewer may follow', (await text(phone, tid('photo-left'))) === (maxPhotos - 1 === 1 ? 'Je kunt nog 1 foto sturen.' : `Je kunt nog ${maxPhotos - 1} foto’s sturen.`),
    await text(phone, tid('photo-left')));
  check('phone: the status bar counts it', (await text(phone, tid('step-status'))) === '1 foto verstuurd', await text(phone, tid('step-status')));
  await phone.waitForFunction((id) => document.querySelector(`[data-testid="photo-mine-${id}"] img`)?.getAttribute('data-state') === 'loaded', p1.id);
  check('phone: its own photo shows without fetching it (the page has it)', !gets.phone.has(p1.id), JSON.stringify([...gets.phone]));
  await shot(phone, 'photo-sent');

  // ---- a PNG named .jpg: the typed error in words
  await phone.setInputFiles(tid('photo-input'), renamed);
  await phone.waitForSelector(tid('photo-preview'), { state: 'visible' });
  await phone.click(tid('photo-category-uitnodigend'));
  await phone.click(tid('photo-send'));
  await phone.waitForSelector(tid('photo-error'), { state: 'visible' });
  check('phone: a PNG named .jpg is photo_type_mismatch', (await phone.getAttribute(tid('photo-error'), 'data-code')) === 'photo_type_mismatch',
    await phone.getAttribute(tid('photo-error'), 'data-code'));
  check('phone: … said in Dutch', (await text(phone, tid('photo-error'))).includes('niet wat zijn naam zegt'), await text(phone, tid('photo-error')));
  check('phone: … sending it again is not offered, another photo is', !(await phone.isVisible(tid('photo-send'))) && !(await phone.isVisible(tid('photo-retry'))) &&
    (await phone.isEnabled(tid('photo-choose'))));
  await shot(phone, 'photo-type-mismatch');
  await checkAxe(phone, 'photo refused in words');
  await phone.click(tid('lang-en'));
  await phone.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
  check('phone EN: … and in English', (await text(phone, tid('photo-error'))).includes('not what its name says'), await text(phone, tid('photo-error')));
  const en = await text(phone, tid('photo-card')) + ' ' + await text(phone, tid('photo-mine'));
  check('phone EN: the photo step in English', en.includes('Choose a photo') && en.includes('waiting for approval') && en.includes('Your photos (1)'), en.slice(0, 300));
  check('phone EN: no Dutch left', !/Kies een foto|Neem een|wacht op|Jouw foto|Onderschrift|toestemming/.test(en), en.slice(0, 300));
  await phone.click(tid('lang-nl'));
  await phone.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
  expectProblem(badResponses, new RegExp('^415 .*/photos/' + code + '$'), 'the 415 is the page\'s only refused request');
  expectProblem(consoleErrors, /status of 415/, 'the 415 is logged once by the browser');
  await phone.click(tid('photo-discard'));

  // ---- a participant sends the camera JPEG as it is, over plain HTTP
  const bot = await new Bot().join(code);
  const botToken = bot.welcome.resume_token;
  const post = (key) => fetch(BASE + '/photos/' + code, {
    method: 'POST', body: bytes,
    headers: { Authorization: 'Bearer ' + botToken, 'Content-Type': 'image/jpeg', 'Kring-Step': STEP, 'Kring-Upload': key,
      'Kring-Caption': encodeURIComponent('Een bank in de zon'), 'Kring-Category': 'uitnodigend' },
  });
  const r1 = await post('bot-photo-0001');
  const j1 = await r1.json();
  check('HTTP: the camera JPEG as it is: 201, scaled to 1600', r1.status === 201 && j1.type === 'photo' && j1.width === 1600 && j1.height === 1200 && j1.status === 'pending',
    r1.status + ' ' + JSON.stringify(j1));
  const r2 = await post('bot-photo-0001');
  const j2 = await r2.json();
  check('HTTP: the same key again is the same photo (200)', r2.status === 200 && j2.id === j1.id, r2.status + ' ' + JSON.stringify(j2));
  const p2 = j1.id;

  // ---- revealed, not approved: nobody but the facilitator and the sender sees the photos
  await fac.control('reveal', STEP);
  await other.waitForSelector(tid('photo-wall'), { state: 'visible' });
  check('other phone: the wall is empty before approval', (await other.getAttribute(tid('photo-wall'), 'data-count')) === '0' &&
    (await other.isVisible(tid('photo-wall-empty'))));
  const proj = new Peer();
  await proj.connect();
  const pw = await proj.request({ type: 'join', protocol_version: 1, code, role: 'projector' }, 'projector join');
  const projKey = pw.photo_key;
  check('the projector gets a photo_key', typeof projKey === 'string' && projKey.length >= 16, JSON.stringify(Object.keys(pw)));
  const otherToken = await other.evaluate((c) => localStorage.getItem('kring.token.' + c), code);
  const phoneToken = await phone.evaluate((c) => localStorage.getItem('kring.token.' + c), code);
  for (const [id, name] of [[p1.id, 'the phone\'s photo'], [p2, 'the HTTP photo']]) {
    check(`pending ${name}: another phone gets 404`, (await getPhoto(code, id, otherToken)).status === 404);
    check(`pending ${name}: the projector gets 404`, (await getPhoto(code, id, projKey)).status === 404);
    check(`pending ${name}: without a key 401`, (await getPhoto(code, id, '')).status === 401);
    const f = await getPhoto(code, id, secret);
    check(`pending ${name}: the facilitator gets it (image/jpeg, private, no-store)`, f.status === 200 && f.type === 'image/jpeg' && /no-store/.test(f.cache || ''),
      f.status + ' ' + f.type + ' ' + f.cache);
  }
  check('the sender gets its own pending photo', (await getPhoto(code, p1.id, phoneToken)).status === 200);
  check('a sender does not get another\'s pending photo', (await getPhoto(code, p2, phoneToken)).status === 404);
  check('projector: its view shows no photo yet', !(proj.view?.results || []).some((r) => r.step === STEP && (r.photos || []).length));

  // ---- approved: the wall
  await fac.request({ type: 'control', action: 'approve_photo', step: STEP, card: p1.id }, 'approve_photo');
  await fac.request({ type: 'control', action: 'approve_photo', step: STEP, card: p2 }, 'approve_photo 2');
  check('approved: the projector gets the photo', (await getPhoto(code, p1.id, projKey)).status === 200);
  check('approved: another phone gets it', (await getPhoto(code, p1.id, otherToken)).status === 200);
  await other.waitForSelector(tid('photo-tile-' + p1.id), { state: 'visible' });
  await other.waitForSelector(tid('photo-tile-' + p2), { state: 'visible' });
  // The photos are fetched as they come near the screen (the wall is below the step's form).
  await other.locator(tid('photo-wall')).scrollIntoViewIfNeeded();
  await loaded(other, [p1.id, p2]);
  check('other phone: the wall shows both approved photos', (await other.getAttribute(tid('photo-wall'), 'data-count')) === '2');
  const src = await other.getAttribute(`${tid('photo-tile-' + p1.id)} img`, 'src');
  check('other phone: shown through a blob: address', /^blob:/.test(src || ''), src);
  check('other phone: by category, with the caption', (await other.isVisible(tid('photo-group-drempel'))) && (await other.isVisible(tid('photo-group-uitnodigend'))) &&
    (await text(other, tid('photo-tile-' + p1.id))).includes(CAPTION));
  await phone.waitForFunction((id) => document.querySelector(`[data-testid="photo-mine-${id}"]`)?.getAttribute('data-status') === 'approved', p1.id);
  check('phone: its own photo is now "goedgekeurd"', (await text(phone, tid('photo-status-' + p1.id))) === 'goedgekeurd');

  // ---- the step closes: the wall alone, nothing fetched again
  await fac.control('close', STEP);
  await other.waitForSelector(`${tid('results')}[data-kind="photo"]`, { state: 'visible' });
  await loaded(other, [p1.id, p2]);
  await phone.waitForSelector(`${tid('results')}[data-kind="photo"]`, { state: 'visible' });
  await loaded(phone, [p1.id, p2]);
  await fac.control('set_lang', '', { lang: 'en' }); // another view, the same photos
  await sleep(700);
  check('other phone: each photo fetched once', gets.other.get(p1.id) === 1 && gets.other.get(p2) === 1, JSON.stringify([...gets.other]));
  check('phone: fetched only the photo it did not send, once', !gets.phone.has(p1.id) && gets.phone.get(p2) === 1, JSON.stringify([...gets.phone]));

  await other.evaluate(() => window.scrollTo(0, 0));
  await other.waitForTimeout(200);
  await other.locator(tid('photo-wall')).scrollIntoViewIfNeeded();
  await other.screenshot({ path: join(SHOTS, 'photo-wall.png') });
  await shot(other, 'photo-wall-full');
  await checkAxe(other, 'the photo wall');
  await other.click(tid('photo-open-' + p1.id));
  await other.waitForSelector(tid('photo-viewer'), { state: 'visible' });
  await other.waitForFunction(() => document.querySelector('[data-testid="photo-viewer-img"]').naturalWidth > 0);
  check('other phone: a tap shows the photo large with its caption', (await text(other, tid('photo-viewer-caption'))) === CAPTION &&
    (await text(other, tid('photo-viewer-category'))) === 'Drempel', await text(other, tid('photo-viewer')));
  const large = await other.$eval(tid('photo-viewer-img'), (i) => ({ w: i.getBoundingClientRect().width, vw: window.innerWidth }));
  check('other phone: large: about the width of the phone', large.w >= large.vw * 0.8, JSON.stringify(large));
  await other.screenshot({ path: join(SHOTS, 'photo-viewer.png') });
  await checkAxe(other, 'one photo large');
  // The wall by category in the step's order: uitnodigend (the HTTP photo) before drempel.
  check('other phone: the viewer says where it is', (await text(other, tid('photo-viewer'))).includes('Foto 2 van 2') && await other.isDisabled(tid('photo-viewer-next')));
  await other.click(tid('photo-viewer-prev'));
  await other.waitForFunction((id) => document.querySelector('[data-testid="photo-viewer-img"]').getAttribute('data-photo-id') === id, p2);
  check('other phone: the previous photo in the viewer', (await text(other, tid('photo-viewer-caption'))) === 'Een bank in de zon');
  await other.keyboard.press('Escape');
  await other.waitForSelector(tid('photo-viewer'), { state: 'hidden' });
  check('other phone: Esc closes it, the focus back on the photo', await other.evaluate((id) => document.activeElement?.getAttribute('data-testid') === 'photo-open-' + id, p1.id));

  // ---- another step: the wall's blob: addresses are let go; back to the wall: shown again, not fetched again
  const shownSrc = await other.getAttribute(`${tid('photo-tile-' + p1.id)} img`, 'src');
  await fac.control('open', 'uitnodigend');
  await other.waitForSelector(tid('photo-wall'), { state: 'detached' });
  await sleep(100);
  const alive = (page, url) => page.evaluate((u) => new Promise((resolve) => {
    const i = new Image();
    i.onload = () => resolve(true);
    i.onerror = () => resolve(false);
    i.src = u;
  }), url);
  check('other phone: the wall gone, its blob: address is let go', !(await alive(other, shownSrc)), shownSrc);
  dropProblems(consoleErrors, /ERR_FILE_NOT_FOUND/);
  await fac.control('goto', STEP);
  await other.waitForSelector(tid('photo-tile-' + p1.id), { state: 'visible' });
  await loaded(other, [p1.id, p2]);
  const againSrc = await other.getAttribute(`${tid('photo-tile-' + p1.id)} img`, 'src');
  check('other phone: back on the wall, a new blob: address', /^blob:/.test(againSrc || '') && againSrc !== shownSrc && (await alive(other, againSrc)), againSrc);
  check('other phone: still each photo fetched once per page life', gets.other.get(p1.id) === 1 && gets.other.get(p2) === 1, JSON.stringify([...gets.other]));

  // ---- what is stored: pixels only
  const s1 = await getPhoto(code, p1.id, secret);
  const s2 = await getPhoto(code, p2, secret);
  checkStored('stored photo of the page', s1.body);
  checkStored('stored photo sent as it is over HTTP', s2.body);

  // ---- the session deleted: its photos with it
  const del = await fac.send({ type: 'delete_session', session: welcome.session.id }, 'delete_session');
  check('delete_session is acknowledged', del.type === 'ack', JSON.stringify(del));
  await phone.waitForSelector(tid('end-screen'), { state: 'visible' });
  for (const [id, name] of [[p1.id, 'the phone\'s photo'], [p2, 'the HTTP photo']]) {
    check(`deleted session: ${name} is 404 for the facilitator secret`, (await getPhoto(code, id, secret)).status === 404);
    check(`deleted session: ${name} is 404 for the projector`, (await getPhoto(code, id, projKey)).status === 404);
  }
  proj.close();
  bot.close();
  fac.close();
}

async function main() {
  console.log('Photos from a phone, against ' + BASE + ' (screenshots: ' + SHOTS + ')');
  await serverUp();
  try {
    await scenario('photos', photoFlow);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  checkPagesClean();
}

await finish(main);
