import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { csvCell } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Queryable } from '../platform/db/database.js';
import { type FieldError, invalidFields } from '../platform/http/problem.js';
import { currentInstrument } from './instrument-service.js';
import type { OutcomesGroup, OutcomesQuery, OutcomesReport } from './model.js';
import {
  type OutcomeScore,
  type OutcomesGrouping,
  outcomeDefinitions,
  outcomeFigures,
  type PatientRecord,
  periodOf,
  startedIn,
} from './outcomes.js';
import { isLive } from './response-service.js';
import { questionnaireResponse, score } from './schema.js';
import { noDosesRecorded, type TreatmentTimelineSource } from './timeline.js';

export const DEFAULT_REPORT_INSTRUMENT = 'phq-9';
/** A longer range is refused: it would mean years of every patient's scores in one request. */
export const MAX_REPORT_YEARS = 5;

function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

function periodProblems(from: string, to: string): FieldError[] {
  if (to < from) return [{ path: '/query/to', message: 'must be on or after from' }];
  if (to >= addYears(from, MAX_REPORT_YEARS))
    return [{ path: '/query/to', message: `the period can be at most ${MAX_REPORT_YEARS} years` }];
  return [];
}

/**
 * Valid scores of the instrument for these patients up to the end of the period, in one query, from live
 * responses only (the chart's rule: an amended or retracted response no longer counts).
 */
async function cohortScores(
  db: Queryable,
  clinicId: string,
  instrumentId: string,
  patientIds: readonly string[],
  before: Date,
): Promise<Map<string, OutcomeScore[]>> {
  const byPatient = new Map<string, OutcomeScore[]>();
  if (patientIds.length === 0) return byPatient;
  const rows = await db
    .select({
      patientId: score.patientId,
      effectiveAt: score.effectiveAt,
      total: score.total,
      valid: score.valid,
    })
    .from(score)
    .innerJoin(questionnaireResponse, eq(questionnaireResponse.id, score.responseId))
    .where(
      and(
        eq(score.clinicId, clinicId),
        eq(score.instrumentId, instrumentId),
        // One parameter (an array literal of uuids), however large the cohort: PGlite fails beyond 32,767.
        sql`${score.patientId} = any(${`{${patientIds.join(',')}}`}::uuid[])`,
        eq(score.valid, true),
        isNotNull(score.total),
        lt(score.effectiveAt, before),
        isLive(db),
      ),
    );
  for (const { patientId, ...rest } of rows) {
    const list = byPatient.get(patientId) ?? [];
    list.push(rest);
    byPatient.set(patientId, list);
  }
  return byPatient;
}

/** The clinic's outcomes over a period: who started treatment then, and how their scores moved. Reads only. */
export async function outcomesReport(
  db: Queryable,
  scope: Scope,
  treatment: TreatmentTimelineSource | undefined,
  query: OutcomesQuery,
): Promise<OutcomesReport> {
  const clinicId = scope.clinicId;
  if (!clinicId) throw new Error('the outcomes report needs a clinic scope');
  const { from, to } = query;
  const instrumentId = query.instrumentId ?? DEFAULT_REPORT_INSTRUMENT;
  const groupBy: OutcomesGrouping = query.groupBy ?? 'none';

  const problems = periodProblems(from, to);
  const instrument = (await currentInstrument(db, clinicId, instrumentId))?.definition;
  if (!instrument)
    problems.push({ path: '/query/instrumentId', message: `no instrument ${instrumentId} in this clinic` });
  else if (instrument.scoring.method === 'risk-rules')
    problems.push({
      path: '/query/instrumentId',
      message: `${instrument.title} has no total score to compare`,
    });
  if (problems.length > 0 || !instrument) throw invalidFields(problems);

  const timeZone = await clinicTimeZone(db, clinicId);
  const period = periodOf(from, to, timeZone);
  const timelines = await (treatment ?? noDosesRecorded).timelines(db, clinicId, 'all');
  const cohort = [...timelines].filter(([, timeline]) => startedIn(timeline, period));
  const scores = await cohortScores(
    db,
    clinicId,
    instrument.id,
    cohort.map(([patientId]) => patientId),
    period.end,
  );
  const patients: PatientRecord[] = cohort.map(([patientId, timeline]) => ({
    timeline,
    scores: scores.get(patientId) ?? [],
  }));
  const figures = outcomeFigures({ instrument, period, timeZone, groupBy, patients });
  return {
    from,
    to,
    instrumentId: instrument.id,
    groupBy,
    ...figures,
    definitions: outcomeDefinitions({ instrument, from, to, timeZone, groupBy }),
  };
}

const csvHeader = [
  'Group',
  'Patients',
  'Measured',
  'Responders',
  'Response rate (%)',
  'Remitters',
  'Remission rate (%)',
  'Median days to response',
];

const percent = (rate: number | null) => (rate === null ? null : (rate * 100).toFixed(1));

/** One row per group, then "All"; rates as percentages with one decimal; blank where there is no figure. */
export function outcomesCsv(report: OutcomesReport): string {
  const line = (g: OutcomesGroup) =>
    [
      g.label,
      g.patients,
      g.measured,
      g.responders,
      percent(g.responseRate),
      g.remitters,
      percent(g.remissionRate),
      g.medianDaysToResponse,
    ]
      .map(csvCell)
      .join(',');
  const lines = [csvHeader.map(csvCell).join(','), ...report.groups.map(line), line(report.overall)];
  return `${lines.join('\r\n')}\r\n`;
}
