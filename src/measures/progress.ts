import type { InstrumentDefinition } from './instrument.js';

/**
 * The patient's own trend in plain words ("My progress"): no "band", "remission" or "baseline", just the
 * numbers, the dates and which way is better. Pure: dates are formatted in the clinic's time zone.
 */

/** What each shipped patient-reported questionnaire measures, in everyday words. */
const topics: Record<string, string> = {
  'phq-9': 'depression',
  'gad-7': 'anxiety',
  'pcl-5': 'PTSD',
};

/** Shipped patient-reported instruments all score symptoms: a lower total is better. */
const lowerIsBetter = new Set(Object.keys(topics));

/** "PHQ-9 depression" from "Patient Health Questionnaire (PHQ-9)"; a clinic's own instrument keeps its title. */
export function plainName(def: Pick<InstrumentDefinition, 'id' | 'title'>): string {
  const short = /\(([^()]+)\)\s*$/.exec(def.title)?.[1] ?? def.title;
  const topic = topics[def.id];
  return topic ? `${short} ${topic}` : short;
}

export interface ProgressPoint {
  at: Date;
  total: number;
}

function dayOf(at: Date, timeZone: string, withYear: boolean): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'long',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
  }).format(at);
}

function yearOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at);
}

/** One sentence about a questionnaire's scores, oldest first; at least one point. */
export function progressSummary(
  def: Pick<InstrumentDefinition, 'id' | 'title'>,
  points: readonly ProgressPoint[],
  timeZone: string,
): string {
  const name = plainName(def);
  const subject = /score$/i.test(name) ? name : `${name} score`;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) throw new Error('a progress summary needs at least one score');
  if (points.length === 1)
    return `Your ${subject} was ${first.total} on ${dayOf(first.at, timeZone, false)}. Filling it in again will show how things change.`;
  const withYear = yearOf(first.at, timeZone) !== yearOf(last.at, timeZone);
  const from = dayOf(first.at, timeZone, withYear);
  const to = dayOf(last.at, timeZone, withYear);
  const direction = lowerIsBetter.has(def.id) ? ' — lower is better' : '';
  if (first.total === last.total)
    return `Your ${subject} was ${first.total} on ${from} and is ${last.total} again on ${to}${direction}.`;
  return `Your ${subject} went from ${first.total} on ${from} to ${last.total} on ${to}${direction}.`;
}
