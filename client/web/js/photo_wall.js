// The wall of a photo step's result (docs/protocol.md, "results[] per kind"): the approved
// photos in a grid, by category when the step has categories. A tap shows one large with its
// caption, in a dialog over the page (previous and next, Esc or "Sluiten" closes). The dialog
// lives outside the step's screen, so a new view (more photos approved) does not close it.
import { app } from './context.js';
import { el, t, L, setText } from './dom.js';
import { optText } from './util.js';
import { wallPhotos, wallGroups, photoStep } from './photo.js';
import { showPhoto } from './photo_images.js';

/**
 * The wall of a photo step's result.
 * @param {any} step
 * @param {any} res
 */
export function buildWall(step, res) {
  const photos = wallPhotos(res);
  const groups = wallGroups(photos, photoStep(step).categories);
  const order = groups.flatMap((g) => g.photos);
  keepViewer(step.id, order);
  const box = el('div', { class: 'photo-wall', 'data-testid': 'photo-wall', 'data-count': String(photos.length) });
  box.appendChild(el('h2', { class: 'section-title' }, t('photoWallTitle', { n: photos.length })));
  if (!photos.length) {
    box.appendChild(el('p', { class: 'empty-note', 'data-testid': 'photo-wall-empty' }, t('photoWallNone')));
    return box;
  }
  box.appendChild(el('p', { class: 'results-order' }, t('photoWallHint')));
  for (const g of groups) {
    if (g.category) {
      box.appendChild(el('h3', { class: 'photo-group', 'data-testid': 'photo-group-' + g.category.id },
        L(g.category.text) + ' (' + g.photos.length + ')'));
    }
    const ul = el('ul', { class: 'photo-grid' });
    for (const p of g.photos) ul.appendChild(tile(step, p, order));
    box.appendChild(ul);
  }
  return box;
}

/** The words that name a photo: its caption, or that it has none. */
const nameOf = (p) => p.caption || t('photoAltNone');

function tile(step, p, order) {
  const li = el('li', { class: 'photo-tile', 'data-testid': 'photo-tile-' + p.id, 'data-photo': p.id });
  const fig = el('figure', { class: 'photo-fig' });
  const b = el('button', { type: 'button', class: 'photo-open', 'data-testid': 'photo-open-' + p.id, 'aria-label': t('photoOpen', { caption: nameOf(p) }) });
  const img = el('img', { class: 'photo-img', alt: '', decoding: 'async', width: p.width ? String(p.width) : null, height: p.height ? String(p.height) : null });
  showPhoto(/** @type {HTMLImageElement} */ (img), p.id);
  b.appendChild(img);
  b.appendChild(el('span', { class: 'photo-wait', 'aria-hidden': 'true' }, t('photoLoading')));
  b.appendChild(el('span', { class: 'photo-failed', 'aria-hidden': 'true' }, t('photoNotLoaded')));
  b.addEventListener('click', () => openViewer(step, order, order.indexOf(p), b));
  fig.appendChild(b);
  if (p.caption) fig.appendChild(el('figcaption', { class: 'photo-caption' }, p.caption));
  li.appendChild(fig);
  return li;
}

// ---------------------------------------------------------------- one photo large
/** @type {{ dialog: HTMLDialogElement, img: HTMLImageElement, caption: HTMLElement, category: HTMLElement, count: HTMLElement,
 *           prev: HTMLButtonElement, next: HTMLButtonElement, close: HTMLButtonElement } | null} */
let viewer = null;
/** @type {{ step: any, list: any[], i: number, from: HTMLElement | null }} */
const shown = { step: null, list: [], i: 0, from: null };

function viewerParts() {
  if (viewer) return viewer;
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'photo-viewer', 'data-testid': 'photo-viewer', 'aria-labelledby': 'photo-viewer-count' }));
  const top = el('div', { class: 'viewer-top' });
  const count = el('p', { class: 'viewer-count', id: 'photo-viewer-count' });
  const close = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'btn-secondary viewer-close', 'data-testid': 'photo-viewer-close' }));
  top.appendChild(count);
  top.appendChild(close);
  const fig = el('figure', { class: 'viewer-fig' });
  const img = /** @type {HTMLImageElement} */ (el('img', { class: 'viewer-img', 'data-testid': 'photo-viewer-img', alt: '' }));
  const cap = el('figcaption', { class: 'viewer-caption' });
  const caption = el('p', { class: 'viewer-text', 'data-testid': 'photo-viewer-caption' });
  const category = el('p', { class: 'viewer-category', 'data-testid': 'photo-viewer-category' });
  cap.appendChild(caption);
  cap.appendChild(category);
  fig.appendChild(img);
  fig.appendChild(cap);
  const nav = el('div', { class: 'viewer-nav' });
  const prev = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'btn-secondary', 'data-testid': 'photo-viewer-prev' }, '\u2039'));
  const next = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'btn-secondary', 'data-testid': 'photo-viewer-next' }, '\u203A'));
  nav.appendChild(prev);
  nav.appendChild(next);
  const inner = el('div', { class: 'viewer-inner' });
  inner.appendChild(top);
  inner.appendChild(fig);
  inner.appendChild(nav);
  dialog.appendChild(inner);
  close.addEventListener('click', () => dialog.close());
  prev.addEventListener('click', () => move(-1));
  next.addEventListener('click', () => move(1));
  // A tap beside the photo (on the dimmed page) closes it too.
  dialog.addEventListener('click', (ev) => { if (ev.target === dialog) dialog.close(); });
  dialog.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowLeft') { move(-1); ev.preventDefault(); }
    else if (ev.key === 'ArrowRight') { move(1); ev.preventDefault(); }
  });
  dialog.addEventListener('close', () => {
    // The photo's blob: address is let go once no <img> shows it (photo_images.js).
    img.removeAttribute('src');
    img.removeAttribute('data-photo-id');
    const from = shown.from;
    shown.list = [];
    shown.from = null;
    if (from && from.isConnected) { try { from.focus({ preventScroll: true }); } catch (e) { /* ignore */ } }
  });
  document.body.appendChild(dialog);
  viewer = { dialog, img, caption, category, count, prev, next, close };
  return viewer;
}

function openViewer(step, list, i, from) {
  const v = viewerParts();
  shown.step = step;
  shown.list = list;
  shown.i = Math.max(0, i);
  shown.from = from;
  paintViewer();
  if (!v.dialog.open) v.dialog.showModal();
  try { v.close.focus(); } catch (e) { /* ignore */ }
}

function move(delta) {
  const i = shown.i + delta;
  if (i < 0 || i >= shown.list.length) return;
  shown.i = i;
  paintViewer();
}

function paintViewer() {
  const v = viewerParts();
  const p = shown.list[shown.i];
  if (!p) return;
  setText(v.count, t('photoOf', { n: shown.i + 1, total: shown.list.length }));
  setText(v.close, t('photoClose'));
  v.prev.setAttribute('aria-label', t('photoPrev'));
  v.next.setAttribute('aria-label', t('photoNext'));
  v.prev.disabled = shown.i === 0;
  v.next.disabled = shown.i >= shown.list.length - 1;
  v.prev.parentElement.hidden = shown.list.length < 2;
  v.img.alt = nameOf(p);
  v.img.removeAttribute('src');
  if (p.width && p.height) { v.img.width = p.width; v.img.height = p.height; }
  showPhoto(v.img, p.id);
  setText(v.caption, p.caption || t('photoNoCaption'));
  v.caption.classList.toggle('is-empty', !p.caption);
  const cat = p.category ? optText(photoStep(shown.step).categories, p.category, app.room.S.lang) : '';
  setText(v.category, cat);
  v.category.hidden = !cat;
}

/** A new wall of the step the dialog shows: the dialog follows it, and closes when its photo left it. */
function keepViewer(stepId, order) {
  if (!viewer || !viewer.dialog.open || !shown.step || shown.step.id !== stepId) return;
  const p = shown.list[shown.i];
  const i = p ? order.findIndex((x) => x.id === p.id) : -1;
  if (i < 0) { viewer.dialog.close(); return; }
  shown.list = order;
  shown.i = i;
  paintViewer();
}
