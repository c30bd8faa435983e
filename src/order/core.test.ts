import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, stepCount } from '../course/core.js';
import type { Dosing } from '../protocol/definition.js';
import {
  doseRuleOf,
  latestStandingDate,
  type OrderFacts,
  orderValidity,
  STANDING_ORDER_MAX_DAYS,
  type StandingFacts,
  sessionOrderWindow,
  standingOrderWindow,
  stepName,
  stepProblem,
} from './core.js';

const iv: Dosing = {
  kind: 'per_kg',
  stepsMcgPerKg: [500, 750, 1000],
  maxMcgPerKg: 1000,
  maxDoseMcg: 100_000,
  weightRule: { kind: 'actual' },
};
const esketamine: Dosing = {
  kind: 'devices',
  mcgPerDevice: 28_000,
  stepsDevices: [2, 3],
  firstSessionDevices: 2,
  maxDevices: 3,
  minutesBetweenDevices: 5,
};
const oral: Dosing = { kind: 'fixed', stepsMcg: [50_000, 100_000, 150_000], maxDoseMcg: 100_000 };
const zone = 'America/Chicago';

describe('dose words', () => {
  it('names each step with its dose and units', () => {
    expect(stepName(iv, 1)).toBe('step 2 (0.75 mg/kg)');
    expect(stepName(esketamine, 1)).toBe('step 2 (3 devices (84 mg))');
    expect(stepName(oral, 0)).toBe('step 1 (50 mg)');
    expect(stepName(oral, 7)).toBe('step 8');
  });

  it('stores the rule of the step ordered, and nothing for a step the protocol lacks', () => {
    expect(doseRuleOf(iv, 2)).toEqual({ kind: 'per_kg', mcgPerKg: 1000 });
    expect(doseRuleOf(esketamine, 0)).toEqual({ kind: 'devices', devices: 2 });
    expect(doseRuleOf(oral, 1)).toEqual({ kind: 'fixed', mcg: 100_000 });
    expect(doseRuleOf(iv, 3)).toBeUndefined();
    expect(doseRuleOf(iv, -1)).toBeUndefined();
  });
});

describe('dose escalation only in protocol steps', () => {
  it('allows staying, one step up and any step down', () => {
    expect(stepProblem(iv, 0, 0)).toBeNull();
    expect(stepProblem(iv, 0, 1)).toBeNull();
    expect(stepProblem(iv, 2, 0)).toBeNull();
  });

  it('refuses two steps up, naming the highest step allowed now', () => {
    expect(stepProblem(iv, 0, 2)).toEqual({
      code: 'more_than_one_step_up',
      message:
        'The dose goes up one protocol step at a time: the course is at step 1 (0.5 mg/kg), so the highest step you can order now is step 2 (0.75 mg/kg)',
    });
  });

  it('refuses a step the protocol does not have', () => {
    expect(stepProblem(iv, 0, 3)?.code).toBe('not_a_step');
    expect(stepProblem(iv, 0, -1)?.code).toBe('not_a_step');
    expect(stepProblem(iv, 0, 0.5)?.code).toBe('not_a_step');
  });

  it('refuses a step above the protocol maximum even when it is the next one', () => {
    expect(stepProblem(oral, 1, 2)).toEqual({
      code: 'above_maximum',
      message: 'step 3 (150 mg) is above the protocol’s maximum of 100 mg',
    });
    expect(stepProblem({ ...esketamine, maxDevices: 2 }, 0, 1)?.code).toBe('above_maximum');
    expect(stepProblem({ ...iv, maxMcgPerKg: 750 }, 1, 2)?.code).toBe('above_maximum');
  });

  const perKg = fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 10 }).chain((steps) =>
    fc.record({
      dosing: fc.record({
        kind: fc.constant('per_kg' as const),
        stepsMcgPerKg: fc.constant(steps),
        maxMcgPerKg: fc.integer({ min: 1, max: 2000 }),
        maxDoseMcg: fc.constant(200_000),
        weightRule: fc.constant({ kind: 'actual' as const }),
      }),
      current: fc.integer({ min: 0, max: steps.length - 1 }),
      requested: fc.integer({ min: -2, max: steps.length + 2 }),
    }),
  );

  it('allows exactly the protocol steps within the maximum and at most one above the current one', () => {
    fc.assert(
      fc.property(perKg, ({ dosing, current, requested }) => {
        const step = dosing.stepsMcgPerKg[requested];
        const allowed =
          requested >= 0 &&
          requested < dosing.stepsMcgPerKg.length &&
          step !== undefined &&
          step <= dosing.maxMcgPerKg &&
          requested <= current + 1;
        expect(stepProblem(dosing, current, requested) === null).toBe(allowed);
      }),
    );
  });

  it('never allows more than one step up, whatever the protocol', () => {
    fc.assert(
      fc.property(perKg, ({ dosing, current, requested }) => {
        if (stepProblem(dosing, current, requested) === null) {
          expect(requested - current).toBeLessThanOrEqual(1);
          expect(requested).toBeLessThan(stepCount(dosing));
        }
      }),
    );
  });
});

describe('validity windows', () => {
  // 10:00 in Chicago on 2 March 2026 (CST, UTC−6).
  const signedAt = new Date('2026-03-02T16:00:00Z');

  it('runs a standing order from signing to the end of the requested clinic day', () => {
    const window = standingOrderWindow(signedAt, '2026-03-20', zone);
    expect(window).toEqual({
      ok: true,
      validFrom: signedAt,
      // Midnight starting 21 March in Chicago is 05:00Z (CDT from 8 March).
      validUntil: new Date('2026-03-21T05:00:00Z'),
    });
  });

  it('defaults a standing order to the longest it may run, and refuses longer or a past day', () => {
    expect(latestStandingDate(signedAt, zone)).toBe(addDays('2026-03-02', STANDING_ORDER_MAX_DAYS));
    const fallback = standingOrderWindow(signedAt, undefined, zone);
    expect(fallback.ok && fallback.validUntil.toISOString()).toBe('2026-06-01T05:00:00.000Z');
    expect(standingOrderWindow(signedAt, '2026-06-01', zone)).toEqual({
      ok: false,
      message: 'A standing order lasts at most 90 days: the last day can be 2026-05-31 at the latest',
    });
    expect(standingOrderWindow(signedAt, '2026-03-01', zone)).toEqual({
      ok: false,
      message: 'The last day cannot be before today (2026-03-02)',
    });
    expect(standingOrderWindow(signedAt, '2026-03-02', zone).ok).toBe(true);
  });

  it('makes a per-session order valid for the whole clinic day of its appointment', () => {
    expect(sessionOrderWindow(signedAt, new Date('2026-03-05T15:00:00Z'), zone)).toEqual({
      ok: true,
      validFrom: new Date('2026-03-05T06:00:00Z'),
      validUntil: new Date('2026-03-06T06:00:00Z'),
    });
    // 21:00 on 1 March in Chicago is already 2 March in UTC: the clinic's day decides.
    expect(sessionOrderWindow(signedAt, new Date('2026-03-02T03:00:00Z'), zone)).toEqual({
      ok: false,
      message: "The appointment's day (2026-03-01) has passed",
    });
  });

  it('never lets a standing order run past the maximum, whatever the day and zone', () => {
    const zones = fc.constantFrom('America/Chicago', 'America/New_York', 'Pacific/Honolulu', 'UTC');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: -5, max: STANDING_ORDER_MAX_DAYS + 5 }),
        zones,
        (at, days, timeZone) => {
          const today = latestStandingDate(at, timeZone);
          const requested = addDays(today, days - STANDING_ORDER_MAX_DAYS);
          const window = standingOrderWindow(at, requested, timeZone);
          expect(window.ok).toBe(days >= 0 && days <= STANDING_ORDER_MAX_DAYS);
          if (window.ok) {
            expect(window.validUntil.getTime()).toBeGreaterThan(window.validFrom.getTime());
            // 91 clinic days at most (the maximum plus the rest of today), an hour's slack for DST.
            expect(window.validUntil.getTime() - at.getTime()).toBeLessThanOrEqual(
              (STANDING_ORDER_MAX_DAYS + 1) * 86_400_000 + 3_600_000,
            );
          }
        },
      ),
    );
  });
});

describe('order validity at an instant', () => {
  const order: OrderFacts = {
    validFrom: new Date('2026-03-02T16:00:00Z'),
    validUntil: new Date('2026-04-01T05:00:00Z'),
    eligibilityDecisionId: 'decision-1',
    consentSignatureId: 'signature-1',
    discontinuedAt: null,
    supersededAt: null,
    appointmentStatus: null,
  };
  const standing: StandingFacts = {
    eligibility: { status: 'approved', decisionId: 'decision-1' },
    consent: { status: 'current', signatureId: 'signature-1' },
    courseEnded: null,
  };
  const during = new Date('2026-03-10T15:00:00Z');
  const codes = (o = order, s = standing, at = during) =>
    orderValidity(o, s, at, zone).problems.map((p) => p.code);

  it('is valid inside its window on the approval and consent it names', () => {
    expect(orderValidity(order, standing, during, zone)).toEqual({ valid: true, problems: [] });
  });

  it('lapses when eligibility is no longer approved, with the reason in words', () => {
    const review = { ...standing, eligibility: { status: 'review_needed', decisionId: 'decision-1' } };
    expect(orderValidity(order, review, during, zone)).toEqual({
      valid: false,
      problems: [
        {
          code: 'eligibility_not_approved',
          message:
            'Eligibility is no longer approved: screening found something new that needs the prescriber’s review. The prescriber reviews screening and approves the route again, then signs a new order',
        },
      ],
    });
    expect(
      codes(order, { ...standing, eligibility: { status: 'declined', decisionId: 'decision-2' } }),
    ).toEqual(['eligibility_not_approved']);
  });

  it('lapses when a later approval or a later consent signature is now in force', () => {
    expect(
      codes(order, { ...standing, eligibility: { status: 'approved', decisionId: 'decision-2' } }),
    ).toEqual(['eligibility_not_approved']);
    expect(codes(order, { ...standing, consent: { status: 'current', signatureId: 'signature-2' } })).toEqual(
      ['consent_not_current'],
    );
  });

  it('lapses when consent is withdrawn, naming it', () => {
    const withdrawn = orderValidity(
      order,
      { ...standing, consent: { status: 'withdrawn', signatureId: 'signature-1' } },
      during,
      zone,
    );
    expect(withdrawn.problems).toEqual([
      {
        code: 'consent_not_current',
        message:
          'Consent is not current: the patient withdrew consent. The patient signs consent again, then the prescriber signs a new order',
      },
    ]);
  });

  it('is not valid before it starts or from the end of its last day', () => {
    expect(codes(order, standing, new Date('2026-03-02T15:59:59Z'))).toEqual(['not_yet_valid']);
    expect(codes(order, standing, new Date('2026-04-01T04:59:59Z'))).toEqual([]);
    const expired = orderValidity(order, standing, new Date('2026-04-01T05:00:00Z'), zone);
    expect(expired.problems).toEqual([
      { code: 'expired', message: 'Expired after 2026-03-31: sign a new order' },
    ]);
  });

  it('is not valid once discontinued, superseded, its course ended or its appointment cancelled', () => {
    const at = new Date('2026-03-05T12:00:00Z');
    expect(codes({ ...order, discontinuedAt: at })).toEqual(['discontinued']);
    expect(codes({ ...order, supersededAt: at })).toEqual(['superseded']);
    expect(codes(order, { ...standing, courseEnded: { kind: 'completed', at } })).toEqual(['course_ended']);
    expect(codes({ ...order, appointmentStatus: 'cancelled' })).toEqual(['appointment_not_booked']);
    expect(codes({ ...order, appointmentStatus: 'attended' })).toEqual([]);
    // Each only from its own moment on.
    expect(codes({ ...order, discontinuedAt: at }, standing, new Date('2026-03-04T12:00:00Z'))).toEqual([]);
  });

  it('is valid exactly when nothing lapsed, and names every lapse', () => {
    const instant = fc.date({
      min: new Date('2026-02-01'),
      max: new Date('2026-05-01'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        fc.record({
          eligibility: fc.constantFrom('approved', 'review_needed', 'declined'),
          sameDecision: fc.boolean(),
          consent: fc.constantFrom('current', 'withdrawn', 'expired'),
          sameSignature: fc.boolean(),
          discontinuedAt: fc.option(instant, { nil: null }),
          supersededAt: fc.option(instant, { nil: null }),
          at: instant,
        }),
        (c) => {
          const facts = { ...order, discontinuedAt: c.discontinuedAt, supersededAt: c.supersededAt };
          const now = {
            eligibility: { status: c.eligibility, decisionId: c.sameDecision ? 'decision-1' : 'decision-9' },
            consent: { status: c.consent, signatureId: c.sameSignature ? 'signature-1' : 'signature-9' },
            courseEnded: null,
          };
          const result = orderValidity(facts, now, c.at, zone);
          const expected = {
            eligibility_not_approved: c.eligibility !== 'approved' || !c.sameDecision,
            consent_not_current: c.consent !== 'current' || !c.sameSignature,
            discontinued: c.discontinuedAt !== null && c.discontinuedAt <= c.at,
            superseded: c.supersededAt !== null && c.supersededAt <= c.at,
            not_yet_valid: c.at < order.validFrom,
            expired: c.at >= order.validUntil,
          };
          const named = Object.entries(expected).flatMap(([code, lapsed]) => (lapsed ? [code] : []));
          expect(result.problems.map((p) => p.code).sort()).toEqual(named.sort());
          expect(result.valid).toBe(named.length === 0);
          for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(10);
        },
      ),
    );
  });
});
