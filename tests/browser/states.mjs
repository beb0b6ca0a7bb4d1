// Every participants' page in every state, checked (lib.mjs `check`: axe WCAG 2.2 AA with 0
// violations, no horizontal scroll, same-origin requests, strict HTML, screenshot), with the
// contract's headings, the footer's accessibility link and unique titles.
import {
  at,
  clickAndWait,
  check,
  expect,
  expectErrorSummary,
  expectFooter,
  expectH1,
  expectNaturalTabOrder,
  fillForm,
  lastStatus,
  newPage,
  run,
  startsWith,
  waitForLink,
} from './lib.mjs';

const SLOT = /23 avril 2030.*10 h 45/i;

await run(async ({ browser, base, data }) => {
  const page = await newPage(browser, base);
  const titles = new Map();
  const state = async (name, { status = 200, h1 } = {}) => {
    if (h1 !== undefined) await expectH1(page, name, h1);
    expect(lastStatus(page) === status, name, `HTTP status ${lastStatus(page)}, expected ${status}`);
    await expectFooter(page, name);
    await expectNaturalTabOrder(page, name);
    titles.set(name, await page.title());
    await check(page, name);
  };
  const visit = async (path, name, opts) => {
    await page.goto(base + path);
    await state(name, opts);
  };
  const { jrps, full, closed, series } = data;

  await visit('/', 'home', { h1: 'Les rencontres du Partenariat en Santé' });
  await visit('/?lang=en', 'home-en', { h1: /.+/ });
  const lang = await page.evaluate(() => document.documentElement.lang);
  expect(lang.startsWith('en'), 'home-en', `<html lang="${lang}"> after ?lang=en`);
  // Back to French for the rest (the choice is kept in a cookie).
  await page.goto(`${base}/?lang=fr`);

  await visit(`/events/${jrps.slug}`, 'event', { h1: jrps.title });
  expect((await page.getByRole('link', { name: "S'inscrire", exact: true }).count()) >= 1, 'event', 'no link "S\'inscrire"');
  expect((await page.getByText('Ajouter à mon agenda').count()) >= 1, 'event', 'no "Ajouter à mon agenda"');

  await visit(`/events/${jrps.slug}/register`, 'form-empty', { h1: `S'inscrire : ${jrps.title}` });

  // Submitted empty: the form again, 422, with the error summary focused.
  await clickAndWait(page, page.getByRole('button', { name: "M'inscrire" }));
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  const links = await expectErrorSummary(page, 'form-errors');
  console.log(`error summary: ${links.join(' | ')}`);
  await state('form-errors', { status: 422, h1: `S'inscrire : ${jrps.title}` });
  // A summary link moves the focus to its field.
  if (links.length) {
    await page.getByRole('link', { name: links[0] }).first().click();
    const inField = await page.evaluate(() => ['INPUT', 'TEXTAREA', 'SELECT', 'FIELDSET'].includes(document.activeElement.tagName) || location.hash !== '');
    expect(inField, 'form-errors', `following "${links[0]}" does not lead to its field`);
  }

  // A seat: confirmation.
  await page.goto(`${base}/events/${jrps.slug}/register`);
  await fillForm(
    page,
    { email: 'etats.place@example.org', first: 'Jules', last: 'Bernard', profile: 'Professionnelle ou professionnel de santé' },
    { slot: SLOT, workshop: startsWith(jrps.workshops[0].title) },
  );
  await clickAndWait(page, page.getByRole('button', { name: "M'inscrire" }), '**/manage/*/confirmation');
  await state('confirmation-seat', { h1: 'Votre inscription est enregistrée' });

  // The full session: its event page, then a place in line.
  await visit(`/events/${full.slug}`, 'event-full', { h1: full.title });
  expect((await page.getByText('Complet : liste d\'attente').count()) >= 1, 'event-full', 'no "Complet : liste d\'attente"');
  await page.goto(`${base}/events/${full.slug}/register`);
  await fillForm(page, { email: 'etats.attente@example.org', first: 'Lina', last: 'Moreau', profile: 'Étudiante ou étudiant' });
  // The one session is either offered as a choice or included by itself.
  const waitlisted = page
    .getByRole('checkbox', { name: /Complet : liste d'attente/ })
    .or(page.getByRole('radio', { name: /Complet : liste d'attente/ }));
  if (await waitlisted.count()) await waitlisted.first().check();
  else expect((await page.getByText("Complet : liste d'attente").count()) >= 1, 'form-full', 'the form does not say the session is full');
  await clickAndWait(page, page.getByRole('button', { name: "M'inscrire" }), '**/manage/*/confirmation');
  await state('confirmation-waitlist', { h1: "Vous êtes sur la liste d'attente" });
  const waitText = await page.locator('main').innerText();
  expect(!/inscription est confirmée/.test(waitText), 'confirmation-waitlist', 'a person whose only session is full reads "Votre inscription est confirmée." under "Vous êtes sur la liste d\'attente"');
  expect(/place 1\b/.test(waitText), 'confirmation-waitlist', 'the place in line (1) is not given');

  // Registration closed: no "S'inscrire", and the form's URL says so.
  await visit(`/events/${closed.slug}`, 'event-closed', { h1: closed.title });
  expect((await page.getByRole('link', { name: "S'inscrire", exact: true }).count()) === 0, 'event-closed', 'a link "S\'inscrire" while registration is closed');
  await page.goto(`${base}/events/${closed.slug}/register`);
  await state('form-closed', { status: lastStatus(page) });
  expect((await page.getByRole('button', { name: "M'inscrire" }).count()) === 0, 'form-closed', 'the form is offered while registration is closed');

  await visit(`/series/${series.slug}`, 'series', { h1: series.title });
  expect((await page.getByText("S'abonner dans mon agenda").count()) >= 1, 'series', 'no "S\'abonner dans mon agenda"');

  // Lost link.
  await visit('/lost-link', 'lost-link', { h1: "J'ai perdu mon lien" });
  await page.getByLabel('Adresse e-mail').fill(data.known.email);
  await clickAndWait(page, page.getByRole('main').getByRole('button'), '**/lost-link/sent');
  await state('lost-link-sent', { h1: 'Vérifiez votre messagerie' });
  // The fresh link revokes the older ones: the private page is opened with it.
  const fresh = await waitForLink(data.maildir, data.known.email, 1);

  // The private page, the cancel confirmation, cancelled.
  await visit(fresh.path, 'private-page', { h1: jrps.title });
  await visit(`/manage/${data.to_cancel.token}/cancel`, 'cancel', { h1: 'Annuler mon inscription' });
  await clickAndWait(page, page.getByRole('button', { name: 'Oui, annuler mon inscription' }), at(`/manage/${data.to_cancel.token}`));
  await page.getByText('Votre inscription est annulée').first().waitFor();
  await state('cancelled', { h1: jrps.title });

  await visit('/accessibility', 'accessibility', { h1: 'Accessibilité' });
  await visit('/nulle-part', 'not-found', { status: 404, h1: 'Page introuvable' });
  await visit('/manage/m_nothing-here', 'unknown-link', { status: 404, h1: /.+/ });

  // One title per page.
  const byTitle = new Map();
  for (const [name, title] of titles) byTitle.set(title, [...(byTitle.get(title) || []), name]);
  // Allowed: two states of one page (the private page, then cancelled), the two 404s.
  const same = [['private-page', 'cancelled'], ['not-found', 'unknown-link']];
  const sameAllowed = (names) => same.some((group) => names.every((n) => group.includes(n)));
  for (const [title, names] of byTitle) {
    expect(names.length === 1 || sameAllowed(names), 'titles', `"${title}" is the title of several pages: ${names.join(', ')}`);
  }
});
