// The harness checks itself on pages that exist whatever the state of the participants'
// pages: the e-mail of a registration made through the API arrives, its private link opens
// the private page, and `check` runs there.
import { check, expect, newPage, run, waitForLink } from './lib.mjs';

await run(async ({ browser, base, data }) => {
  const page = await newPage(browser, base);
  const { mail, path } = await waitForLink(data.maildir, data.known.email);
  expect(mail.subject !== '', 'mail', 'a subject');
  // Each e-mail carries a fresh private link (ARCHITECTURE.md), not the one the API gave.
  expect(mail.text.includes(data.jrps.title), 'mail', `the e-mail names the event: ${mail.text.slice(0, 200)}`);
  await page.goto(base + path);
  await page.getByRole('heading', { level: 1, name: data.jrps.title }).waitFor();
  await check(page, 'private-page');
});
