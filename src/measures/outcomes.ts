/**
 * The clinic outcomes report, pure: which patients started treatment in a period, who had a baseline and a later
 * score, who responded and remitted, and how long response took, overall and by route, protocol or diagnosis.
 * No I/O, no clock: timelines and scores in, figures out.
 */
import { dateIn } from '../organisation/core.js';
import { baselineScore, outcome } from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import type { OutcomesGroup } from './model.js';
import type { TreatmentDose, TreatmentTimeline } from './timeline.js';

export type OutcomesGrouping = 'none' | 'route' | 'protocol' | 'diagnosis';

/** Instants bounding the report: `start` inclusive, `end` exclusive (the day after `to`, clinic time). */
export interface Period {
  start: Date;
  end: Date;
}

/** A score as the report needs it; `valid` false or `total` null never counts. */
export interface OutcomeScore {
  effectiveAt: Date;
  total: number | null;
  valid: boolean;
}

export interface PatientRecord {
  timeline: TreatmentTimeline;
  /** The patient's scores of the report's instrument, in any order. */
  scores: readonly OutcomeScore[];
}

export interface OutcomesInput {
  instrument: InstrumentDefinition;
  period: Period;
  /** The clinic's IANA time zone: days to response are calendar days there. */
  timeZone: string;
  groupBy: OutcomesGrouping;
  patients: readonly PatientRecord[];
}

export interface OutcomesFigures {
  groups: OutcomesGroup[];
  overall: OutcomesGroup;
}

export const NOT_RECORDED = { key: 'not-recorded', label: 'Not recorded' } as const;

const routeLabels: Record<TreatmentDose['route'], string> = {
  iv: 'Intravenous (IV)',
  im: 'Intramuscular (IM)',
  intranasal: 'Intranasal',
  oral: 'Oral',
};
const routeOrder = Object.keys(routeLabels);

/** The instant a calendar date (YYYY-MM-DD) begins in a time zone. */
export function startOfDayIn(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset at the guess; a second pass settles days whose offset changes overnight (DST).
  let guess = utcMidnight;
  for (let pass = 0; pass < 2; pass++) guess = utcMidnight - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetAt(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** From the start of `from` to the start of the day after `to`, in the clinic's time zone. */
export function periodOf(from: string, to: string, timeZone: string): Period {
  const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: startOfDayIn(from, timeZone), end: startOfDayIn(dayAfter, timeZone) };
}

/** The earliest dose of a timeline, whatever order the source listed them in. */
export function firstDoseOf(timeline: TreatmentTimeline): TreatmentDose | undefined {
  let first: TreatmentDose | undefined;
  for (const dose of timeline.doses) if (!first || dose.at.getTime() < first.at.getTime()) first = dose;
  return first;
}

/** In the cohort: the first dose falls within the period. */
export function startedIn(timeline: TreatmentTimeline, period: Period): boolean {
  const first = firstDoseOf(timeline);
  return first !== undefined && within(first.at, period);
}

function within(at: Date, { start, end }: Period): boolean {
  return at.getTime() >= start.getTime() && at.getTime() < end.getTime();
}

interface PatientOutcome {
  firstDose: TreatmentDose;
  diagnosis: string | null;
  measured: boolean;
  responded: boolean;
  remitted: boolean;
  /** Calendar days from the first dose to the first score meeting response; null unless `responded`. */
  daysToResponse: number | null;
}

function patientOutcome(
  record: PatientRecord,
  firstDose: TreatmentDose,
  input: OutcomesInput,
): PatientOutcome {
  const { instrument, period, timeZone } = input;
  const usable = record.scores
    .filter((s) => s.valid && s.total !== null && s.effectiveAt.getTime() < period.end.getTime())
    .map((s) => ({ effectiveAt: s.effectiveAt, total: s.total as number }));
  const baseline = baselineScore(usable, firstDose.at);
  const after = usable
    .filter((s) => s.effectiveAt.getTime() >= firstDose.at.getTime())
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  const last = after.at(-1);
  const unmeasured = { firstDose, diagnosis: record.timeline.diagnosis, measured: false };
  if (!baseline || !last) return { ...unmeasured, responded: false, remitted: false, daysToResponse: null };

  const atLast = outcome(baseline.total, last.total, instrument);
  const firstResponse = after.find((s) => outcome(baseline.total, s.total, instrument).response);
  return {
    ...unmeasured,
    measured: true,
    responded: atLast.response,
    remitted: atLast.remission === true,
    daysToResponse:
      atLast.response && firstResponse
        ? calendarDaysBetween(firstDose.at, firstResponse.effectiveAt, timeZone)
        : null,
  };
}

/** Whole calendar days between two instants as dates in the time zone (same day = 0). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  const day = (at: Date) => Date.parse(`${dateIn(at, timeZone)}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** The median; with an even count, the mean of the middle two. Null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarise(
  key: string,
  label: string,
  outcomes: readonly PatientOutcome[],
  instrument: InstrumentDefinition,
): OutcomesGroup {
  const measured = outcomes.filter((o) => o.measured).length;
  const responders = outcomes.filter((o) => o.responded);
  const remitters = outcomes.filter((o) => o.remitted).length;
  const hasRemission = instrument.remissionBelow !== null;
  return {
    key,
    label,
    patients: outcomes.length,
    measured,
    responders: responders.length,
    remitters,
    responseRate: measured === 0 ? null : responders.length / measured,
    remissionRate: measured === 0 || !hasRemission ? null : remitters / measured,
    medianDaysToResponse: median(responders.map((o) => o.daysToResponse!)),
  };
}

function groupOf(
  o: PatientOutcome,
  groupBy: Exclude<OutcomesGrouping, 'none'>,
): { key: string; label: string } {
  if (groupBy === 'route') return { key: o.firstDose.route, label: routeLabels[o.firstDose.route] };
  const value = groupBy === 'protocol' ? o.firstDose.protocol : o.diagnosis;
  return value === null ? NOT_RECORDED : { key: value, label: value };
}

/** Routes in their usual order; protocols and diagnoses alphabetically; "Not recorded" last. */
function compareGroups(groupBy: OutcomesGrouping) {
  return (a: OutcomesGroup, b: OutcomesGroup) => {
    if (groupBy === 'route') return routeOrder.indexOf(a.key) - routeOrder.indexOf(b.key);
    if (a.key === NOT_RECORDED.key || b.key === NOT_RECORDED.key)
      return Number(a.key === NOT_RECORDED.key) - Number(b.key === NOT_RECORDED.key);
    return a.label.localeCompare(b.label, 'en');
  };
}

/** The report's figures: one group per route/protocol/diagnosis seen in the cohort (none for 'none'), and overall. */
export function outcomeFigures(input: OutcomesInput): OutcomesFigures {
  const outcomes: PatientOutcome[] = [];
  for (const record of input.patients) {
    const first = firstDoseOf(record.timeline);
    if (first && within(first.at, input.period)) outcomes.push(patientOutcome(record, first, input));
  }
  const overall = summarise('all', 'All', outcomes, input.instrument);
  const { groupBy } = input;
  if (groupBy === 'none') return { groups: [], overall };

  const byKey = new Map<string, { label: string; members: PatientOutcome[] }>();
  for (const o of outcomes) {
    const { key, label } = groupOf(o, groupBy);
    const group = byKey.get(key) ?? { label, members: [] };
    group.members.push(o);
    byKey.set(key, group);
  }
  const groups = [...byKey].map(([key, { label, members }]) =>
    summarise(key, label, members, input.instrument),
  );
  return { groups: groups.sort(compareGroups(groupBy)), overall };
}

const groupingWords: Record<OutcomesGrouping, string | null> = {
  none: null,
  route: 'Grouped by the route of the first dose.',
  protocol: 'Grouped by the protocol of the first dose; "Not recorded" when the dose names none.',
  diagnosis:
    'Grouped by the primary diagnosis (ICD-10-CM) of the course; "Not recorded" when none is recorded.',
};

/** How every figure is defined, in plain words, for whoever reads the report or its CSV. */
export function outcomeDefinitions(input: {
  instrument: InstrumentDefinition;
  from: string;
  to: string;
  timeZone: string;
  groupBy: OutcomesGrouping;
}): string[] {
  const { instrument, from, to, timeZone, groupBy } = input;
  const name = instrument.title;
  const remission =
    instrument.remissionBelow === null
      ? `Remission: ${name} has no remission threshold, so no remission rate is given.`
      : `Remitter: a measured patient whose last ${name} score in the period is below ${instrument.remissionBelow}. Remission rate = remitters ÷ measured.`;
  return [
    `Patients: everyone whose first dose was given from ${from} to ${to} inclusive (clinic time, ${timeZone}).`,
    `Baseline: the last valid ${name} score before the first dose. Responses that were corrected or marked entered in error, and forms too incomplete to score, are not used.`,
    `Measured: patients with a baseline and at least one valid ${name} score from the first dose to the end of ${to}. Patients lacking either count under Patients only; rates are out of measured patients, and are blank when nobody was measured.`,
    `Responder: a measured patient whose last ${name} score in the period is at least 50 % lower than baseline (a baseline of 0 cannot show a response). Response rate = responders ÷ measured.`,
    remission,
    'Median days to response: among responders, calendar days from the first dose to the first score at least 50 % lower than baseline; with an even number of responders, the mean of the middle two.',
    ...(groupingWords[groupBy] ? [groupingWords[groupBy]] : []),
  ];
}
