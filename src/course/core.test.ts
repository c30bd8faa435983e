import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CourseEventFact,
  type CourseFacts,
  courseRules,
  courseState,
  courseVerdict,
  DAY_MS,
  earliestAllowedStart,
  HOUR_MS,
  type NewSession,
  type Route,
  type SafeguardSettings,
  type SessionFact,
  sessionVerdict,
  stepLabel,
  timeRuleViolation,
  WINDOW_MS,
} from './core.js';
import { courseSettings } from './settings.js';

const tz = 'America/Chicago';
const T0 = Date.parse('2026-03-02T15:00:00Z'); // Mon 2 Mar 2026 09:00 in Chicago
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);
const defaults: SafeguardSettings = courseSettings.defaults;

let seq = 0;
function session(hours: number, extra: Partial<SessionFact> = {}): SessionFact {
  seq += 1;
  return {
    id: `s${seq}`,
    courseId: 'c1',
    route: 'iv',
    drug: 'ketamine',
    plannedDoseMcg: 36_000,
    startsAt: at(hours),
    status: 'booked',
    bookedAt: at(-100),
    ...extra,
  };
}
const iv = (hours: number, dose = 36_000): NewSession => ({
  startsAt: at(hours),
  route: 'iv',
  drug: 'ketamine',
  plannedDoseMcg: dose,
});

function facts(over: Partial<CourseFacts> = {}): CourseFacts {
  return {
    plannedInductionSessions: 6,
    startingStepIndex: 0,
    maintenanceIntervalsDays: [14, 21, 28],
    events: [],
    sessions: [],
    timeZone: tz,
    ...over,
  };
}

describe('course state', () => {
  it('is in induction with nothing booked, at the starting step', () => {
    const state = courseState(facts({ startingStepIndex: 1 }));
    expect(state).toMatchObject({
      phase: 'induction',
      stepIndex: 1,
      induction: { planned: 6, target: 6, attended: 0, booked: 0 },
      nextBoosterDate: null,
    });
  });

  it('stays in induction while the series is booked but not all attended, then reassessment is due', () => {
    const sessions = [0, 48, 96, 144, 192, 240].map((h, i) =>
      session(h, { status: i < 5 ? 'attended' : 'booked' }),
    );
    expect(courseState(facts({ sessions })).phase).toBe('induction');
    const attended = sessions.map((s) => ({ ...s, status: 'attended' as const }));
    expect(courseState(facts({ sessions: attended })).phase).toBe('reassessment_due');
  });

  it('an extension raises the induction target; continuing starts maintenance', () => {
    const sessions = [0, 48, 96, 144, 192, 240].map((h) => session(h, { status: 'attended' }));
    const extended = courseState(
      facts({ sessions, events: [{ kind: 'reassessed', at: at(250), extendInductionBy: 2 }] }),
    );
    expect(extended.phase).toBe('induction');
    expect(extended.induction.target).toBe(8);
    const continued = courseState(
      facts({
        sessions,
        events: [
          { kind: 'reassessed', at: at(250), extendInductionBy: 0 },
          { kind: 'phase_changed', at: at(250) },
        ],
      }),
    );
    expect(continued).toMatchObject({ phase: 'maintenance', reassessedAt: at(250) });
    expect(continued.maintenanceStartedAt).toEqual(at(250));
  });

  it('suggests boosters after the last session at tapering intervals, the last one repeating', () => {
    const induction = [0, 48, 96, 144, 192, 240].map((h) => session(h, { status: 'attended' }));
    const events: CourseEventFact[] = [{ kind: 'phase_changed', at: at(250) }];
    // Last induction session Fri 12 Mar 09:00 local → first booster 14 days later.
    expect(courseState(facts({ sessions: induction, events })).nextBoosterDate).toBe('2026-03-26');
    const booster1 = session(24 * 24, { bookedAt: at(260) }); // Thu 26 Mar
    expect(courseState(facts({ sessions: [...induction, booster1], events })).nextBoosterDate).toBe(
      '2026-04-16',
    );
    const booster2 = session(24 * 45, { bookedAt: at(300) });
    const booster3 = session(24 * 73, { bookedAt: at(300) });
    const later = courseState(facts({ sessions: [...induction, booster1, booster2, booster3], events }));
    expect(later.boosters).toEqual({ attended: 0, booked: 3 });
    expect(later.nextBoosterDate).toBe('2026-06-11'); // 28 days after 14 May: the last interval repeats
  });

  it('the first end event ends the course whatever follows, and step changes set the step', () => {
    const state = courseState(
      facts({
        events: [
          { kind: 'step_changed', at: at(1), toStep: 1 },
          { kind: 'step_changed', at: at(2), toStep: 2 },
          { kind: 'discontinued', at: at(3), reason: 'patient moved away' },
          { kind: 'completed', at: at(4), reason: null },
        ],
      }),
    );
    expect(state).toMatchObject({ phase: 'discontinued', stepIndex: 2, endReason: 'patient moved away' });
    expect(state.endedAt).toEqual(at(3));
  });

  it('orders events by time whatever order they are given in', () => {
    const state = courseState(
      facts({
        events: [
          { kind: 'step_changed', at: at(2), toStep: 2 },
          { kind: 'step_changed', at: at(1), toStep: 1 },
        ],
      }),
    );
    expect(state.stepIndex).toBe(2);
  });
});

describe('course verdict', () => {
  const state = (over: Partial<CourseFacts>) => courseState(facts(over));

  it('refuses an ended course, naming when and why', () => {
    const verdict = courseVerdict(
      state({ events: [{ kind: 'discontinued', at: at(0), reason: 'no response' }] }),
      3,
      tz,
    );
    expect(verdict).toEqual({
      ok: false,
      rule: courseRules.ended,
      message:
        'This course was discontinued on Mon 2 Mar 2026 09:00 (no response): plan a new course to book more sessions.',
    });
  });

  it('refuses a seventh induction session until a reassessment, and a booster before one', () => {
    const booked = [0, 48, 96, 144, 192, 240].map((h) => session(h));
    expect(courseVerdict(state({ sessions: booked }), 3, tz)).toMatchObject({
      ok: false,
      rule: courseRules.inductionFull,
    });
    const attended = booked.map((s) => ({ ...s, status: 'attended' as const }));
    expect(courseVerdict(state({ sessions: attended }), 3, tz)).toMatchObject({
      ok: false,
      rule: courseRules.reassessmentDue,
    });
    const extended = state({
      sessions: attended,
      events: [{ kind: 'reassessed', at: at(250), extendInductionBy: 1 }],
    });
    expect(courseVerdict(extended, 3, tz)).toEqual({ ok: true });
    const maintenance = state({ sessions: attended, events: [{ kind: 'phase_changed', at: at(250) }] });
    expect(courseVerdict(maintenance, 3, tz)).toEqual({ ok: true });
  });

  it('refuses a dose step the protocol does not have', () => {
    const off = state({ events: [{ kind: 'step_changed', at: at(1), toStep: 3 }] });
    expect(courseVerdict(off, 3, tz)).toMatchObject({ ok: false, rule: courseRules.doseStep });
  });
});

describe('session rules', () => {
  it('refuses a session closer than the interval and says when to book instead', () => {
    const verdict = sessionVerdict(iv(18), [session(0)], defaults, tz);
    expect(verdict).toEqual({
      ok: false,
      rule: courseRules.minimumInterval,
      message:
        'Sessions must be at least 24 h apart (IV ketamine): this one would be 18 h from the IV ketamine session on Mon 2 Mar 2026 09:00. Book from Tue 3 Mar 2026 09:00.',
    });
    expect(sessionVerdict(iv(24), [session(0)], defaults, tz)).toEqual({ ok: true });
    expect(sessionVerdict(iv(-24), [session(0)], defaults, tz)).toEqual({ ok: true });
  });

  it('uses the longer interval of two routes, whichever was booked first', () => {
    const esketamine = (h: number): NewSession => ({
      startsAt: at(h),
      route: 'intranasal',
      drug: 'esketamine',
      plannedDoseMcg: 56_000,
    });
    expect(sessionVerdict(esketamine(30), [session(0)], defaults, tz)).toMatchObject({
      rule: courseRules.minimumInterval,
    });
    const nasal = session(0, { route: 'intranasal', drug: 'esketamine', plannedDoseMcg: 56_000 });
    expect(sessionVerdict(iv(30), [nasal], defaults, tz)).toMatchObject({
      rule: courseRules.minimumInterval,
    });
    expect(sessionVerdict(iv(48), [nasal], defaults, tz)).toEqual({ ok: true });
  });

  it('refuses a ninth session in 28 days, counting every route', () => {
    const eight = [0, 72, 144, 216, 288, 360, 432, 504].map((h, i) =>
      session(h, i % 2 ? { route: 'intranasal', drug: 'esketamine', plannedDoseMcg: 56_000 } : {}),
    );
    const verdict = sessionVerdict(iv(576), eight, defaults, tz);
    expect(verdict).toMatchObject({ ok: false, rule: courseRules.maxSessions });
    expect(!verdict.ok && verdict.message).toContain(
      'this would make 9 in the 28 days from Mon 2 Mar 2026 09:00',
    );
    // 28 days of 24 h after the first session it has left the window (10:00 once daylight saving began).
    expect(!verdict.ok && verdict.message).toContain('Book from Mon 30 Mar 2026 10:00');
    expect(sessionVerdict(iv(672), eight, defaults, tz)).toEqual({ ok: true });
  });

  it('refuses racemic ketamine over the 28-day mg cap, esketamine counted apart', () => {
    const heavy = [0, 72, 144].map((h) => session(h, { plannedDoseMcg: 250_000 }));
    const verdict = sessionVerdict(iv(216, 100_000), heavy, defaults, tz);
    expect(verdict).toMatchObject({ ok: false, rule: courseRules.ketamineCap });
    expect(!verdict.ok && verdict.message).toContain(
      'At most 800 mg of racemic ketamine (IV, IM and oral together) in any 28 days: this 100 mg dose would make 850 mg',
    );
    expect(sessionVerdict(iv(216, 50_000), heavy, defaults, tz)).toEqual({ ok: true });
    const nasal: NewSession = {
      startsAt: at(216),
      route: 'intranasal',
      drug: 'esketamine',
      plannedDoseMcg: 84_000,
    };
    expect(sessionVerdict(nasal, heavy, defaults, tz)).toEqual({ ok: true });
  });

  it('says when a dose alone is over the cap', () => {
    const verdict = sessionVerdict(iv(0, 900_000), [], defaults, tz);
    expect(verdict).toMatchObject({ rule: courseRules.ketamineCap });
    expect(!verdict.ok && verdict.message).toContain('This dose alone is over the cap');
  });

  it('says when a later booking stands in the way', () => {
    const later = Array.from({ length: 8 }, (_, i) => session(24 + i * 24 * 3.4));
    const verdict = sessionVerdict(iv(0), later, { ...defaults, maxSessionsPer28Days: 8 }, tz);
    expect(verdict).toMatchObject({ rule: courseRules.maxSessions });
    // Once the first of them has left the 28 days.
    expect(earliestAllowedStart(iv(0), later, defaults)).toEqual(at(24 + 28 * 24));
  });

  it('labels the dose steps as a prescriber reads them', () => {
    expect(
      stepLabel(
        {
          kind: 'per_kg',
          stepsMcgPerKg: [500, 750, 1000],
          maxMcgPerKg: 1000,
          maxDoseMcg: 100_000,
          weightRule: { kind: 'actual' },
        },
        1,
      ),
    ).toBe('0.75 mg/kg');
    const devices = {
      kind: 'devices' as const,
      mcgPerDevice: 28_000,
      stepsDevices: [2, 3],
      firstSessionDevices: 2,
      maxDevices: 3,
      minutesBetweenDevices: 5,
    };
    expect(stepLabel(devices, 1)).toBe('3 devices (84 mg)');
    expect(stepLabel(devices, 2)).toBeNull();
    expect(stepLabel({ kind: 'fixed', stepsMcg: [25_000], maxDoseMcg: 50_000 }, 0)).toBe('25 mg');
  });
});

// ── Properties ────────────────────────────────────────────────────────────────────────────────────────────────

const routes: Route[] = ['iv', 'im', 'intranasal', 'oral'];
const arbSettings = fc.record({
  minimumIntervalHoursIv: fc.integer({ min: 1, max: 96 }),
  minimumIntervalHoursIm: fc.integer({ min: 1, max: 96 }),
  minimumIntervalHoursIntranasal: fc.integer({ min: 1, max: 96 }),
  minimumIntervalHoursOral: fc.integer({ min: 1, max: 96 }),
  maxSessionsPer28Days: fc.integer({ min: 1, max: 10 }),
  maxKetamineMgPer28Days: fc.integer({ min: 50, max: 900 }),
  maxEsketamineMgPer28Days: fc.integer({ min: 56, max: 700 }),
});
const arbRequest = fc.record({
  // Hours from T0 over about ten weeks, so the 28-day windows overlap in many ways.
  hours: fc.integer({ min: 0, max: 24 * 70 }),
  route: fc.constantFrom(...routes),
  doseMg: fc.integer({ min: 10, max: 120 }),
});
type Request = { hours: number; route: Route; doseMg: number };

const toSession = (r: Request, i: number): SessionFact =>
  session(r.hours, {
    id: `p${i}`,
    route: r.route,
    drug: r.route === 'intranasal' ? 'esketamine' : 'ketamine',
    plannedDoseMcg: r.doseMg * 1000,
  });

/** Books each request in turn, keeping those the rules accept. */
function bookAll(requests: readonly Request[], settings: SafeguardSettings): SessionFact[] {
  const accepted: SessionFact[] = [];
  requests.forEach((r, i) => {
    const s = toSession(r, i);
    if (!timeRuleViolation(s, accepted, settings)) accepted.push(s);
  });
  return accepted;
}

/** The whole set checked directly, every pair and every 28-day window. */
function keepsEveryRule(sessions: readonly SessionFact[], settings: SafeguardSettings): boolean {
  for (const a of sessions) {
    for (const b of sessions) {
      if (a === b) continue;
      const gap = Math.max(
        ...[a.route, b.route].map(
          (r) =>
            ({
              iv: settings.minimumIntervalHoursIv,
              im: settings.minimumIntervalHoursIm,
              intranasal: settings.minimumIntervalHoursIntranasal,
              oral: settings.minimumIntervalHoursOral,
            })[r],
        ),
      );
      if (Math.abs(a.startsAt.getTime() - b.startsAt.getTime()) < gap * HOUR_MS) return false;
    }
    const start = a.startsAt.getTime();
    const inWindow = sessions.filter(
      (s) => s.startsAt.getTime() >= start && s.startsAt.getTime() < start + WINDOW_MS,
    );
    if (inWindow.length > settings.maxSessionsPer28Days) return false;
    const mg = (drug: string) =>
      inWindow.filter((s) => s.drug === drug).reduce((sum, s) => sum + s.plannedDoseMcg, 0) / 1000;
    if (mg('ketamine') > settings.maxKetamineMgPer28Days) return false;
    if (mg('esketamine') > settings.maxEsketamineMgPer28Days) return false;
  }
  return true;
}

describe('safeguard properties', () => {
  it('whatever is accepted keeps the interval, the session cap and the mg caps in every 28 days', () => {
    fc.assert(
      fc.property(fc.array(arbRequest, { maxLength: 30 }), arbSettings, (requests, settings) => {
        expect(keepsEveryRule(bookAll(requests, settings), settings)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a set the rules accept is accepted in any booking order', () => {
    fc.assert(
      fc.property(
        fc.array(arbRequest, { maxLength: 20 }),
        arbSettings,
        fc.array(fc.double({ noNaN: true }), { minLength: 20, maxLength: 20 }),
        (requests, settings, keys) => {
          const accepted = bookAll(requests, settings);
          // A random permutation: each session sorted by its own random key.
          const shuffled = accepted
            .map((s, i) => ({ s, key: keys[i]! }))
            .sort((a, b) => a.key - b.key)
            .map(({ s }) => s);
          const again: SessionFact[] = [];
          for (const s of shuffled) {
            expect(timeRuleViolation(s, again, settings)).toBeNull();
            again.push(s);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a refusal is exactly a set that would break a rule', () => {
    fc.assert(
      fc.property(
        fc.array(arbRequest, { maxLength: 20 }),
        arbRequest,
        arbSettings,
        (requests, extra, settings) => {
          const accepted = bookAll(requests, settings);
          const candidate = toSession(extra, 999);
          const refused = timeRuleViolation(candidate, accepted, settings) !== null;
          expect(refused).toBe(!keepsEveryRule([...accepted, candidate], settings));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the suggested earliest start is accepted and nothing between the request and it is', () => {
    fc.assert(
      fc.property(
        fc.array(arbRequest, { maxLength: 15 }),
        arbRequest,
        arbSettings,
        (requests, extra, settings) => {
          const accepted = bookAll(requests, settings);
          const candidate = toSession(extra, 999);
          const earliest = earliestAllowedStart(candidate, accepted, settings);
          if (earliest === null) return;
          expect(timeRuleViolation({ ...candidate, startsAt: earliest }, accepted, settings)).toBeNull();
          for (let t = candidate.startsAt.getTime(); t < earliest.getTime(); t += HOUR_MS) {
            expect(
              timeRuleViolation({ ...candidate, startsAt: new Date(t) }, accepted, settings),
            ).not.toBeNull();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

it('rolling windows are 28 days of 24 hours', () => expect(WINDOW_MS).toBe(28 * DAY_MS));
