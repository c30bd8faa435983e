import { and, desc, eq, gte, isNotNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf, portalPatientOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { invalidFields } from '../platform/http/problem.js';
import { openAssignments, toMoodCheckIn } from './chart-service.js';
import { scoreRange } from './core.js';
import { currentInstruments } from './instrument-service.js';
import type { AssignmentReason, MoodCheckIn, MoodCheckInBody, PortalHome, PortalProgress } from './model.js';
import { progressSummary } from './progress.js';
import { liveCompletions, liveScores } from './response-service.js';
import { DAY_MS, dueOccurrences } from './schedule.js';
import { moodCheckIn } from './schema.js';

/** The patient's own portal: what is due, the daily mood check-in, and their progress in plain words. */

const PROGRESS_MOODS = 90;

/** The calendar day of an instant in a time zone, e.g. "2026-03-02". */
function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export async function portalHome(db: Queryable, clock: Clock, scope: Scope): Promise<PortalHome> {
  const clinicId = clinicOf(scope);
  const patientId = portalPatientOf(scope);
  const now = clock.now();
  const [assignments, completions, instruments, timeZone, recentCheckIns] = await Promise.all([
    openAssignments(db, clinicId, patientId),
    liveCompletions(db, clinicId, patientId),
    currentInstruments(db, clinicId),
    clinicTimeZone(db, clinicId),
    // A local day is at most 26 hours long (daylight-saving change): anything from today is in the last 2 days.
    db
      .select({ recordedAt: moodCheckIn.recordedAt })
      .from(moodCheckIn)
      .where(
        and(
          eq(moodCheckIn.clinicId, clinicId),
          eq(moodCheckIn.patientId, patientId),
          gte(moodCheckIn.recordedAt, new Date(now.getTime() - 2 * DAY_MS)),
        ),
      ),
  ]);
  const defs = new Map(instruments.map(({ definition }) => [definition.id, definition]));
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const today = localDay(now, timeZone);
  return {
    due: dueOccurrences(assignments, completions, now).flatMap((occurrence) => {
      const assignment = byId.get(occurrence.assignmentId)!;
      const def = defs.get(assignment.instrumentId);
      if (def?.kind !== 'patient-reported') return [];
      return [
        {
          assignmentId: assignment.id,
          instrumentId: def.id,
          instrumentVersion: def.version,
          title: def.title,
          reason: assignment.reason as AssignmentReason,
          opensAt: occurrence.opensAt.toISOString(),
          dueAt: occurrence.dueAt.toISOString(),
          overdue: occurrence.overdue,
          itemCount: def.items.length,
        },
      ];
    }),
    checkedInToday: recentCheckIns.some((row) => localDay(row.recordedAt, timeZone) === today),
  };
}

/** The optional daily mood (0–10) and journal line; at least one of them. */
export async function recordCheckIn(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: MoodCheckInBody,
  meta: RequestMeta,
): Promise<MoodCheckIn> {
  const clinicId = clinicOf(scope);
  const patientId = portalPatientOf(scope);
  if (body.mood === undefined && body.journal === undefined)
    throw invalidFields([{ path: '/body', message: 'give a mood, a journal line, or both' }]);
  return database.transaction(async (tx) => {
    const [row] = await tx
      .insert(moodCheckIn)
      .values({
        clinicId,
        patientId,
        mood: body.mood ?? null,
        journal: body.journal ?? null,
        recordedAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      ...actorOf(scope).audit,
      clinicId,
      action: 'measures.check_in_recorded',
      resourceType: 'mood_check_in',
      resourceId: row!.id,
      patientId,
      outcome: 'success',
      ...meta,
      // Which parts were given, never the journal text.
      detail: { mood: body.mood !== undefined, journal: body.journal !== undefined },
    });
    return toMoodCheckIn(row!);
  });
}

/** Per questionnaire the patient fills: their valid totals, oldest first, and one plain sentence. */
export async function portalProgress(db: Queryable, scope: Scope): Promise<PortalProgress> {
  const clinicId = clinicOf(scope);
  const patientId = portalPatientOf(scope);
  const [instruments, scores, timeZone, moods] = await Promise.all([
    currentInstruments(db, clinicId),
    liveScores(db, clinicId, patientId),
    clinicTimeZone(db, clinicId),
    db
      .select({ at: moodCheckIn.recordedAt, mood: moodCheckIn.mood })
      .from(moodCheckIn)
      .where(
        and(
          eq(moodCheckIn.clinicId, clinicId),
          eq(moodCheckIn.patientId, patientId),
          isNotNull(moodCheckIn.mood),
        ),
      )
      .orderBy(desc(moodCheckIn.recordedAt))
      .limit(PROGRESS_MOODS),
  ]);
  const series = instruments.flatMap(({ definition: def }) => {
    const range = scoreRange(def);
    if (def.kind !== 'patient-reported' || !range) return [];
    const points = scores
      .filter((s) => s.instrumentId === def.id && s.total !== null)
      .map((s) => ({ at: new Date(s.effectiveAt), total: s.total!, label: s.band }));
    if (points.length === 0) return [];
    return [
      {
        instrumentId: def.id,
        title: def.title,
        maximum: range.maximum,
        points: points.map((p) => ({ at: p.at.toISOString(), total: p.total, label: p.label })),
        summary: progressSummary(def, points, timeZone),
      },
    ];
  });
  return {
    series,
    moods: moods.reverse().map((m) => ({ at: m.at.toISOString(), mood: m.mood! })),
  };
}
