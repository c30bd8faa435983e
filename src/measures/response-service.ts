import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { raiseAlert } from '../alert/service.js';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { type Score, scoreResponse } from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import { currentInstrument, instrumentVersion } from './instrument-service.js';
import type {
  AnswerEntry,
  CorrectionBody,
  PortalResponseBody,
  PortalResponseResult,
  RecordedResponse,
  ScoreView,
  StaffResponseBody,
} from './model.js';
import { questionnaireAssignment, questionnaireResponse, score } from './schema.js';

/**
 * Recording answers (a patient in the portal, staff in the chart) and correcting them. Each use case is one
 * transaction: the response, its score, any suicide-risk alert and the audit entries commit together, or — when
 * an answer is refused — nothing is written at all.
 *
 * An incomplete form is stored with an invalid score rather than refused: a half-finished PHQ-9 whose item 9 is
 * above 0 must still reach the care team, so safety rules look at every answer given.
 */

type Source = 'patient' | 'staff';

const replacement = alias(questionnaireResponse, 'replacement');

/**
 * A completed response nobody has corrected: what charts, trends and due lists count. A correction (amendment
 * or retraction) names what it replaces; the replaced response stays, unused.
 */
export function isLive(db: Queryable) {
  return and(
    eq(questionnaireResponse.status, 'completed'),
    notExists(
      db
        .select({ one: sql`1` })
        .from(replacement)
        .where(eq(replacement.replacesId, questionnaireResponse.id)),
    ),
  );
}

type ScoreRow = typeof score.$inferSelect;

export function toScoreView(row: ScoreRow, source: string): ScoreView {
  return {
    id: row.id,
    responseId: row.responseId,
    instrumentId: row.instrumentId,
    instrumentVersion: row.instrumentVersion,
    effectiveAt: row.effectiveAt.toISOString(),
    valid: row.valid,
    total: row.total,
    prorated: row.prorated,
    band: row.band,
    risk: row.risk,
    loinc: row.loinc,
    source: source === 'patient' ? 'patient' : 'staff',
  };
}

/** The patient's scores from live responses, oldest first (every instrument). */
export async function liveScores(db: Queryable, clinicId: string, patientId: string): Promise<ScoreView[]> {
  const rows = await db
    .select({ score, source: questionnaireResponse.source })
    .from(score)
    .innerJoin(questionnaireResponse, eq(questionnaireResponse.id, score.responseId))
    .where(and(eq(score.clinicId, clinicId), eq(score.patientId, patientId), isLive(db)))
    .orderBy(asc(score.effectiveAt), asc(score.id));
  return rows.map((row) => toScoreView(row.score, row.source));
}

/** When the patient filled which instrument (live responses): what fills assigned questionnaires. */
export async function liveCompletions(db: Queryable, clinicId: string, patientId: string) {
  return db
    .select({
      instrumentId: questionnaireResponse.instrumentId,
      authoredAt: questionnaireResponse.authoredAt,
    })
    .from(questionnaireResponse)
    .where(
      and(
        eq(questionnaireResponse.clinicId, clinicId),
        eq(questionnaireResponse.patientId, patientId),
        isLive(db),
      ),
    );
}

/** Answers by linkId; an item answered twice is refused rather than one answer silently winning. */
function answerMap(entries: readonly AnswerEntry[], errors: FieldError[]): Record<string, number> {
  const answers: Record<string, number> = {};
  entries.forEach((entry, i) => {
    if (Object.hasOwn(answers, entry.linkId))
      errors.push({ path: `/body/answers/${i}/linkId`, message: `"${entry.linkId}" is answered twice` });
    else answers[entry.linkId] = entry.value;
  });
  if (entries.length === 0) errors.push({ path: '/body/answers', message: 'no question is answered' });
  return answers;
}

/** Each refused answer named by its place in the request: an unknown or unasked item, or a value not offered. */
function rejectedFields(
  def: InstrumentDefinition,
  entries: readonly AnswerEntry[],
  rejected: Score['rejected'],
): FieldError[] {
  const known = new Set(def.items.map((item) => item.linkId));
  return rejected.map(({ linkId, reason }) => {
    const i = entries.findIndex((entry) => entry.linkId === linkId);
    const field = known.has(linkId) && !reason.includes('not asked') ? 'value' : 'linkId';
    return { path: `/body/answers/${i}/${field}`, message: reason };
  });
}

/** "PHQ-9 item 9 above 0 (thoughts of death or self-harm)" from the trigger's message to the care team. */
function headline(message: string): string {
  return (message.split(':')[0] ?? message).replace(/\.$/, '');
}

interface NewResponse {
  clinicId: string;
  patientId: string;
  definition: InstrumentDefinition;
  answers: Record<string, number>;
  scored: Score;
  source: Source;
  authorStaffId: string | null;
  authoredAt: Date;
  assignmentId: string | null;
  correction?: { replacesId: string; reason: string };
}

/**
 * Stores a scored response and its score (an Observation with the instrument's total-score LOINC code) and
 * raises one suicide-risk alert when any crisis trigger fired. Triggers without crisis resources (MOAA/S deep
 * sedation) are returned to the clinician recording them, who is at the bedside; they are not suicide risk.
 */
async function storeResponse(
  tx: Tx,
  clock: Clock,
  input: NewResponse,
): Promise<RecordedResponse & { crisis: boolean }> {
  const { definition: def, scored } = input;
  const now = clock.now();
  let responseId: string;
  try {
    const [row] = await tx
      .insert(questionnaireResponse)
      .values({
        clinicId: input.clinicId,
        patientId: input.patientId,
        instrumentId: def.id,
        instrumentVersion: def.version,
        assignmentId: input.assignmentId,
        status: 'completed',
        answers: input.answers,
        source: input.source,
        authorStaffId: input.authorStaffId,
        authoredAt: input.authoredAt,
        recordedAt: now,
        replacesId: input.correction?.replacesId ?? null,
        correctionReason: input.correction?.reason ?? null,
      })
      .returning({ id: questionnaireResponse.id });
    responseId = row!.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyCorrected();
    throw error;
  }
  const [scoreRow] = await tx
    .insert(score)
    .values({
      clinicId: input.clinicId,
      patientId: input.patientId,
      responseId,
      instrumentId: def.id,
      instrumentVersion: def.version,
      loinc: def.scoring.method === 'risk-rules' ? null : def.loinc.total,
      valid: scored.valid,
      total: scored.total,
      prorated: scored.prorated,
      band: scored.band,
      risk: scored.risk,
      effectiveAt: input.authoredAt,
    })
    .returning();

  const crisisFlags = scored.safety.filter((flag) => flag.crisisResources);
  const alertIds: string[] = [];
  if (crisisFlags.length > 0) {
    const where = input.source === 'patient' ? 'answered in the patient portal' : 'recorded by staff';
    alertIds.push(
      await raiseAlert(tx, clock, {
        clinicId: input.clinicId,
        patientId: input.patientId,
        kind: 'suicide_risk',
        severity: 'critical',
        title: crisisFlags.map((flag) => headline(flag.message)).join('; '),
        // The queue shows when the alert was raised; the chart shows when the answers were given.
        detail: `${crisisFlags.map((flag) => flag.message).join(' ')} ${def.title}, ${where}.`,
        sourceType: 'questionnaire_response',
        sourceId: responseId,
      }),
    );
  }
  return {
    responseId,
    score: toScoreView(scoreRow!, input.source),
    missing: scored.missing,
    safety: scored.safety.map(({ triggerId, message }) => ({ triggerId, message })),
    alertIds,
    crisis: crisisFlags.length > 0,
  };
}

const alreadyCorrected = () =>
  conflict('This response has already been corrected: correct the newer response instead');

interface ResponseRequest {
  instrumentId: string;
  instrumentVersion: string;
  assignmentId?: string | undefined;
  authoredAt?: string | undefined;
  answers: AnswerEntry[];
}

/** Checks and scores a new response; every refusal is gathered into one 422 before anything is written. */
async function acceptResponse(
  tx: Tx,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: ResponseRequest,
  source: Source,
) {
  const clinicId = clinicOf(scope);
  const person = await patientInScope(tx, scope, patientId);
  const found = await currentInstrument(tx, clinicId, body.instrumentId);
  if (!found || (source === 'patient' && found.definition.kind !== 'patient-reported'))
    throw invalidFields([
      {
        path: '/body/instrumentId',
        message: found
          ? 'is rated by a clinician, not filled in by the patient'
          : 'is not an instrument of this clinic',
      },
    ]);
  const def = found.definition;
  const errors: FieldError[] = [];
  if (body.instrumentVersion !== def.version)
    errors.push({
      path: '/body/instrumentVersion',
      message: `the current version of ${def.id} is ${def.version}: reload the form`,
    });

  const now = clock.now();
  const authoredAt = body.authoredAt ? new Date(body.authoredAt) : now;
  if (authoredAt.getTime() > now.getTime())
    errors.push({ path: '/body/authoredAt', message: 'is in the future' });
  else if (authoredAt.getTime() < person.createdAt.getTime())
    errors.push({ path: '/body/authoredAt', message: 'is before the patient was registered' });

  if (body.assignmentId) {
    const [assignment] = await tx
      .select({ instrumentId: questionnaireAssignment.instrumentId })
      .from(questionnaireAssignment)
      .where(
        and(
          eq(questionnaireAssignment.id, body.assignmentId),
          eq(questionnaireAssignment.clinicId, clinicId),
          eq(questionnaireAssignment.patientId, patientId),
        ),
      );
    if (!assignment)
      errors.push({ path: '/body/assignmentId', message: 'is not a questionnaire assigned to this patient' });
    else if (assignment.instrumentId !== def.id)
      errors.push({ path: '/body/assignmentId', message: `is an assignment of ${assignment.instrumentId}` });
  }

  const answers = answerMap(body.answers, errors);
  const versionMatches = body.instrumentVersion === def.version;
  const scored = scoreResponse(def, answers);
  if (versionMatches) errors.push(...rejectedFields(def, body.answers, scored.rejected));
  if (errors.length > 0) throw invalidFields(errors, 'The answers could not be accepted');
  return { clinicId, def, answers, scored, authoredAt };
}

async function auditResponse(
  tx: Tx,
  clock: Clock,
  scope: Scope,
  action: string,
  recorded: { responseId: string; patientId: string; instrumentId: string; instrumentVersion: string },
  meta: RequestMeta,
  detail: Record<string, unknown> = {},
) {
  await recordAudit(tx, clock, {
    ...actorOf(scope).audit,
    clinicId: clinicOf(scope),
    action,
    resourceType: 'questionnaire_response',
    resourceId: recorded.responseId,
    patientId: recorded.patientId,
    outcome: 'success',
    ...meta,
    detail: { instrumentId: recorded.instrumentId, instrumentVersion: recorded.instrumentVersion, ...detail },
  });
}

async function recordResponse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: ResponseRequest,
  source: Source,
  meta: RequestMeta,
) {
  return database.transaction(async (tx) => {
    const accepted = await acceptResponse(tx, clock, scope, patientId, body, source);
    const recorded = await storeResponse(tx, clock, {
      clinicId: accepted.clinicId,
      patientId,
      definition: accepted.def,
      answers: accepted.answers,
      scored: accepted.scored,
      source,
      authorStaffId: actorOf(scope).staffId,
      authoredAt: accepted.authoredAt,
      assignmentId: body.assignmentId ?? null,
    });
    await auditResponse(
      tx,
      clock,
      scope,
      'measures.response_recorded',
      { ...recorded, patientId, instrumentId: accepted.def.id, instrumentVersion: accepted.def.version },
      meta,
      { source, alertIds: recorded.alertIds },
    );
    return recorded;
  });
}

const crisisMessage =
  'Thank you for your answers. Some of them tell us you may be having thoughts of death or of hurting ' +
  'yourself. You are not alone, and help is there right now: call or text 988 (Suicide & Crisis Lifeline), ' +
  'or call 911 if you are in danger. Your care team has been told and will contact you.';

/** A patient's own answers from the portal. */
export async function recordPortalResponse(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: PortalResponseBody,
  meta: RequestMeta,
): Promise<PortalResponseResult> {
  const recorded = await recordResponse(database, clock, scope, scope.patientId!, body, 'patient', meta);
  const message = recorded.crisis
    ? crisisMessage
    : recorded.missing.length > 0
      ? 'Thank you — your answers have been sent to your care team. A few questions were left blank; your care team may ask you about them.'
      : 'Thank you — your answers have been sent to your care team.';
  return { responseId: recorded.responseId, crisis: recorded.crisis, message };
}

/** A clinician's rating, or a form the patient filled on paper, entered by staff. */
export async function recordStaffResponse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: StaffResponseBody,
  meta: RequestMeta,
): Promise<RecordedResponse> {
  const { crisis: _crisis, ...recorded } = await recordResponse(
    database,
    clock,
    scope,
    patientId,
    body,
    'staff',
    meta,
  );
  return recorded;
}

/**
 * Corrects a response with a new linked row, never an edit: an amendment (new answers, scored again against
 * the form version the original was given on, which may raise an alert) or a retraction ("entered in error":
 * no answers, no score). Either keeps the original's time and assignment. A response is corrected once; a later
 * correction corrects the correction.
 */
export async function correctResponse(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  responseId: string,
  body: CorrectionBody,
  meta: RequestMeta,
): Promise<RecordedResponse> {
  const clinicId = clinicOf(scope);
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const [original] = await tx
      .select()
      .from(questionnaireResponse)
      .where(
        and(
          eq(questionnaireResponse.id, responseId),
          eq(questionnaireResponse.clinicId, clinicId),
          eq(questionnaireResponse.patientId, patientId),
        ),
      );
    if (!original) throw notFound('The response');
    if (original.status === 'entered-in-error')
      throw conflict('This is a retraction: it has no answers to correct');
    const [newer] = await tx
      .select({ id: questionnaireResponse.id })
      .from(questionnaireResponse)
      .where(eq(questionnaireResponse.replacesId, responseId));
    if (newer) throw alreadyCorrected();

    const staffId = actorOf(scope).staffId;
    const correction = { replacesId: responseId, reason: body.reason };
    let recorded: RecordedResponse;
    if (body.kind === 'amend') {
      const def = await instrumentVersion(tx, clinicId, original.instrumentId, original.instrumentVersion);
      if (!def)
        throw conflict(
          `Version ${original.instrumentVersion} of ${original.instrumentId} is no longer available: record a new response instead`,
        );
      const errors: FieldError[] = [];
      const answers = answerMap(body.answers, errors);
      const scored = scoreResponse(def, answers);
      errors.push(...rejectedFields(def, body.answers, scored.rejected));
      if (errors.length > 0) throw invalidFields(errors, 'The answers could not be accepted');
      const { crisis: _crisis, ...stored } = await storeResponse(tx, clock, {
        clinicId,
        patientId,
        definition: def,
        answers,
        scored,
        source: 'staff',
        authorStaffId: staffId,
        authoredAt: original.authoredAt,
        assignmentId: original.assignmentId,
        correction,
      });
      recorded = stored;
    } else {
      try {
        const [row] = await tx
          .insert(questionnaireResponse)
          .values({
            clinicId,
            patientId,
            instrumentId: original.instrumentId,
            instrumentVersion: original.instrumentVersion,
            assignmentId: original.assignmentId,
            status: 'entered-in-error',
            answers: {},
            source: 'staff',
            authorStaffId: staffId,
            authoredAt: original.authoredAt,
            recordedAt: clock.now(),
            replacesId: responseId,
            correctionReason: body.reason,
          })
          .returning({ id: questionnaireResponse.id });
        recorded = { responseId: row!.id, score: null, missing: [], safety: [], alertIds: [] };
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyCorrected();
        throw error;
      }
    }
    await auditResponse(
      tx,
      clock,
      scope,
      'measures.response_corrected',
      { ...original, responseId: recorded.responseId },
      meta,
      { kind: body.kind, replacesId: responseId, alertIds: recorded.alertIds },
    );
    return recorded;
  });
}
