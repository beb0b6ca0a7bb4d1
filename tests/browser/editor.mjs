// The editor, in Chromium, everything found by label, role and link text: an organiser signs
// in, creates an event (a refused form first: the error summary), adds its sessions (a
// refused session first), previews the public page, publishes it; a participant registers
// for a workshop on the public form; the organiser moves that workshop by 30 minutes through
// the confirmation page, and the participant receives an updated invite (same UID, higher
// SEQUENCE). On the way: a session's form, the cancellation page naming nobody, copying to
// new dates (refused, then done), closing registration. axe-core on every editor page and
// state, at 1280 px, and again at 320 px for the forms, their errors and the confirmations.
import { check, expect, expectErrorSummary, expectH1, fillForm, invites, newPage, run, startsWith, until } from './lib.mjs';

const SLUG = 'jrps-2031';
const TITLE = 'JRPS 2031';
const A = 'Atelier A : co-construire un projet';
const B = 'Atelier B : tisser des liens';

/** Fills the session form by its labels. */
async function fillSession(page, s) {
  await page.getByLabel('Titre du temps').fill(s.title);
  await page.getByRole('group', { name: 'Type de temps' }).getByLabel(s.kind, { exact: true }).check();
  await page.getByLabel('Jour', { exact: true }).fill(s.day);
  await page.getByLabel('Heure de début').fill(s.start);
  await page.getByLabel('Heure de fin').fill(s.end);
  await page.getByLabel('Salle (facultatif)').fill(s.room || '');
  await page.getByLabel('Nombre de places (facultatif)').fill(s.seats || '');
  if (s.requires) {
    await page.getByRole('group', { name: "Faut-il s'inscrire à ce temps ?" }).getByLabel(s.requires).check();
  }
  await page.getByLabel('Co-animateurs et co-animatrices (facultatif)').fill(s.facilitators || '');
}

await run(async ({ browser, base, data }) => {
  const e = data.editor;
  const page = await newPage(browser, base, { width: 1280 });
  await page.goto(base + e.link);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes rencontres' }).waitFor();

  // Create an event: first with nothing typed, then properly.
  await page.getByRole('link', { name: 'Créer un évènement' }).click();
  await expectH1(page, 'editor-new', 'Créer un évènement');
  expect(
    (await page.getByLabel('Fuseau horaire').inputValue()) === 'Europe/Paris',
    'editor-new',
    'the zone is Paris unless changed',
  );
  await check(page, 'editor-new');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  const links = await expectErrorSummary(page, 'editor-new-errors');
  expect(links.some((l) => l.startsWith('Titre')), 'editor-new-errors', `the title is named: ${links}`);
  await check(page, 'editor-new-errors');
  // The summary's link leads to its field.
  await page.getByRole('link', { name: /^Titre — / }).click();
  expect(await page.getByLabel('Titre', { exact: true }).evaluate((el) => el === document.activeElement), 'editor-new-errors', 'the link focuses the title');

  await page.getByLabel('Titre', { exact: true }).fill(TITLE);
  await page.getByLabel('Adresse de la page').fill(SLUG);
  await page.getByLabel('Description (facultatif)').fill('Deux journées pour travailler ensemble.\nPatients, proches et professionnels.');
  await page.getByRole('group', { name: "Où se passe l'évènement ?" }).getByLabel('Sur place et en ligne').check();
  await page.getByLabel('Lieu (facultatif)').fill('Palais des Congrès, Narbonne');
  await page.getByLabel("Nombre de places pour l'évènement (facultatif)").fill('130');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expectH1(page, 'editor-event', `Modifier l'évènement : ${TITLE}`);
  await page.getByText('Évènement créé.').waitFor();
  await check(page, 'editor-event');

  // Its programme: empty, then a refused session, then three sessions.
  await page.getByRole('link', { name: 'Voir et modifier le programme' }).click();
  await expectH1(page, 'editor-programme-empty', `Programme : ${TITLE}`);
  await check(page, 'editor-programme-empty');
  await page.getByRole('link', { name: 'Ajouter un temps' }).click();
  await check(page, 'editor-session-new');
  await fillSession(page, { title: 'Plénière d’ouverture', kind: 'Plénière', day: '22/04/2031', start: '10:00', end: '09:30' });
  await page.getByRole('button', { name: 'Ajouter un temps' }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  const sessionLinks = await expectErrorSummary(page, 'editor-session-errors');
  expect(sessionLinks.some((l) => l.startsWith('Heure de fin')), 'editor-session-errors', `the end is named: ${sessionLinks}`);
  expect((await page.getByLabel('Jour', { exact: true }).inputValue()) === '22/04/2031', 'editor-session-errors', 'the day is kept');
  await check(page, 'editor-session-errors');
  await page.getByLabel('Heure de début').fill('9:00');
  await page.getByLabel('Co-animateurs et co-animatrices (facultatif)').fill('Claire Martin (patiente partenaire)\nPaul Roux (médecin)');
  await page.getByRole('button', { name: 'Ajouter un temps' }).click();
  await page.getByText('Temps ajouté au programme.').waitFor();
  const duo = 'Anne Roux (patiente partenaire)\nLuc Blanc (infirmier)';
  for (const [title, room, facilitators] of [[A, 'Salle 1', duo], [B, 'Salle 2', '']]) {
    await page.getByRole('link', { name: 'Ajouter un temps' }).click();
    await fillSession(page, { title, kind: 'Atelier', day: '22/04/2031', start: '10 h 45', end: '12:30', room, seats: '12', requires: 'Oui', facilitators });
    await page.getByRole('button', { name: 'Ajouter un temps' }).click();
    await page.getByText('Temps ajouté au programme.').waitFor();
  }
  let text = await page.locator('main').innerText();
  expect(text.includes('Mardi 22 avril 2031'), 'editor-programme', `the day in full: ${text.slice(0, 400)}`);
  expect(text.includes('0 place prise sur 12'), 'editor-programme', 'the seats in words');
  await check(page, 'editor-programme');

  // Preview the public page: the draft as participants will see it, marked as a preview.
  await page.getByRole('link', { name: "Revenir à l'évènement" }).click();
  await page.getByRole('link', { name: 'Prévisualiser la page publique' }).click();
  await expectH1(page, 'editor-preview', TITLE);
  const note = await page.getByRole('note', { name: 'Aperçu' }).innerText();
  expect(note.includes("Cette page n'est pas publique"), 'editor-preview', `the preview says so: ${note}`);
  text = await page.locator('main').innerText();
  expect(text.includes(A) && text.includes('Claire Martin'), 'editor-preview', 'the programme is shown');
  await check(page, 'editor-preview');
  const anonymous = await newPage(browser, base);
  const hidden = await anonymous.goto(`${base}/events/${SLUG}`);
  expect(hidden.status() === 404, 'editor-preview', `a draft is not public: ${hidden.status()}`);

  // Publish, after its confirmation.
  await page.getByRole('link', { name: "Revenir à l'évènement" }).click();
  await page.getByRole('link', { name: 'Publier', exact: true }).click();
  await expectH1(page, 'editor-publish', `Publier ${TITLE} ?`);
  await check(page, 'editor-publish');
  await page.getByRole('button', { name: 'Oui, publier' }).click();
  await page.getByText('Évènement publié. Le public le voit.').waitFor();
  await check(page, 'editor-published');

  // A participant registers for workshop A on the public form.
  const person = { email: 'lea.participante@example.org', first: 'Léa', last: 'Participante', profile: 'Patiente ou patient partenaire' };
  await anonymous.goto(`${base}/events/${SLUG}/register`);
  await fillForm(anonymous, person, { slot: /10 h 45/, workshop: startsWith(A) });
  await anonymous.getByRole('button', { name: "M'inscrire" }).click();
  await anonymous.waitForURL('**/manage/*/confirmation');
  // Workshop A starts at 10:45 in Paris (08:45 UTC); the plenary may carry its own invite.
  const first = await until('the confirmation with its invite', () =>
    invites(data.maildir, person.email).find((i) => i.dtstart === '20310422T084500Z'),
  );
  expect(first.method === 'REQUEST', 'participant', `an invite: ${JSON.stringify(first)}`);

  // Move workshop A by 30 minutes: a confirmation first, saying who receives what.
  await page.getByRole('link', { name: 'Voir et modifier le programme' }).click();
  await page.getByRole('link', { name: `Modifier ou déplacer : ${A}` }).click();
  await expectH1(page, 'editor-session-edit', `Modifier le temps : ${A}`);
  await check(page, 'editor-session-edit');
  await page.getByLabel('Heure de début').fill('11:15');
  await page.getByLabel('Heure de fin').fill('13:00');
  await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
  await expectH1(page, 'editor-move-confirm', `Enregistrer les changements de « ${A} » ?`);
  text = await page.locator('main').innerText();
  expect(text.includes('1 personne a une place à ce temps.'), 'editor-move-confirm', `how many: ${text}`);
  expect(text.includes('de 11 h 15 à 13 h'), 'editor-move-confirm', `the new time: ${text}`);
  await check(page, 'editor-move-confirm');
  await page.getByRole('button', { name: 'Oui, enregistrer et prévenir' }).click();
  await page.getByText('Changements enregistrés. Les personnes inscrites à ce temps reçoivent un message.').waitFor();
  await check(page, 'editor-moved');
  const moved = await until('the updated invite', () =>
    invites(data.maildir, person.email).find((i) => i.uid === first.uid && i.sequence > first.sequence),
  );
  expect(moved.dtstart === '20310422T091500Z', 'participant', `the invite moved to 11:15 Paris: ${JSON.stringify(moved)}`);
  // The confirmation sent the form again as typed: the facilitators kept their two lines.
  await page.getByRole('link', { name: `Modifier ou déplacer : ${A}` }).click();
  const kept = await page.getByLabel('Co-animateurs et co-animatrices (facultatif)').inputValue();
  expect(kept === duo, 'editor-moved', `the facilitators after the confirmation: ${JSON.stringify(kept)}`);
  await page.getByRole('link', { name: 'Revenir au programme' }).click();

  // The cancellation page of a session nobody holds, left without cancelling.
  await page.getByRole('link', { name: `Annuler ce temps : ${B}` }).click();
  await expectH1(page, 'editor-cancel-confirm', `Annuler le temps « ${B} » ?`);
  text = await page.locator('main').innerText();
  expect(text.includes("Personne n'a de place à ce temps."), 'editor-cancel-confirm', text);
  await check(page, 'editor-cancel-confirm');
  await page.getByRole('link', { name: 'Non, revenir au programme' }).click();

  // Copy to new dates: refused, then done.
  await page.getByRole('link', { name: "Revenir à l'évènement" }).click();
  await page.getByRole('link', { name: 'Copier vers de nouvelles dates' }).click();
  await check(page, 'editor-copy');
  await page.getByLabel('Adresse de la page de la copie').fill(SLUG);
  await page.getByLabel('Premier jour de la copie').fill('le 22 avril');
  await page.getByRole('button', { name: 'Créer la copie' }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  await expectErrorSummary(page, 'editor-copy-errors');
  await check(page, 'editor-copy-errors');
  await page.getByLabel('Adresse de la page de la copie').fill('jrps-2032');
  await page.getByLabel('Titre de la copie (facultatif)').fill('JRPS 2032');
  await page.getByLabel('Premier jour de la copie').fill('20/04/2032');
  await page.getByRole('button', { name: 'Créer la copie' }).click();
  await expectH1(page, 'editor-copied', "Modifier l'évènement : JRPS 2032");
  await check(page, 'editor-copied');

  // Close registration of the first one.
  await page.goto(`${base}/organiser/events/${SLUG}/edit`);
  await page.getByRole('link', { name: 'Clore les inscriptions' }).click();
  await check(page, 'editor-close');
  await page.getByRole('button', { name: 'Oui, clore les inscriptions' }).click();
  await page.getByText('Inscriptions closes.').waitFor();

  // At 320 px: the forms, their errors, the programme, a confirmation, the preview.
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`${base}/organiser/events/new`);
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  await check(page, 'editor-new-errors-320');
  await page.goto(`${base}/organiser/events/${SLUG}/programme`);
  await check(page, 'editor-programme-320');
  await page.getByRole('link', { name: `Modifier ou déplacer : ${A}` }).click();
  await page.getByLabel('Heure de fin').fill('midi');
  await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  await expectErrorSummary(page, 'editor-session-errors-320');
  await check(page, 'editor-session-errors-320');
  await page.getByLabel('Heure de fin').fill('13:30');
  await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
  await expectH1(page, 'editor-move-confirm-320', `Enregistrer les changements de « ${A} » ?`);
  await check(page, 'editor-move-confirm-320');
  await page.getByRole('link', { name: 'Non, ne rien changer' }).click();
  await page.goto(`${base}/organiser/events/${SLUG}/preview`);
  await check(page, 'editor-preview-320');
  await page.goto(`${base}/organiser/events/${SLUG}/edit`);
  await check(page, 'editor-event-320');

  // In English: the programme and a refused session form.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/organiser/events/${SLUG}/programme`);
  await page.getByRole('link', { name: 'English' }).click();
  await expectH1(page, 'editor-programme-en', `Programme: ${TITLE}`);
  await check(page, 'editor-programme-en');
  await page.getByRole('link', { name: 'Add a session' }).click();
  await page.getByRole('button', { name: 'Add a session' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await check(page, 'editor-session-errors-en');
});
