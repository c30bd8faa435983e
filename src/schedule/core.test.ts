import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDays,
  freeSlots,
  type Interval,
  isoWeekday,
  localDateRange,
  localInstant,
  localTime,
  needsPrescriberOnSite,
  nurseCoverageRefusal,
  openInterval,
  placeOnCalendar,
  prescriberCoverageRefusal,
  type ShiftOnCalendar,
  type SlotCheck,
  slotRefusals,
  weekHoursProblems,
  weekStart,
} from './core.js';

const zone = 'America/Chicago';
const at = (iso: string) => new Date(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '18:00' }));
const hours = [...weekdays, { weekday: 6, opensAt: '09:00', closesAt: '13:00' }];

describe('the clinic calendar', () => {
  it('knows ISO weekdays, adds days across months and finds the Monday of a week', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekStart('2026-03-08')).toBe('2026-03-02');
    expect(weekStart('2026-03-09')).toBe('2026-03-09');
  });

  it('puts 09:00 in Chicago at 15:00Z in winter and 14:00Z in summer', () => {
    expect(localInstant('2026-03-06', '09:00', zone).toISOString()).toBe('2026-03-06T15:00:00.000Z');
    expect(localInstant('2026-07-06', '09:00', zone).toISOString()).toBe('2026-07-06T14:00:00.000Z');
  });

  it('is daylight-saving safe on the spring-forward Sunday and Monday (8–9 March 2026)', () => {
    expect(localInstant('2026-03-07', '09:00', zone).toISOString()).toBe('2026-03-07T15:00:00.000Z');
    expect(localInstant('2026-03-08', '09:00', zone).toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(localInstant('2026-03-09', '09:00', zone).toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // The spring-forward day has 23 hours; a clinic open on it keeps its local hours.
    const day = localDateRange('2026-03-08', 1, zone);
    expect((day.end.getTime() - day.start.getTime()) / 3_600_000).toBe(23);
    const monday = openInterval(hours, '2026-03-09', zone)!;
    expect(monday.start.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(monday.end.toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });

  it('is daylight-saving safe on the fall-back Sunday and Monday (1–2 November 2026)', () => {
    expect(localInstant('2026-10-31', '09:00', zone).toISOString()).toBe('2026-10-31T14:00:00.000Z');
    expect(localInstant('2026-11-01', '09:00', zone).toISOString()).toBe('2026-11-01T15:00:00.000Z');
    const day = localDateRange('2026-11-01', 1, zone);
    expect((day.end.getTime() - day.start.getTime()) / 3_600_000).toBe(25);
    const monday = openInterval(hours, '2026-11-02', zone)!;
    expect(monday.start.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(placeOnCalendar(monday, zone)).toEqual({
      date: '2026-11-02',
      startTime: '08:00',
      endTime: '18:00',
    });
  });

  it('is closed on a weekday without hours and shows each day of a view with its hours', () => {
    expect(openInterval(hours, '2026-03-08', zone)).toBeNull();
    const days = calendarDays('2026-03-02', 7, hours);
    expect(days.map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(days[5]!.open).toEqual({ opensAt: '09:00', closesAt: '13:00' });
    expect(days[6]!.open).toBeNull();
  });

  it('a local clock time round-trips for every minute of a year of dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 5, max: 22 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hour, minute) => {
          const date = addDays('2026-01-01', day);
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const instant = localInstant(date, time, zone);
          expect(placeOnCalendar({ start: instant, end: instant }, zone)).toMatchObject({
            date,
            startTime: time,
          });
        },
      ),
    );
  });

  it('refuses a week naming a day twice or closing before it opens', () => {
    expect(weekHoursProblems(hours)).toEqual([]);
    expect(
      weekHoursProblems([
        { weekday: 1, opensAt: '08:00', closesAt: '18:00' },
        { weekday: 1, opensAt: '09:00', closesAt: '12:00' },
        { weekday: 2, opensAt: '18:00', closesAt: '08:00' },
      ]),
    ).toEqual([
      { index: 1, message: 'Monday is listed twice' },
      { index: 2, message: 'must open before it closes' },
    ]);
  });
});

// Tuesday 3 March 2026, CST (UTC−6): 09:00 local = 15:00Z.
const nurseAllDay: ShiftOnCalendar = {
  role: 'nurse',
  ...span('2026-03-03T14:00:00Z', '2026-03-04T00:00:00Z'),
};
const prescriberAllDay: ShiftOnCalendar = { ...nurseAllDay, role: 'prescriber' };
const base: SlotCheck = {
  block: span('2026-03-03T15:00:00Z', '2026-03-03T17:00:00Z'),
  route: 'iv',
  drug: 'ketamine',
  chair: { name: 'Chair 2', routes: ['iv', 'im'], retired: false },
  chairsForRoute: ['Chair 1', 'Chair 2'],
  open: openInterval(hours, '2026-03-03', zone),
  otherSessions: [],
  shifts: [nurseAllDay, prescriberAllDay],
  chairsPerNurse: 2,
  now: at('2026-03-02T15:00:00Z'),
  timeZone: zone,
};
const rules = (check: Partial<SlotCheck>) => slotRefusals({ ...base, ...check }).map((r) => r.rule);

describe('slot checks', () => {
  it('accepts a 2 h IV block inside hours, in an IV chair, with a nurse and a prescriber on shift', () => {
    expect(slotRefusals(base)).toEqual([]);
  });

  it('refuses a time that has passed', () => {
    expect(rules({ now: at('2026-03-03T15:30:00Z') })).toEqual(['SCHED-IN-PAST']);
  });

  it('refuses a block that ends after closing and says when to start', () => {
    const [refusal] = slotRefusals({ ...base, block: span('2026-03-03T23:00:00Z', '2026-03-04T01:00:00Z') });
    expect(refusal).toEqual({
      rule: 'SCHED-CLOSED',
      message: 'The 120 min block 17:00–19:00 falls outside opening hours 08:00–18:00',
      remedy: 'Start at 08:00 or later so the session ends by 18:00',
    });
  });

  it('refuses a day the clinic is closed', () => {
    const [refusal] = slotRefusals({
      ...base,
      open: null,
      block: span('2026-03-08T15:00:00Z', '2026-03-08T17:00:00Z'),
    });
    expect(refusal!.rule).toBe('SCHED-CLOSED');
    expect(refusal!.message).toBe('The clinic is closed on Sundays');
  });

  it('refuses a chair not equipped for the route and names the chairs that are', () => {
    const [refusal] = slotRefusals({
      ...base,
      chair: { name: 'Nasal room', routes: ['intranasal'], retired: false },
    });
    expect(refusal).toEqual({
      rule: 'SCHED-CHAIR-ROUTE',
      message: 'Nasal room is not equipped for IV sessions',
      remedy: 'Choose a chair equipped for IV: Chair 1, Chair 2',
    });
    expect(rules({ chair: { ...base.chair, retired: true } })).toEqual(['SCHED-CHAIR-RETIRED']);
  });

  it('refuses a third session with one nurse monitoring two chairs, and says which time', () => {
    const others = [
      span('2026-03-03T14:00:00Z', '2026-03-03T16:00:00Z'),
      span('2026-03-03T16:00:00Z', '2026-03-03T18:00:00Z'),
    ];
    expect(rules({ otherSessions: others })).toEqual([]);
    const third = span('2026-03-03T15:30:00Z', '2026-03-03T17:30:00Z');
    const refusal = nurseCoverageRefusal({ ...base, otherSessions: [...others, third] });
    expect(refusal).toEqual({
      rule: 'SCHED-NURSE-COVERAGE',
      message: 'At 09:30 3 sessions would run with 1 nurse on shift (one nurse monitors up to 2 chairs)',
      remedy: 'Add a nurse shift covering 09:00–11:00, or choose a time with fewer sessions running',
    });
    expect(rules({ otherSessions: [...others, third], chairsPerNurse: 3 })).toEqual([]);
  });

  it('refuses when a nurse shift ends during the block', () => {
    const shortNurse = { role: 'nurse', ...span('2026-03-03T14:00:00Z', '2026-03-03T16:30:00Z') };
    const refusal = nurseCoverageRefusal({ ...base, shifts: [shortNurse] });
    expect(refusal?.message).toBe('No nurse is on shift at 10:30 to monitor this session');
  });

  it('needs a prescriber on shift for the whole block of IV and esketamine sessions only', () => {
    expect(needsPrescriberOnSite('iv', 'ketamine')).toBe(true);
    expect(needsPrescriberOnSite('intranasal', 'esketamine')).toBe(true);
    expect(needsPrescriberOnSite('im', 'ketamine')).toBe(false);
    expect(needsPrescriberOnSite('oral', 'ketamine')).toBe(false);
    const latePrescriber = { role: 'prescriber', ...span('2026-03-03T15:30:00Z', '2026-03-03T22:00:00Z') };
    expect(prescriberCoverageRefusal({ ...base, shifts: [nurseAllDay, latePrescriber] })).toEqual({
      rule: 'SCHED-PRESCRIBER-COVERAGE',
      message: 'An IV session needs a prescriber on site; none is on shift at 09:00',
      remedy: 'Add a prescriber shift covering 09:00–11:00, or choose a time when one is on shift',
    });
    const esketamine = { route: 'intranasal' as const, drug: 'esketamine' as const, shifts: [nurseAllDay] };
    expect(prescriberCoverageRefusal({ ...base, ...esketamine })?.message).toMatch(
      /^An esketamine \(REMS\) session/,
    );
    expect(rules({ route: 'im', shifts: [nurseAllDay] })).toEqual([]);
  });

  it('never accepts more simultaneous sessions than nurses on shift × chairs per nurse, at any minute', () => {
    const day = at('2026-03-03T14:00:00Z').getTime();
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 15, max: 240 }))
      .map(([from, length]) => ({
        start: new Date(day + from * 60_000),
        end: new Date(day + (from + length) * 60_000),
      }));
    fc.assert(
      fc.property(
        interval,
        fc.array(interval, { maxLength: 8 }),
        fc.array(interval, { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (block, otherSessions, nurseShifts, chairsPerNurse) => {
          const shifts = nurseShifts.map((s) => ({ ...s, role: 'nurse' }));
          const refusal = nurseCoverageRefusal({
            block,
            otherSessions,
            shifts,
            chairsPerNurse,
            timeZone: zone,
          });
          let worstExcess = Number.NEGATIVE_INFINITY;
          for (let t = block.start.getTime(); t < block.end.getTime(); t += 60_000) {
            const live = (list: Interval[]) =>
              list.filter((i) => i.start.getTime() <= t && t < i.end.getTime()).length;
            worstExcess = Math.max(worstExcess, 1 + live(otherSessions) - live(nurseShifts) * chairsPerNurse);
          }
          // Accepted exactly when no minute is over capacity.
          expect(refusal === null).toBe(worstExcess <= 0);
        },
      ),
    );
  });
});

describe('free slots', () => {
  it('lists half-hourly starts where a 2 h block fits, skipping the booked stretch of the chair', () => {
    const booked = span('2026-03-03T16:00:00Z', '2026-03-03T18:00:00Z'); // 10:00–12:00
    const slots = freeSlots({
      ...base,
      chairSessions: [booked],
      otherSessions: [booked],
      blockMinutes: 120,
      stepMinutes: 30,
    });
    const starts = slots.map((s) => localTime(s.start, zone));
    expect(starts).toEqual([
      '08:00',
      '12:00',
      '12:30',
      '13:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
    ]);
    expect(freeSlots({ ...base, open: null, chairSessions: [], blockMinutes: 120, stepMinutes: 30 })).toEqual(
      [],
    );
  });
});
