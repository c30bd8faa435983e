import { describe, expect, it } from 'vitest';
import type { SessionFact } from './core.js';
import { type AppointmentFact, type MisuseInput, misuseSignals, type StepChange } from './misuse.js';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const day = (d: number) => new Date(T0 + d * 86_400_000);

const session = (d: number, extra: Partial<SessionFact> = {}): SessionFact => ({
  id: `s${d}`,
  courseId: 'c1',
  route: 'iv',
  drug: 'ketamine',
  plannedDoseMcg: 36_000,
  startsAt: day(d),
  status: 'attended',
  bookedAt: day(-30),
  ...extra,
});
const step = (d: number, fromStep: number, toStep: number): StepChange => ({
  courseId: 'c1',
  at: day(d),
  fromStep,
  toStep,
  fromLabel: `${fromStep}`,
  toLabel: `${toStep}`,
});
const appointmentOf = (id: string, d: number, extra: Partial<AppointmentFact> = {}): AppointmentFact => ({
  id,
  startsAt: day(d),
  status: 'booked',
  requestedBy: 'clinic',
  rescheduledFromId: null,
  ...extra,
});

const input = (over: Partial<MisuseInput>): MisuseInput => ({
  stepChanges: [],
  sessions: [],
  appointments: [],
  ketamineCapMg: 800,
  esketamineCapMg: 672,
  timeZone: 'America/Chicago',
  ...over,
});

describe('misuse signals', () => {
  it('say nothing is flagged with no history', () => {
    const signals = misuseSignals(input({}));
    expect(Object.values(signals).map((s) => s.flagged)).toEqual([false, false, false, false]);
    expect(signals.intervals.summary).toBe('Fewer than two sessions: no intervals yet.');
  });

  it('flag a dose increase of more than one step, or three increases, but not decreases', () => {
    expect(
      misuseSignals(input({ stepChanges: [step(1, 0, 1), step(5, 1, 0)] })).doseEscalation,
    ).toMatchObject({
      flagged: false,
      summary: '1 dose increase.',
    });
    const jump = misuseSignals(input({ stepChanges: [step(1, 0, 2)] })).doseEscalation;
    expect(jump.flagged).toBe(true);
    expect(jump.entries).toEqual([
      { courseId: 'c1', at: day(1).toISOString(), from: '0', to: '2', steps: 2 },
    ]);
    const three = misuseSignals(input({ stepChanges: [step(1, 0, 1), step(2, 1, 2), step(4, 1, 2)] }));
    expect(three.doseEscalation.flagged).toBe(true);
  });

  it('flag intervals that got shorter twice in a row', () => {
    const steady = misuseSignals(input({ sessions: [0, 14, 28, 42].map((d) => session(d)) })).intervals;
    expect(steady.flagged).toBe(false);
    const closing = misuseSignals(input({ sessions: [0, 21, 35, 42].map((d) => session(d)) })).intervals;
    expect(closing.entries.map((e) => [e.hours, e.shorter])).toEqual([
      [504, false],
      [336, true],
      [168, true],
    ]);
    expect(closing.flagged).toBe(true);
    expect(closing.summary).toContain('504 h → 336 h → 168 h');
  });

  it('list sessions the patient asked for and moves to an earlier time, flagging a patient-asked move', () => {
    const appointments = [
      appointmentOf('a', 14, { status: 'rescheduled' }),
      appointmentOf('b', 10, { rescheduledFromId: 'a' }),
      appointmentOf('c', 20, { requestedBy: 'patient' }),
    ];
    const clinicMoved = misuseSignals(input({ appointments })).earlierRequests;
    expect(clinicMoved.entries.map((e) => [e.appointmentId, e.movedEarlierByHours])).toEqual([
      ['b', 96],
      ['c', null],
    ]);
    expect(clinicMoved.flagged).toBe(false);
    const patientMoved = misuseSignals(
      input({ appointments: [appointments[0]!, { ...appointments[1]!, requestedBy: 'patient' }] }),
    ).earlierRequests;
    expect(patientMoved.flagged).toBe(true);
  });

  it('sum planned mg per calendar month and drug, flagging a month over the 28-day cap', () => {
    const sessions = [
      session(0, { plannedDoseMcg: 400_000 }),
      session(3, { plannedDoseMcg: 401_000 }),
      session(31, { route: 'intranasal', drug: 'esketamine', plannedDoseMcg: 56_000 }),
    ];
    const exposure = misuseSignals(input({ sessions })).monthlyExposure;
    expect(exposure.entries).toEqual([
      { month: '2026-03', ketamineMg: 801, esketamineMg: 0 },
      { month: '2026-04', ketamineMg: 0, esketamineMg: 56 },
    ]);
    expect(exposure.flagged).toBe(true);
    expect(exposure.summary).toContain('2026-03');
  });
});
