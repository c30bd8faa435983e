import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinicToday } from '../organisation/service.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, type FieldError, invalidFields, notFound } from '../platform/http/problem.js';
import { rescreen, type ScreeningTrigger } from '../screening/service.js';
import { auditChange } from './common.js';
import {
  measureOfLoinc,
  normaliseMeasurement,
  proposeFacts,
  resolveAllergy,
  resolveCondition,
  resolveMedication,
  resolvePriorTreatment,
} from './core.js';
import type {
  AllergyView,
  ConditionView,
  FactCorrection,
  FactKind,
  Facts,
  IntakeContent,
  MeasurementView,
  MedicationView,
  NewAllergy,
  NewCondition,
  NewMeasurement,
  NewMedication,
  NewPriorTreatment,
  PriorTreatmentView,
  ProposedFacts,
  ReviewBody,
  StaffIntakeView,
  SubmissionView,
} from './model.js';
import {
  allergy,
  bodyMeasurement,
  condition,
  intakeSubmission,
  medicationStatement,
  priorTreatment,
} from './schema.js';

/**
 * Clinical facts (conditions, medications, allergies, prior treatments, measurements): recorded from a reviewed
 * intake or by staff directly, corrected only by new rows that name the one they replace. Every change re-runs
 * screening in the same transaction.
 */

type Row = Record<string, unknown> & {
  id: string;
  status: string;
  source: string;
  intakeSubmissionId: string | null;
  recordedBy: string | null;
  recordedAt: Date;
  replacesId: string | null;
  note: string | null;
};
type Resolved = { ok: true; value: object } | { ok: false; problems: FieldError[] };
interface Context {
  today: string;
  now: Date;
}

interface FactSpec<Body, View> {
  /** Every fact table shares the columns of `factColumns`; queries below only touch those. */
  table: typeof condition;
  resourceType: string;
  trigger: ScreeningTrigger;
  resolve(body: Body, base: string, ctx: Context): Resolved;
  /** The fact as a request body, for an amendment to change some fields and keep the rest. */
  bodyOf(row: Row): Body;
  view(row: Row): View;
}

const iso = (d: Date) => d.toISOString();
const shared = (row: Row) => ({
  id: row.id,
  status: row.status as ConditionView['status'],
  source: row.source as ConditionView['source'],
  intakeSubmissionId: row.intakeSubmissionId,
  recordedBy: row.recordedBy,
  recordedAt: iso(row.recordedAt),
  replacesId: row.replacesId,
  note: row.note,
});
/** Drops null fields: request bodies leave out what they do not set. */
const present = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

const conditions: FactSpec<NewCondition, ConditionView> = {
  table: condition,
  resourceType: 'condition',
  trigger: 'condition_added',
  resolve: (body, base, ctx) => resolveCondition(body, base, ctx.today),
  bodyOf: (row) =>
    ({ icd10: row.icd10, category: row.category, ...present({ onset: row.onset }) }) as NewCondition,
  view: (row) =>
    ({
      ...shared(row),
      icd10: row.icd10,
      display: row.display,
      category: row.category,
      onset: row.onset ?? null,
    }) as ConditionView,
};

const medications: FactSpec<NewMedication, MedicationView> = {
  table: medicationStatement as unknown as typeof condition,
  resourceType: 'medication_statement',
  trigger: 'medication_added',
  resolve: (body, base, ctx) => resolveMedication(body, base, ctx.today),
  bodyOf: (row) =>
    ({
      rxnorm: row.rxnorm,
      name: row.name,
      drugClass: row.drugClass,
      dailyDoseMg: row.dailyDoseMicrograms == null ? null : (row.dailyDoseMicrograms as number) / 1000,
      ...present({ doseText: row.doseText, startedOn: row.startedOn }),
    }) as NewMedication,
  view: (row) =>
    ({
      ...shared(row),
      rxnorm: row.rxnorm,
      name: row.name,
      drugClass: row.drugClass,
      doseText: row.doseText,
      dailyDoseMicrograms: row.dailyDoseMicrograms,
      startedOn: row.startedOn,
    }) as MedicationView,
};

const allergies: FactSpec<NewAllergy, AllergyView> = {
  table: allergy as unknown as typeof condition,
  resourceType: 'allergy',
  trigger: 'allergy_added',
  resolve: (body, base) => resolveAllergy(body, base),
  bodyOf: (row) =>
    ({ substance: row.substance, rxnorm: row.rxnorm, ...present({ reaction: row.reaction }) }) as NewAllergy,
  view: (row) =>
    ({ ...shared(row), substance: row.substance, rxnorm: row.rxnorm, reaction: row.reaction }) as AllergyView,
};

const priorTreatments: FactSpec<NewPriorTreatment, PriorTreatmentView> = {
  table: priorTreatment as unknown as typeof condition,
  resourceType: 'prior_treatment',
  trigger: 'prior_treatment_added',
  resolve: (body, base) => resolvePriorTreatment(body, base),
  bodyOf: (row) =>
    ({
      kind: row.kind,
      rxnorm: row.rxnorm,
      name: row.name,
      drugClass: row.drugClass,
      durationWeeks: row.durationWeeks,
      outcome: row.outcome,
      adequateDose: row.adequateDose,
      ...present({ doseText: row.doseText }),
    }) as NewPriorTreatment,
  view: (row) =>
    ({
      ...shared(row),
      kind: row.kind,
      rxnorm: row.rxnorm,
      name: row.name,
      drugClass: row.drugClass,
      doseText: row.doseText,
      durationWeeks: row.durationWeeks,
      outcome: row.outcome,
      adequateDose: row.adequateDose,
    }) as PriorTreatmentView,
};

const measurements: FactSpec<NewMeasurement, MeasurementView> = {
  table: bodyMeasurement as unknown as typeof condition,
  resourceType: 'body_measurement',
  trigger: 'measurement_added',
  resolve: (body, base, ctx) => {
    const checked = normaliseMeasurement(body, base);
    if (!checked.ok) return checked;
    const effectiveAt = body.effectiveAt ? new Date(body.effectiveAt) : ctx.now;
    if (effectiveAt > ctx.now)
      return { ok: false, problems: [{ path: `${base}/effectiveAt`, message: 'is in the future' }] };
    const { ok: _ok, ...stored } = checked;
    return { ok: true, value: { ...stored, effectiveAt, note: body.note ?? null } };
  },
  bodyOf: (row) =>
    ({
      measure: measureOfLoinc(row.loinc as string),
      value: row.value,
      unit: row.unit,
      effectiveAt: iso(row.effectiveAt as Date),
    }) as NewMeasurement,
  view: (row) =>
    ({
      ...shared(row),
      measure: measureOfLoinc(row.loinc as string),
      loinc: row.loinc,
      value: row.value,
      unit: row.unit,
      effectiveAt: iso(row.effectiveAt as Date),
    }) as MeasurementView,
};

// biome-ignore lint/suspicious/noExplicitAny: one table of specs over five fact shapes
export const factSpecs: Record<FactKind, FactSpec<any, unknown>> = {
  conditions,
  medications,
  allergies,
  'prior-treatments': priorTreatments,
  measurements,
};

/** Which fact kind each part of a review's facts belongs to. */
const reviewParts = [
  ['conditions', 'conditions'],
  ['medications', 'medications'],
  ['allergies', 'allergies'],
  ['priorTreatments', 'prior-treatments'],
  ['measurements', 'measurements'],
] as const satisfies readonly (readonly [keyof ProposedFacts, FactKind])[];

async function rowsOf(db: Queryable, kind: FactKind, clinicId: string, patientId: string): Promise<Row[]> {
  const { table } = factSpecs[kind];
  return (await db
    .select()
    .from(table)
    .where(and(eq(table.clinicId, clinicId), eq(table.patientId, patientId)))
    .orderBy(asc(table.recordedAt), asc(table.id))) as unknown as Row[];
}

/** The latest version of each fact: not replaced by another row, and not entered in error. */
export async function currentFacts(db: Queryable, clinicId: string, patientId: string): Promise<Facts> {
  const heads = async (kind: FactKind) => {
    const rows = await rowsOf(db, kind, clinicId, patientId);
    const replaced = new Set(rows.map((r) => r.replacesId).filter(Boolean));
    return rows
      .filter((r) => !replaced.has(r.id) && r.status !== 'entered-in-error')
      .map((r) => factSpecs[kind].view(r));
  };
  return {
    conditions: (await heads('conditions')) as ConditionView[],
    medications: (await heads('medications')) as MedicationView[],
    allergies: (await heads('allergies')) as AllergyView[],
    priorTreatments: (await heads('prior-treatments')) as PriorTreatmentView[],
    measurements: (await heads('measurements')) as MeasurementView[],
  };
}

export async function staffIntakeView(
  db: Queryable,
  scope: Scope,
  patientId: string,
): Promise<StaffIntakeView> {
  const clinicId = clinicOf(scope);
  await patientInScope(db, scope, patientId);
  const submissions = await db
    .select()
    .from(intakeSubmission)
    .where(and(eq(intakeSubmission.clinicId, clinicId), eq(intakeSubmission.patientId, patientId)))
    .orderBy(desc(intakeSubmission.submittedAt));
  return {
    submissions: submissions.map(
      (s): SubmissionView => ({
        id: s.id,
        submittedAt: iso(s.submittedAt),
        content: s.content as IntakeContent,
        reviewedAt: s.reviewedAt ? iso(s.reviewedAt) : null,
        reviewedBy: s.reviewedBy,
        proposed: s.reviewedAt ? null : proposeFacts(s.content as IntakeContent, iso(s.submittedAt)),
      }),
    ),
    facts: await currentFacts(db, clinicId, patientId),
  };
}

async function insertFact(
  tx: Tx,
  kind: FactKind,
  columns: object,
  common: {
    clinicId: string;
    patientId: string;
    status: string;
    source: 'intake' | 'staff';
    intakeSubmissionId: string | null;
    recordedBy: string | null;
    recordedAt: Date;
    replacesId: string | null;
  },
): Promise<string> {
  const { table } = factSpecs[kind];
  try {
    const [row] = await tx
      .insert(table)
      .values({ ...columns, ...common } as never)
      .returning({ id: table.id });
    return row!.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyReplaced();
    throw error;
  }
}

const alreadyReplaced = () =>
  conflict('This entry has already been corrected or replaced: reload to see the current version');

export interface Acting {
  clinicId: string;
  patientId: string;
  staffId: string | null;
  ctx: Context;
}

async function acting(tx: Tx, clock: Clock, scope: Scope, patientId: string): Promise<Acting> {
  await patientInScope(tx, scope, patientId);
  const clinicId = clinicOf(scope);
  const now = clock.now();
  return {
    clinicId,
    patientId,
    staffId: actorOf(scope).staffId,
    ctx: { now, today: await clinicToday(tx, clinicId, now) },
  };
}

/** A fact entered by staff directly. */
export async function addFact(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  kind: FactKind,
  body: unknown,
  meta: RequestMeta,
): Promise<unknown> {
  const spec = factSpecs[kind];
  return database.transaction(async (tx) => {
    const who = await acting(tx, clock, scope, patientId);
    const resolved = spec.resolve(body, '/body', who.ctx);
    if (!resolved.ok) throw invalidFields(resolved.problems);
    const id = await insertFact(tx, kind, resolved.value, {
      clinicId: who.clinicId,
      patientId,
      status: 'active',
      source: 'staff',
      intakeSubmissionId: null,
      recordedBy: who.staffId,
      recordedAt: who.ctx.now,
      replacesId: null,
    });
    await auditChange(tx, clock, scope, meta, {
      action: 'intake.fact_added',
      resourceType: spec.resourceType,
      resourceId: id,
      patientId,
    });
    await rescreen(tx, clock, who.clinicId, patientId, spec.trigger);
    return viewOf(tx, kind, who.clinicId, patientId, id);
  });
}

async function viewOf(db: Queryable, kind: FactKind, clinicId: string, patientId: string, id: string) {
  const { table, view } = factSpecs[kind];
  const [row] = (await db
    .select()
    .from(table)
    .where(
      and(eq(table.clinicId, clinicId), eq(table.patientId, patientId), eq(table.id, id)),
    )) as unknown as Row[];
  if (!row) throw notFound('The entry');
  return view(row);
}

/** Shared columns are set per row; the rest of an old row is what a stop or retraction copies. */
const sharedColumns = new Set([
  'id',
  'clinicId',
  'patientId',
  'status',
  'source',
  'intakeSubmissionId',
  'recordedBy',
  'recordedAt',
  'replacesId',
  'note',
]);

/**
 * A correction: `amend` (the listed fields change, the rest are kept), `stop` (inactive from now) or
 * `entered-in-error`; always a new row naming the one it replaces. A replaced or retracted entry → 409.
 */
export async function correctFact(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  kind: FactKind,
  factId: string,
  body: FactCorrection<Record<string, unknown>>,
  meta: RequestMeta,
): Promise<unknown> {
  const spec = factSpecs[kind];
  const { table } = spec;
  return database.transaction(async (tx) => {
    const who = await acting(tx, clock, scope, patientId);
    const [old] = (await tx
      .select()
      .from(table)
      .where(
        and(eq(table.clinicId, who.clinicId), eq(table.patientId, patientId), eq(table.id, factId)),
      )) as unknown as Row[];
    if (!old) throw notFound('The entry');
    const [successor] = await tx.select({ id: table.id }).from(table).where(eq(table.replacesId, factId));
    if (successor || old.status === 'entered-in-error') throw alreadyReplaced();
    if (body.kind === 'stop' && old.status !== 'active') throw conflict('This entry is already stopped');

    let columns: object;
    let status = old.status;
    if (body.kind === 'amend') {
      const { kind: _kind, reason, ...changes } = body;
      const merged = {
        ...spec.bodyOf(old),
        ...changes,
        note: (changes.note as string | undefined) ?? reason,
      };
      const resolved = spec.resolve(merged, '/body', who.ctx);
      if (!resolved.ok) throw invalidFields(resolved.problems);
      columns = resolved.value;
    } else {
      columns = {
        ...Object.fromEntries(Object.entries(old).filter(([k]) => !sharedColumns.has(k))),
        note: body.reason,
      };
      status = body.kind === 'stop' ? 'inactive' : 'entered-in-error';
    }
    const id = await insertFact(tx, kind, columns, {
      clinicId: who.clinicId,
      patientId,
      status,
      source: 'staff',
      intakeSubmissionId: null,
      recordedBy: who.staffId,
      recordedAt: who.ctx.now,
      replacesId: old.id,
    });
    await auditChange(tx, clock, scope, meta, {
      action: 'intake.fact_corrected',
      resourceType: spec.resourceType,
      resourceId: id,
      patientId,
      detail: { correction: body.kind, replacesId: old.id },
    });
    await rescreen(tx, clock, who.clinicId, patientId, spec.trigger);
    return viewOf(tx, kind, who.clinicId, patientId, id);
  });
}

/**
 * Marks a submission reviewed and records its facts (source 'intake'), checked all first: one bad fact → 422
 * naming it under /body/facts, nothing written. The submission is claimed before anything is written, so of two
 * reviewers saving at once the second gets 409.
 */
export async function recordReviewedFacts(tx: Tx, who: Acting, submissionId: string, facts: ProposedFacts) {
  const problems: FieldError[] = [];
  const resolved: [FactKind, object][] = [];
  for (const [part, kind] of reviewParts) {
    for (const [i, fact] of (facts[part] as unknown[]).entries()) {
      const result = factSpecs[kind].resolve(fact, `/body/facts/${part}/${i}`, who.ctx);
      if (result.ok) resolved.push([kind, result.value]);
      else problems.push(...result.problems);
    }
  }
  if (problems.length > 0) throw invalidFields(problems);

  const [claimed] = await tx
    .update(intakeSubmission)
    .set({ reviewedBy: who.staffId, reviewedAt: who.ctx.now })
    .where(
      and(
        eq(intakeSubmission.clinicId, who.clinicId),
        eq(intakeSubmission.patientId, who.patientId),
        eq(intakeSubmission.id, submissionId),
        isNull(intakeSubmission.reviewedAt),
      ),
    )
    .returning({ id: intakeSubmission.id });
  if (!claimed) throw conflict('This intake has already been reviewed');

  for (const [kind, columns] of resolved) {
    await insertFact(tx, kind, columns, {
      clinicId: who.clinicId,
      patientId: who.patientId,
      status: 'active',
      source: 'intake',
      intakeSubmissionId: submissionId,
      recordedBy: who.staffId,
      recordedAt: who.ctx.now,
      replacesId: null,
    });
  }
}

/**
 * Review of a submitted intake: the facts (as proposed from the answers, or as staff edited them) recorded with
 * source 'intake', the submission marked reviewed, and screening re-run — all or nothing.
 */
export async function reviewSubmission(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  submissionId: string,
  body: ReviewBody,
  meta: RequestMeta,
): Promise<{ submissionId: string; reviewedAt: string; facts: Facts }> {
  return database.transaction(async (tx) => {
    const who = await acting(tx, clock, scope, patientId);
    const [submission] = await tx
      .select()
      .from(intakeSubmission)
      .where(
        and(
          eq(intakeSubmission.clinicId, who.clinicId),
          eq(intakeSubmission.patientId, patientId),
          eq(intakeSubmission.id, submissionId),
        ),
      );
    if (!submission) throw notFound('The intake submission');
    if (submission.reviewedAt) throw conflict('This intake has already been reviewed');
    const facts =
      body.facts ?? proposeFacts(submission.content as IntakeContent, iso(submission.submittedAt));

    await recordReviewedFacts(tx, who, submissionId, facts);
    await auditChange(tx, clock, scope, meta, {
      action: 'intake.reviewed',
      resourceType: 'intake_submission',
      resourceId: submissionId,
      patientId,
      detail: Object.fromEntries(reviewParts.map(([part]) => [part, facts[part].length])),
    });
    await rescreen(tx, clock, who.clinicId, patientId, 'intake_reviewed');
    return {
      submissionId,
      reviewedAt: iso(who.ctx.now),
      facts: await currentFacts(tx, who.clinicId, patientId),
    };
  });
}
