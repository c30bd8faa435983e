import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cadss, phq9 } from './instruments/index.js';
import {
  calendarDaysBetween,
  firstDoseOf,
  median,
  type OutcomeScore,
  type OutcomesGrouping,
  type OutcomesInput,
  outcomeDefinitions,
  outcomeFigures,
  type PatientRecord,
  periodOf,
  startedIn,
  startOfDayIn,
} from './outcomes.js';
import type { TreatmentDose } from './timeline.js';

const CHICAGO = 'America/Chicago';
/** January 2026 in Chicago: 2026-01-01T06:00Z up to (not including) 2026-02-01T06:00Z. */
const january = periodOf('2026-01-01', '2026-01-31', CHICAGO);

/** Noon UTC is 06:00 in Chicago the same day, so calendar days read the same in both. */
const on = (date: string) => new Date(`${date}T12:00:00Z`);

function dose(at: Date, route: TreatmentDose['route'] = 'iv', protocol: string | null = null): TreatmentDose {
  return { at, route, protocol, phase: 'induction', doseChanged: false, label: `${route} dose` };
}
const score = (at: Date, total: number | null, valid = total !== null): OutcomeScore => ({
  effectiveAt: at,
  total,
  valid,
});

function patient(
  doses: TreatmentDose[],
  scores: OutcomeScore[],
  diagnosis: string | null = null,
): PatientRecord {
  return { timeline: { doses, diagnosis }, scores };
}

function figures(patients: PatientRecord[], over: Partial<OutcomesInput> = {}) {
  return outcomeFigures({
    instrument: phq9,
    period: january,
    timeZone: CHICAGO,
    groupBy: 'none',
    patients,
    ...over,
  });
}

/** One patient's overall figures: baseline on 3 Jan, first dose on 5 Jan, then the given scores. */
function single(baseline: number | null, later: Array<[string, number]>) {
  const scores = [
    ...(baseline === null ? [] : [score(on('2026-01-03'), baseline)]),
    ...later.map(([date, total]) => score(on(date), total)),
  ];
  return figures([patient([dose(on('2026-01-05'))], scores)]).overall;
}

describe('the period in the clinic’s time zone', () => {
  it('starts each day at local midnight, across daylight-saving changes and odd offsets', () => {
    expect(startOfDayIn('2026-01-01', CHICAGO).toISOString()).toBe('2026-01-01T06:00:00.000Z');
    // DST starts at 02:00 on 8 March 2026: that midnight is still CST, the next one CDT.
    expect(startOfDayIn('2026-03-08', CHICAGO).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(startOfDayIn('2026-03-09', CHICAGO).toISOString()).toBe('2026-03-09T05:00:00.000Z');
    // DST ends at 02:00 on 1 November 2026: that midnight is still CDT.
    expect(startOfDayIn('2026-11-01', CHICAGO).toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(startOfDayIn('2026-11-02', CHICAGO).toISOString()).toBe('2026-11-02T06:00:00.000Z');
    expect(startOfDayIn('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
    expect(startOfDayIn('2026-07-01', 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('includes the whole of the last day', () => {
    expect(january.start.toISOString()).toBe('2026-01-01T06:00:00.000Z');
    expect(january.end.toISOString()).toBe('2026-02-01T06:00:00.000Z');
    expect(periodOf('2024-02-28', '2024-02-28', 'UTC').end.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('puts a patient in the cohort when the first dose falls in it, boundaries included and excluded', () => {
    const startingAt = (at: Date) => startedIn({ doses: [dose(at)], diagnosis: null }, january);
    expect(startingAt(january.start)).toBe(true);
    expect(startingAt(new Date(january.end.getTime() - 1))).toBe(true);
    expect(startingAt(january.end)).toBe(false);
    expect(startingAt(new Date(january.start.getTime() - 1))).toBe(false);
    expect(startedIn({ doses: [], diagnosis: null }, january)).toBe(false);
  });

  it('takes the earliest dose as the first, whatever order the doses come in', () => {
    const timeline = { doses: [dose(on('2026-01-10'), 'im'), dose(on('2025-12-20'), 'iv')], diagnosis: null };
    expect(firstDoseOf(timeline)?.route).toBe('iv');
    // Started in December: a January dose does not bring the patient into January's cohort.
    expect(startedIn(timeline, january)).toBe(false);
  });

  it('counts days to response in calendar days of the clinic, not 24-hour periods', () => {
    // 23:30 on 5 Jan in Chicago to 08:00 on 6 Jan: 8.5 hours, but the next day.
    expect(
      calendarDaysBetween(new Date('2026-01-06T05:30:00Z'), new Date('2026-01-06T14:00:00Z'), CHICAGO),
    ).toBe(1);
    // 01:00 UTC on 6 Jan is still 5 Jan in Chicago: same day as a 06:00 dose on 5 Jan.
    expect(calendarDaysBetween(on('2026-01-05'), new Date('2026-01-06T01:00:00Z'), CHICAGO)).toBe(0);
    // Across the DST change: 7 March to 14 March is 7 days although one of them has 23 hours.
    expect(calendarDaysBetween(on('2026-03-07'), on('2026-03-14'), CHICAGO)).toBe(7);
  });
});

describe('one patient', () => {
  it('responds at exactly a 50 % reduction at the last score, and not one point short of it', () => {
    expect(single(20, [['2026-01-20', 10]])).toMatchObject({ measured: 1, responders: 1 });
    expect(single(20, [['2026-01-20', 11]])).toMatchObject({ measured: 1, responders: 0 });
    // Odd baseline: 7 is below half of 15, 8 is above it.
    expect(single(15, [['2026-01-20', 7]])).toMatchObject({ responders: 1 });
    expect(single(15, [['2026-01-20', 8]])).toMatchObject({ responders: 0 });
  });

  it('never responds from a baseline of 0, but can be in remission', () => {
    expect(single(0, [['2026-01-20', 0]])).toMatchObject({
      patients: 1,
      measured: 1,
      responders: 0,
      remitters: 1,
      responseRate: 0,
      remissionRate: 1,
      medianDaysToResponse: null,
    });
  });

  it('is in remission when the last score is below the threshold (PHQ-9 < 5), not at it', () => {
    expect(single(20, [['2026-01-20', 4]])).toMatchObject({ remitters: 1 });
    expect(single(20, [['2026-01-20', 5]])).toMatchObject({ remitters: 0, responders: 1 });
  });

  it('judges response and remission at the last score in the period, not the best one', () => {
    // Responded and remitted on 12 Jan, relapsed by 26 Jan.
    expect(
      single(20, [
        ['2026-01-12', 4],
        ['2026-01-26', 14],
      ]),
    ).toMatchObject({ measured: 1, responders: 0, remitters: 0, medianDaysToResponse: null });
  });

  it('counts days to the first score that met response, even if a later one slipped back before the last', () => {
    // First dose 5 Jan; response on 12 Jan (7 days), lost on 19 Jan, back on 26 Jan: 7 days, not 21.
    expect(
      single(20, [
        ['2026-01-12', 10],
        ['2026-01-19', 12],
        ['2026-01-26', 8],
      ]),
    ).toMatchObject({ responders: 1, medianDaysToResponse: 7 });
  });

  it('is counted as a patient but not measured without a baseline', () => {
    expect(single(null, [['2026-01-20', 3]])).toEqual({
      key: 'all',
      label: 'All',
      patients: 1,
      measured: 0,
      responders: 0,
      remitters: 0,
      responseRate: null,
      remissionRate: null,
      medianDaysToResponse: null,
    });
  });

  it('is not measured without a valid score after the first dose within the period', () => {
    expect(single(20, [])).toMatchObject({ patients: 1, measured: 0 });
    // 1 Feb 05:59 UTC is still 31 Jan in Chicago; 06:00 is 1 Feb, after the period.
    const lastMinute = figures([
      patient(
        [dose(on('2026-01-05'))],
        [score(on('2026-01-03'), 20), score(new Date('2026-02-01T05:59:00Z'), 4)],
      ),
    ]).overall;
    expect(lastMinute).toMatchObject({ measured: 1, responders: 1, remitters: 1, medianDaysToResponse: 26 });
    const tooLate = figures([
      patient(
        [dose(on('2026-01-05'))],
        [score(on('2026-01-03'), 20), score(new Date('2026-02-01T06:00:00Z'), 4)],
      ),
    ]).overall;
    expect(tooLate).toMatchObject({ patients: 1, measured: 0 });
  });

  it('takes the last valid score strictly before the first dose as baseline', () => {
    const first = on('2026-01-05');
    const scores = [
      score(on('2026-01-01'), 20),
      score(on('2026-01-02'), 10),
      // Unscorable forms right before the dose do not replace the baseline of 10.
      score(on('2026-01-04'), null, false),
      score(on('2026-01-04'), 26, false),
      score(on('2026-01-20'), 6),
    ];
    // Against 10, a 6 is no response (against 20 it would be).
    expect(figures([patient([dose(first)], scores)]).overall).toMatchObject({ measured: 1, responders: 0 });
    // A score at the very instant of the first dose is after it, not a baseline.
    const atDose = [score(first, 20), score(on('2026-01-20'), 6)];
    expect(figures([patient([dose(first)], atDose)]).overall).toMatchObject({ measured: 0 });
  });

  it('ignores invalid scores after the first dose', () => {
    expect(
      figures([
        patient(
          [dose(on('2026-01-05'))],
          [score(on('2026-01-03'), 20), score(on('2026-01-10'), 8), score(on('2026-01-20'), 25, false)],
        ),
      ]).overall,
    ).toMatchObject({ measured: 1, responders: 1, medianDaysToResponse: 5 });
  });
});

describe('the median', () => {
  it('is the middle value, or the mean of the middle two for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([9])).toBe(9);
    expect(median([30, 3, 10])).toBe(10);
    expect(median([28, 7, 21, 14])).toBe(17.5);
    expect(median([1, 2])).toBe(1.5);
  });
});

/**
 * Seven patients, PHQ-9, January 2026 (see the integration test for the same arithmetic through the API):
 *   A  IV, "IV induction 6x", F33.2  baseline 20 → 12, 9 (response 19 Jan, 14 days), 4: responder, remitter
 *   B  IV, "IV induction 6x", F33.2  baseline 16 → 8 (exactly 50 %), 10: measured, neither at the last score
 *   C  intranasal, "Spravato induction", F32.2  baseline 18 → 9 (15 Jan, 7 days), 6: responder, not remitter
 *   D  IM, no protocol, no diagnosis  no baseline: patient only
 *   E  IV, "IV induction 6x", F43.10  baseline 0 → 0: measured, remitter, never a responder
 *   F  IV, first dose 30 Dec 2025: not in January's cohort
 *   G  oral, no protocol, F33.2  baseline 12, only later score on 3 Feb (after the period): patient only
 */
const cohort: PatientRecord[] = [
  patient(
    [dose(on('2026-01-05'), 'iv', 'IV induction 6x'), dose(on('2026-01-08'), 'iv', 'IV induction 6x')],
    [
      score(on('2025-12-28'), 20),
      score(on('2026-01-12'), 12),
      score(on('2026-01-19'), 9),
      score(on('2026-01-26'), 4),
    ],
    'F33.2',
  ),
  patient(
    [dose(on('2026-01-06'), 'iv', 'IV induction 6x')],
    [score(on('2026-01-02'), 16), score(on('2026-01-13'), 8), score(on('2026-01-27'), 10)],
    'F33.2',
  ),
  patient(
    [dose(on('2026-01-08'), 'intranasal', 'Spravato induction')],
    [score(on('2026-01-03'), 18), score(on('2026-01-15'), 9), score(on('2026-01-29'), 6)],
    'F32.2',
  ),
  patient([dose(on('2026-01-09'), 'im')], [score(on('2026-01-10'), 15)], null),
  patient(
    [dose(on('2026-01-07'), 'iv', 'IV induction 6x')],
    [score(on('2026-01-01'), 0), score(on('2026-01-14'), 0)],
    'F43.10',
  ),
  patient(
    [dose(on('2025-12-30'), 'iv', 'IV induction 6x')],
    [score(on('2025-12-29'), 20), score(on('2026-01-10'), 2)],
    'F33.2',
  ),
  patient(
    [dose(on('2026-01-20'), 'oral')],
    [score(on('2026-01-19'), 12), score(on('2026-02-03'), 3)],
    'F33.2',
  ),
];

const row = (
  key: string,
  label: string,
  patients: number,
  measured: number,
  responders: number,
  remitters: number,
  medianDaysToResponse: number | null,
) => ({
  key,
  label,
  patients,
  measured,
  responders,
  remitters,
  responseRate: measured === 0 ? null : responders / measured,
  remissionRate: measured === 0 ? null : remitters / measured,
  medianDaysToResponse,
});

describe('a clinic’s cohort', () => {
  it('adds up overall: 6 patients, 4 measured, 2 responders, 2 remitters, median of 14 and 7 days', () => {
    const result = figures(cohort);
    expect(result.groups).toEqual([]);
    expect(result.overall).toEqual(row('all', 'All', 6, 4, 2, 2, 10.5));
    expect(result.overall).toMatchObject({ responseRate: 0.5, remissionRate: 0.5 });
  });

  it('groups by the route of the first dose, in the usual order of routes', () => {
    expect(figures(cohort, { groupBy: 'route' }).groups).toEqual([
      // A, B, E: responder A (14 days); remitters A and E.
      row('iv', 'Intravenous (IV)', 3, 3, 1, 2, 14),
      row('im', 'Intramuscular (IM)', 1, 0, 0, 0, null),
      row('intranasal', 'Intranasal', 1, 1, 1, 0, 7),
      row('oral', 'Oral', 1, 0, 0, 0, null),
    ]);
  });

  it('groups by protocol, with "Not recorded" last', () => {
    expect(figures(cohort, { groupBy: 'protocol' }).groups).toEqual([
      row('IV induction 6x', 'IV induction 6x', 3, 3, 1, 2, 14),
      row('Spravato induction', 'Spravato induction', 1, 1, 1, 0, 7),
      // D and G name no protocol.
      row('not-recorded', 'Not recorded', 2, 0, 0, 0, null),
    ]);
  });

  it('groups by diagnosis, with "Not recorded" last', () => {
    expect(figures(cohort, { groupBy: 'diagnosis' }).groups).toEqual([
      row('F32.2', 'F32.2', 1, 1, 1, 0, 7),
      // A, B, G: G unmeasured; A responder and remitter.
      row('F33.2', 'F33.2', 3, 2, 1, 1, 14),
      row('F43.10', 'F43.10', 1, 1, 0, 1, null),
      row('not-recorded', 'Not recorded', 1, 0, 0, 0, null),
    ]);
  });

  it('gives no remission rate for an instrument without a remission threshold', () => {
    const result = figures(cohort, { instrument: cadss });
    expect(result.overall).toMatchObject({ measured: 4, responders: 2, remitters: 0, remissionRate: null });
  });

  it('is empty, with blank rates, when nobody started in the period', () => {
    const march = periodOf('2026-03-01', '2026-03-31', CHICAGO);
    expect(figures(cohort, { period: march, groupBy: 'route' })).toEqual({
      groups: [],
      overall: row('all', 'All', 0, 0, 0, 0, null),
    });
  });

  it('says how each figure is defined, with the instrument’s threshold and the grouping', () => {
    const words = outcomeDefinitions({
      instrument: phq9,
      from: '2026-01-01',
      to: '2026-01-31',
      timeZone: CHICAGO,
      groupBy: 'route',
    });
    expect(words.join('\n')).toContain(
      'from 2026-01-01 to 2026-01-31 inclusive (clinic time, America/Chicago)',
    );
    expect(
      words.some((w) =>
        w.includes('last Patient Health Questionnaire (PHQ-9) score in the period is below 5'),
      ),
    ).toBe(true);
    expect(words.at(-1)).toBe('Grouped by the route of the first dose.');
    const none = outcomeDefinitions({
      instrument: cadss,
      from: 'a',
      to: 'b',
      timeZone: 'UTC',
      groupBy: 'none',
    });
    expect(none.some((w) => w.includes('no remission threshold'))).toBe(true);
    expect(none.some((w) => w.startsWith('Grouped'))).toBe(false);
  });
});

describe('properties', () => {
  const day = 86_400_000;
  const base = Date.parse('2025-12-01T00:00:00Z');
  const arbScore = fc.record({
    effectiveAt: fc.integer({ min: 0, max: 120 * day }).map((ms) => new Date(base + ms)),
    total: fc.option(fc.integer({ min: 0, max: 27 }), { nil: null }),
    valid: fc.boolean(),
  });
  const arbDose = fc.record({
    at: fc.integer({ min: 0, max: 120 * day }).map((ms) => new Date(base + ms)),
    route: fc.constantFrom('iv', 'im', 'intranasal', 'oral'),
    protocol: fc.option(fc.constantFrom('A', 'B'), { nil: null }),
    phase: fc.constant('induction'),
    doseChanged: fc.constant(false),
    label: fc.constant('dose'),
  }) as fc.Arbitrary<TreatmentDose>;
  const arbPatient = fc.record({
    timeline: fc.record({
      doses: fc.array(arbDose, { maxLength: 3 }),
      diagnosis: fc.option(fc.constantFrom('F32.2', 'F33.1'), { nil: null }),
    }),
    scores: fc.array(arbScore, { maxLength: 8 }),
  });

  it('keeps rates in [0, 1], responders and remitters within measured within patients, groups adding up', () => {
    fc.assert(
      fc.property(
        fc.array(arbPatient, { maxLength: 25 }),
        fc.constantFrom<OutcomesGrouping>('none', 'route', 'protocol', 'diagnosis'),
        (patients, groupBy) => {
          const { groups, overall } = figures(patients, { groupBy });
          for (const g of [...groups, overall]) {
            expect(g.responders).toBeLessThanOrEqual(g.measured);
            expect(g.remitters).toBeLessThanOrEqual(g.measured);
            expect(g.measured).toBeLessThanOrEqual(g.patients);
            for (const rate of [g.responseRate, g.remissionRate]) {
              if (g.measured === 0) expect(rate).toBeNull();
              else {
                expect(rate).toBeGreaterThanOrEqual(0);
                expect(rate).toBeLessThanOrEqual(1);
              }
            }
            expect(g.medianDaysToResponse === null).toBe(g.responders === 0);
            if (g.medianDaysToResponse !== null) expect(g.medianDaysToResponse).toBeGreaterThanOrEqual(0);
          }
          const cohortSize = patients.filter((p) => startedIn(p.timeline, january)).length;
          expect(overall.patients).toBe(cohortSize);
          if (groupBy !== 'none') {
            for (const field of ['patients', 'measured', 'responders', 'remitters'] as const)
              expect(groups.reduce((sum, g) => sum + g[field], 0)).toBe(overall[field]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
