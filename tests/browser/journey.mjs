// A person registers to the JRPS, as in life: from the home page to the event, "S'inscrire",
// the form filled by its labels with one workshop for the morning slot and the dinner, the
// confirmation, the e-mail and its private link, a change of workshop, a cancellation through
// the confirmation page, and a new registration. Every state is checked (lib.mjs `check`).
//
// data.mode: "pointer" (default, 1280 px wide, with one look at 200 % text),
//            "keyboard" (Tab, Shift+Tab, arrows, Space, Enter; no click, no fill),
//            "narrow" (pointer at a 320 px wide viewport).
import {
  at,
  clickAndWait,
  arrowTo,
  check,
  checkZoomedText,
  enterAndWait,
  expect,
  expectErrorSummary,
  expectFooter,
  expectH1,
  expectNaturalTabOrder,
  fillForm,
  mailCount,
  newPage,
  problem,
  run,
  startsWith,
  tabTo,
  typeInto,
  waitForLink,
} from './lib.mjs';

const HOME_H1 = 'Les rencontres du Partenariat en Santé';
const SLOT = /23 avril 2030.*10 h 45/i;

await run(async ({ browser, base, data }) => {
  const mode = data.mode || 'pointer';
  const keyboard = mode === 'keyboard';
  const page = await newPage(browser, base, mode === 'narrow' ? { width: 320, height: 640 } : {});
  const { jrps } = data;
  const [wA, , wC, wD] = jrps.workshops.map((w) => w.title);
  const person = {
    email: data.email || `journey.${mode}@example.org`,
    first: 'Aïcha',
    last: "N'Diaye",
    profile: 'Proche aidante ou aidant',
    organisation: 'Association des aidants du Rhône',
    needs: 'Boucle magnétique',
    diet: 'Végétarien',
  };
  const state = async (name) => {
    await expectFooter(page, name);
    await expectNaturalTabOrder(page, name);
    await check(page, name);
  };

  // Home → event.
  await page.goto(`${base}/`);
  await expectH1(page, 'home', HOME_H1);
  await state('home');
  if (keyboard) {
    // The first Tab reaches the skip link, which moves to the main content.
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      text: document.activeElement.innerText,
      href: document.activeElement.getAttribute('href'),
    }));
    expect(first.href && first.href.startsWith('#'), 'home', `the first Tab does not reach a skip link (got ${JSON.stringify(first)})`);
    await tabTo(page, { kind: 'link', name: jrps.title }, { state: 'home' });
    await enterAndWait(page, `**/events/${jrps.slug}`);
  } else {
    await clickAndWait(page, page.getByRole('link', { name: jrps.title }).first(), `**/events/${jrps.slug}`);
  }
  await expectH1(page, 'event', jrps.title);
  await state('event');

  // Event → form.
  if (keyboard) {
    await tabTo(page, { kind: 'link', name: "S'inscrire", exact: true }, { state: 'event' });
    await enterAndWait(page, `**/events/${jrps.slug}/register`);
  } else {
    await clickAndWait(page, page.getByRole('link', { name: "S'inscrire", exact: true }).first(), `**/events/${jrps.slug}/register`);
  }
  await expectH1(page, 'form', `S'inscrire : ${jrps.title}`);
  expect(
    (await page.title()) === `S'inscrire — ${jrps.title} — Partenariat en Santé`,
    'form',
    `title "${await page.title()}"`,
  );
  const slot = page.getByRole('group', { name: SLOT });
  const labelOf = async (title) => (await slot.getByRole('radio', { name: startsWith(title) }).evaluate((e) => e.labels[0].innerText));
  const seatsA = await labelOf(wA);
  expect(/29 places restantes/.test(seatsA), 'form', `workshop A reads "${seatsA}", expected 29 places restantes`);
  await state('form');

  // The form, filled.
  if (keyboard) {
    await typeInto(page, 'Adresse e-mail', person.email, { state: 'form' });
    // Nom first, then back to Prénom with Shift+Tab.
    await typeInto(page, 'Nom', person.last, { exact: true, state: 'form' });
    await typeInto(page, 'Prénom', person.first, { back: true, state: 'form' });
    await tabTo(page, { kind: 'radio', name: 'Patiente ou patient partenaire' }, { state: 'form' });
    await arrowTo(page, person.profile);
    await typeInto(page, 'Organisation (facultatif)', person.organisation, { state: 'form' });
    await tabTo(page, { kind: 'radio', name: /^(Français|English)/ }, { state: 'form' });
    await arrowTo(page, 'Français');
    await typeInto(page, "Besoins d'accessibilité (facultatif)", person.needs, { state: 'form' });
    await typeInto(page, 'Régime alimentaire (facultatif)', person.diet, { state: 'form' });
    await tabTo(page, { kind: 'radio', name: /places restantes|Complet|Aucun atelier/ }, { state: 'form' });
    await arrowTo(page, startsWith(wC));
    await tabTo(page, { kind: 'checkbox', name: jrps.dinner }, { state: 'form' });
    await page.keyboard.press('Space');
    await tabTo(page, { kind: 'button', name: "M'inscrire" }, { state: 'form' });
  } else {
    await fillForm(page, person, { slot: SLOT, workshop: startsWith(wC), checkboxes: [jrps.dinner] });
  }
  expect(await slot.getByRole('radio', { name: startsWith(wC) }).isChecked(), 'form-filled', 'workshop C is not checked');
  expect(await page.getByRole('checkbox', { name: jrps.dinner }).isChecked(), 'form-filled', 'the dinner is not checked');
  await state('form-filled');
  if (mode === 'pointer') await checkZoomedText(page, 'form-200-percent-text');

  // Submit → confirmation.
  if (keyboard) {
    await enterAndWait(page, '**/manage/*/confirmation');
  } else {
    await clickAndWait(page, page.getByRole('button', { name: "M'inscrire" }), '**/manage/*/confirmation');
  }
  await expectH1(page, 'confirmation', 'Votre inscription est enregistrée');
  const confirmation = await page.locator('main').innerText();
  expect(confirmation.includes(wC), 'confirmation', `the confirmation does not name ${wC}`);
  expect(confirmation.includes(jrps.dinner), 'confirmation', `the confirmation does not name ${jrps.dinner}`);
  expect(
    (await page.getByRole('link', { name: 'Voir mon inscription' }).count()) === 1,
    'confirmation',
    'no link "Voir mon inscription"',
  );
  await state('confirmation');

  // The e-mail and its private link.
  const { path } = await waitForLink(data.maildir, person.email);
  await page.goto(base + path);
  await expectH1(page, 'private-page', jrps.title);
  expect(await slot.getByRole('radio', { name: startsWith(wC) }).isChecked(), 'private-page', 'workshop C is not the chosen one');
  await state('private-page');
  if (mode === 'pointer') await checkZoomedText(page, 'private-page-200-percent-text');

  // Change the workshop: C → D.
  if (keyboard) {
    await tabTo(page, { kind: 'radio', name: startsWith(wC) }, { state: 'private-page' });
    await arrowTo(page, startsWith(wD));
    await tabTo(page, { kind: 'button', name: 'Enregistrer mes choix' }, { state: 'private-page' });
    await enterAndWait(page, at(path));
  } else {
    await slot.getByRole('radio', { name: startsWith(wD) }).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer mes choix' }), at(path));
  }
  await expectH1(page, 'choices-saved', jrps.title);
  expect(await slot.getByRole('radio', { name: startsWith(wD) }).isChecked(), 'choices-saved', 'workshop D is not the chosen one after the change');
  await state('choices-saved');

  // Cancel, through the confirmation page.
  if (keyboard) {
    await tabTo(page, { kind: 'link', name: 'Annuler mon inscription' }, { state: 'choices-saved' });
    await enterAndWait(page, at(`${path}/cancel`));
  } else {
    await clickAndWait(page, page.getByRole('link', { name: 'Annuler mon inscription' }), at(`${path}/cancel`));
  }
  await expectH1(page, 'cancel', 'Annuler mon inscription');
  expect(
    (await page.getByRole('link', { name: 'Non, garder mon inscription' }).count()) === 1,
    'cancel',
    'no link "Non, garder mon inscription"',
  );
  await state('cancel');
  if (keyboard) {
    await tabTo(page, { kind: 'button', name: 'Oui, annuler mon inscription' }, { state: 'cancel' });
    await enterAndWait(page, at(path));
  } else {
    await clickAndWait(page, page.getByRole('button', { name: 'Oui, annuler mon inscription' }), at(path));
  }
  await page.getByText('Votre inscription est annulée').first().waitFor();
  await state('cancelled');

  // Register again.
  const before = mailCount(data.maildir, person.email);
  if (keyboard) {
    await tabTo(page, { kind: 'link', name: "S'inscrire à nouveau" }, { state: 'cancelled' });
    await enterAndWait(page, `**/events/${jrps.slug}/register**`);
  } else {
    await clickAndWait(page, page.getByRole('link', { name: "S'inscrire à nouveau" }), `**/events/${jrps.slug}/register**`);
  }
  await expectH1(page, 'form-again', `S'inscrire : ${jrps.title}`);
  if (keyboard) {
    await typeInto(page, 'Adresse e-mail', person.email, { state: 'form-again' });
    await typeInto(page, 'Prénom', person.first, { state: 'form-again' });
    await typeInto(page, 'Nom', person.last, { exact: true, state: 'form-again' });
    await tabTo(page, { kind: 'radio', name: /Patiente|Proche|Représentante|Professionnelle|Étudiante|Institution|Autre/ }, { state: 'form-again' });
    await arrowTo(page, person.profile);
    await tabTo(page, { kind: 'radio', name: /places restantes|Complet|Aucun atelier/ }, { state: 'form-again' });
    await arrowTo(page, startsWith(wA));
    await tabTo(page, { kind: 'button', name: "M'inscrire" }, { state: 'form-again' });
    await enterAndWait(page);
  } else {
    await fillForm(page, { ...person, organisation: '', needs: '', diet: '' }, { slot: SLOT, workshop: startsWith(wA) });
    await clickAndWait(page, page.getByRole('button', { name: "M'inscrire" }));
  }
  if (!new URL(page.url()).pathname.endsWith('/confirmation')) {
    // Refused: say why, check that page too (an error state), and end the journey there.
    const summary = await page.getByRole('alert').innerText().catch(() => '(no error summary)');
    problem('registered-again', `registering again after cancelling was refused: ${summary.replace(/\s+/g, ' ')}`);
    await expectErrorSummary(page, 'registered-again-refused');
    await state('registered-again-refused');
    return;
  }
  await expectH1(page, 'registered-again', 'Votre inscription est enregistrée');
  expect((await page.locator('main').innerText()).includes(wA), 'registered-again', `the confirmation does not name ${wA}`);
  await state('registered-again');
  await waitForLink(data.maildir, person.email, before);
});
