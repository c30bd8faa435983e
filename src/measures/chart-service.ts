import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { currentSettings } from '../settings/service.js';
import { baselineScore, nonResponse, outcome, scoreRange } from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import { currentInstrument, currentInstruments } from './instrument-service.js';
import type {
  AssignBody,
  AssignmentReason,
  AssignmentView,
  InstrumentTrend,
  MoodCheckIn,
  PatientMeasures,
  ScoreView,
} from './model.js';
import { relapseSignal } from './relapse.js';
import { liveScores } from './response-service.js';
import { assignmentTimes } from './schedule.js';
import { moodCheckIn, questionnaireAssignment } from './schema.js';
import { measuresSettings } from './settings.js';
import { noDosesRecorded, type TreatmentDose, type TreatmentTimelineSource } from './timeline.js';

/** The clinician's chart of one patient's measures, and the questionnaires assigned to them. */

const CHART_CHECK_INS = 30;

const noFirstDose = 'No first dose recorded yet, so there is no baseline and no response figure.';
const noBaseline = 'No valid score before the first dose, so there is no baseline and no response figure.';
const noScoreSinceFirstDose = 'No valid score since the first dose yet.';
const notMeasuredForResponse = 'Response is not measured on this scale.';

const dated = (view: ScoreView) => ({ view, effectiveAt: new Date(view.effectiveAt), total: view.total });

/**
 * Response and remission are figures for symptom scales (every patient-reported questionnaire, and clinician
 * scales with a remission threshold such as MADRS), not for a sedation or dissociation rating taken in a session.
 */
function measuresResponse(def: InstrumentDefinition): boolean {
  return (
    def.scoring.method !== 'risk-rules' && (def.kind === 'patient-reported' || def.remissionBelow !== null)
  );
}

function trendOf(
  def: InstrumentDefinition,
  scores: readonly ScoreView[],
  firstDoseAt: Date | null,
): InstrumentTrend {
  const latest = scores.findLast((s) => s.valid) ?? null;
  const baseline = firstDoseAt ? (baselineScore(scores.map(dated), firstDoseAt)?.view ?? null) : null;
  let figures: Pick<InstrumentTrend, 'outcome' | 'outcomeNote'> = { outcome: null, outcomeNote: null };
  if (!measuresResponse(def)) figures = { outcome: null, outcomeNote: notMeasuredForResponse };
  else if (!firstDoseAt) figures = { outcome: null, outcomeNote: noFirstDose };
  else if (!baseline || baseline.total === null) figures = { outcome: null, outcomeNote: noBaseline };
  else if (!latest || latest.total === null || new Date(latest.effectiveAt) < firstDoseAt)
    figures = { outcome: null, outcomeNote: noScoreSinceFirstDose };
  else figures = { outcome: outcome(baseline.total, latest.total, def), outcomeNote: null };
  return {
    instrumentId: def.id,
    title: def.title,
    kind: def.kind,
    bands: def.bands.map(({ from, to, label }) => ({ from, to, label })),
    maximum: scoreRange(def)?.maximum ?? null,
    remissionBelow: def.remissionBelow,
    scores: [...scores],
    baseline,
    latest,
    ...figures,
  };
}

/** Whether any valid PHQ-9 since the first dose reached response (≥ 50 % below baseline). */
function respondedOnPhq9(trend: InstrumentTrend | undefined, def: InstrumentDefinition, firstDoseAt: Date) {
  const baseline = trend?.baseline?.total;
  if (!trend || baseline === null || baseline === undefined) return undefined;
  return trend.scores.some(
    (s) =>
      s.total !== null && new Date(s.effectiveAt) >= firstDoseAt && outcome(baseline, s.total, def).response,
  );
}

type AssignmentRow = typeof questionnaireAssignment.$inferSelect;

function toAssignmentView(row: AssignmentRow, title: string): AssignmentView {
  return {
    id: row.id,
    instrumentId: row.instrumentId,
    title,
    reason: row.reason as AssignmentReason,
    opensAt: row.opensAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    repeatEveryDays: row.repeatEveryDays,
    endsAt: row.endsAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

export function toMoodCheckIn(row: typeof moodCheckIn.$inferSelect): MoodCheckIn {
  return { id: row.id, mood: row.mood, journal: row.journal, recordedAt: row.recordedAt.toISOString() };
}

/**
 * Everything the chart shows: scores per instrument with baseline (the last valid score before the first dose),
 * latest and response/remission, treatment markers, the non-response flag (PHQ-9, after the clinic's number of
 * induction sessions), the relapse watch during maintenance, recent check-ins and assignments.
 */
export async function patientMeasures(
  db: Queryable,
  scope: Scope,
  patientId: string,
  treatment: TreatmentTimelineSource = noDosesRecorded,
): Promise<PatientMeasures> {
  const clinicId = clinicOf(scope);
  await patientInScope(db, scope, patientId);
  const [instruments, scores, timelines, settings, checkIns, assignments] = await Promise.all([
    currentInstruments(db, clinicId),
    liveScores(db, clinicId, patientId),
    treatment.timelines(db, clinicId, [patientId]),
    currentSettings(db, clinicId, measuresSettings),
    db
      .select()
      .from(moodCheckIn)
      .where(and(eq(moodCheckIn.clinicId, clinicId), eq(moodCheckIn.patientId, patientId)))
      .orderBy(desc(moodCheckIn.recordedAt))
      .limit(CHART_CHECK_INS),
    db
      .select()
      .from(questionnaireAssignment)
      .where(
        and(eq(questionnaireAssignment.clinicId, clinicId), eq(questionnaireAssignment.patientId, patientId)),
      )
      .orderBy(desc(questionnaireAssignment.createdAt)),
  ]);
  const doses: TreatmentDose[] = [...(timelines.get(patientId)?.doses ?? [])].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
  const firstDoseAt = doses[0]?.at ?? null;
  const defs = new Map(instruments.map(({ definition }) => [definition.id, definition]));

  const trends = instruments
    .map(({ definition }) => ({ definition, own: scores.filter((s) => s.instrumentId === definition.id) }))
    .filter(({ own }) => own.length > 0)
    .map(({ definition, own }) => trendOf(definition, own, firstDoseAt));

  const phq9 = defs.get('phq-9')!;
  const phq9Trend = trends.find((t) => t.instrumentId === 'phq-9');
  const threshold = settings.values.nonResponseAfterInductionSessions;
  const inductionSessionsDone = doses.filter((d) => d.phase === 'induction').length;
  // No baseline: whether the patient responded is unknown, so the flag stays quiet rather than guess.
  const responded = firstDoseAt ? respondedOnPhq9(phq9Trend, phq9, firstDoseAt) : undefined;

  return {
    trends,
    markers: doses.map((dose) => ({
      at: dose.at.toISOString(),
      kind: dose.doseChanged ? ('dose_change' as const) : ('session' as const),
      label: dose.label,
    })),
    firstDoseAt: firstDoseAt?.toISOString() ?? null,
    nonResponse: {
      flagged: responded !== undefined && nonResponse({ inductionSessionsDone, threshold, responded }),
      inductionSessionsDone,
      threshold,
    },
    relapse: relapseSignal(
      doses,
      (phq9Trend?.scores ?? []).map((s) => ({
        id: s.id,
        effectiveAt: new Date(s.effectiveAt),
        total: s.total,
      })),
      { rise: settings.values.relapsePhq9Rise, bandFrom: settings.values.relapseBandFrom },
    ),
    checkIns: checkIns.reverse().map(toMoodCheckIn),
    assignments: assignments.map((row) =>
      toAssignmentView(row, defs.get(row.instrumentId)?.title ?? row.instrumentId),
    ),
  };
}

/**
 * Asks the patient to fill a questionnaire: once, or repeating (weekly between sessions by default). Only
 * questionnaires patients fill in can be assigned; the times get the defaults of `assignmentTimes`.
 */
export async function assignQuestionnaire(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: AssignBody,
  meta: RequestMeta,
): Promise<AssignmentView> {
  const clinicId = clinicOf(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const found = await currentInstrument(tx, clinicId, body.instrumentId);
    if (found?.definition.kind !== 'patient-reported')
      throw invalidFields([
        {
          path: '/body/instrumentId',
          message: found
            ? 'is rated by a clinician: only questionnaires patients fill in are assigned'
            : 'is not an instrument of this clinic',
        },
      ]);
    const settings = await currentSettings(tx, clinicId, measuresSettings);
    const date = (value: string | undefined) => (value ? new Date(value) : undefined);
    const planned = assignmentTimes(
      {
        reason: body.reason,
        opensAt: date(body.opensAt),
        dueAt: date(body.dueAt),
        repeatEveryDays: body.repeatEveryDays,
        endsAt: date(body.endsAt),
      },
      settings.values,
      clock.now(),
    );
    if (!planned.ok)
      throw invalidFields(planned.problems.map((p) => ({ path: `/body/${p.field}`, message: p.message })));
    const actor = actorOf(scope);
    const [row] = await tx
      .insert(questionnaireAssignment)
      .values({
        clinicId,
        patientId,
        instrumentId: found.definition.id,
        reason: body.reason,
        ...planned.times,
        assignedBy: actor.staffId,
        createdAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      ...actor.audit,
      clinicId,
      action: 'measures.questionnaire_assigned',
      resourceType: 'questionnaire_assignment',
      resourceId: row!.id,
      patientId,
      outcome: 'success',
      ...meta,
      detail: {
        instrumentId: found.definition.id,
        reason: body.reason,
        repeatEveryDays: planned.times.repeatEveryDays,
      },
    });
    return toAssignmentView(row!, found.definition.title);
  });
}

/** Stops an assignment (course over, no longer needed): nothing more is due from it. */
export async function endAssignment(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  assignmentId: string,
  meta: RequestMeta,
): Promise<AssignmentView> {
  const clinicId = clinicOf(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const mine = and(
      eq(questionnaireAssignment.id, assignmentId),
      eq(questionnaireAssignment.clinicId, clinicId),
      eq(questionnaireAssignment.patientId, patientId),
    );
    const actor = actorOf(scope);
    const [row] = await tx
      .update(questionnaireAssignment)
      .set({ endedAt: clock.now(), endedBy: actor.staffId })
      .where(and(mine, isNull(questionnaireAssignment.endedAt)))
      .returning();
    if (!row) {
      const [exists] = await tx
        .select({ id: questionnaireAssignment.id })
        .from(questionnaireAssignment)
        .where(mine);
      throw exists ? conflict('This assignment has already ended') : notFound('The assignment');
    }
    await recordAudit(tx, clock, {
      ...actor.audit,
      clinicId,
      action: 'measures.assignment_ended',
      resourceType: 'questionnaire_assignment',
      resourceId: row.id,
      patientId,
      outcome: 'success',
      ...meta,
      detail: { instrumentId: row.instrumentId },
    });
    const def = await currentInstrument(tx, clinicId, row.instrumentId);
    return toAssignmentView(row, def?.definition.title ?? row.instrumentId);
  });
}

/** Assignments in the shape the schedule works on (for the portal's due list). */
export async function openAssignments(db: Queryable, clinicId: string, patientId: string) {
  return db
    .select()
    .from(questionnaireAssignment)
    .where(
      and(
        eq(questionnaireAssignment.clinicId, clinicId),
        eq(questionnaireAssignment.patientId, patientId),
        isNull(questionnaireAssignment.endedAt),
      ),
    )
    .orderBy(asc(questionnaireAssignment.createdAt));
}
