// Sending a photo (docs/protocol.md, section 7): the photo a participant chose, made ready
// (scaled down in a canvas to the server's max_side, as a JPEG of its quality) and sent over
// HTTP with XMLHttpRequest, so that its progress shows. One key per chosen photo (Kring-Upload):
// a retry after a dropped connection sends the same key (so does the same photo chosen again
// after a reload), and the server answers with the photo it already made, never a second one.
// One upload at a time. What each photo step is doing is
// kept here (per session and step), so that a screen built again (another language, a new
// view) shows it as it is.
import { app } from './context.js';
import { photoRules, newUploadKey, isUploadKey, scaledSize, scaleSteps, sendAsIs, jpegOrientation, uploadPath, uploadHeaders,
  readReply, retryDelay, cutCaption, oneLine, photoStep, UPLOAD_TRIES, SCALED_TYPE } from './photo.js';
import { putPhoto, setUploading } from './photo_images.js';

/** No progress and no reply this long: the connection is taken as gone (weak Wi-Fi). */
const STALL_MS = 45000;
/** The first bytes of a photo read for its EXIF orientation. */
const HEAD_BYTES = 128 * 1024;

/**
 * What one photo step is doing.
 * @typedef {object} Draft
 * @property {string} code
 * @property {string} step
 * @property {'empty' | 'preparing' | 'ready' | 'sending' | 'waiting' | 'failed'} phase
 * @property {Blob | null} blob      what is sent: the photo as chosen, or scaled
 * @property {string} type          its Content-Type
 * @property {string} preview       object URL of blob, for the preview
 * @property {string} key           the Kring-Upload key of this photo
 * @property {string} caption
 * @property {string} category
 * @property {number} loaded        bytes sent of the current attempt
 * @property {number} total
 * @property {number} attempt       attempts made of the current send (1..UPLOAD_TRIES)
 * @property {string} error         error code shown ('' none)
 * @property {boolean} retryable    the error is one a retry may cure (the retry button shows)
 * @property {boolean} needCategory the person tried to send without a category
 * @property {boolean} sent         the last photo arrived (the words that say so show)
 * @property {number} pick          counts chosen photos (a late preparation of an older one is dropped)
 * @property {XMLHttpRequest | null} xhr
 * @property {any} timer
 */

/** @type {Map<string, Draft>} */
const drafts = new Map();
/** @type {Array<() => void>} */
const listeners = [];

/** Calls `fn` whenever a photo step's state changes (progress, reply, error). @param {() => void} fn */
export function onDraftChange(fn) { listeners.push(fn); }
function changed() { for (const fn of listeners) fn(); }

/** The state of a photo step of the session the page is in. @param {string} step @returns {Draft} */
export function draftOf(step) {
  const code = app.room.S.code;
  const id = code + '|' + step;
  let d = drafts.get(id);
  if (!d) {
    d = { code, step, phase: 'empty', blob: null, type: '', preview: '', key: '', caption: '', category: '', loaded: 0, total: 0,
      attempt: 0, error: '', retryable: false, needCategory: false, sent: false, pick: 0, xhr: null, timer: 0 };
    drafts.set(id, d);
  }
  return d;
}

// ---- the key of a photo, kept for this tab: the same photo chosen again after a reload (a
// reply lost with the page) gets the same key, so the server answers with the photo it has.
const KEYS_MAX = 40;
const keysName = (code) => 'kring.photokeys.' + code;
/** @param {File} f */
const fingerprint = (f) => [f.name, f.size, f.lastModified, f.type].join('|');

/** The Kring-Upload key of this photo in this session: the one it had, or a new one. @param {string} code @param {File} file */
function keyFor(code, file) {
  let keys = {};
  try { keys = JSON.parse(sessionStorage.getItem(keysName(code)) || '{}') || {}; } catch (e) { keys = {}; }
  const fp = fingerprint(file);
  if (typeof keys[fp] === 'string' && isUploadKey(keys[fp])) return keys[fp];
  const key = newUploadKey((b) => crypto.getRandomValues(b));
  const kept = Object.entries(keys).slice(-(KEYS_MAX - 1));
  kept.push([fp, key]);
  try { sessionStorage.setItem(keysName(code), JSON.stringify(Object.fromEntries(kept))); } catch (e) { /* private mode: this page's life only */ }
  return key;
}

/** Whether a photo is on its way now (one at a time, over every step). */
export const sending = () => [...drafts.values()].some((d) => d.phase === 'sending' || d.phase === 'waiting');

function clearPreview(d) {
  if (d.preview) { try { URL.revokeObjectURL(d.preview); } catch (e) { /* ignore */ } }
  d.preview = '';
}

/** Forgets the chosen photo (not its caption and category: they were typed for the step). @param {Draft} d */
function reset(d) {
  clearPreview(d);
  d.phase = 'empty';
  d.blob = null;
  d.type = '';
  d.key = '';
  d.loaded = 0;
  d.total = 0;
  d.attempt = 0;
  d.error = '';
  d.retryable = false;
  d.needCategory = false;
}

/** The person does not send the chosen photo after all. @param {string} step */
export function discard(step) {
  const d = draftOf(step);
  if (d.phase === 'sending' || d.phase === 'waiting') return;
  reset(d);
  d.sent = false;
  changed();
}

/** @param {string} step @param {string} text */
export function setCaption(step, text) {
  const d = draftOf(step);
  d.caption = cutCaption(text, photoStep(app.room.stepById(step)).maxLength);
  if (d.error === 'text_too_long') { d.error = ''; changed(); }
}

/** @param {string} step @param {string} id */
export function setCategory(step, id) {
  const d = draftOf(step);
  d.category = id;
  d.needCategory = false;
  if (d.error === 'bad_value') d.error = '';
  changed();
}

// ---------------------------------------------------------------- choosing and preparing
/**
 * A photo was chosen (or taken): a new key, and the photo made ready to send. A photo within
 * every limit goes as it is; any other is scaled in a canvas to the server's max_side and
 * encoded as a JPEG of the server's quality (its EXIF, GPS position included, stays on the phone).
 * One the browser cannot read goes as it is, so that the server says what is wrong with it.
 * @param {string} step
 * @param {File} file
 */
export async function choose(step, file) {
  const d = draftOf(step);
  if (d.phase === 'sending' || d.phase === 'waiting' || !file) return;
  reset(d);
  d.sent = false;
  d.phase = 'preparing';
  d.key = keyFor(d.code, file);
  const pick = ++d.pick;
  changed();
  const limits = photoRules(app.room.S.rules);
  let ready;
  try {
    ready = await prepare(file, limits);
  } catch (e) {
    ready = { blob: file, type: file.type || 'application/octet-stream' };
  }
  if (d.pick !== pick || d.phase !== 'preparing') return; // another photo was chosen meanwhile
  if (limits && ready.blob.size > limits.max_bytes) {
    reset(d);
    d.error = 'photo_too_large';
    changed();
    return;
  }
  d.blob = ready.blob;
  d.type = ready.type;
  d.preview = URL.createObjectURL(ready.blob);
  d.phase = 'ready';
  changed();
}

/** Reads a photo's pixels (upright, as the phone shows it): an ImageBitmap or an <img>. */
async function decode(file) {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { src: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch (e) { /* below */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { src: img, width: img.naturalWidth, height: img.naturalHeight, close: () => {} };
  } finally {
    // The pixels are decoded; the <img> keeps them without its address.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

async function prepare(file, limits) {
  let pic;
  try { pic = await decode(file); } catch (e) { pic = null; }
  // Not readable here (HEIC in some browsers, a broken file): sent as it is; the server says why not.
  if (!pic || !(pic.width > 0 && pic.height > 0) || !limits) {
    if (pic) pic.close();
    return { blob: file, type: file.type || 'application/octet-stream' };
  }
  try {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    // A turned photo (EXIF orientation) is drawn upright below: a server that keeps pixels only
    // would show it on its side.
    const orientation = jpegOrientation(head);
    if (sendAsIs({ type: file.type, size: file.size, width: pic.width, height: pic.height, orientation }, limits)) {
      return { blob: file, type: file.type };
    }
    const to = scaledSize(pic.width, pic.height, limits.max_side);
    let src = pic.src, w = pic.width, h = pic.height;
    for (const s of scaleSteps({ width: w, height: h }, to)) {
      const c = document.createElement('canvas');
      c.width = s.width;
      c.height = s.height;
      const g = c.getContext('2d');
      g.imageSmoothingEnabled = true;
      g.imageSmoothingQuality = 'high';
      // A photo with transparent parts (a PNG) gets white behind them, as a JPEG has no transparency.
      g.fillStyle = '#fff';
      g.fillRect(0, 0, s.width, s.height);
      g.drawImage(src, 0, 0, w, h, 0, 0, s.width, s.height);
      src = c; w = s.width; h = s.height;
    }
    const blob = await new Promise((resolve) => src.toBlob(resolve, SCALED_TYPE, Math.min(1, Math.max(0.1, limits.quality / 100))));
    if (!blob) return { blob: file, type: file.type || 'application/octet-stream' };
    return { blob, type: SCALED_TYPE };
  } finally {
    pic.close();
  }
}

// ---------------------------------------------------------------- sending
/**
 * Sends the chosen photo of a step (the send button). A step with categories needs one first.
 * @param {string} step
 */
export function send(step) {
  const d = draftOf(step);
  if (d.phase !== 'ready' && d.phase !== 'failed') return;
  if (!d.blob) return;
  if (sending()) { d.error = 'photo_busy'; d.retryable = false; changed(); return; }
  const st = photoStep(app.room.stepById(step));
  if (st.categories.length && !st.categories.some((c) => c.id === d.category)) { d.needCategory = true; changed(); return; }
  d.attempt = 0;
  attempt(d);
}

/** One attempt of sending the photo, with its key; a failure a retry may cure tries again after the back-off. @param {Draft} d */
function attempt(d) {
  const room = app.room;
  setUploading(true);
  d.attempt++;
  d.phase = 'sending';
  d.error = '';
  d.retryable = false;
  d.needCategory = false;
  d.loaded = 0;
  d.total = d.blob ? d.blob.size : 0;
  changed();
  const xhr = new XMLHttpRequest();
  d.xhr = xhr;
  let done = false;
  const finish = (status, text, retryAfter) => {
    if (done) return;
    done = true;
    clearTimeout(d.timer);
    d.xhr = null;
    replied(d, readReply(status, text, retryAfter));
  };
  const stall = () => {
    clearTimeout(d.timer);
    d.timer = setTimeout(() => { try { xhr.abort(); } catch (e) { /* ignore */ } finish(0, '', null); }, STALL_MS);
  };
  try {
    xhr.open('POST', uploadPath(d.code));
    for (const [name, value] of uploadHeaders({ token: room.photoToken(), type: d.type, step: d.step, key: d.key, caption: d.caption, category: d.category })) {
      xhr.setRequestHeader(name, value);
    }
  } catch (e) {
    finish(0, '', null);
    return;
  }
  xhr.upload.addEventListener('progress', (ev) => {
    if (ev.lengthComputable) { d.loaded = ev.loaded; d.total = ev.total; }
    stall();
    changed();
  });
  xhr.addEventListener('load', () => finish(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
  xhr.addEventListener('error', () => finish(0, '', null));
  xhr.addEventListener('abort', () => finish(0, '', null));
  xhr.addEventListener('timeout', () => finish(0, '', null));
  stall();
  xhr.send(d.blob);
}

/** @param {Draft} d @param {ReturnType<typeof readReply>} r */
function replied(d, r) {
  const room = app.room;
  if (r.ok) {
    const sentBlob = d.blob;
    // Still in that session: the photo is one of this participant's own now.
    if (room.S.code === d.code && room.S.welcome) {
      room.addOwnPhoto(d.step, { id: r.photo.id, caption: oneLine(d.caption), category: d.category, status: r.photo.status || 'pending' });
      // The phone has the photo already: the wall and its list never fetch it again.
      if (sentBlob) putPhoto(r.photo.id, sentBlob);
    }
    reset(d);
    d.caption = '';
    d.category = '';
    d.sent = true;
    setUploading(false);
    changed();
    return;
  }
  if (r.retry && d.attempt < UPLOAD_TRIES && room.S.rules) {
    d.phase = 'waiting';
    d.error = r.code;
    d.retryable = true;
    changed();
    d.timer = setTimeout(() => { if (d.phase === 'waiting') attempt(d); }, retryDelay(room.S.rules.reconnect, d.attempt, r.waitMs));
    return;
  }
  d.phase = 'failed';
  d.error = r.code;
  d.retryable = r.retry;
  setUploading(false);
  changed();
}

/** Tries again after the automatic tries gave up (the retry button): the same photo, the same key. @param {string} step */
export function retry(step) {
  const d = draftOf(step);
  if (d.phase !== 'failed' || !d.blob || sending()) return;
  d.attempt = 0;
  attempt(d);
}
