import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEntry } from '../audit/schema.js';
import { DEMO_PASSWORD, loadDemo } from '../demo/demo.js';
import { hashPassword } from '../identity/crypto.js';
import { staff } from '../identity/schema.js';
import { insertStaff } from '../identity/staff-service.js';
import { clinic } from '../organisation/schema.js';
import { createOrganisationWithClinic } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import type { Tx } from '../platform/db/database.js';
import { newId } from '../platform/ids.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, signInAsDemo, totpAt } from '../testing/auth.js';
import type { OutcomesReport } from './model.js';
import { questionnaireResponse, score } from './schema.js';
import type { TreatmentDose, TreatmentTimeline, TreatmentTimelineSource } from './timeline.js';

/**
 * The outcomes report through the API on a hand-computed fixture in the demo clinic (America/Chicago: UTC−6 in
 * January). Report period 1–31 January 2026 = 2026-01-01T06:00Z up to 2026-02-01T06:00Z. PHQ-9 remission < 5.
 *
 *  A  IV, "IV induction 6x", F33.2, first dose 5 Jan. PHQ-9: 28 Dec 20 (baseline) · 12 Jan 12 · 19 Jan 9
 *     (9 ≤ 20/2: first response, 14 days) · 26 Jan 4 · 28 Jan 16 retracted as entered in error.
 *     Last counting score 4: responder (8 ≤ 20) and remitter (4 < 5).
 *  B  IV, "IV induction 6x", F33.2, first dose 6 Jan. PHQ-9: 2 Jan 16 · 13 Jan 8 · 27 Jan 10 · 29 Jan 2,
 *     amended to a form too incomplete to score. Last counting score 10: 20 > 16, no response; 10 ≥ 5, no
 *     remission. GAD-7: 2 Jan 14 · 20 Jan 6 (12 ≤ 14: response after 14 days; 6 ≥ 5: no remission).
 *  C  intranasal, "Spravato induction", F32.2, first dose 8 Jan. PHQ-9: 3 Jan 18 · 15 Jan 04:00Z = 14 Jan 22:00
 *     in Chicago 9 (first response: 6 calendar days in the clinic, 7 in UTC) · 29 Jan 6. Last 6: responder
 *     (12 ≤ 18), not remitter.
 *  D  IM, no protocol, no diagnosis, first dose 9 Jan. PHQ-9 only after the dose: no baseline, patient only.
 *  E  IV, "IV induction 6x", F43.10, first dose 7 Jan. PHQ-9: 1 Jan 0 · 14 Jan 0. Measured; a baseline of 0
 *     never responds; 0 < 5 remits.
 *  F  IV, first dose 1 Jan 03:00Z = 31 Dec 21:00 in Chicago: not in January's cohort (its scores would count).
 *  G  oral, no protocol, F33.2, first dose 20 Jan. PHQ-9: 19 Jan 12 · 1 Feb 07:00Z = 1 Feb 01:00 in Chicago 3,
 *     after the period: patient only.
 *  H  IV, "IV induction 6x", F33.2, first dose 1 Feb 05:30Z = 31 Jan 23:30 in Chicago: in the cohort. PHQ-9:
 *     30 Jan 14, nothing after the dose: patient only.
 *
 *  Overall: patients A B C D E G H = 7; measured A B C E = 4; responders A C = 2; remitters A E = 2;
 *  response rate 2/4 = 0.5; remission rate 2/4 = 0.5; median days to response of {14, 6} = (6 + 14)/2 = 10.
 */
interface FixturePatient {
  name: string;
  doses: Array<[at: string, route: TreatmentDose['route'], protocol: string | null]>;
  diagnosis: string | null;
  /** [instrument, effectiveAt, total, what happened to it later]. */
  scores: Array<[string, string, number, ('retracted' | 'amended-unscorable')?]>;
}

const IV6 = 'IV induction 6x';
const fixture: FixturePatient[] = [
  {
    name: 'A',
    doses: [
      ['2026-01-05T15:00:00Z', 'iv', IV6],
      ['2026-01-08T15:00:00Z', 'iv', IV6],
    ],
    diagnosis: 'F33.2',
    scores: [
      ['phq-9', '2025-12-28T15:00:00Z', 20],
      ['phq-9', '2026-01-12T15:00:00Z', 12],
      ['phq-9', '2026-01-19T15:00:00Z', 9],
      ['phq-9', '2026-01-26T15:00:00Z', 4],
      ['phq-9', '2026-01-28T15:00:00Z', 16, 'retracted'],
    ],
  },
  {
    name: 'B',
    doses: [['2026-01-06T15:00:00Z', 'iv', IV6]],
    diagnosis: 'F33.2',
    scores: [
      ['phq-9', '2026-01-02T15:00:00Z', 16],
      ['phq-9', '2026-01-13T15:00:00Z', 8],
      ['phq-9', '2026-01-27T15:00:00Z', 10],
      ['phq-9', '2026-01-29T15:00:00Z', 2, 'amended-unscorable'],
      ['gad-7', '2026-01-02T15:00:00Z', 14],
      ['gad-7', '2026-01-20T15:00:00Z', 6],
    ],
  },
  {
    name: 'C',
    doses: [['2026-01-08T15:00:00Z', 'intranasal', 'Spravato induction']],
    diagnosis: 'F32.2',
    scores: [
      ['phq-9', '2026-01-03T15:00:00Z', 18],
      ['phq-9', '2026-01-15T04:00:00Z', 9],
      ['phq-9', '2026-01-29T15:00:00Z', 6],
    ],
  },
  {
    name: 'D',
    doses: [['2026-01-09T15:00:00Z', 'im', null]],
    diagnosis: null,
    scores: [['phq-9', '2026-01-10T15:00:00Z', 15]],
  },
  {
    name: 'E',
    doses: [['2026-01-07T15:00:00Z', 'iv', IV6]],
    diagnosis: 'F43.10',
    scores: [
      ['phq-9', '2026-01-01T15:00:00Z', 0],
      ['phq-9', '2026-01-14T15:00:00Z', 0],
    ],
  },
  {
    name: 'F',
    doses: [['2026-01-01T03:00:00Z', 'iv', IV6]],
    diagnosis: 'F33.2',
    scores: [
      ['phq-9', '2025-12-29T15:00:00Z', 20],
      ['phq-9', '2026-01-10T15:00:00Z', 2],
    ],
  },
  {
    name: 'G',
    doses: [['2026-01-20T15:00:00Z', 'oral', null]],
    diagnosis: 'F33.2',
    scores: [
      ['phq-9', '2026-01-19T15:00:00Z', 12],
      ['phq-9', '2026-02-01T07:00:00Z', 3],
    ],
  },
  {
    name: 'H',
    doses: [['2026-02-01T05:30:00Z', 'iv', IV6]],
    diagnosis: 'F33.2',
    scores: [['phq-9', '2026-01-30T15:00:00Z', 14]],
  },
  // March: a protocol name that a spreadsheet would run as a formula.
  {
    name: 'I',
    doses: [['2026-03-10T15:00:00Z', 'iv', '=HYPERLINK("http://x.example","go")']],
    diagnosis: '@F33.1',
    scores: [],
  },
];

let t: TestApp;
let clinicId: string;
let otherClinicId: string;
let prescriber: SignedIn;
const timelines = new Map<string, TreatmentTimeline>();
/** Timelines of patients who exist only in the treatment source, for the cohort-size test. */
let syntheticTimelines = new Map<string, TreatmentTimeline>();

const treatment: TreatmentTimelineSource = {
  async timelines(_db, clinic, patientIds) {
    if (clinic !== clinicId) return new Map();
    const all = new Map([...timelines, ...syntheticTimelines]);
    return patientIds === 'all'
      ? all
      : new Map(patientIds.flatMap((id) => (all.has(id) ? [[id, all.get(id)!]] : [])));
  },
};

const OTHER_OWNER = { email: 'owner@clinic-b.example', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };

async function recordScore(
  tx: Tx,
  patientId: string,
  instrumentId: string,
  at: Date,
  total: number | null,
  replacesId: string | null = null,
): Promise<string> {
  const [response] = await tx
    .insert(questionnaireResponse)
    .values({
      clinicId,
      patientId,
      instrumentId,
      instrumentVersion: '1.0',
      status: 'completed',
      answers: {},
      source: 'patient',
      authoredAt: at,
      recordedAt: at,
      replacesId,
      correctionReason: replacesId ? 'answers corrected' : null,
    })
    .returning({ id: questionnaireResponse.id });
  await tx.insert(score).values({
    clinicId,
    patientId,
    responseId: response!.id,
    instrumentId,
    instrumentVersion: '1.0',
    valid: total !== null,
    total,
    prorated: false,
    effectiveAt: at,
  });
  return response!.id;
}

beforeAll(async () => {
  t = await createTestApp({}, { treatment });
  await loadDemo(t.database, t.clock);
  [{ id: clinicId }] = (await t.database.db.select({ id: clinic.id }).from(clinic)) as [{ id: string }];
  const [{ organisationId }] = (await t.database.db
    .select({ organisationId: clinic.organisationId })
    .from(clinic)) as [{ organisationId: string }];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await t.database.transaction(async (tx) => {
    for (const p of fixture) {
      const [row] = await tx
        .insert(patient)
        .values({
          clinicId,
          givenName: p.name,
          familyName: 'Outcomes-Fixture',
          birthDate: '1985-03-03',
          createdAt: t.clock.now(),
        })
        .returning({ id: patient.id });
      const patientId = row!.id;
      timelines.set(patientId, {
        diagnosis: p.diagnosis,
        doses: p.doses.map(([at, route, protocol]) => ({
          at: new Date(at),
          route,
          protocol,
          phase: 'induction',
          doseChanged: false,
          label: `${route} dose`,
        })),
      });
      for (const [instrumentId, at, total, later] of p.scores) {
        const responseId = await recordScore(tx, patientId, instrumentId, new Date(at), total);
        if (later === 'amended-unscorable')
          await recordScore(tx, patientId, instrumentId, new Date(at), null, responseId);
        if (later === 'retracted')
          await tx.insert(questionnaireResponse).values({
            clinicId,
            patientId,
            instrumentId,
            instrumentVersion: '1.0',
            status: 'entered-in-error',
            answers: {},
            source: 'staff',
            authoredAt: new Date(at),
            recordedAt: new Date(at),
            replacesId: responseId,
            correctionReason: 'wrong patient',
          });
      }
    }
    const other = await createOrganisationWithClinic(
      t.database,
      t.clock,
      {
        organisationName: 'Other Demo Org',
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
    otherClinicId = other.clinic.id;
    const owner = await insertStaff(tx, t.clock, {
      organisationId,
      clinicId: otherClinicId,
      fullName: 'Other Clinic Owner',
      email: OTHER_OWNER.email,
      roles: ['owner'],
      passwordHash,
    });
    await tx.update(staff).set({ totpSecret: OTHER_OWNER.totpSecret }).where(eq(staff.id, owner.id));
  });
  prescriber = await signInAsDemo(t.app, t.clock, 'prescriber');
}, 120_000);
afterAll(async () => t?.close());

const url = (query: string, clinic = clinicId, format = '') =>
  `/api/clinics/${clinic}/reports/outcomes${format}?${query}`;
const get = (query: string, headers = prescriber.headers, format = '') =>
  t.app.inject({ method: 'GET', url: url(query, clinicId, format), headers });
const JANUARY = 'from=2026-01-01&to=2026-01-31';

const group = (
  key: string,
  label: string,
  patients: number,
  measured: number,
  responders: number,
  remitters: number,
  responseRate: number | null,
  remissionRate: number | null,
  medianDaysToResponse: number | null,
) => ({
  key,
  label,
  patients,
  measured,
  responders,
  remitters,
  responseRate,
  remissionRate,
  medianDaysToResponse,
});

describe('the outcomes report', () => {
  it('adds up the hand-computed cohort: PHQ-9 by default, no grouping', async () => {
    const res = await get(JANUARY);
    expect(res.statusCode).toBe(200);
    const report = res.json() as OutcomesReport;
    expect(report).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-31',
      instrumentId: 'phq-9',
      groupBy: 'none',
      groups: [],
      overall: group('all', 'All', 7, 4, 2, 2, 0.5, 0.5, 10),
    });
    expect(report.definitions.join('\n')).toContain('(clinic time, America/Chicago)');
    expect(report.definitions.join('\n')).toContain('below 5');
  });

  it('groups by the route of the first dose', async () => {
    const report = (await get(`${JANUARY}&groupBy=route`)).json() as OutcomesReport;
    expect(report.groups).toEqual([
      // A B E H: measured A B E; responder A (14 days); remitters A E.
      group('iv', 'Intravenous (IV)', 4, 3, 1, 2, 1 / 3, 2 / 3, 14),
      group('im', 'Intramuscular (IM)', 1, 0, 0, 0, null, null, null),
      group('intranasal', 'Intranasal', 1, 1, 1, 0, 1, 0, 6),
      group('oral', 'Oral', 1, 0, 0, 0, null, null, null),
    ]);
    expect(report.overall).toEqual(group('all', 'All', 7, 4, 2, 2, 0.5, 0.5, 10));
  });

  it('groups by protocol and by diagnosis, "Not recorded" last', async () => {
    const byProtocol = (await get(`${JANUARY}&groupBy=protocol`)).json() as OutcomesReport;
    expect(byProtocol.groups).toEqual([
      group(IV6, IV6, 4, 3, 1, 2, 1 / 3, 2 / 3, 14),
      group('Spravato induction', 'Spravato induction', 1, 1, 1, 0, 1, 0, 6),
      // D and G.
      group('not-recorded', 'Not recorded', 2, 0, 0, 0, null, null, null),
    ]);
    const byDiagnosis = (await get(`${JANUARY}&groupBy=diagnosis`)).json() as OutcomesReport;
    expect(byDiagnosis.groups).toEqual([
      group('F32.2', 'F32.2', 1, 1, 1, 0, 1, 0, 6),
      // A B G H: measured A B; responder and remitter A.
      group('F33.2', 'F33.2', 4, 2, 1, 1, 0.5, 0.5, 14),
      group('F43.10', 'F43.10', 1, 1, 0, 1, 0, 1, null),
      group('not-recorded', 'Not recorded', 1, 0, 0, 0, null, null, null),
    ]);
  });

  it('reports another instrument from its own scores: GAD-7', async () => {
    const report = (await get(`${JANUARY}&instrumentId=gad-7`)).json() as OutcomesReport;
    // Only B has GAD-7 scores: 14 → 6 is a response after 14 days (6 Jan → 20 Jan), 6 ≥ 5 no remission.
    expect(report.instrumentId).toBe('gad-7');
    expect(report.overall).toEqual(group('all', 'All', 7, 1, 1, 0, 1, 0, 14));
  });

  it('counts a first dose on the last evening of the period, and none from the evening before it', async () => {
    // H's first dose (31 Jan 23:30 in Chicago) is February in UTC; F's (31 Dec 21:00) is January in UTC.
    const lastDay = (await get('from=2026-01-31&to=2026-01-31')).json() as OutcomesReport;
    expect(lastDay.overall).toMatchObject({ patients: 1, measured: 0 });
    const newYearsEve = (await get('from=2025-12-31&to=2025-12-31')).json() as OutcomesReport;
    expect(newYearsEve.overall).toMatchObject({ patients: 1, measured: 0 });
  });

  it('exports CSV: a row per group, then All; percentages; blanks where there is no figure', async () => {
    const res = await get(`${JANUARY}&groupBy=route`, prescriber.headers, '.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="outcomes-2026-01-01-2026-01-31.csv"',
    );
    expect(res.body).toBe(
      [
        '"Group","Patients","Measured","Responders","Response rate (%)","Remitters","Remission rate (%)","Median days to response"',
        '"Intravenous (IV)","4","3","1","33.3","2","66.7","14"',
        '"Intramuscular (IM)","1","0","0","","0","",""',
        '"Intranasal","1","1","1","100.0","0","0.0","6"',
        '"Oral","1","0","0","","0","",""',
        '"All","7","4","2","50.0","2","50.0","10"',
        '',
      ].join('\r\n'),
    );
  });

  it('neutralises spreadsheet formulas in CSV cells', async () => {
    const march = 'from=2026-03-01&to=2026-03-31';
    const byProtocol = await get(`${march}&groupBy=protocol`, prescriber.headers, '.csv');
    expect(byProtocol.body.split('\r\n')[1]).toBe(
      '"\'=HYPERLINK(""http://x.example"",""go"")","1","0","0","","0","",""',
    );
    const byDiagnosis = await get(`${march}&groupBy=diagnosis`, prescriber.headers, '.csv');
    expect(byDiagnosis.body.split('\r\n')[1]).toMatch(/^"'@F33\.1",/);
  });

  it('takes a cohort of 40,000 patients in one query parameter', async () => {
    syntheticTimelines = new Map(
      Array.from({ length: 40_000 }, () => [
        newId(),
        {
          diagnosis: null,
          doses: [
            {
              at: new Date('2025-06-15T15:00:00Z'),
              route: 'iv' as const,
              protocol: null,
              phase: 'induction' as const,
              doseChanged: false,
              label: 'iv dose',
            },
          ],
        },
      ]),
    );
    try {
      const res = await get('from=2025-06-01&to=2025-06-30');
      expect(res.statusCode).toBe(200);
      expect((res.json() as OutcomesReport).overall).toMatchObject({ patients: 40_000, measured: 0 });
      // The connection still answers (PGlite once went quiet after an oversized statement).
      expect((await get(JANUARY)).json().overall.patients).toBe(7);
    } finally {
      syntheticTimelines = new Map();
    }
  });

  it('is recorded in the audit trail as a read of the clinic’s report', async () => {
    await get(JANUARY, prescriber.headers, '.csv');
    await vi.waitFor(
      async () => {
        const rows = await t.database.db
          .select({ outcome: auditEntry.outcome, actorRole: auditEntry.actorRole })
          .from(auditEntry)
          .where(
            and(
              eq(auditEntry.action, 'read:report.read'),
              eq(auditEntry.resourceType, '/api/clinics/:clinicId/reports/outcomes.csv'),
              eq(auditEntry.clinicId, clinicId),
            ),
          );
        expect(rows).toContainEqual({ outcome: 'success', actorRole: 'prescriber' });
      },
      { timeout: 5000, interval: 100 },
    );
  });
});

describe('refusals', () => {
  const problemAt = async (query: string, format = '') => {
    const res = await get(query, prescriber.headers, format);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    return (res.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
  };

  it('refuses a period that ends before it starts, or is longer than 5 years', async () => {
    expect(await problemAt('from=2026-02-01&to=2026-01-31')).toEqual(['/query/to']);
    expect(await problemAt('from=2020-01-01&to=2025-01-01', '.csv')).toEqual(['/query/to']);
    // Five years exactly (inclusive) is allowed.
    expect((await get('from=2020-01-01&to=2024-12-31')).statusCode).toBe(200);
  });

  it('refuses an unknown instrument, and one with no total score', async () => {
    expect(await problemAt(`${JANUARY}&instrumentId=madrs-x`)).toEqual(['/query/instrumentId']);
    expect(await problemAt(`${JANUARY}&instrumentId=cssrs-screener`)).toEqual(['/query/instrumentId']);
  });

  it('refuses dates that are not dates, unknown groupings and unknown fields', async () => {
    expect(await problemAt('from=2026-02-30&to=2026-03-31')).toEqual(['/query/from']);
    expect(await problemAt('from=yesterday&to=2026-03-31')).toEqual(['/query/from']);
    expect(await problemAt(`${JANUARY}&groupBy=prescriber`)).toContain('/query/groupBy');
    expect(await problemAt(`${JANUARY}&patientId=x`)).toEqual(['/query/patientId']);
    expect(await problemAt('to=2026-01-31')).toEqual(['/query/from']);
  });

  it('is for owners, prescribers and compliance: a nurse is refused', async () => {
    const nurse = await signInAsDemo(t.app, t.clock, 'nurse');
    for (const format of ['', '.csv']) {
      const res = await get(JANUARY, nurse.headers, format);
      expect(res.statusCode).toBe(403);
    }
    expect((await get(JANUARY, {})).statusCode).toBe(401);
  });

  it('does not show a clinic’s report to another clinic’s owner', async () => {
    const owner = await signIn(t.app, {
      email: OTHER_OWNER.email,
      password: DEMO_PASSWORD,
      totp: await totpAt(OTHER_OWNER.totpSecret, t.clock),
    });
    expect(owner.status).toBe(200);
    for (const format of ['', '.csv']) {
      const res = await t.app.inject({
        method: 'GET',
        url: url(JANUARY, clinicId, format),
        headers: owner.headers,
      });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Intravenous');
    }
    // Their own clinic has nobody treated.
    const own = await t.app.inject({
      method: 'GET',
      url: url(JANUARY, otherClinicId),
      headers: owner.headers,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().overall).toMatchObject({ patients: 0, measured: 0, responseRate: null });
  });
});
