// Shared pieces of the browser journeys: Debian's Chromium through playwright-core (which never
// downloads a browser), axe-core on every state a journey reaches, reflow, same-origin
// requests, strict HTML parsing, screenshots, and the e-mails the test SMTP server received.
//
// A journey is run by the Rust test target `browser` as
//   node tests/browser/<journey>.mjs <base-url> <json>
// and fails (exit status 1) when a step cannot be done or when any check found a problem; every
// problem found is listed at the end, so one run shows them all.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axe = require('axe-core');
const here = dirname(fileURLToPath(import.meta.url));

export const CHROMIUM = process.env.TISSER_CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The journey's arguments: the server's base URL and what the Rust side seeded. */
export function args() {
  const [base, json] = process.argv.slice(2);
  if (!base) {
    console.error('usage: node <journey>.mjs <base-url> [<json>]');
    process.exit(2);
  }
  return { base: base.replace(/\/$/, ''), data: json ? JSON.parse(json) : {} };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Problems found by `check` (and by `expect`), reported together at the end. */
const problems = [];
let checks = 0;
/** The journey's name, before each state's name in screenshots. */
let prefix = 'journey';

export function problem(state, text) {
  problems.push(`[${state}] ${text}`);
  console.log(`PROBLEM [${state}] ${text}`);
}

/** A soft assertion: records a problem and goes on. */
export function expect(ok, state, text) {
  if (!ok) problem(state, text);
  return ok;
}

const screenshots =
  process.env.TISSER_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'tisser-screenshots-'));
mkdirSync(screenshots, { recursive: true });

/**
 * A new page in its own context (own cookies), French first like most visitors, recording
 * every request it makes and the last document it loaded.
 */
export async function newPage(browser, base, { width = 1280, height = 900, locale = 'fr-FR' } = {}) {
  // bypassCSP: axe is injected as an inline script, which a strict Content-Security-Policy
  // would (rightly) refuse.
  const context = await browser.newContext({ viewport: { width, height }, locale, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const origin = new URL(base).origin;
  page.tisser = { origin, requests: [], documents: [] };
  page.on('request', (r) => page.tisser.requests.push(r.url()));
  page.on('response', (r) => {
    const redirect = r.status() >= 300 && r.status() < 400;
    if (!redirect && r.request().resourceType() === 'document' && r.frame() === page.mainFrame()) {
      page.tisser.documents.push(r);
    }
  });
  return page;
}

/** Strict HTML5 parse (html5lib, as the Rust tests use) of the text; returns the errors. */
export function htmlErrors(html) {
  const out = spawnSync('python3', [join(here, 'html.py')], { input: html, encoding: 'utf8' });
  if (out.error) return [`cannot run python3: ${out.error.message}`];
  if (out.status !== 0) return [(out.stderr || out.stdout).trim().split('\n').pop()];
  return [];
}

function shotFile(name) {
  return join(screenshots, `${prefix}-${name}`.replace(/[^a-zA-Z0-9._-]+/g, '-') + '.png');
}

function describe(v) {
  const nodes = v.nodes
    .slice(0, 6)
    .map((n) => `      ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n        ${(n.failureSummary || '').replace(/\n/g, ' ')}`)
    .join('\n');
  const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
  return `axe ${v.id} (${v.impact}): ${v.help}\n${nodes}${more}`;
}

/**
 * Checks the page as it stands, as state `name`: axe with the WCAG 2.2 AA tags, no horizontal
 * scroll, every request to the server's own origin, the document parses as strict HTML5, a
 * non-empty title; saves a full-page screenshot `<name>.png`.
 */
export async function check(page, name) {
  checks += 1;
  const file = shotFile(name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`state ${name}: ${page.url()} (screenshot ${file})`);

  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  for (const v of result.violations) problem(name, describe(v));

  const { scrollWidth, innerWidth, title } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    title: document.title,
  }));
  expect(scrollWidth <= innerWidth, name, `horizontal scroll: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
  expect(title.trim() !== '', name, 'empty <title>');

  // Only the requests made since the last check: one stray request is reported once.
  const requests = page.tisser.requests.splice(0);
  const foreign = requests.filter((u) => {
    try {
      const url = new URL(u);
      return url.origin !== page.tisser.origin && url.protocol !== 'data:';
    } catch {
      return true;
    }
  });
  expect(foreign.length === 0, name, `requests outside ${page.tisser.origin}: ${[...new Set(foreign)].join(', ')}`);

  const doc = page.tisser.documents.at(-1);
  if (doc) {
    let html = null;
    try {
      html = await doc.text();
    } catch (e) {
      problem(name, `cannot read the document's source: ${e.message}`);
    }
    if (html !== null) {
      for (const e of htmlErrors(html)) problem(name, `invalid HTML: ${e}`);
    }
  }
  return result;
}

/** Checks the page at 200 % text size (WCAG 1.4.4 / 1.4.10): no horizontal scroll. */
export async function checkZoomedText(page, name) {
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const file = shotFile(name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`state ${name}: ${page.url()} at 200 % text (screenshot ${file})`);
  expect(scrollWidth <= innerWidth, name, `horizontal scroll at 200 % text: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
}

/** Every message the test SMTP server stored in `maildir` (decoded by Python's email module). */
export function mails(maildir) {
  const out = spawnSync('python3', [join(here, 'mail.py'), maildir], { encoding: 'utf8' });
  if (out.error) throw new Error(`cannot run python3: ${out.error.message}`);
  if (out.status !== 0) throw new Error(`mail.py failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

/**
 * Waits for a message to `to` that was not in `seen` (a count of messages to that address
 * already read) and whose text holds a private link; returns `{ mail, path }` with the link's
 * path (`/manage/…`; the server's configured public address is not the test server's).
 */
export async function waitForLink(maildir, to, seen = 0, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = mails(maildir).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()));
    if (mine.length > seen) {
      for (const mail of mine.slice(seen)) {
        const m = /\/manage\/[A-Za-z0-9_-]+/.exec(mail.text) || /\/manage\/[A-Za-z0-9_-]+/.exec(mail.html);
        if (m) return { mail, path: m[0], count: mine.length };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no e-mail with a private link to ${to} after ${timeoutMs} ms (${mine.length} messages to them, ${seen} already read)`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many messages `to` has received so far. */
export function mailCount(maildir, to) {
  return mails(maildir).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase())).length;
}

/** The element that has the focus, described for messages. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      id: el.id,
      name: el.getAttribute('name'),
      text: (el.innerText || el.value || '').trim().slice(0, 80),
      label: label.trim(),
      checked: el.checked === true,
      href: el.getAttribute('href'),
    };
  });
}

/**
 * Runs a journey: launches the browser, gives it to `steps`, closes it, reports. A step that
 * throws ends the journey; problems found by checks are listed; any of either exits 1.
 */
export async function run(steps, { timeoutMs = 240_000 } = {}) {
  const { base, data } = args();
  prefix = data.name || basename(process.argv[1], '.mjs');
  console.log(`journey ${prefix} on ${base}; screenshots in ${screenshots}`);
  setTimeout(() => {
    console.error(`JOURNEY TIMED OUT after ${timeoutMs} ms`);
    if (problems.length) console.error(problems.join('\n'));
    process.exit(1);
  }, timeoutMs).unref();
  const browser = await launch();
  let failed = false;
  try {
    await steps({ browser, base, data });
  } catch (e) {
    failed = true;
    console.error(`JOURNEY STOPPED: ${e.stack || e}`);
    // Where it stopped: a screenshot and the page's words.
    for (const context of browser.contexts()) {
      for (const p of context.pages()) {
        try {
          await p.screenshot({ path: shotFile('STOPPED'), fullPage: true });
          const text = await p.locator('main').innerText({ timeout: 1_000 });
          console.error(`stopped at ${p.url()} (screenshot ${shotFile('STOPPED')}):\n${text.slice(0, 1500)}`);
        } catch (err) {
          console.error(`stopped at ${p.url()}: ${err.message}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${checks} states checked, ${problems.length} problems`);
  if (!failed && !problems.length && !process.env.TISSER_SCREENSHOTS) {
    // Passed, and nobody asked to keep the screenshots: no litter in the temp folder.
    rmSync(screenshots, { recursive: true, force: true });
  }
  if (problems.length) {
    console.error(`\n${problems.length} problems:\n${problems.join('\n')}`);
  }
  process.exit(failed || problems.length ? 1 : 0);
}

/** Soft check of the page's one `h1`; returns its text. */
export async function expectH1(page, state, text) {
  const h1s = await page.locator('h1').allInnerTexts();
  const got = h1s.map((h) => h.trim().replace(/\s+/g, ' '));
  const ok = got.length === 1 && (text instanceof RegExp ? text.test(got[0]) : got[0] === text);
  expect(ok, state, `one h1 ${text}, found ${JSON.stringify(got)}`);
  return got[0];
}

/** The HTTP status of the last document the page loaded. */
export function lastStatus(page) {
  return page.tisser.documents.at(-1)?.status();
}

/** Soft check: the footer (contentinfo) links to the accessibility statement. */
export async function expectFooter(page, state) {
  const n = await page.getByRole('contentinfo').getByRole('link', { name: /^(Accessibilité|Accessibility)$/ }).count();
  expect(n >= 1, state, 'no link "Accessibilité" (or "Accessibility") in the footer (contentinfo landmark)');
}

/** Soft check: no positive tabindex (it breaks the reading order for keyboard users). */
export async function expectNaturalTabOrder(page, state) {
  const positive = await page.evaluate(() =>
    [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).map((e) => e.outerHTML.slice(0, 100)),
  );
  expect(positive.length === 0, state, `positive tabindex: ${positive.join(' | ')}`);
}

/**
 * Checks a registration form shown with errors: the error summary has the focus, holds the
 * heading "Il y a un problème", its links target fields that exist; the title starts with
 * "Erreur : ". Returns the summary links' texts.
 */
export async function expectErrorSummary(page, state) {
  const info = await page.evaluate(() => {
    const active = document.activeElement;
    const heading = [...document.querySelectorAll('h2, h3, h1')].find((h) => h.innerText.trim() === 'Il y a un problème');
    const summary = heading ? heading.closest('[tabindex="-1"]') || heading.parentElement : null;
    const links = summary ? [...summary.querySelectorAll('a')] : [];
    return {
      title: document.title,
      heading: !!heading,
      activeIsSummary: !!(summary && active && (active === summary || summary.contains(active))),
      active: active ? active.outerHTML.slice(0, 120) : null,
      summaryInMain: !!(summary && summary.closest('main')),
      links: links.map((a) => {
        const href = a.getAttribute('href') || '';
        const id = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : null;
        const target = id ? document.getElementById(id) : null;
        return {
          text: a.innerText.trim(),
          href,
          exists: !!target,
          field: !!(target && target.matches('input, select, textarea, fieldset')),
        };
      }),
    };
  });
  expect(info.heading, state, 'no heading "Il y a un problème"');
  expect(info.activeIsSummary, state, `the error summary does not have the focus; document.activeElement is ${info.active}`);
  expect(info.summaryInMain, state, 'the error summary is not inside main');
  expect(info.title.startsWith('Erreur : '), state, `title does not start with "Erreur : ": ${info.title}`);
  expect(info.links.length > 0, state, 'the error summary has no link to a field');
  for (const l of info.links) {
    expect(l.exists, state, `error summary link "${l.text}" targets ${l.href}, which is no element's id`);
    expect(!l.exists || l.field, state, `error summary link "${l.text}" targets ${l.href}, which is not a field`);
  }
  return info.links.map((l) => l.text);
}

/**
 * The registration form, filled by its labels with a pointer. `workshop`: the start of a
 * radio's label in the group of the slot `slot` (a RegExp on the legend).
 */
export async function fillForm(page, person, { slot, workshop, checkboxes = [] } = {}) {
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Prénom').fill(person.first);
  await page.getByLabel('Nom', { exact: true }).fill(person.last);
  await page.getByRole('group', { name: 'Vous êtes' }).getByLabel(person.profile).check();
  if (person.organisation) await page.getByLabel('Organisation (facultatif)').fill(person.organisation);
  await page.getByRole('group', { name: 'Langue de vos messages' }).getByLabel(person.language || 'Français').check();
  if (person.needs) await page.getByLabel("Besoins d'accessibilité (facultatif)").fill(person.needs);
  if (person.diet) await page.getByLabel('Régime alimentaire (facultatif)').fill(person.diet);
  if (workshop) {
    await page.getByRole('group', { name: slot }).getByRole('radio', { name: workshop }).check();
  }
  for (const name of checkboxes) await page.getByRole('checkbox', { name }).check();
}

/** A RegExp matching text that starts with `s` (escaped). */
export function startsWith(s) {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

// ---- Keyboard only -------------------------------------------------------------------------

function matches(f, want) {
  const text = (want.kind === 'field' || want.kind === 'radio' || want.kind === 'checkbox' ? f.label : f.text) || '';
  const kindOk =
    (want.kind === 'link' && f.tag === 'a') ||
    (want.kind === 'button' && (f.tag === 'button' || (f.tag === 'input' && (f.type === 'submit' || f.type === 'button')))) ||
    (want.kind === 'field' && ['input', 'textarea', 'select'].includes(f.tag) && !['radio', 'checkbox', 'submit'].includes(f.type)) ||
    (want.kind === 'radio' && f.type === 'radio') ||
    (want.kind === 'checkbox' && f.type === 'checkbox');
  if (!kindOk) return false;
  const t = text.replace(/\s+/g, ' ').trim();
  return want.name instanceof RegExp ? want.name.test(t) : want.exact ? t === want.name : t.includes(want.name);
}

/** Soft check: the focused element shows a focus indicator (an outline or a box shadow). */
export async function expectFocusVisible(page, state) {
  const style = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
      html: el.outerHTML.slice(0, 100),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
      shadow: s.boxShadow && s.boxShadow !== 'none',
    };
  });
  if (style) expect(style.outline || style.shadow, state, `no visible focus indicator on ${style.html}`);
}

/**
 * Presses Tab (or Shift+Tab with `back`) until the focus is on `want` ({ kind: 'link' |
 * 'button' | 'field' | 'radio' | 'checkbox', name: string (substring) or RegExp, exact }).
 * Throws when it is not reached in `max` presses.
 */
export async function tabTo(page, want, { back = false, max = 120, state = 'keyboard' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(`${f.tag}${f.type ? `[${f.type}]` : ''} "${(f.label || f.text || '').slice(0, 40)}"`);
    if (matches(f, want)) {
      await expectFocusVisible(page, state);
      return f;
    }
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${want.kind} ${want.name}; focus went through (last 25):\n  ${seen.slice(-25).join('\n  ')}`);
}

/** In a radio group that has the focus, ArrowDown until the radio `name` has it (and is checked). */
export async function arrowTo(page, name, { max = 12 } = {}) {
  for (let i = 0; i <= max; i++) {
    const f = await focused(page);
    if (matches(f, { kind: 'radio', name })) {
      if (!f.checked) await page.keyboard.press('Space');
      return f;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`ArrowDown never reached the radio ${name}`);
}

/** Tabs to a text field and types into it (clearing what it held). */
export async function typeInto(page, name, text, opts = {}) {
  await tabTo(page, { kind: 'field', name, exact: opts.exact }, opts);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/**
 * Does `action` and waits for the page it leads to (a new document, after any redirect, even
 * to the same URL), then checks the URL against the glob `url` when given.
 */
export async function navigates(page, action, url) {
  // The main frame commits a new document (after any redirect), then loads it.
  const committed = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 10_000,
  });
  await action();
  await committed;
  await page.waitForLoadState('load');
  if (url) await page.waitForURL(url, { timeout: 2_000 });
}

/** A URL matcher on the path alone (any query string, e.g. `?saved=choices`). */
export function at(path) {
  return (url) => url.pathname === path;
}

/** Presses Enter on what has the focus and waits for the next page. */
export async function enterAndWait(page, url) {
  await navigates(page, () => page.keyboard.press('Enter'), url);
}

/** Clicks and waits for the next page. */
export async function clickAndWait(page, locator, url) {
  await navigates(page, () => locator.click(), url);
}

/** Waits until `test()` gives something (polled every 200 ms), and gives it. */
export async function until(what, test, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The invites `to` received so far: [{ uid, sequence, dtstart, method }]. */
export function invites(maildir, to) {
  const field = (ics, name) => (ics.split('\n').find((l) => l.startsWith(name)) || '').slice(name.length).trim();
  return mails(maildir)
    .filter((m) => m.to.some((t) => t.toLowerCase() === to))
    .flatMap((m) => m.calendars)
    .map((ics) => ({
      uid: field(ics, 'UID:'),
      sequence: Number(field(ics, 'SEQUENCE:')),
      dtstart: field(ics, 'DTSTART:'),
      method: field(ics, 'METHOD:'),
    }));
}
