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

  fac.close();
  checkPagesClean();
}

await finish(main);
