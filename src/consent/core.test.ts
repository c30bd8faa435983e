import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalText,
  consentExpiresAt,
  consentRoutes,
  documentHash,
  documentProblems,
  requiredTopics,
  routeConsentState,
  type SignatureFacts,
  typedNameMatches,
  unacknowledged,
} from './core.js';
import { defaultDocument } from './defaults.js';

const CHICAGO = 'America/Chicago';
const validity = { months: 12, timeZone: CHICAGO };
const at = (iso: string) => new Date(iso);

describe('required attestation topics', () => {
  it('asks every route for effects, risks, aftercare, costs and the right to withdraw', () => {
    for (const route of consentRoutes) {
      expect(requiredTopics(route)).toEqual(
        expect.arrayContaining([
          'expected_effects',
          'dissociation',
          'blood_pressure_rise',
          'nausea',
          'dependence_misuse',
          'no_driving_or_major_decisions',
          'escort_home',
          'costs_and_insurance',
          'right_to_withdraw',
        ]),
      );
    }
  });

  it('asks racemic ketamine routes to disclose off-label use, and intranasal esketamine for REMS monitoring instead', () => {
    for (const route of ['iv', 'im', 'oral'] as const) {
      expect(requiredTopics(route)).toContain('off_label_use');
      expect(requiredTopics(route)).not.toContain('rems_monitoring');
    }
    expect(requiredTopics('intranasal')).not.toContain('off_label_use');
    expect(requiredTopics('intranasal')).toContain('rems_monitoring');
  });
});

describe('documents', () => {
  it('ships a publishable template for every route, marked for review by counsel', () => {
    for (const route of consentRoutes) {
      const doc = defaultDocument(route);
      expect(doc.route).toBe(route);
      expect(documentProblems(route, doc)).toEqual([]);
      expect(doc.bodyMarkdown).toContain('Template — the clinic must review this document with its counsel');
    }
    expect(defaultDocument('intranasal').bodyMarkdown).toContain('REMS');
    expect(defaultDocument('intranasal').bodyMarkdown).not.toContain('off-label');
    expect(defaultDocument('iv').bodyMarkdown).toContain('off-label');
  });

  it('names every missing required topic at /body/attestations', () => {
    const doc = defaultDocument('iv');
    const without = doc.attestations.filter((a) => a.id !== 'nausea' && a.id !== 'escort_home');
    expect(documentProblems('iv', { ...doc, attestations: without })).toEqual([
      { path: '/body/attestations', message: 'Missing required attestations for iv: nausea, escort_home' },
    ]);
  });

  it('checks the topics of the route published, not of the text (an intranasal document is not an IV one)', () => {
    const problems = documentProblems('iv', defaultDocument('intranasal'));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('off_label_use');
  });

  it('refuses an attestation id used twice, blank text, a blank title and an empty body at their paths', () => {
    const doc = defaultDocument('oral');
    const attestations = [...doc.attestations, { id: 'nausea', text: '   ' }];
    const paths = documentProblems('oral', { title: ' ', bodyMarkdown: '\n', attestations }).map(
      (e) => e.path,
    );
    expect(paths).toEqual([
      '/body/title',
      '/body/bodyMarkdown',
      `/body/attestations/${doc.attestations.length}/id`,
      `/body/attestations/${doc.attestations.length}/text`,
    ]);
  });

  it('hashes the canonical text: title, body and attestations in order; line endings do not matter', () => {
    const doc = defaultDocument('iv');
    const hash = documentHash(doc);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(documentHash({ ...doc })).toBe(hash);
    expect(documentHash({ ...doc, bodyMarkdown: doc.bodyMarkdown.replace(/\n/g, '\r\n') })).toBe(hash);
    expect(documentHash({ ...doc, title: `${doc.title}.` })).not.toBe(hash);
    expect(documentHash({ ...doc, bodyMarkdown: `${doc.bodyMarkdown} ` })).not.toBe(hash);
    const [first, second, ...rest] = doc.attestations;
    expect(documentHash({ ...doc, attestations: [second!, first!, ...rest] })).not.toBe(hash);
    expect(
      documentHash({ ...doc, attestations: [{ ...first!, text: `${first!.text}!` }, second!, ...rest] }),
    ).not.toBe(hash);
  });

  it('keeps parts apart: moving text between title and body changes the canonical text', () => {
    const a = canonicalText({ title: 'Consent\n\nA', bodyMarkdown: 'B', attestations: [] });
    const b = canonicalText({ title: 'Consent', bodyMarkdown: 'A\n\nB', attestations: [] });
    expect(a).not.toBe(b);
  });

  it('lists the attestations not acknowledged, in document order', () => {
    const attestations = [
      { id: 'a_one', text: 'One' },
      { id: 'b_two', text: 'Two' },
      { id: 'c_three', text: 'Three' },
    ];
    expect(unacknowledged(attestations, ['b_two'])).toEqual(['a_one', 'c_three']);
    expect(unacknowledged(attestations, ['c_three', 'a_one', 'b_two', 'extra'])).toEqual([]);
  });
});

describe('typed name', () => {
  const legal = { givenName: 'Alpha', familyName: 'Demo-Patient' };

  it('matches ignoring case and spaces', () => {
    expect(typedNameMatches('Alpha Demo-Patient', legal)).toBe(true);
    expect(typedNameMatches('  alpha   DEMO-patient ', legal)).toBe(true);
    expect(typedNameMatches('AlphaDemo-Patient', legal)).toBe(true);
    expect(typedNameMatches('Alpha\tDemo-Patient', legal)).toBe(true);
  });

  it('does not match another name, a part of the name, a missing hyphen or nothing', () => {
    expect(typedNameMatches('Alpha Demo', legal)).toBe(false);
    expect(typedNameMatches('Beta Demo-Patient', legal)).toBe(false);
    expect(typedNameMatches('Alpha Demo Patient', legal)).toBe(false);
    expect(typedNameMatches('   ', legal)).toBe(false);
  });

  it('treats composed and decomposed accents alike', () => {
    const accented = { givenName: 'Zoë', familyName: 'Ortiz' };
    expect(typedNameMatches('Zoe\u0308 ortiz', accented)).toBe(true);
  });
});

describe('consent expiry (calendar months in the clinic time zone)', () => {
  it('lasts to the same wall-clock time twelve months later', () => {
    // 10:00 CST on 15 January 2025 → 10:00 CST on 15 January 2026.
    expect(consentExpiresAt(at('2025-01-15T16:00:00Z'), 12, CHICAGO).toISOString()).toBe(
      '2026-01-15T16:00:00.000Z',
    );
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // 10:00 CST in January → 10:00 CDT in April, which is an hour earlier in UTC.
    expect(consentExpiresAt(at('2025-01-15T16:00:00Z'), 3, CHICAGO).toISOString()).toBe(
      '2025-04-15T15:00:00.000Z',
    );
  });

  it('counts months from the local date, not the UTC one', () => {
    // 03:00 UTC on 1 March is still 28 February, 21:00 in Chicago: one month later is 28 March, 21:00 CDT.
    expect(consentExpiresAt(at('2025-03-01T03:00:00Z'), 1, CHICAGO).toISOString()).toBe(
      '2025-03-29T02:00:00.000Z',
    );
  });

  it('ends on the last day of a shorter month, never later', () => {
    expect(consentExpiresAt(at('2025-01-31T18:00:00Z'), 1, CHICAGO).toISOString()).toBe(
      '2025-02-28T18:00:00.000Z',
    );
    // 29 February 2024 + 12 months = 28 February 2025.
    expect(consentExpiresAt(at('2024-02-29T18:00:00Z'), 12, CHICAGO).toISOString()).toBe(
      '2025-02-28T18:00:00.000Z',
    );
    expect(consentExpiresAt(at('2024-01-31T18:00:00Z'), 1, CHICAGO).toISOString()).toBe(
      '2024-02-29T18:00:00.000Z',
    );
  });

  it('resolves a wall-clock time skipped by spring-forward an hour early (never longer)', () => {
    // 02:30 on 8 March 2026 does not exist in Chicago: 02:30 CST on 8 February → 01:30 CST = 07:30 UTC.
    expect(consentExpiresAt(at('2026-02-08T08:30:00Z'), 1, CHICAGO).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('always lies between 28 and 31 days per month after signing (an hour either way for daylight saving)', () => {
    const DAY = 86_400_000;
    fc.assert(
      fc.property(
        fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2035-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(
          'America/Chicago',
          'America/New_York',
          'America/Denver',
          'America/Phoenix',
          'Pacific/Honolulu',
        ),
        (signedAt, months, timeZone) => {
          const span = consentExpiresAt(signedAt, months, timeZone).getTime() - signedAt.getTime();
          expect(span).toBeGreaterThanOrEqual(months * 28 * DAY - 3_600_000);
          expect(span).toBeLessThanOrEqual(months * 31 * DAY + 3_600_000);
        },
      ),
    );
  });
});

describe('route consent status', () => {
  const latest = 'doc-v2';
  const signed = (over: Partial<SignatureFacts> = {}): SignatureFacts => ({
    id: 'sig-1',
    documentId: latest,
    signedAt: at('2025-03-10T15:00:00Z'), // 10:00 CDT
    withdrawnAt: null,
    ...over,
  });
  const expiry = '2026-03-10T15:00:00Z'; // 10:00 CDT, twelve calendar months later

  it("is 'none' without a published document or without a signature", () => {
    expect(routeConsentState(null, [], at('2025-04-01T00:00:00Z'), validity)).toEqual({
      status: 'none',
      signature: null,
      expiresAt: null,
    });
    expect(routeConsentState(latest, [], at('2025-04-01T00:00:00Z'), validity).status).toBe('none');
  });

  it("is 'current' for a signature on the latest version within the validity, with its expiry", () => {
    const state = routeConsentState(latest, [signed()], at('2025-04-01T00:00:00Z'), validity);
    expect(state.status).toBe('current');
    expect(state.signature?.id).toBe('sig-1');
    expect(state.expiresAt?.toISOString()).toBe(at(expiry).toISOString());
  });

  it("is 'current' up to the millisecond before twelve months and 'expired' at exactly twelve months", () => {
    const before = new Date(at(expiry).getTime() - 1);
    expect(routeConsentState(latest, [signed()], before, validity).status).toBe('current');
    expect(routeConsentState(latest, [signed()], at(expiry), validity).status).toBe('expired');
    expect(routeConsentState(latest, [signed()], at('2027-01-01T00:00:00Z'), validity).status).toBe(
      'expired',
    );
  });

  it('follows the clinic’s shorter validity', () => {
    const six = { months: 6, timeZone: CHICAGO };
    expect(routeConsentState(latest, [signed()], at('2025-09-10T14:59:59Z'), six).status).toBe('current');
    expect(routeConsentState(latest, [signed()], at('2025-09-10T15:00:00Z'), six).status).toBe('expired');
  });

  it("is 'outdated_version' when a newer version was published since, even within the validity", () => {
    const state = routeConsentState(
      latest,
      [signed({ documentId: 'doc-v1' })],
      at('2025-04-01T00:00:00Z'),
      validity,
    );
    expect(state.status).toBe('outdated_version');
  });

  it("is 'withdrawn' when the latest signature was withdrawn, whatever else is true of it", () => {
    for (const over of [{}, { documentId: 'doc-v1' }]) {
      const withdrawn = signed({ ...over, withdrawnAt: at('2025-03-20T15:00:00Z') });
      expect(routeConsentState(latest, [withdrawn], at('2025-04-01T00:00:00Z'), validity).status).toBe(
        'withdrawn',
      );
      expect(routeConsentState(latest, [withdrawn], at('2027-04-01T00:00:00Z'), validity).status).toBe(
        'withdrawn',
      );
    }
  });

  it('decides on the most recent signature only: re-signing after a withdrawal is current again, and not back', () => {
    const old = signed({ id: 'old', withdrawnAt: at('2025-04-01T15:00:00Z') });
    const fresh = signed({ id: 'fresh', signedAt: at('2025-05-01T15:00:00Z') });
    const now = at('2025-06-01T00:00:00Z');
    expect(routeConsentState(latest, [old, fresh], now, validity)).toMatchObject({
      status: 'current',
      signature: { id: 'fresh' },
    });
    const laterWithdrawn = { ...fresh, withdrawnAt: at('2025-05-20T15:00:00Z') };
    const olderCurrent = { ...old, withdrawnAt: null };
    expect(routeConsentState(latest, [laterWithdrawn, olderCurrent], now, validity).status).toBe('withdrawn');
  });

  it("is 'withdrawn' when the patient withdraws an older signature after signing a newer one", () => {
    const v1 = signed({ id: 'v1', documentId: 'doc-v1', withdrawnAt: at('2025-05-02T15:00:00Z') });
    const v2 = signed({ id: 'v2', signedAt: at('2025-05-01T15:00:00Z') });
    expect(routeConsentState(latest, [v1, v2], at('2025-06-01T00:00:00Z'), validity)).toMatchObject({
      status: 'withdrawn',
      signature: { id: 'v2' },
    });
  });

  it("re-signing the new version after 'outdated_version' makes it current again", () => {
    const v1 = signed({ id: 'v1', documentId: 'doc-v1' });
    const v2 = signed({ id: 'v2', signedAt: at('2025-04-02T15:00:00Z') });
    expect(routeConsentState(latest, [v1, v2], at('2025-04-03T00:00:00Z'), validity).status).toBe('current');
  });

  it('is current exactly when signed on the latest version, not withdrawn since and before its expiry (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.uuid(),
            documentId: fc.constantFrom('doc-v1', 'doc-v2'),
            signedAt: fc.date({
              min: at('2024-01-01T00:00:00Z'),
              max: at('2026-01-01T00:00:00Z'),
              noInvalidDate: true,
            }),
            withdrawnAfterMs: fc.option(fc.integer({ min: 0, max: 400 * 86_400_000 })),
          }),
          { maxLength: 5 },
        ),
        fc.date({ min: at('2024-01-01T00:00:00Z'), max: at('2027-06-01T00:00:00Z'), noInvalidDate: true }),
        (generated, now) => {
          const signatures = generated.map(({ withdrawnAfterMs, ...s }) => ({
            ...s,
            withdrawnAt: withdrawnAfterMs === null ? null : new Date(s.signedAt.getTime() + withdrawnAfterMs),
          }));
          const state = routeConsentState(latest, signatures, now, validity);
          const newest = [...signatures].sort((a, b) => b.signedAt.getTime() - a.signedAt.getTime())[0];
          const expected =
            !newest ||
            signatures.some((s) => s.withdrawnAt && s.withdrawnAt >= newest.signedAt) ||
            newest.documentId !== latest ||
            now.getTime() >= consentExpiresAt(newest.signedAt, 12, CHICAGO).getTime()
              ? state.status !== 'current'
              : state.status === 'current';
          expect(expected).toBe(true);
        },
      ),
    );
  });
});
