import { and, count, eq, notLike } from 'drizzle-orm';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, demoLogins, loadDemo } from '../demo/demo.js';
import { hashPassword } from '../identity/crypto.js';
import { patientAccount, staff } from '../identity/schema.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, signInAsDemo, totpAt } from '../testing/auth.js';
import { documentHash } from './core.js';
import { defaultDocument } from './defaults.js';
import type {
  ConsentDocumentList,
  ConsentDocumentView,
  PatientConsentView,
  PortalConsentView,
  SignatureView,
} from './model.js';
import { consentDocument, consentSignature, consentWithdrawal } from './schema.js';
import { consentFor } from './service.js';

/**
 * Informed consent through the HTTP API: publishing versions (required topics, step-up), signing in the portal
 * and on the clinic tablet, a newer version making consent outdated until re-signed, expiry at twelve calendar
 * months, withdrawal, refusals writing nothing, the signed PDF copy, and one clinic or patient never reaching
 * another's consent.
 */
let t: TestApp;
let clinicA: string;
let alphaId: string;
let bravoId: string;
let clinicB: string;
let deltaId: string;
let portal: SignedIn;
let bravoPortal: SignedIn;
let nurse: SignedIn;
let frontDesk: SignedIn;
let prescriber: SignedIn;
let nurseB: SignedIn;
let deltaPortal: SignedIn;

const T0 = '2026-03-02T15:00:00.000Z'; // the test clock's start: 09:00 CST in the demo clinic (Chicago)

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.database, t.clock);
  [{ id: clinicA }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  [{ id: alphaId }] = (await t.database.db.select({ id: patient.id }).from(patient)) as [{ id: string }];
  const hash = await hashPassword(DEMO_PASSWORD);
  await t.database.transaction(async (tx) => {
    const [bravo] = await tx
      .insert(patient)
      .values({
        clinicId: clinicA,
        givenName: 'Bravo',
        familyName: 'Demo-Patient',
        birthDate: '1985-02-02',
        createdAt: t.clock.now(),
      })
      .returning({ id: patient.id });
    bravoId = bravo!.id;
    await tx.insert(patientAccount).values({
      clinicId: clinicA,
      patientId: bravoId,
      email: 'bravo@demo-clinic.example',
      passwordHash: hash,
      passwordChangedAt: t.clock.now(),
      createdAt: t.clock.now(),
    });
    const created = await createOrganisationWithClinic(
      t.database,
      t.clock,
      {
        organisationName: 'Other Demo Org (synthetic)',
        clinic: {
          name: 'Demo Clinic B',
          addressLine1: '9 Sample Road',
          city: 'Denver',
          state: 'CO',
          postalCode: '80202',
          timeZone: 'America/Denver',
          phone: '303-555-0199',
        },
      },
      tx,
    );
    clinicB = created.clinic.id;
    const { insertStaff } = await import('../identity/staff-service.js');
    await insertStaff(tx, t.clock, {
      organisationId: created.organisationId,
      clinicId: clinicB,
      fullName: 'Clinic B Demo Nurse',
      email: 'nurse@clinic-b.example',
      roles: ['nurse'],
      passwordHash: hash,
    });
    const [delta] = await tx
      .insert(patient)
      .values({
        clinicId: clinicB,
        givenName: 'Delta',
        familyName: 'Demo-Patient',
        birthDate: '1975-05-05',
        createdAt: t.clock.now(),
      })
      .returning({ id: patient.id });
    deltaId = delta!.id;
    await tx.insert(patientAccount).values({
      clinicId: clinicB,
      patientId: deltaId,
      email: 'delta@clinic-b.example',
      passwordHash: hash,
      passwordChangedAt: t.clock.now(),
      createdAt: t.clock.now(),
    });
  });
  await signInEveryone();
}, 120_000);
afterAll(async () => t?.close());

async function signInEveryone() {
  t.clock.advanceMinutes(1);
  portal = await signInAsDemo(t.app, t.clock, 'patient');
  nurse = await signInAsDemo(t.app, t.clock, 'nurse');
  frontDesk = await signInAsDemo(t.app, t.clock, 'front_desk');
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
  const login = (email: string, path?: string) => signIn(t.app, { email, password: DEMO_PASSWORD }, path);
  bravoPortal = await login('bravo@demo-clinic.example', '/api/portal/auth/login');
  deltaPortal = await login('delta@clinic-b.example', '/api/portal/auth/login');
  nurseB = await login('nurse@clinic-b.example');
}

/** Password + authenticator code again, as publishing a consent document requires. */
async function stepUp(who: SignedIn) {
  t.clock.advanceMinutes(1);
  const secret = demoLogins.find((l) => l.role === 'prescriber')!.totpSecret!;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/step-up',
    headers: who.headers,
    payload: { password: DEMO_PASSWORD, totp: await totpAt(secret, t.clock) },
  });
  expect(res.statusCode).toBe(200);
}

const get = (url: string, who: SignedIn) =>
  t.app.inject({ method: 'GET', url: `/api${url}`, headers: who.headers });
const post = (url: string, who: SignedIn, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api${url}`, headers: who.headers, payload });

const patientUrl = (patientId = alphaId, clinicId = clinicA) =>
  `/clinics/${clinicId}/patients/${patientId}/consent`;

async function chart(patientId = alphaId): Promise<PatientConsentView> {
  const res = await get(patientUrl(patientId), nurse);
  expect(res.statusCode).toBe(200);
  return res.json();
}
const statusOf = async (route: string, patientId = alphaId) =>
  (await chart(patientId)).routes.find((r) => r.route === route)!.status;

async function documents(): Promise<ConsentDocumentList> {
  const res = await get(`/clinics/${clinicA}/consent/documents`, frontDesk);
  expect(res.statusCode).toBe(200);
  return res.json();
}
const latestFor = async (route: string) => (await documents()).documents.find((d) => d.route === route)!;

/** Every attestation acknowledged and the legal name typed: a complete signature of a document. */
const fullSignature = (doc: ConsentDocumentView, typedName = 'Alpha Demo-Patient') => ({
  documentId: doc.id,
  acknowledged: doc.attestations.map((a) => a.id),
  typedName,
});

async function rowCounts() {
  const db = t.database.db;
  const [documents] = await db.select({ n: count() }).from(consentDocument);
  const [signatures] = await db.select({ n: count() }).from(consentSignature);
  const [withdrawals] = await db.select({ n: count() }).from(consentWithdrawal);
  // Reads are audited by a buffer flushed in the background: count only what a write records.
  const [audit] = await db
    .select({ n: count() })
    .from(auditEntry)
    .where(and(notLike(auditEntry.action, 'read:%'), notLike(auditEntry.action, 'denied:%')));
  return { documents: documents!.n, signatures: signatures!.n, withdrawals: withdrawals!.n, audit: audit!.n };
}

/** The standard fonts draw WinAnsi (Windows-1252) codes; these differ from Latin-1 in the text used here. */
const winAnsi: Record<number, string> = {
  133: '…',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  149: '•',
  150: '–',
  151: '—',
};

/** The text drawn on a PDF's pages, read back with pdf-lib's own parser (content streams are compressed). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  const decoder = new TextDecoder('latin1');
  let text = '';
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = decoder.decode(decodePDFRawStream(stream).decode());
      for (const [, hex] of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        const codes = (hex!.match(/../g) ?? []).map((h) => Number.parseInt(h, 16));
        text += `${codes.map((code) => winAnsi[code] ?? String.fromCharCode(code)).join('')}\n`;
      }
    }
  }
  return text;
}

describe('informed consent', () => {
  let ivV2: ConsentDocumentView;
  let alphaIv: SignatureView;
  let alphaIntranasal: SignatureView;
  let bravoIv: SignatureView;

  it('starts the demo clinic with a template per route and the demo patient’s current IV consent', async () => {
    const list = await documents();
    expect(list.documents.map((d) => [d.route, d.version])).toEqual([
      ['iv', 1],
      ['im', 1],
      ['intranasal', 1],
      ['oral', 1],
    ]);
    for (const doc of list.documents) {
      expect(doc.textHash).toBe(documentHash(doc));
      expect(doc.publishedBy).toBeNull();
    }
    expect(list.requiredTopics.find((r) => r.route === 'intranasal')!.topics).toContain('rems_monitoring');

    const view = await chart();
    expect(view.validityMonths).toBe(12);
    expect(view.routes.map((r) => [r.route, r.status])).toEqual([
      ['iv', 'current'],
      ['im', 'none'],
      ['intranasal', 'none'],
      ['oral', 'none'],
    ]);
    expect(view.routes[0]!.expiresAt).toBe('2027-03-02T15:00:00.000Z');
    expect(view.signatures).toHaveLength(1);
    expect(view.signatures[0]).toMatchObject({
      route: 'iv',
      signedVia: 'portal',
      signedAt: T0,
      withdrawal: null,
    });

    const res = await get('/portal/consent', portal);
    expect(res.statusCode).toBe(200);
    const mine: PortalConsentView = res.json();
    expect(mine.toSign.map((s) => [s.route, s.status])).toEqual([
      ['im', 'none'],
      ['intranasal', 'none'],
      ['oral', 'none'],
    ]);
    expect(mine.signatures.map((s) => s.id)).toEqual([view.signatures[0]!.id]);
  });

  it('publishes only with a fresh step-up, for owner or prescriber, with every required topic', async () => {
    const draft = { ...defaultDocument('iv'), title: 'Consent to intravenous (IV) ketamine treatment, 2026' };

    const noStepUp = await post(`/clinics/${clinicA}/consent/documents`, prescriber, draft);
    expect(noStepUp.statusCode).toBe(403);
    expect(noStepUp.json().type).toBe('/problems/step-up-required');
    expect((await post(`/clinics/${clinicA}/consent/documents`, nurse, draft)).statusCode).toBe(403);

    await stepUp(prescriber);
    const before = await rowCounts();
    const missing = await post(`/clinics/${clinicA}/consent/documents`, prescriber, {
      ...draft,
      attestations: draft.attestations.filter((a) => !['off_label_use', 'escort_home'].includes(a.id)),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([
      {
        path: '/body/attestations',
        message: 'Missing required attestations for iv: off_label_use, escort_home',
      },
    ]);
    const unknownField = await post(`/clinics/${clinicA}/consent/documents`, prescriber, {
      ...draft,
      version: 7,
    });
    expect(unknownField.statusCode).toBe(422);
    const badRoute = await post(`/clinics/${clinicA}/consent/documents`, prescriber, {
      ...draft,
      route: 'rectal',
    });
    expect(badRoute.statusCode).toBe(422);
    const unchanged = await post(`/clinics/${clinicA}/consent/documents`, prescriber, defaultDocument('iv'));
    expect(unchanged.statusCode).toBe(409);
    expect(unchanged.json().detail).toContain('same as version 1');
    expect(await rowCounts()).toEqual(before);

    const res = await post(`/clinics/${clinicA}/consent/documents`, prescriber, {
      ...draft,
      bodyMarkdown: draft.bodyMarkdown.replace(/\n/g, '\r\n'),
    });
    expect(res.statusCode).toBe(201);
    ivV2 = res.json();
    expect(ivV2).toMatchObject({ route: 'iv', version: 2, title: draft.title });
    expect(ivV2.bodyMarkdown).toBe(draft.bodyMarkdown);
    expect(ivV2.textHash).toBe(documentHash(draft));
    const [author] = await t.database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'prescriber@demo-clinic.example'));
    expect(ivV2.publishedBy).toBe(author!.id);
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'consent.document_published'), eq(auditEntry.resourceId, ivV2.id)));
    expect(audit).toMatchObject({ actorId: author!.id, patientId: null });
    expect(audit!.detail).toEqual({ route: 'iv', version: 2, textHash: ivV2.textHash });

    expect((await latestFor('iv')).id).toBe(ivV2.id);
    const v1 = await get(
      `/clinics/${clinicA}/consent/documents/${(await chart()).signatures[0]!.documentId}`,
      nurse,
    );
    expect(v1.json()).toMatchObject({ route: 'iv', version: 1 });
  });

  it("makes the IV consent 'outdated_version' until the patient signs the new version", async () => {
    expect(await statusOf('iv')).toBe('outdated_version');
    const mine: PortalConsentView = (await get('/portal/consent', portal)).json();
    expect(mine.toSign.find((s) => s.route === 'iv')).toMatchObject({
      status: 'outdated_version',
      document: { id: ivV2.id, version: 2 },
    });
    const stale = await post('/portal/consent/signatures', portal, {
      ...fullSignature(ivV2),
      documentId: (await chart()).signatures[0]!.documentId,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toContain('A newer version exists');
  });

  it('refuses a signature with attestations missing or another name, at their fields, writing nothing', async () => {
    const before = await rowCounts();
    const partial = await post('/portal/consent/signatures', portal, {
      ...fullSignature(ivV2),
      acknowledged: ivV2.attestations
        .map((a) => a.id)
        .filter((id) => id !== 'dissociation' && id !== 'nausea'),
    });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().errors).toEqual([
      { path: '/body/acknowledged', message: 'Not acknowledged: dissociation, nausea' },
    ]);

    const wrongName = await post(
      '/portal/consent/signatures',
      portal,
      fullSignature(ivV2, 'Bravo Demo-Patient'),
    );
    expect(wrongName.statusCode).toBe(422);
    expect(wrongName.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/typedName']);

    const both = await post('/portal/consent/signatures', portal, {
      ...fullSignature(ivV2, 'Alpha'),
      acknowledged: [],
    });
    expect(both.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/acknowledged',
      '/body/typedName',
    ]);
    expect(
      (await post('/portal/consent/signatures', portal, { ...fullSignature(ivV2), extra: 1 })).statusCode,
    ).toBe(422);
    expect(await rowCounts()).toEqual(before);
  });

  it('records a portal signature on the latest version with its hash: the route is current again', async () => {
    t.clock.advanceMinutes(1);
    const res = await post(
      '/portal/consent/signatures',
      portal,
      fullSignature(ivV2, '  alpha   DEMO-patient '),
    );
    expect(res.statusCode).toBe(201);
    alphaIv = res.json();
    expect(alphaIv).toMatchObject({
      documentId: ivV2.id,
      route: 'iv',
      documentVersion: 2,
      documentHash: ivV2.textHash,
      acknowledged: ivV2.attestations.map((a) => a.id),
      typedName: 'alpha   DEMO-patient',
      signedVia: 'portal',
      witnessStaffId: null,
      signedAt: t.clock.now().toISOString(),
      withdrawal: null,
    });
    expect(await statusOf('iv')).toBe('current');
    const [audit] = await t.database.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, 'consent.signed'), eq(auditEntry.resourceId, alphaIv.id)));
    expect(audit).toMatchObject({ actorType: 'patient', patientId: alphaId });
    expect(JSON.stringify(audit!.detail)).not.toContain('alpha');
    const mine: PortalConsentView = (await get('/portal/consent', portal)).json();
    expect(mine.toSign.map((s) => s.route)).toEqual(['im', 'intranasal', 'oral']);
  });

  it('takes a signature on the clinic tablet with the staff member who handed it over as witness', async () => {
    const intranasal = await latestFor('intranasal');
    const res = await post(`${patientUrl()}/signatures`, frontDesk, fullSignature(intranasal));
    expect(res.statusCode).toBe(201);
    alphaIntranasal = res.json();
    const [desk] = await t.database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, 'frontdesk@demo-clinic.example'));
    expect(alphaIntranasal).toMatchObject({
      route: 'intranasal',
      signedVia: 'clinic_tablet',
      witnessStaffId: desk!.id,
    });
    expect(await statusOf('intranasal')).toBe('current');

    // A therapist may read consent but not take a signature; the patient's name is checked on the tablet too.
    const therapist = await signInAsDemo(t.app, t.clock, 'therapist');
    expect((await post(`${patientUrl()}/signatures`, therapist, fullSignature(intranasal))).statusCode).toBe(
      403,
    );
    const wrong = await post(`${patientUrl(bravoId)}/signatures`, frontDesk, fullSignature(intranasal));
    expect(wrong.statusCode).toBe(422);
    const res2 = await post(
      `${patientUrl(bravoId)}/signatures`,
      nurse,
      fullSignature(await latestFor('iv'), 'Bravo Demo-Patient'),
    );
    expect(res2.statusCode).toBe(201);
    bravoIv = res2.json();
  });

  it('records a withdrawal as a new row that blocks the route; re-signing makes it current again', async () => {
    const before = await rowCounts();
    const blank = await post(`/portal/consent/signatures/${alphaIntranasal.id}/withdrawal`, portal, {
      reason: '',
    });
    expect(blank.statusCode).toBe(422);
    expect(await rowCounts()).toEqual(before);

    t.clock.advanceMinutes(1);
    const res = await post(`/portal/consent/signatures/${alphaIntranasal.id}/withdrawal`, portal, {
      reason: 'I would rather not continue with the nasal spray',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: alphaIntranasal.id,
      withdrawal: { recordedByStaff: null, withdrawnAt: t.clock.now().toISOString() },
    });
    expect(await statusOf('intranasal')).toBe('withdrawn');
    const again = await post(`${patientUrl()}/signatures/${alphaIntranasal.id}/withdrawal`, nurse, {
      reason: 'Told the nurse too',
    });
    expect(again.statusCode).toBe(409);
    expect((await rowCounts()).withdrawals).toBe(before.withdrawals + 1);
    const [signatureRow] = await t.database.db
      .select()
      .from(consentSignature)
      .where(eq(consentSignature.id, alphaIntranasal.id));
    expect(signatureRow!.typedName).toBe('Alpha Demo-Patient');

    t.clock.advanceMinutes(1);
    const resigned = await post(
      '/portal/consent/signatures',
      portal,
      fullSignature(await latestFor('intranasal')),
    );
    expect(resigned.statusCode).toBe(201);
    expect(await statusOf('intranasal')).toBe('current');

    // Staff record a withdrawal the patient gives in person.
    const staffWithdrawal = await post(`${patientUrl()}/signatures/${resigned.json().id}/withdrawal`, nurse, {
      reason: 'Patient told the nurse at check-in',
    });
    expect(staffWithdrawal.statusCode).toBe(201);
    expect(staffWithdrawal.json().withdrawal.recordedByStaff).not.toBeNull();
    expect(await statusOf('intranasal')).toBe('withdrawn');
    const [audit] = await t.database.db
      .select({ n: count() })
      .from(auditEntry)
      .where(eq(auditEntry.action, 'consent.withdrawn'));
    expect(audit!.n).toBe(2);
  });

  it('keeps each clinic and each patient to their own consent', async () => {
    const before = await rowCounts();
    const iv = await latestFor('iv');
    // Another clinic's staff: 404 for the clinic, its patients, documents and signatures.
    expect((await get(patientUrl(), nurseB)).statusCode).toBe(404);
    expect((await get(`/clinics/${clinicA}/consent/documents`, nurseB)).statusCode).toBe(404);
    expect((await post(`${patientUrl()}/signatures`, nurseB, fullSignature(iv))).statusCode).toBe(404);
    expect((await get(`${patientUrl()}/signatures/${alphaIv.id}.pdf`, nurseB)).statusCode).toBe(404);
    // Clinic B's own URL with clinic A's patient or document.
    expect((await get(patientUrl(alphaId, clinicB), nurseB)).statusCode).toBe(404);
    expect((await get(`/clinics/${clinicB}/consent/documents/${iv.id}`, nurseB)).statusCode).toBe(404);
    // Clinic A's URL with clinic B's patient.
    expect((await get(patientUrl(deltaId), nurse)).statusCode).toBe(404);
    expect((await post(`${patientUrl(deltaId)}/signatures`, nurse, fullSignature(iv))).statusCode).toBe(404);
    // A patient of another clinic cannot read or sign clinic A's documents.
    expect((await get(`/portal/consent/documents/${iv.id}`, deltaPortal)).statusCode).toBe(404);
    expect(
      (await post('/portal/consent/signatures', deltaPortal, fullSignature(iv, 'Delta Demo-Patient')))
        .statusCode,
    ).toBe(404);
    // A patient cannot sign for, withdraw or download another patient's consent.
    expect((await post(`${patientUrl(bravoId)}/signatures`, portal, fullSignature(iv))).statusCode).toBe(403);
    expect(
      (
        await post(`/portal/consent/signatures/${bravoIv.id}/withdrawal`, portal, {
          reason: 'Not mine to withdraw',
        })
      ).statusCode,
    ).toBe(404);
    expect((await get(`/portal/consent/signatures/${bravoIv.id}.pdf`, portal)).statusCode).toBe(404);
    expect((await get(`${patientUrl(bravoId)}/signatures/${alphaIv.id}.pdf`, nurse)).statusCode).toBe(404);
    const bravoView: PortalConsentView = (await get('/portal/consent', bravoPortal)).json();
    expect(bravoView.signatures.map((s) => s.id)).toEqual([bravoIv.id]);
    expect(await rowCounts()).toEqual(before);
  });

  it('serves the signed copy as a PDF with the text, attestations, name, time, version, hash and signature id', async () => {
    const res = await get(`/portal/consent/signatures/${alphaIv.id}.pdf`, portal);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="consent-iv-${alphaIv.id}.pdf"`);
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pdfText(bytes)).replace(/\n/g, ' ');
    expect(text).toContain(`Document SHA-256: ${ivV2.textHash}`);
    expect(text).toContain(`Signature id: ${alphaIv.id}`);
    expect(text).toContain('Document version: 2');
    expect(text).toContain('Typed full name: alpha DEMO-patient');
    expect(text).toContain('Signed: March 2, 2026 at 9:0');
    expect(text).toContain('America/Chicago');
    expect(text).toContain('Template — the clinic must review this document with its counsel before use.');
    expect(text).toContain('[x] I will have an adult escort take me home');
    const loaded = await PDFDocument.load(bytes);
    expect(loaded.getSubject()).toContain(ivV2.textHash);

    const staffCopy = await get(`${patientUrl()}/signatures/${alphaIntranasal.id}.pdf`, frontDesk);
    expect(staffCopy.statusCode).toBe(200);
    const staffText = (await pdfText(staffCopy.rawPayload)).replace(/\n/g, ' ');
    expect(staffText).toContain('Signed on the clinic tablet');
    expect(staffText).toContain('Withdrawn:');
    expect(staffText).toContain('Reason: I would rather not continue with the nasal spray');
  });

  it('expires at exactly twelve calendar months in the clinic time zone, and follows a shorter clinic setting', async () => {
    const signedAt = new Date(alphaIv.signedAt);
    // Signed a few minutes after 09:00 CST on 2 March 2026; 2 March 2027 is still standard time.
    const expiry = new Date(
      signedAt.getTime() + Date.parse('2027-03-02T00:00:00Z') - Date.parse('2026-03-02T00:00:00Z'),
    );
    const at = (ms: number) => consentFor(t.database.db, clinicA, alphaId, 'iv', new Date(ms));
    expect((await at(expiry.getTime() - 1)).status).toBe('current');
    expect(await at(expiry.getTime())).toMatchObject({
      status: 'expired',
      signatureId: alphaIv.id,
      expiresAt: expiry.toISOString(),
      latestDocumentId: ivV2.id,
      latestVersion: 2,
    });
    expect((await consentFor(t.database.db, clinicA, alphaId, 'oral', expiry)).status).toBe('none');

    await stepUp(prescriber);
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/clinics/${clinicA}/settings/consent`,
      headers: prescriber.headers,
      payload: { values: { validityMonths: 6 }, reason: 'Medical director: re-consent every six months' },
    });
    expect(change.statusCode).toBe(200);
    // Six calendar months later at the same wall-clock time, now daylight time: an hour earlier in UTC.
    const sixMonths =
      signedAt.getTime() +
      Date.parse('2026-09-02T00:00:00Z') -
      Date.parse('2026-03-02T00:00:00Z') -
      3_600_000;
    expect((await consentFor(t.database.db, clinicA, alphaId, 'iv', new Date(sixMonths - 1))).status).toBe(
      'current',
    );
    expect((await consentFor(t.database.db, clinicA, alphaId, 'iv', new Date(sixMonths))).status).toBe(
      'expired',
    );
    const tooLong = await t.app.inject({
      method: 'PUT',
      url: `/api/clinics/${clinicA}/settings/consent`,
      headers: prescriber.headers,
      payload: { values: { validityMonths: 18 }, reason: 'Longer than allowed' },
    });
    expect(tooLong.statusCode).toBe(422);

    // The clock walks past six months: the chart and the portal show it expired and ask for a new signature.
    t.clock.advance(sixMonths - t.clock.now().getTime());
    await signInEveryone();
    expect(await statusOf('iv')).toBe('expired');
    const mine: PortalConsentView = (await get('/portal/consent', portal)).json();
    expect(mine.toSign.find((s) => s.route === 'iv')).toMatchObject({
      status: 'expired',
      document: { id: ivV2.id },
    });
    const resigned = await post('/portal/consent/signatures', portal, fullSignature(ivV2));
    expect(resigned.statusCode).toBe(201);
    expect(await statusOf('iv')).toBe('current');
  });

  it('never writes patient names or reasons to the logs', () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toMatch(/Demo-Patient|nasal spray|check-in/i);
  });
});
