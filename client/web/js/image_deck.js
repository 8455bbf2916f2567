// @ts-check
// The deck of an image_choice step (dromen met beelden): the template's images from the
// welcome (plain addresses under /images/), then the facilitator's own images from the view
// (view.steps[].own_images: no address, fetched as a photo with the participant's key,
// docs/protocol.md section 7). The own images can come and go while the step is open, so a
// pick of one that left is dropped here. Pure: no DOM.
import { arr, positive } from './util.js';

/**
 * @typedef {object} DeckImage
 * @property {string} id
 * @property {string} url    '' for an own image (fetched by id)
 * @property {any} alt       { nl, en }
 * @property {number} width  0 when the deck does not say
 * @property {number} height
 * @property {boolean} own   the facilitator's own image
 */

/** The size of a template picture (the welcome gives none): 4:3, as the page crops every picture. */
export const DECK_SIZE = Object.freeze({ width: 512, height: 384 });

const hasId = (/** @type {any} */ x) => !!x && typeof x.id === 'string' && x.id !== '';

/**
 * The facilitator's own images of a step, from its state in the view (absent: none).
 * @param {any} status  the step's entry in view.steps
 * @returns {DeckImage[]}
 */
export function ownImages(status) {
  return arr(status && status.own_images).filter(hasId).map((im) => ({
    id: im.id, url: '', alt: im.alt && typeof im.alt === 'object' ? im.alt : { nl: '', en: '' },
    width: positive(im.width), height: positive(im.height), own: true,
  }));
}

/**
 * The whole deck in the server's order: the template's images, then the own ones; an id only once.
 * @param {any} step    the step of the welcome
 * @param {any} status  its entry in view.steps (null: the own images are not known)
 * @returns {DeckImage[]}
 */
export function imageDeck(step, status) {
  /** @type {DeckImage[]} */
  const out = [];
  const seen = new Set();
  const add = (/** @type {DeckImage} */ im) => { if (!seen.has(im.id)) { seen.add(im.id); out.push(im); } };
  for (const im of arr(step && step.images).filter(hasId)) {
    add({ id: im.id, url: typeof im.url === 'string' ? im.url : '', alt: im.alt, width: 0, height: 0, own: false });
  }
  for (const im of ownImages(status)) add(im);
  return out;
}

/**
 * A value of picks with only the images the deck still holds: the same value when nothing left
 * (a pass, or no picks at all, stays as it is).
 * @param {any} value
 * @param {Set<string>} ids
 */
export function picksIn(value, ids) {
  if (!Array.isArray(value)) return value;
  const kept = value.filter((id) => ids.has(id));
  return kept.length === value.length ? value : kept;
}
