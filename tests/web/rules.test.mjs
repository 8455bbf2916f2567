// Browser test: the participant page follows the server's rules instead of its own literals.
// Run against a server started with --max-text 120 --min-answers 1 (tests/web/CMakeLists.txt):
//
//   KRING_URL=http://127.0.0.1:PORT KRING_SHOTS=/tmp/shots node rules.test.mjs
//
// The page finds the rules in <meta name="kring-rules"> (filled in by the server) and again in
// every welcome: the comment field takes max_text (120 here, 500 by default: participant.test.mjs),
// a longer comment is cut to it, the answers' colours and words are the server's. A page whose
// meta tag is empty still follows the welcome's rules.
import {
  BASE, tid, check, start, finish, scenario, serverUp, Facilitator, newPhone, shot, checkPagesClean,
} from './harness.mjs';

start('rules.test.mjs', 90000);

const MAX_TEXT = 120;
const missing = (process.env.KRING_MISSING_FLAGS || '').split(' ').filter(Boolean);
const LONG = 'Een heel lange opmerking over hoe het onthaal loopt. '.repeat(6); // 318 characters

/** The rules as the page's meta tag holds them (null when empty or absent). */
const metaRules = (page) => page.evaluate(() => {
  const m = document.querySelector('meta[name="kring-rules"]');
  try { return m && m.content ? JSON.parse(m.content) : null; } catch { return 'unparsable'; }
});

/** '#1b7a3a' as getComputedStyle writes it: 'rgb(27, 122, 58)'. */
function rgb(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '');
  return m ? `rgb(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)})` : 'not a colour: ' + hex;
}

/** Joins a phone to the session, opens the first statement's comment box. */
async function joinAndOpenComment(page, code, item) {
  await page.goto(BASE + '/?code=' + encodeURIComponent(code));
  await page.waitForSelector(tid('join-screen'), { state: 'visible' });
  await page.click(tid('join-button'));
  await page.waitForSelector(tid('item-' + item), { state: 'visible' });
  await page.click(tid('comment-toggle-' + item));
}

async function main() {
  console.log('Kring page follows the server\'s rules, against ' + BASE);
  check('the server knows --max-text', !missing.includes('--max-text'), missing.join(' '));
  await serverUp();
  const fac = new Facilitator();
  const { code, welcome } = await fac.create('stoplicht-visie');
  const rules = welcome.rules || {};
  check('welcome carries rules with max_text ' + MAX_TEXT, rules.max_text === MAX_TEXT, JSON.stringify(rules).slice(0, 200));
  const step = welcome.session.steps.find((s) => s.id === 'visie');
  const item = step.items[0].id;
  await fac.control('open', 'visie');

  await scenario('the meta tag holds the server\'s rules before joining', async () => {
    const page = await newPhone();
    await page.goto(BASE + '/');
    await page.waitForSelector(tid('join-screen'), { state: 'visible' });
    const meta = await metaRules(page);
    check('meta kring-rules is filled with the welcome\'s rules', JSON.stringify(meta) === JSON.stringify(rules),
      JSON.stringify(meta).slice(0, 200));
    check('the name field takes max_name', (await page.getAttribute(tid('join-name'), 'maxlength')) === String(rules.max_name),
      await page.getAttribute(tid('join-name'), 'maxlength'));
    const green = rules.lights?.find((l) => l.id === 'green');
    const css = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--green').trim());
    check('--green is the server\'s colour', !!green && css.toLowerCase() === green.colour.toLowerCase(), css);
    await page.context().close();
  });

  await scenario('the comment field follows --max-text ' + MAX_TEXT, async () => {
    const page = await newPhone();
    await joinAndOpenComment(page, code, item);
    const ta = tid('comment-' + item);
    check('comment maxlength is ' + MAX_TEXT, (await page.getAttribute(ta, 'maxlength')) === String(MAX_TEXT), await page.getAttribute(ta, 'maxlength'));
    for (const l of rules.lights || []) {
      const b = tid('choice-' + item + '-' + l.id);
      const text = await page.textContent(b);
      check(`the ${l.id} button has the server's word and icon`, text.includes(l.word.nl) && text.includes(l.icon), text);
    }
    await page.click(tid('choice-' + item + '-orange'));
    await page.fill(ta, LONG);
    const typed = await page.inputValue(ta);
    check('a longer comment is cut to ' + MAX_TEXT, typed.length === MAX_TEXT && LONG.startsWith(typed), typed.length);
    check('the counter shows the server\'s limit', (await page.textContent(`${tid('item-' + item)} [data-role="counter"]`)).trim() === MAX_TEXT + '/' + MAX_TEXT,
      await page.textContent(`${tid('item-' + item)} [data-role="counter"]`));
    await page.locator(ta).blur();
    await page.waitForSelector(tid('saved-' + item), { state: 'visible' });
    await fac.waitForView((v) => (v.comments || []).some((c) => c.item === item && c.text.length > 0), 'the facilitator sees the comment');
    const stored = fac.view.comments.find((c) => c.item === item).text;
    check('the server stored the comment (' + MAX_TEXT + ' characters at most)', stored.length <= MAX_TEXT && LONG.trim().startsWith(stored.trim()), stored.length);
    await shot(page, 'rules-comment', false);
    await page.context().close();
  });

  await scenario('without rules in the page, the welcome\'s rules take over', async () => {
    const page = await newPhone();
    // The page as another server (or a plain file server) would send it: an empty meta tag.
    // (The tag is emptied as soon as it is parsed, before the page's module runs.)
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const m = document.querySelector('meta[name="kring-rules"]');
        if (m && m.getAttribute('content')) m.setAttribute('content', '');
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(BASE + '/?code=' + encodeURIComponent(code));
    await page.waitForSelector(tid('join-screen'), { state: 'visible' });
    check('the meta tag is empty here', (await metaRules(page)) === null);
    check('no name limit before the welcome', (await page.getAttribute(tid('join-name'), 'maxlength')) === null);
    await page.click(tid('join-button'));
    await page.waitForSelector(tid('item-' + item), { state: 'visible' });
    await page.click(tid('comment-toggle-' + item));
    check('after the welcome: comment maxlength is ' + MAX_TEXT, (await page.getAttribute(tid('comment-' + item), 'maxlength')) === String(MAX_TEXT));
    check('after the welcome: the name field takes max_name', (await page.getAttribute(tid('join-name'), 'maxlength')) === String(rules.max_name));
    check('after the welcome: the green button has the server\'s word', (await page.textContent(tid('choice-' + item + '-green'))).includes(rules.lights[0].word.nl));
    await page.context().close();
  });

  await scenario('the traffic-light answers on the phone are the server\'s table (rules.lights)', async () => {
    const lights = rules.lights || [];
    check('the server names four answers: green, orange, red, pass', JSON.stringify(lights.map((l) => l.id)) === '["green","orange","red","pass"]',
      JSON.stringify(lights.map((l) => l.id)));
    const page = await newPhone();
    await page.goto(BASE + '/?code=' + encodeURIComponent(code));
    await page.click(tid('join-button'));
    await page.waitForSelector(tid('item-' + item), { state: 'visible' });
    // The buttons: one per answer, in the server's order (pass apart, at the card's foot).
    const shown = await page.$$eval(`${tid('item-' + item)} button.choice`, (bs) => bs.map((b) => b.getAttribute('data-value')));
    check('one button per answer of the table, in its order', JSON.stringify(shown) === JSON.stringify(lights.map((l) => l.id)), JSON.stringify(shown));
    const button = (id) => page.$eval(tid('choice-' + item + '-' + id), (b) => ({
      icon: b.querySelector('.choice-icon').textContent, word: b.querySelector('.choice-word').textContent,
      colour: getComputedStyle(b.querySelector('.choice-icon')).color,
    }));
    for (const l of lights) {
      const b = await button(l.id);
      check(`button ${l.id}: icon ${l.icon}, word "${l.word.nl}", colour ${l.colour}`,
        b.icon === l.icon && b.word === l.word.nl && b.colour === rgb(l.colour), JSON.stringify(b));
    }
    await page.click(tid('lang-en'));
    await page.waitForSelector(`${tid('lang-en')}[aria-pressed="true"]`);
    for (const l of lights) {
      const b = await button(l.id);
      check(`button ${l.id} in English: "${l.word.en}"`, b.word === l.word.en && b.icon === l.icon, JSON.stringify(b));
    }
    await page.click(tid('lang-nl'));
    await page.waitForSelector(`${tid('lang-nl')}[aria-pressed="true"]`);
    // The revealed result: the legend, the bar and the counts carry the same icons and colours.
    const ids = step.items.map((it) => it.id);
    for (const [i, id] of ['green', 'orange', 'red'].entries()) await page.click(tid('choice-' + ids[i] + '-' + id));
    await page.click(tid('choice-' + ids[3] + '-pass'));
    await page.waitForSelector(tid('saved-' + ids[3]), { state: 'visible' });
    await fac.control('close', 'visie');
    await fac.control('reveal', 'visie');
    await page.waitForSelector(tid('legend'), { state: 'visible' });
    const legend = await page.$$eval(`${tid('legend')} li`, (lis) => lis.map((li) => {
      const sw = li.querySelector('.swatch');
      const cs = getComputedStyle(sw);
      return { icon: sw.textContent, word: li.textContent.replace(sw.textContent, '').trim(), bg: cs.backgroundColor, border: cs.borderTopColor, ink: cs.color };
    }));
    check('the legend lists the table\'s answers in order', legend.length === lights.length, JSON.stringify(legend));
    lights.forEach((l, i) => {
      const g = legend[i] || {};
      const colourOk = l.id === 'pass' ? g.border === rgb(l.colour) && g.ink === rgb(l.colour) : g.bg === rgb(l.colour);
      const wordOk = l.id === 'pass' ? g.word === 'Overgeslagen' : g.word === l.word.nl;
      check(`legend ${l.id}: icon ${l.icon}, ${l.id === 'pass' ? '"Overgeslagen"' : '"' + l.word.nl + '"'}, colour ${l.colour}`,
        g.icon === l.icon && wordOk && colourOk, JSON.stringify(g));
    });
    for (const [i, id] of ['green', 'orange', 'red'].entries()) {
      const l = lights.find((x) => x.id === id);
      const r = await page.$eval(tid('result-' + ids[i]), (card, id) => {
        const seg = card.querySelector('.seg-' + id);
        const chip = card.querySelector(`[data-testid$="-${id}"] .count-icon`);
        return { seg: seg ? getComputedStyle(seg).backgroundColor : '', segText: seg ? seg.textContent : '',
          chip: chip ? chip.textContent : '', chipColour: chip ? getComputedStyle(chip).color : '',
          label: card.querySelector('.bar').getAttribute('aria-label') };
      }, id);
      check(`result ${id}: the bar in ${l.colour} with ${l.icon}, the count's icon too, the word for screen readers`,
        r.seg === rgb(l.colour) && r.segText.startsWith(l.icon) && r.chip === l.icon && r.chipColour === rgb(l.colour) &&
        r.label.includes(l.word.nl + ' 1'), JSON.stringify(r));
    }
    await page.context().close();
  });

  fac.close();
  checkPagesClean();
}

await finish(main);
