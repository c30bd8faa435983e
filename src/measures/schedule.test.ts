import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignmentTimes,
  type Completion,
  currentOccurrence,
  DAY_MS,
  dueOccurrences,
  type ScheduledAssignment,
} from './schedule.js';

const T0 = new Date('2026-03-02T15:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);
const HOUR = 3_600_000;

function assignment(overrides: Partial<ScheduledAssignment> = {}): ScheduledAssignment {
  return {
    id: 'a1',
    instrumentId: 'phq-9',
    opensAt: at(0),
    dueAt: at(24 * HOUR),
    repeatEveryDays: null,
    endsAt: null,
    endedAt: null,
    ...overrides,
  };
}
const filled = (ms: number, instrumentId = 'phq-9'): Completion => ({ instrumentId, authoredAt: at(ms) });

describe('a one-off questionnaire', () => {
  it('is not due before it opens, due from the moment it opens, overdue only after its due time', () => {
    const a = assignment();
    expect(currentOccurrence(a, [], at(-1))).toBeNull();
    expect(currentOccurrence(a, [], at(0))).toEqual({
      assignmentId: 'a1',
      opensAt: at(0),
      dueAt: at(24 * HOUR),
      overdue: false,
    });
    expect(currentOccurrence(a, [], at(24 * HOUR))?.overdue).toBe(false);
    expect(currentOccurrence(a, [], at(24 * HOUR + 1))?.overdue).toBe(true);
    expect(currentOccurrence(a, [], at(400 * DAY_MS))?.overdue).toBe(true);
  });

  it('is filled by a response to the same instrument from the moment it opens, not before, not another instrument', () => {
    const a = assignment();
    const now = at(2 * DAY_MS);
    expect(currentOccurrence(a, [filled(0)], now)).toBeNull();
    expect(currentOccurrence(a, [filled(-1)], now)).not.toBeNull();
    expect(currentOccurrence(a, [filled(HOUR, 'gad-7')], now)).not.toBeNull();
  });

  it('has nothing due once ended or past its end', () => {
    expect(currentOccurrence(assignment({ endedAt: at(HOUR) }), [], at(HOUR))).toBeNull();
    expect(currentOccurrence(assignment({ endedAt: at(HOUR) }), [], at(HOUR - 1))).not.toBeNull();
    expect(currentOccurrence(assignment({ endsAt: at(HOUR) }), [], at(HOUR))).toBeNull();
  });
});

describe('a weekly questionnaire', () => {
  const weekly = assignment({ repeatEveryDays: 7, dueAt: at(3 * DAY_MS) });

  it('opens a new occurrence every 7 days, each due 3 days after it opens', () => {
    expect(currentOccurrence(weekly, [], at(7 * DAY_MS - 1))).toMatchObject({
      opensAt: at(0),
      dueAt: at(3 * DAY_MS),
      overdue: true,
    });
    expect(currentOccurrence(weekly, [], at(7 * DAY_MS))).toMatchObject({
      opensAt: at(7 * DAY_MS),
      dueAt: at(10 * DAY_MS),
      overdue: false,
    });
  });

  it('counts a response only for the occurrence it was given in', () => {
    const lastWeek = filled(DAY_MS);
    expect(currentOccurrence(weekly, [lastWeek], at(6 * DAY_MS))).toBeNull();
    expect(currentOccurrence(weekly, [lastWeek], at(8 * DAY_MS))).not.toBeNull();
    expect(currentOccurrence(weekly, [lastWeek, filled(7 * DAY_MS)], at(8 * DAY_MS))).toBeNull();
  });

  it('lists what is due soonest first', () => {
    const due = dueOccurrences(
      [weekly, assignment({ id: 'a2', instrumentId: 'gad-7', dueAt: at(HOUR) })],
      [],
      at(HOUR / 2),
    );
    expect(due.map((d) => d.assignmentId)).toEqual(['a2', 'a1']);
  });
});

const arbitraryAssignment = fc
  .record({
    opens: fc.integer({ min: -60 * DAY_MS, max: 60 * DAY_MS }),
    dueAfter: fc.integer({ min: 0, max: 7 * DAY_MS }),
    repeatEveryDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    endsAfter: fc.option(fc.integer({ min: 1, max: 200 * DAY_MS }), { nil: null }),
    endedAfter: fc.option(fc.integer({ min: 0, max: 200 * DAY_MS }), { nil: null }),
  })
  .filter((r) => r.repeatEveryDays === null || r.dueAfter <= r.repeatEveryDays * DAY_MS)
  .map(
    (r): ScheduledAssignment => ({
      id: 'a',
      instrumentId: 'phq-9',
      opensAt: at(r.opens),
      dueAt: at(r.opens + r.dueAfter),
      repeatEveryDays: r.repeatEveryDays,
      endsAt: r.endsAfter === null ? null : at(r.opens + r.endsAfter),
      endedAt: r.endedAfter === null ? null : at(r.opens + r.endedAfter),
    }),
  );
const arbitraryCompletions = fc.array(
  fc.record({
    instrumentId: fc.constantFrom('phq-9', 'gad-7'),
    authoredAt: fc.integer({ min: -80 * DAY_MS, max: 300 * DAY_MS }).map(at),
  }),
  { maxLength: 8 },
);
const arbitraryNow = fc.integer({ min: -80 * DAY_MS, max: 300 * DAY_MS }).map(at);

describe('schedule properties', () => {
  it('an occurrence is open now, lies on the assignment’s grid, keeps its due offset, and is overdue exactly after due', () => {
    fc.assert(
      fc.property(arbitraryAssignment, arbitraryCompletions, arbitraryNow, (a, completions, now) => {
        const occurrence = currentOccurrence(a, completions, now);
        if (!occurrence) return;
        const period = a.repeatEveryDays === null ? Number.POSITIVE_INFINITY : a.repeatEveryDays * DAY_MS;
        const since = occurrence.opensAt.getTime() - a.opensAt.getTime();
        expect(occurrence.opensAt.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime()).toBeLessThan(occurrence.opensAt.getTime() + period);
        expect(a.repeatEveryDays === null ? since === 0 : since % period === 0).toBe(true);
        expect(occurrence.dueAt.getTime() - occurrence.opensAt.getTime()).toBe(
          a.dueAt.getTime() - a.opensAt.getTime(),
        );
        expect(occurrence.overdue).toBe(now.getTime() > occurrence.dueAt.getTime());
        expect(a.endedAt === null || a.endedAt.getTime() > now.getTime()).toBe(true);
        expect(a.endsAt === null || a.endsAt.getTime() > now.getTime()).toBe(true);
      }),
    );
  });

  it('nothing is due when a response to the instrument was given in the current occurrence', () => {
    fc.assert(
      fc.property(arbitraryAssignment, arbitraryCompletions, arbitraryNow, (a, completions, now) => {
        const open = currentOccurrence(a, completions, now);
        if (!open) return;
        const answeredNow = { instrumentId: a.instrumentId, authoredAt: open.opensAt };
        expect(currentOccurrence(a, [...completions, answeredNow], now)).toBeNull();
      }),
    );
  });

  it('responses before the current occurrence or to other instruments change nothing', () => {
    fc.assert(
      fc.property(arbitraryAssignment, arbitraryCompletions, arbitraryNow, (a, completions, now) => {
        const open = currentOccurrence(a, completions, now);
        if (!open) return;
        const earlier = { instrumentId: a.instrumentId, authoredAt: new Date(open.opensAt.getTime() - 1) };
        const other = { instrumentId: 'other', authoredAt: now };
        expect(currentOccurrence(a, [...completions, earlier, other], now)).toEqual(open);
      }),
    );
  });
});

describe('assignment times', () => {
  const settings = { preSessionWindowHours: 24, betweenSessionsEveryDays: 7 };
  const now = at(0);

  it('opens a pre-session questionnaire the clinic’s window before the session', () => {
    const result = assignmentTimes({ reason: 'pre_session', dueAt: at(48 * HOUR) }, settings, now);
    expect(result).toEqual({
      ok: true,
      times: { opensAt: at(24 * HOUR), dueAt: at(48 * HOUR), repeatEveryDays: null, endsAt: null },
    });
    const fromNow = assignmentTimes(
      { reason: 'pre_session' },
      { ...settings, preSessionWindowHours: 12 },
      now,
    );
    expect(fromNow).toMatchObject({ ok: true, times: { opensAt: now, dueAt: at(12 * HOUR) } });
  });

  it('gives other questionnaires 3 days, and repeats between sessions at the clinic’s interval', () => {
    expect(assignmentTimes({ reason: 'baseline' }, settings, now)).toMatchObject({
      ok: true,
      times: { opensAt: now, dueAt: at(3 * DAY_MS), repeatEveryDays: null },
    });
    expect(
      assignmentTimes({ reason: 'between_sessions' }, { ...settings, betweenSessionsEveryDays: 14 }, now),
    ).toMatchObject({
      ok: true,
      times: { repeatEveryDays: 14 },
    });
  });

  it('refuses due before opening, an end not after opening, and a due time past the next opening', () => {
    expect(assignmentTimes({ reason: 'requested', opensAt: at(HOUR), dueAt: at(0) }, settings, now)).toEqual({
      ok: false,
      problems: [{ field: 'dueAt', message: expect.any(String) }],
    });
    expect(assignmentTimes({ reason: 'requested', endsAt: at(0) }, settings, now)).toMatchObject({
      ok: false,
      problems: [{ field: 'endsAt' }],
    });
    expect(assignmentTimes({ reason: 'requested', repeatEveryDays: 2 }, settings, now)).toMatchObject({
      ok: false,
      problems: [{ field: 'repeatEveryDays' }],
    });
    expect(assignmentTimes({ reason: 'requested', repeatEveryDays: 3 }, settings, now).ok).toBe(true);
  });
});
