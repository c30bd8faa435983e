import { createHash } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { STEP_UP_WINDOW_MS } from '../identity/policy.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { medicationByName, medicationByRxnorm } from '../intake/codes/medications.js';
import {
  allergy,
  bodyMeasurement,
  condition,
  medicationStatement,
  patientProfile,
  priorTreatment,
} from '../intake/schema.js';
import { clinicToday } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import {
  conflict,
  type FieldError,
  invalidFields,
  notFound,
  ProblemError,
  ruleViolation,
} from '../platform/http/problem.js';
import { approvalNeeds, routeStatus, screen, validateRuleSet } from './core.js';
import { defaultRuleSet } from './defaults.js';
import type { ChecklistLine, Finding, Route, ScreeningInput } from './engine.js';
import { routes } from './engine.js';
import type {
  DecisionResult,
  DecisionView,
  EligibilityDecisionBody,
  RouteEligibility,
  RuleSetChangeBody,
  RuleSetContent,
  RuleSetHistory,
  RuleSetView,
  ScreeningView,
} from './model.js';
import { eligibilityDecision, screeningRuleSet, screeningRun } from './schema.js';

export type ScreeningTrigger =
  | 'intake_reviewed'
  | 'medication_added'
  | 'condition_added'
  | 'measurement_added'
  | 'allergy_added'
  | 'prior_treatment_added'
  | 'profile_changed'
  | 'requested'
  | 'rules_changed';

// ── Rule sets ─────────────────────────────────────────────────────────────────────────────────────────────────

interface StoredRuleSet {
  version: number;
  content: RuleSetContent;
  changedAt: Date | null;
  changedBy: { id: string; name: string } | null;
  reason: string | null;
}

const shipped: StoredRuleSet = {
  version: 0,
  content: defaultRuleSet,
  changedAt: null,
  changedBy: null,
  reason: null,
};

function storedRuleSets(db: Queryable, clinicId: string) {
  return db
    .select({
      version: screeningRuleSet.version,
      rules: screeningRuleSet.rules,
      reason: screeningRuleSet.reason,
      changedAt: screeningRuleSet.changedAt,
      changedById: staff.id,
      changedByName: staff.fullName,
    })
    .from(screeningRuleSet)
    .leftJoin(staff, eq(staff.id, screeningRuleSet.changedBy))
    .where(eq(screeningRuleSet.clinicId, clinicId))
    .orderBy(desc(screeningRuleSet.version));
}

type StoredRow = Awaited<ReturnType<typeof storedRuleSets>>[number];

const fromRow = (row: StoredRow): StoredRuleSet => ({
  version: row.version,
  content: row.rules as unknown as RuleSetContent,
  changedAt: row.changedAt,
  changedBy: row.changedById ? { id: row.changedById, name: row.changedByName ?? '' } : null,
  reason: row.reason,
});

/** The rules a clinic has in force: its latest version, or the shipped defaults (version 0). */
export async function ruleSetInForce(db: Queryable, clinicId: string): Promise<StoredRuleSet> {
  const [row] = await storedRuleSets(db, clinicId).limit(1);
  return row ? fromRow(row) : shipped;
}

const toRuleSetView = (set: StoredRuleSet): RuleSetView => ({
  version: set.version,
  changedAt: set.changedAt?.toISOString() ?? null,
  changedBy: set.changedBy,
  reason: set.reason,
  rules: set.content.rules,
  stateRules: set.content.stateRules,
});

export async function ruleSetView(db: Queryable, scope: Scope): Promise<RuleSetView> {
  return toRuleSetView(await ruleSetInForce(db, clinicOf(scope)));
}

/** Every version, newest first, ending with version 0 (the shipped defaults). */
export async function ruleSetHistory(db: Queryable, scope: Scope): Promise<RuleSetHistory> {
  const rows = await storedRuleSets(db, clinicOf(scope));
  return { versions: [...rows.map((row) => toRuleSetView(fromRow(row))), toRuleSetView(shipped)] };
}

/**
 * A new version of the clinic's rules, checked first (422 with paths into the body). Past runs keep the version
 * they used; the screening view says when a patient's latest run used an older one.
 */
export async function changeRuleSet(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: RuleSetChangeBody,
  meta: RequestMeta,
): Promise<RuleSetView> {
  const who = staffInClinic(scope);
  const reason = body.reason.trim();
  const errors: FieldError[] = [];
  if (reason.length < 3) errors.push({ path: '/body/reason', message: 'say why (at least 3 characters)' });
  const candidate = { rules: body.rules, stateRules: body.stateRules };
  const checked = validateRuleSet(candidate);
  if (!checked.ok)
    errors.push(...checked.problems.map((p) => ({ path: `/body${p.path}`, message: p.message })));
  if (errors.length > 0) throw invalidFields(errors);
  return database.transaction(async (tx) => {
    const before = await ruleSetInForce(tx, who.clinicId);
    const version = before.version + 1;
    const [row] = await tx
      .insert(screeningRuleSet)
      .values({
        clinicId: who.clinicId,
        version,
        rules: candidate as unknown as Record<string, unknown>,
        reason,
        changedBy: who.staffId,
        changedAt: clock.now(),
      })
      .onConflictDoNothing({ target: [screeningRuleSet.clinicId, screeningRuleSet.version] })
      .returning({ id: screeningRuleSet.id });
    if (!row)
      throw conflict('Someone changed the screening rules at the same moment: reload them and decide again');
    const ruleIds = (set: RuleSetContent) => set.rules.map((r) => r.id);
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'screening.rules_changed',
      resourceType: 'screening_rule_set',
      resourceId: row.id,
      patientId: null,
      detail: {
        version,
        previousVersion: before.version,
        added: ruleIds(candidate).filter((id) => !ruleIds(before.content).includes(id)),
        removed: ruleIds(before.content).filter((id) => !ruleIds(candidate).includes(id)),
        changed: candidate.rules
          .filter((r) => {
            const old = before.content.rules.find((o) => o.id === r.id);
            return old !== undefined && JSON.stringify(old) !== JSON.stringify(r);
          })
          .map((r) => r.id),
        stateRulesChanged: JSON.stringify(before.content.stateRules) !== JSON.stringify(candidate.stateRules),
      },
    });
    return ruleSetView(tx, scope);
  });
}

// ── Running the rules ─────────────────────────────────────────────────────────────────────────────────────────

/** Rows that are in force: active, and not replaced by a later row (a correction, a stop, entered in error). */
function inForce<T extends { id: string; status: string; replacesId: string | null }>(rows: T[]): T[] {
  const replaced = new Set(rows.flatMap((r) => (r.replacesId ? [r.replacesId] : [])));
  return rows.filter((r) => r.status === 'active' && !replaced.has(r.id));
}

/** Oldest first, ties by id: the same facts always give the same input (and digest). */
const byRecorded = <T extends { id: string; recordedAt: Date }>(a: T, b: T) =>
  a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id);

/** Everything the rules look at for one patient, from the intake facts in force. */
export async function screeningInput(
  db: Queryable,
  clinicId: string,
  patientId: string,
  today: string,
): Promise<ScreeningInput> {
  const [person] = await db
    .select({ birthDate: patient.birthDate })
    .from(patient)
    .where(and(eq(patient.clinicId, clinicId), eq(patient.id, patientId)));
  if (!person) throw notFound('The patient');
  const [profile] = await db
    .select({ state: patientProfile.state })
    .from(patientProfile)
    .where(and(eq(patientProfile.clinicId, clinicId), eq(patientProfile.patientId, patientId)))
    .orderBy(desc(patientProfile.version))
    .limit(1);
  const conditions = inForce(
    await db
      .select()
      .from(condition)
      .where(and(eq(condition.clinicId, clinicId), eq(condition.patientId, patientId))),
  ).sort(byRecorded);
  const medications = inForce(
    await db
      .select()
      .from(medicationStatement)
      .where(and(eq(medicationStatement.clinicId, clinicId), eq(medicationStatement.patientId, patientId))),
  ).sort(byRecorded);
  const allergies = inForce(
    await db
      .select()
      .from(allergy)
      .where(and(eq(allergy.clinicId, clinicId), eq(allergy.patientId, patientId))),
  ).sort(byRecorded);
  const treatments = inForce(
    await db
      .select()
      .from(priorTreatment)
      .where(and(eq(priorTreatment.clinicId, clinicId), eq(priorTreatment.patientId, patientId))),
  ).sort(byRecorded);
  const measurements = inForce(
    await db
      .select()
      .from(bodyMeasurement)
      .where(and(eq(bodyMeasurement.clinicId, clinicId), eq(bodyMeasurement.patientId, patientId))),
  );
  const latest = new Map<string, (typeof measurements)[number]>();
  for (const m of measurements) {
    const seen = latest.get(m.loinc);
    if (!seen || laterMeasurement(m, seen)) latest.set(m.loinc, m);
  }
  return {
    today,
    birthDate: person.birthDate,
    state: profile?.state ?? null,
    conditions: conditions.map((c) => ({
      icd10: c.icd10,
      category: c.category === 'diagnosis' ? 'diagnosis' : 'history',
      display: c.display,
    })),
    medications: medications.map((m) => ({
      rxnorm: m.rxnorm,
      name: m.name,
      drugClass: m.drugClass,
      dailyDoseMicrograms: m.dailyDoseMicrograms,
      diazepamEquivalentFactor: diazepamFactor(m.rxnorm, m.name),
    })),
    allergies: allergies.map((a) => ({ substance: a.substance, rxnorm: a.rxnorm })),
    priorTreatments: treatments.map((t) => ({
      kind: t.kind,
      name: t.name,
      drugClass: t.drugClass,
      durationWeeks: t.durationWeeks,
      outcome: t.outcome,
    })),
    measurements: [...latest.values()]
      .sort((a, b) => a.loinc.localeCompare(b.loinc))
      .map((m) => ({
        loinc: m.loinc,
        value: m.value,
        unit: m.unit,
        effectiveAt: m.effectiveAt.toISOString(),
      })),
  };
}

/** Taken later, or recorded later for the same time (a re-entry): the one the rules read. */
function laterMeasurement(
  a: { effectiveAt: Date; recordedAt: Date; id: string },
  b: { effectiveAt: Date; recordedAt: Date; id: string },
): boolean {
  const order =
    a.effectiveAt.getTime() - b.effectiveAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    a.id.localeCompare(b.id);
  return order > 0;
}

/** From the medication table, by RxNorm code or else by exact name. */
function diazepamFactor(rxnorm: string | null, name: string): number | null {
  const entry = (rxnorm ? medicationByRxnorm(rxnorm) : undefined) ?? medicationByName(name);
  return entry?.diazepamEquivalentFactor ?? null;
}

/** SHA-256 of the input as canonical JSON (keys in the fixed order `screeningInput` builds them). */
export const inputDigest = (input: ScreeningInput) =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

interface RunRow {
  id: string;
  ruleSetVersion: number;
  inputDigest: string;
  checklist: ChecklistLine[];
  trigger: string;
  ranAt: Date;
}

const findingsOf = (checklist: readonly ChecklistLine[]): Finding[] =>
  checklist.flatMap((line) => (line.finding ? [line.finding] : []));

async function latestRun(db: Queryable, clinicId: string, patientId: string): Promise<RunRow | null> {
  const [row] = await db
    .select()
    .from(screeningRun)
    .where(and(eq(screeningRun.clinicId, clinicId), eq(screeningRun.patientId, patientId)))
    .orderBy(desc(screeningRun.ranAt), desc(screeningRun.id))
    .limit(1);
  return row ? toRunRow(row) : null;
}

/** The run's `findings` column holds its whole checklist (every rule, fired or not, with its notes). */
const toRunRow = (row: typeof screeningRun.$inferSelect): RunRow => ({
  id: row.id,
  ruleSetVersion: row.ruleSetVersion,
  inputDigest: row.inputDigest,
  checklist: row.findings as unknown as ChecklistLine[],
  trigger: row.trigger,
  ranAt: row.ranAt,
});

/**
 * Runs the rules in force over the patient's facts and stores the run. An automatic re-run whose inputs and rules
 * are those of the latest run adds nothing (so a decision being written against it does not go stale for no reason);
 * a run the prescriber asks for is always recorded.
 */
async function runScreening(
  tx: Tx,
  clock: Clock,
  clinicId: string,
  patientId: string,
  trigger: ScreeningTrigger,
): Promise<RunRow> {
  const now = clock.now();
  const input = await screeningInput(tx, clinicId, patientId, await clinicToday(tx, clinicId, now));
  const rules = await ruleSetInForce(tx, clinicId);
  const digest = inputDigest(input);
  const previous = await latestRun(tx, clinicId, patientId);
  if (
    trigger !== 'requested' &&
    previous &&
    previous.inputDigest === digest &&
    previous.ruleSetVersion === rules.version
  )
    return previous;
  const { checklist } = screen(input, rules.content);
  const [row] = await tx
    .insert(screeningRun)
    .values({
      clinicId,
      patientId,
      ruleSetVersion: rules.version,
      inputDigest: digest,
      findings: checklist as unknown as Record<string, unknown>[],
      trigger,
      ranAt: now,
    })
    .returning();
  return toRunRow(row!);
}

/**
 * Re-runs screening for a patient in the caller's transaction, after an input changed. An approved route whose
 * new findings are not covered by its decision becomes "review needed" (see `routeStatus`).
 */
export async function rescreen(
  tx: Tx,
  clock: Clock,
  clinicId: string,
  patientId: string,
  trigger: ScreeningTrigger,
): Promise<void> {
  await runScreening(tx, clock, clinicId, patientId, trigger);
}

/** The prescriber asks for a run now (e.g. after the clinic changed its rules). */
export async function runNow(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  meta: RequestMeta,
): Promise<ScreeningView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    await patientInClinic(tx, who.clinicId, patientId);
    const run = await runScreening(tx, clock, who.clinicId, patientId, 'requested');
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'screening.ran',
      resourceType: 'screening_run',
      resourceId: run.id,
      patientId,
      detail: {
        ruleSetVersion: run.ruleSetVersion,
        firedRuleIds: findingsOf(run.checklist).map((f) => f.ruleId),
      },
    });
    return screeningView(tx, scope, patientId);
  });
}

// ── Eligibility and decisions ─────────────────────────────────────────────────────────────────────────────────

function decisionRows(db: Queryable, clinicId: string, patientId: string) {
  return db
    .select({
      id: eligibilityDecision.id,
      route: eligibilityDecision.route,
      decision: eligibilityDecision.decision,
      rationale: eligibilityDecision.rationale,
      screeningRunId: eligibilityDecision.screeningRunId,
      overrides: eligibilityDecision.overrides,
      decidedById: eligibilityDecision.decidedBy,
      decidedByName: staff.fullName,
      decidedAt: eligibilityDecision.decidedAt,
    })
    .from(eligibilityDecision)
    .innerJoin(staff, eq(staff.id, eligibilityDecision.decidedBy))
    .where(and(eq(eligibilityDecision.clinicId, clinicId), eq(eligibilityDecision.patientId, patientId)))
    .orderBy(desc(eligibilityDecision.decidedAt), desc(eligibilityDecision.id));
}
type DecisionRow = Awaited<ReturnType<typeof decisionRows>>[number];

const toDecisionView = (row: DecisionRow): DecisionView => ({
  id: row.id,
  route: row.route as Route,
  decision: row.decision as 'approved' | 'declined',
  rationale: row.rationale,
  screeningRunId: row.screeningRunId,
  overrides: row.overrides,
  decidedBy: { id: row.decidedById, name: row.decidedByName },
  decidedAt: row.decidedAt.toISOString(),
});

/** Eligibility of every route from the latest run and each route's latest decision. */
async function eligibilityOf(
  db: Queryable,
  clinicId: string,
  run: RunRow | null,
  decisions: DecisionRow[],
): Promise<RouteEligibility[]> {
  const latestPerRoute = routes.map((route) => decisions.find((d) => d.route === route) ?? null);
  const runIds = [...new Set(latestPerRoute.flatMap((d) => (d ? [d.screeningRunId] : [])))];
  const decidedRuns =
    runIds.length === 0
      ? []
      : await db
          .select()
          .from(screeningRun)
          .where(and(eq(screeningRun.clinicId, clinicId), inArray(screeningRun.id, runIds)));
  const findingsByRun = new Map(decidedRuns.map((r) => [r.id, findingsOf(toRunRow(r).checklist)]));
  return routes.map((route, i) => {
    const decision = latestPerRoute[i] ?? null;
    const { status, ruleIds } = routeStatus(
      route,
      run ? findingsOf(run.checklist) : null,
      decision
        ? {
            decision: decision.decision as 'approved' | 'declined',
            findings: findingsByRun.get(decision.screeningRunId) ?? [],
          }
        : null,
    );
    return { route, status, decisionId: decision?.id ?? null, ruleIds };
  });
}

/**
 * Whether a patient may be treated by a route now: the check other modules (sessions, orders) make before they
 * go ahead. Only 'approved' allows treatment.
 */
export async function eligibilityFor(
  db: Queryable,
  clinicId: string,
  patientId: string,
  route: Route,
): Promise<RouteEligibility> {
  const run = await latestRun(db, clinicId, patientId);
  const decisions = (await decisionRows(db, clinicId, patientId)).filter((d) => d.route === route);
  const all = await eligibilityOf(db, clinicId, run, decisions);
  return all.find((e) => e.route === route)!;
}

/** The latest run's checklist, each route's eligibility and every decision. */
export async function screeningView(db: Queryable, scope: Scope, patientId: string): Promise<ScreeningView> {
  const clinicId = clinicOf(scope);
  await patientInClinic(db, clinicId, patientId);
  const run = await latestRun(db, clinicId, patientId);
  const decisions = await decisionRows(db, clinicId, patientId);
  const inForceVersion = run ? (await ruleSetInForce(db, clinicId)).version : 0;
  return {
    patientId,
    run: run && {
      id: run.id,
      ranAt: run.ranAt.toISOString(),
      trigger: run.trigger,
      ruleSetVersion: run.ruleSetVersion,
      ruleSetCurrent: run.ruleSetVersion === inForceVersion,
      inputDigest: run.inputDigest,
      checklist: run.checklist.map((line) => ({
        ...line,
        routes: [...line.routes],
        notes: [...line.notes],
        finding: line.finding && {
          ...line.finding,
          routes: [...line.finding.routes],
          evidence: [...line.finding.evidence],
        },
      })),
    },
    eligibility: await eligibilityOf(db, clinicId, run, decisions),
    decisions: decisions.map(toDecisionView),
  };
}

/**
 * The prescriber's approve/decline for one route, on the latest run. An absolute finding refuses an approval
 * (409 naming the rule); each relative finding needs a written override and the prescriber a step-up within
 * the last five minutes. Nothing is written unless everything holds.
 */
export async function decide(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: EligibilityDecisionBody,
  meta: RequestMeta,
): Promise<DecisionResult> {
  const who = staffInClinic(scope);
  const overrides = (body.overrides ?? []).map((o) => ({ ruleId: o.ruleId, reason: o.reason.trim() }));
  const rationale = body.rationale.trim();
  return database.transaction(async (tx) => {
    await patientInClinic(tx, who.clinicId, patientId);
    const run = await latestRun(tx, who.clinicId, patientId);
    if (!run) throw conflict('The patient has not been screened yet: run screening first');
    if (run.id !== body.screeningRunId)
      throw conflict(
        'Screening has re-run since this checklist was shown: review the latest findings and decide again',
      );

    const errors: FieldError[] = [];
    if (rationale.length < 3)
      errors.push({ path: '/body/rationale', message: 'give the rationale (at least 3 characters)' });
    const findings = findingsOf(run.checklist);
    if (body.decision === 'approved') {
      const { absolute, relative } = approvalNeeds(body.route, findings);
      if (absolute.length > 0) {
        const [first] = absolute;
        throw ruleViolation(
          first!.ruleId,
          `Absolute contraindication for this route, which cannot be overridden: ${absolute.map((f) => `${f.ruleId} (${f.title})`).join('; ')}`,
        );
      }
      overrides.forEach((o, i) => {
        if (!relative.some((f) => f.ruleId === o.ruleId))
          errors.push({
            path: `/body/overrides/${i}/ruleId`,
            message: `${o.ruleId} is not a relative finding for this route`,
          });
        else if (overrides.findIndex((other) => other.ruleId === o.ruleId) !== i)
          errors.push({ path: `/body/overrides/${i}/ruleId`, message: `${o.ruleId} is overridden twice` });
        if (o.reason.length < 10)
          errors.push({
            path: `/body/overrides/${i}/reason`,
            message: 'write the reason (at least 10 characters)',
          });
      });
      const missing = relative
        .filter((f) => !overrides.some((o) => o.ruleId === f.ruleId))
        .map((f) => f.ruleId);
      if (missing.length > 0)
        errors.push({
          path: '/body/overrides',
          message: `an override with a reason is needed for ${missing.join(', ')}`,
        });
      if (errors.length > 0) throw invalidFields(errors);
      if (relative.length > 0 && !steppedUpRecently(scope, clock)) {
        throw new ProblemError(
          'step-up-required',
          'Overriding a relative contraindication needs you to confirm it is you (password and authenticator code)',
        );
      }
    } else {
      if (overrides.length > 0)
        errors.push({ path: '/body/overrides', message: 'only an approval overrides findings' });
      if (errors.length > 0) throw invalidFields(errors);
    }

    const [row] = await tx
      .insert(eligibilityDecision)
      .values({
        clinicId: who.clinicId,
        patientId,
        screeningRunId: run.id,
        route: body.route,
        decision: body.decision,
        rationale,
        overrides,
        decidedBy: who.staffId,
        decidedAt: clock.now(),
      })
      .returning({ id: eligibilityDecision.id });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'screening.decided',
      resourceType: 'eligibility_decision',
      resourceId: row!.id,
      patientId,
      detail: {
        route: body.route,
        decision: body.decision,
        screeningRunId: run.id,
        overriddenRuleIds: overrides.map((o) => o.ruleId),
      },
    });
    const decisions = await decisionRows(tx, who.clinicId, patientId);
    const mine = decisions.find((d) => d.id === row!.id)!;
    const eligibility = await eligibilityFor(tx, who.clinicId, patientId, body.route);
    return { decision: toDecisionView(mine), eligibility };
  });
}

function steppedUpRecently(scope: Scope, clock: Clock): boolean {
  const { actor } = scope;
  return (
    actor.kind === 'staff' &&
    actor.stepUpAt !== null &&
    clock.now().getTime() - actor.stepUpAt.getTime() <= STEP_UP_WINDOW_MS
  );
}

// ── Scope ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function patientInClinic(db: Queryable, clinicId: string, patientId: string) {
  const [row] = await db
    .select({ id: patient.id })
    .from(patient)
    .where(and(eq(patient.clinicId, clinicId), eq(patient.id, patientId)));
  if (!row) throw notFound('The patient');
}
