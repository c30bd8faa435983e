import { and, desc, eq } from 'drizzle-orm';
import type { Scope } from '../identity/authorise.js';
import { clinicOf, portalPatientOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields } from '../platform/http/problem.js';
import { auditChange } from './common.js';
import { intakeProblems } from './core.js';
import type { IntakeContent, IntakeDraftBody, PortalIntake } from './model.js';
import { intakeDraft, intakeSubmission } from './schema.js';

/** The portal intake is always the signed-in patient's own. */
function ownPatient(scope: Scope): { clinicId: string; patientId: string } {
  return { clinicId: clinicOf(scope), patientId: portalPatientOf(scope) };
}

async function draftOf(db: Queryable, clinicId: string, patientId: string) {
  const [row] = await db
    .select()
    .from(intakeDraft)
    .where(and(eq(intakeDraft.clinicId, clinicId), eq(intakeDraft.patientId, patientId)));
  return row;
}

async function latestSubmission(db: Queryable, clinicId: string, patientId: string) {
  const [row] = await db
    .select()
    .from(intakeSubmission)
    .where(and(eq(intakeSubmission.clinicId, clinicId), eq(intakeSubmission.patientId, patientId)))
    .orderBy(desc(intakeSubmission.submittedAt))
    .limit(1);
  return row;
}

export async function getPortalIntake(db: Queryable, scope: Scope): Promise<PortalIntake> {
  const { clinicId, patientId } = ownPatient(scope);
  const draft = await draftOf(db, clinicId, patientId);
  const submission = await latestSubmission(db, clinicId, patientId);
  const changedSinceSubmission = draft && (!submission || draft.savedAt > submission.submittedAt);
  const status = changedSinceSubmission
    ? 'draft'
    : submission?.reviewedAt
      ? 'reviewed'
      : submission
        ? 'submitted'
        : 'not_started';
  return {
    content: (draft?.content as IntakeContent | undefined) ?? {},
    revision: draft?.revision ?? 0,
    savedAt: draft?.savedAt.toISOString() ?? null,
    submittedAt: submission?.submittedAt.toISOString() ?? null,
    status,
  };
}

const staleDraft = () =>
  conflict('Your intake was saved from another window or device since this one loaded: reload to continue');

/** Autosave: the whole draft as typed, if nobody saved since `revision`. */
export async function saveDraft(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: IntakeDraftBody,
  meta: RequestMeta,
): Promise<{ revision: number; savedAt: string }> {
  const { clinicId, patientId } = ownPatient(scope);
  return database.transaction(async (tx) => {
    const now = clock.now();
    const revision = body.revision + 1;
    if (body.revision === 0) {
      try {
        await tx
          .insert(intakeDraft)
          .values({ clinicId, patientId, content: body.content, revision, savedAt: now });
      } catch (error) {
        if (isUniqueViolation(error)) throw staleDraft();
        throw error;
      }
    } else {
      const [saved] = await tx
        .update(intakeDraft)
        .set({ content: body.content, revision, savedAt: now })
        .where(
          and(
            eq(intakeDraft.clinicId, clinicId),
            eq(intakeDraft.patientId, patientId),
            eq(intakeDraft.revision, body.revision),
          ),
        )
        .returning({ revision: intakeDraft.revision });
      if (!saved) throw staleDraft();
    }
    await auditChange(tx, clock, scope, meta, {
      action: 'intake.draft_saved',
      resourceType: 'intake_draft',
      resourceId: patientId,
      patientId,
      detail: { revision },
    });
    return { revision, savedAt: now.toISOString() };
  });
}

/** Submits the saved draft once it is complete; the draft stays, so later changes start from it. */
export async function submitIntake(
  database: Database,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
): Promise<{ submissionId: string; submittedAt: string }> {
  const { clinicId, patientId } = ownPatient(scope);
  return database.transaction(async (tx) => {
    const draft = await draftOf(tx, clinicId, patientId);
    const content = (draft?.content as IntakeContent | undefined) ?? {};
    const problems = intakeProblems(content);
    if (problems.length > 0) throw invalidFields(problems, 'Some questions still need an answer');
    const now = clock.now();
    const [row] = await tx
      .insert(intakeSubmission)
      .values({ clinicId, patientId, content, submittedAt: now })
      .returning({ id: intakeSubmission.id });
    await auditChange(tx, clock, scope, meta, {
      action: 'intake.submitted',
      resourceType: 'intake_submission',
      resourceId: row!.id,
      patientId,
      detail: { draftRevision: draft?.revision ?? 0 },
    });
    return { submissionId: row!.id, submittedAt: now.toISOString() };
  });
}
