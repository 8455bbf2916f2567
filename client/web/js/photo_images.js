// The photos the page shows (the wall, the participant's own), fetched over HTTP with the
// participant's key in the Authorization header (docs/protocol.md, section 7: never in the
// address) and shown through blob: addresses (the page's CSP allows img-src blob:). Calm on
// weak Wi-Fi: each photo is fetched once per page life (a new view does not fetch the wall
// again), only when it comes near the screen, two at a time. A photo's blob: address is let go
// as soon as no <img> shows it any more, its bytes when it leaves what this phone may see
// (hidden or deleted by the facilitator) or the page leaves the session.
import { app } from './context.js';
import { photoPath, photoIdsOf, ownPhotos } from './photo.js';
import { arr } from './util.js';
import { KIND } from './kinds.js';

const PARALLEL = 2;      // photos fetched at the same time
const TRIES = 3;         // fetches of one photo per page life when they fail
const NEAR = '400px';    // a photo this close to the screen is fetched

/**
 * @typedef {object} Entry
 * @property {Blob | null} blob
 * @property {string} url     its blob: address while an <img> shows it
 * @property {'idle' | 'queued' | 'loading' | 'done' | 'failed'} state
 * @property {number} tries
 */

/** @type {Map<string, Entry>} */
const cache = new Map();
/** @type {string[]} */
const queue = [];
let owner = '';          // the session and key the photos belong to
let active = 0;
/** @type {IntersectionObserver | null} */
let near = null;
/** @type {MutationObserver | null} */
let sweeper = null;
let sweepSoon = false;
let uploading = false;   // a photo is on its way: the own photos wait (photo_send.js)

/**
 * A photo of this phone is on its way (or no longer). Meanwhile its own photos are not
 * fetched: the server's `mine` may name the photo before its reply reaches the page, which
 * then has its bytes already (putPhoto).
 * @param {boolean} on
 */
export function setUploading(on) {
  uploading = on;
  if (!on) pump();
}

/** A new session or participant: the photos of the last one are let go. */
function checkOwner() {
  const o = app.room.S.code + '|' + app.room.photoToken();
  if (o === owner) return;
  for (const e of cache.values()) if (e.url) URL.revokeObjectURL(e.url);
  cache.clear();
  queue.length = 0;
  owner = o;
}

/** @param {string} id @returns {Entry} */
function entry(id) {
  let e = cache.get(id);
  if (!e) { e = { blob: null, url: '', state: 'idle', tries: 0 }; cache.set(id, e); }
  return e;
}

/** The phone has this photo already (it just sent it): it is never fetched. @param {string} id @param {Blob} blob */
export function putPhoto(id, blob) {
  checkOwner();
  const e = entry(id);
  if (e.url) URL.revokeObjectURL(e.url);
  e.url = '';
  e.blob = blob;
  e.state = 'done';
  paintAll(id);
}

/**
 * Shows photo `id` in `img` (its data-state says loading, loaded or failed): at once when the
 * page has it, else once it comes near the screen and is fetched.
 * @param {HTMLImageElement} img
 * @param {string} id
 */
export function showPhoto(img, id) {
  checkOwner();
  watchSweep();
  img.setAttribute('data-photo-id', id);
  const e = entry(id);
  if (e.state === 'done') { paint(img, e); return; }
  if (e.state === 'failed' && e.tries < TRIES) e.state = 'idle';
  img.setAttribute('data-state', e.state === 'failed' ? 'failed' : 'loading');
  if (e.state !== 'idle') return;
  if (typeof IntersectionObserver !== 'function') { enqueue(id); return; }
  if (!near) {
    near = new IntersectionObserver((seen) => {
      for (const s of seen) {
        if (!s.isIntersecting) continue;
        near.unobserve(s.target);
        const pid = s.target.getAttribute('data-photo-id');
        if (pid && cache.has(pid) && entry(pid).state === 'idle') enqueue(pid);
      }
    }, { rootMargin: NEAR });
  }
  near.observe(img);
}

/**
 * Shows photo `id` in `img` as showPhoto does, with `words` (its alt text) in its place until
 * its bytes arrive, or when they do not: never the browser's sign of a broken image. The words
 * lie over the img's box (style.css: .photo-wait), so its parent is positioned; the img keeps
 * its size meanwhile, nothing moves when it loads.
 * @param {HTMLImageElement} img
 * @param {string} id
 * @param {string} words
 * @returns {HTMLElement} the words, to be put next to the img
 */
export function showPhotoOrWords(img, id, words) {
  img.classList.add('photo-img'); // not drawn without an address (style.css)
  const wait = document.createElement('span');
  wait.className = 'photo-wait';
  // Not hidden from screen readers: an img not drawn is not read, its alt neither; these
  // words name it meanwhile, and are gone (display: none) once the img is drawn.
  wait.textContent = words;
  wait.style.display = 'flex';
  img.addEventListener('load', () => { wait.style.display = 'none'; });
  showPhoto(img, id);
  return wait;
}

/** @param {string} id */
function enqueue(id) {
  entry(id).state = 'queued';
  queue.push(id);
  pump();
}

function pump() {
  const own = uploading ? ownIds() : null;
  const waiting = [];
  while (active < PARALLEL && queue.length) {
    const id = queue.shift();
    const e = cache.get(id);
    if (!e || e.state !== 'queued') continue;
    if (own && own.has(id)) { waiting.push(id); continue; }
    load(id, e);
  }
  queue.unshift(...waiting);
}

/** @param {string} id @param {Entry} e */
function load(id, e) {
  const mine = owner;
  e.state = 'loading';
  active++;
  window.fetch(photoPath(app.room.S.code, id), {
    headers: { Authorization: 'Bearer ' + app.room.photoToken() }, cache: 'no-store', credentials: 'omit',
  })
    .then((r) => (r.ok ? r.blob() : Promise.reject(new Error('HTTP ' + r.status))))
    .then((blob) => {
      if (owner !== mine) return;
      e.blob = blob;
      e.state = 'done';
    })
    .catch(() => {
      if (owner !== mine) return;
      e.state = 'failed';
      e.tries++;
    })
    .finally(() => {
      active--;
      if (owner === mine) paintAll(id);
      pump();
    });
}

/** @param {HTMLImageElement} img @param {Entry} e */
function paint(img, e) {
  if (!e.blob) return;
  if (!e.url) e.url = URL.createObjectURL(e.blob);
  if (img.getAttribute('src') !== e.url) img.src = e.url;
  img.setAttribute('data-state', 'loaded');
}

/** Every <img> that shows photo `id`. @param {string} id */
function paintAll(id) {
  const e = cache.get(id);
  if (!e) return;
  for (const img of document.querySelectorAll('img[data-photo-id]')) {
    if (img.getAttribute('data-photo-id') !== id) continue;
    if (e.state === 'done') paint(/** @type {HTMLImageElement} */ (img), e);
    else if (e.state === 'failed') img.setAttribute('data-state', 'failed');
  }
}

// ---------------------------------------------------------------- letting go
function watchSweep() {
  if (sweeper || typeof MutationObserver !== 'function') return;
  sweeper = new MutationObserver(() => {
    if (sweepSoon) return;
    sweepSoon = true;
    setTimeout(() => { sweepSoon = false; sweep(); }, 0);
  });
  sweeper.observe(document.body, { childList: true, subtree: true });
}

/** The participant's own photos, of every photo step. */
function ownIds() {
  const { S } = app.room;
  const ids = new Set();
  for (const step of arr(S.welcome && S.welcome.session && S.welcome.session.steps)) {
    if (!step || step.kind !== KIND.photo) continue;
    const l = app.room.answerOf(step.id, '');
    for (const p of ownPhotos(l ? l.value : null)) ids.add(p.id);
  }
  return ids;
}

/** The photos this phone may still see: in its view's results, and its own. */
function keptIds() {
  const ids = photoIdsOf(app.room.S.view);
  for (const id of ownIds()) ids.add(id);
  return ids;
}

/** Lets go of the blob: addresses no <img> shows, and of the photos this phone no longer sees. */
export function sweep() {
  checkOwner();
  const shown = new Set();
  for (const img of document.querySelectorAll('img[data-photo-id]')) shown.add(img.getAttribute('data-photo-id'));
  const keep = keptIds();
  for (const [id, e] of cache) {
    if (e.url && !shown.has(id)) { URL.revokeObjectURL(e.url); e.url = ''; }
    if (!shown.has(id) && !keep.has(id)) cache.delete(id);
  }
}

