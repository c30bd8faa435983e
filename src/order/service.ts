import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit/service.js';
import type { RouteConsent } from '../consent/model.js';
import { consentFor } from '../consent/service.js';
import { type CourseState, courseState, stepCount } from '../course/core.js';
import {
  type CourseEventRow,
  type CourseRow,
  courseOfPatient,
  eventsOf,
  toEventFact,
} from '../course/facts.js';
import { courseEvent, treatmentCourse } from '../course/schema.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import type { RequestMeta } from '../identity/service.js';
import { type StaffInClinic, staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { latestBodyMeasures } from '../intake/body-measures.js';
import { dateIn } from '../organisation/core.js';
import { clinicTimeZone } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import { patientInScope } from '../patient/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound, ruleViolation } from '../platform/http/problem.js';
import { calculateDose } from '../protocol/dosing.js';
import { protocol } from '../protocol/schema.js';
import { protocolVersion, type StoredProtocol } from '../protocol/service.js';
import { appointment } from '../schedule/schema.js';
import type { Route } from '../screening/engine.js';
import type { RouteEligibility } from '../screening/model.js';
import { eligibilityFor } from '../screening/service.js';
import {
  type DoseRule,
  doseRuleOf,
  latestStandingDate,
  type OrderValidity,
  orderValidity,
  STANDING_ORDER_MAX_DAYS,
  type StandingFacts,
  sessionOrderWindow,
  standingOrderWindow,
  stepName,
  stepProblem,
} from './core.js';
import type {
  CalculationView,
  ChangeRequestBody,
  ChangeRequestView,
  DeclineChangeRequestBody,
  DiscontinueOrderBody,
  OpenChangeRequestsView,
  OrderOptionsView,
  OrderView,
  PatientOrdersView,
  SignOrderBody,
} from './model.js';
import { medicationOrder, orderChangeRequest, orderDiscontinuation } from './schema.js';

/**
 * Signed medication orders. The prescriber signs (re-authenticated by the route's step-up) an order for a
 * course — standing, or for one appointment — on the route's current approval and consent; it stays valid only
 * while both are the ones in force (computed on every read by core.ts). Orders are never edited: a change is a
 * new order superseding the old one, stopping is a discontinuation. Nurses ask for a change; the prescriber
 * answers by signing or declining.
 */

// ── Reading orders ────────────────────────────────────────────────────────────────────────────────────────────

const successor = alias(medicationOrder, 'successor');
const discontinuer = alias(staff, 'discontinuer');

function orderRows(
  db: Queryable,
  clinicId: string,
  where: { patientId?: string; courseId?: string; orderId?: string },
) {
  return db
    .select({
      order: medicationOrder,
      signerName: staff.fullName,
      protocolName: protocol.name,
      protocolVersion: protocol.version,
      protocolDefinition: protocol.definition,
      appointmentStartsAt: appointment.startsAt,
      appointmentStatus: appointment.status,
      discontinuation: orderDiscontinuation,
      discontinuedByName: discontinuer.fullName,
      supersededById: successor.id,
      supersededAt: successor.signedAt,
    })
    .from(medicationOrder)
    .innerJoin(staff, eq(staff.id, medicationOrder.signedBy))
    .innerJoin(protocol, eq(protocol.id, medicationOrder.protocolId))
    .leftJoin(appointment, eq(appointment.id, medicationOrder.appointmentId))
    .leftJoin(orderDiscontinuation, eq(orderDiscontinuation.orderId, medicationOrder.id))
    .leftJoin(discontinuer, eq(discontinuer.id, orderDiscontinuation.discontinuedBy))
    .leftJoin(successor, eq(successor.supersedesOrderId, medicationOrder.id))
    .where(
      and(
        eq(medicationOrder.clinicId, clinicId),
        where.patientId === undefined ? undefined : eq(medicationOrder.patientId, where.patientId),
        where.courseId === undefined ? undefined : eq(medicationOrder.courseId, where.courseId),
        where.orderId === undefined ? undefined : eq(medicationOrder.id, where.orderId),
      ),
    )
    .orderBy(desc(medicationOrder.signedAt), desc(medicationOrder.id));
}
type OrderRow = Awaited<ReturnType<typeof orderRows>>[number];

/** A course as orders need it now: its dose step and end from the course fold (sessions play no part in either). */
function courseNow(course: CourseRow, events: readonly CourseEventRow[], timeZone: string): CourseState {
  return courseState({
    plannedInductionSessions: course.plannedInductionSessions,
    startingStepIndex: course.startingStepIndex,
    maintenanceIntervalsDays: [],
    events: events.filter((e) => e.courseId === course.id).map(toEventFact),
    sessions: [],
    timeZone,
  });
}

interface CourseStanding extends StandingFacts {
  stepIndex: number;
}

/** What orders of these courses rest on now: each route's eligibility and consent, and the course's state. */
async function standingsOf(
  db: Queryable,
  clinicId: string,
  patientId: string,
  courseIds: readonly string[],
  at: Date,
  timeZone: string,
): Promise<Map<string, CourseStanding>> {
  const ids = [...new Set(courseIds)];
  if (ids.length === 0) return new Map();
  // One query at a time: inside a transaction every query shares one connection.
  const courses = await db
    .select()
    .from(treatmentCourse)
    .where(and(eq(treatmentCourse.clinicId, clinicId), inArray(treatmentCourse.id, ids)));
  const events = await eventsOf(db, clinicId, ids);
  const byRoute = new Map<Route, { eligibility: RouteEligibility; consent: RouteConsent }>();
  for (const route of new Set(courses.map((c) => c.route as Route))) {
    byRoute.set(route, {
      eligibility: await eligibilityFor(db, clinicId, patientId, route),
      consent: await consentFor(db, clinicId, patientId, route, at),
    });
  }
  return new Map(
    courses.map((course) => {
      const { eligibility, consent } = byRoute.get(course.route as Route)!;
      const state = courseNow(course, events, timeZone);
      const ended = state.phase === 'completed' || state.phase === 'discontinued';
      return [
        course.id,
        {
          eligibility: { status: eligibility.status, decisionId: eligibility.decisionId },
          consent: { status: consent.status, signatureId: consent.signatureId },
          courseEnded:
            ended && state.endedAt
              ? { kind: state.phase as 'completed' | 'discontinued', at: state.endedAt }
              : null,
          stepIndex: state.stepIndex,
        },
      ];
    }),
  );
}

interface ValidatedOrder {
  row: OrderRow;
  validity: OrderValidity;
}

/** Orders with their validity at `at`. */
async function withValidity(
  db: Queryable,
  clinicId: string,
  patientId: string,
  rows: readonly OrderRow[],
  at: Date,
): Promise<ValidatedOrder[]> {
  if (rows.length === 0) return [];
  const timeZone = await clinicTimeZone(db, clinicId);
  const standings = await standingsOf(
    db,
    clinicId,
    patientId,
    rows.map((r) => r.order.courseId),
    at,
    timeZone,
  );
  return rows.map((row) => ({
    row,
    validity: orderValidity(
      {
        validFrom: row.order.validFrom,
        validUntil: row.order.validUntil,
        eligibilityDecisionId: row.order.eligibilityDecisionId,
        consentSignatureId: row.order.consentSignatureId,
        discontinuedAt: row.discontinuation?.discontinuedAt ?? null,
        supersededAt: row.supersededAt,
        appointmentStatus: row.appointmentStatus,
      },
      standings.get(row.order.courseId)!,
      at,
      timeZone,
    ),
  }));
}

function toOrderView({ row, validity }: ValidatedOrder): OrderView {
  const { order, discontinuation } = row;
  const calculation = order.calculation as unknown as CalculationView;
  return {
    id: order.id,
    patientId: order.patientId,
    courseId: order.courseId,
    kind: order.kind as OrderView['kind'],
    appointmentId: order.appointmentId,
    appointmentStartsAt: row.appointmentStartsAt?.toISOString() ?? null,
    protocol: { id: order.protocolId, name: row.protocolName, version: row.protocolVersion },
    route: order.route as Route,
    drug: order.drug as OrderView['drug'],
    stepIndex: order.stepIndex,
    stepLabel: stepName(row.protocolDefinition.dosing, order.stepIndex),
    dose: order.dose as unknown as DoseRule,
    calculatedDoseMcg: order.calculatedDoseMcg,
    maxDoseMcg: order.maxDoseMcg,
    weightGrams: order.weightGrams,
    calculation: {
      working: calculation.working,
      dosingWeightGrams: calculation.dosingWeightGrams,
      weightBasis: calculation.weightBasis,
      weightMeasuredAt: calculation.weightMeasuredAt,
      measured: calculation.measured,
    },
    instructions: order.instructions,
    eligibilityDecisionId: order.eligibilityDecisionId,
    consentSignatureId: order.consentSignatureId,
    validFrom: order.validFrom.toISOString(),
    validUntil: order.validUntil.toISOString(),
    supersedesOrderId: order.supersedesOrderId,
    supersededByOrderId: row.supersededById,
    signedBy: { id: order.signedBy, name: row.signerName },
    signedAt: order.signedAt.toISOString(),
    discontinuation: discontinuation && {
      reason: discontinuation.reason,
      by: { id: discontinuation.discontinuedBy, name: row.discontinuedByName ?? '' },
      at: discontinuation.discontinuedAt.toISOString(),
    },
    validity,
  };
}

// ── Change requests ───────────────────────────────────────────────────────────────────────────────────────────

const requester = alias(staff, 'requester');
const resolver = alias(staff, 'resolver');

function changeRequestRows(
  db: Queryable,
  clinicId: string,
  where: { patientId?: string; openOnly?: boolean },
) {
  return db
    .select({
      request: orderChangeRequest,
      courseId: medicationOrder.courseId,
      patientGiven: patient.givenName,
      patientFamily: patient.familyName,
      requesterName: requester.fullName,
      resolverName: resolver.fullName,
    })
    .from(orderChangeRequest)
    .innerJoin(medicationOrder, eq(medicationOrder.id, orderChangeRequest.orderId))
    .innerJoin(patient, eq(patient.id, orderChangeRequest.patientId))
    .innerJoin(requester, eq(requester.id, orderChangeRequest.requestedBy))
    .leftJoin(resolver, eq(resolver.id, orderChangeRequest.resolvedBy))
    .where(
      and(
        eq(orderChangeRequest.clinicId, clinicId),
        where.patientId === undefined ? undefined : eq(orderChangeRequest.patientId, where.patientId),
        where.openOnly ? isNull(orderChangeRequest.resolvedAt) : undefined,
      ),
    )
    .orderBy(sql`${orderChangeRequest.resolvedAt} is not null`, desc(orderChangeRequest.requestedAt));
}
type ChangeRequestRow = Awaited<ReturnType<typeof changeRequestRows>>[number];

function toChangeRequestView(row: ChangeRequestRow): ChangeRequestView {
  const { request } = row;
  return {
    id: request.id,
    patient: { id: request.patientId, name: `${row.patientGiven} ${row.patientFamily}` },
    orderId: request.orderId,
    courseId: row.courseId,
    request: request.request,
    requestedBy: { id: request.requestedBy, name: row.requesterName },
    requestedAt: request.requestedAt.toISOString(),
    resolution: request.resolution as ChangeRequestView['resolution'],
    resolutionNote: request.resolutionNote,
    newOrderId: request.newOrderId,
    resolvedBy: request.resolvedBy ? { id: request.resolvedBy, name: row.resolverName ?? '' } : null,
    resolvedAt: request.resolvedAt?.toISOString() ?? null,
  };
}

/** A patient's orders (optionally one course's), newest first, each with its validity now; and their requests. */
export async function patientOrders(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  patientId: string,
  courseId?: string,
): Promise<PatientOrdersView> {
  const { clinicId } = staffInClinic(scope);
  await patientInScope(db, scope, patientId);
  const [rows, requests] = await Promise.all([
    orderRows(db, clinicId, { patientId, courseId }),
    changeRequestRows(db, clinicId, { patientId }),
  ]);
  const orders = await withValidity(db, clinicId, patientId, rows, clock.now());
  return {
    orders: orders.map(toOrderView),
    changeRequests: requests
      .filter((r) => courseId === undefined || r.courseId === courseId)
      .map(toChangeRequestView),
  };
}

/** The clinic's open change requests, open longest last (the prescriber's work queue). */
export async function openChangeRequests(db: Queryable, scope: Scope): Promise<OpenChangeRequestsView> {
  const { clinicId } = staffInClinic(scope);
  const rows = await changeRequestRows(db, clinicId, { openOnly: true });
  return { changeRequests: rows.map(toChangeRequestView) };
}

// ── The course an order is for ────────────────────────────────────────────────────────────────────────────────

/** The first order of a course covers its first session (esketamine always starts at the first-session dose). */
async function isFirstOrder(db: Queryable, courseId: string): Promise<boolean> {
  const [any] = await db
    .select({ id: medicationOrder.id })
    .from(medicationOrder)
    .where(eq(medicationOrder.courseId, courseId))
    .limit(1);
  return !any;
}

const eligibilityBlocker = (standing: StandingFacts, route: Route) =>
  standing.eligibility.status === 'approved'
    ? null
    : `Eligibility for ${route.toUpperCase()} is not approved (${standing.eligibility.status.replace('_', ' ')}): the prescriber reviews screening and approves the route first`;

const consentBlocker = (standing: StandingFacts, route: Route) =>
  standing.consent.status === 'current'
    ? null
    : `Consent for ${route.toUpperCase()} is not current (${standing.consent.status.replace('_', ' ')}): the patient signs the current consent document first`;

const courseEndedBlocker = (ended: NonNullable<StandingFacts['courseEnded']>) =>
  `The course was ${ended.kind}: plan a new course`;

/** Why no order can be signed for the route now; empty when the approval and consent are both in force. */
function standingBlockers(standing: StandingFacts, route: Route): string[] {
  return [
    eligibilityBlocker(standing, route),
    consentBlocker(standing, route),
    standing.courseEnded && courseEndedBlocker(standing.courseEnded),
  ].filter((b): b is string => Boolean(b));
}

function calculationFor(
  stored: StoredProtocol,
  stepIndex: number,
  measures: Awaited<ReturnType<typeof latestBodyMeasures>>,
  firstSession: boolean,
) {
  return calculateDose({
    definition: stored.definition,
    stepIndex,
    weightGrams: measures.weightGrams,
    heightMm: measures.heightMm,
    sexAtBirth: measures.sexAtBirth,
    firstSession,
  });
}

/** What the signing dialog offers for a course: each step, may it be ordered now, and its calculated dose. */
export async function orderOptions(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  patientId: string,
  courseId: string,
): Promise<OrderOptionsView> {
  const { clinicId } = staffInClinic(scope);
  await patientInScope(db, scope, patientId);
  const course = await courseOfPatient(db, clinicId, patientId, courseId);
  const route = course.route as Route;
  const now = clock.now();
  const timeZone = await clinicTimeZone(db, clinicId);
  const [stored, measures, firstSession, standings, booked] = await Promise.all([
    protocolVersion(db, clinicId, course.protocolId),
    latestBodyMeasures(db, clinicId, patientId),
    isFirstOrder(db, course.id),
    standingsOf(db, clinicId, patientId, [courseId], now, timeZone),
    db
      .select({ id: appointment.id, startsAt: appointment.startsAt })
      .from(appointment)
      .where(
        and(
          eq(appointment.clinicId, clinicId),
          eq(appointment.courseId, courseId),
          eq(appointment.status, 'booked'),
        ),
      )
      .orderBy(asc(appointment.startsAt)),
  ]);
  const { dosing } = stored.definition;
  const standing = standings.get(courseId)!;
  const current = standing.stepIndex;
  const today = dateIn(now, timeZone);
  return {
    courseId,
    route,
    protocol: { id: stored.id, name: stored.name, version: stored.version },
    currentStepIndex: current,
    steps: Array.from({ length: stepCount(dosing) }, (_, stepIndex) => {
      const calculation = calculationFor(stored, stepIndex, measures, firstSession);
      return {
        stepIndex,
        label: stepName(dosing, stepIndex),
        dose: doseRuleOf(dosing, stepIndex)!,
        refusal: stepProblem(dosing, current, stepIndex)?.message ?? null,
        calculation: calculation.ok
          ? {
              ok: true as const,
              doseMcg: calculation.doseMcg,
              maxDoseMcg: calculation.maxDoseMcg,
              working: calculation.working,
            }
          : { ok: false as const, reason: calculation.reason, working: calculation.working },
      };
    }),
    today,
    latestStandingDate: latestStandingDate(now, timeZone),
    standingOrderMaxDays: STANDING_ORDER_MAX_DAYS,
    blockers: standingBlockers(standing, route),
    appointments: booked
      .filter((a) => dateIn(a.startsAt, timeZone) >= today)
      .map((a) => ({ id: a.id, startsAt: a.startsAt.toISOString() })),
  };
}

// ── Signing ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Orders of the same course and slot (standing, or the same appointment) are one line of orders. */
const sameSlot = (row: OrderRow, kind: string, appointmentId: string | null) =>
  row.order.kind === kind && row.order.appointmentId === appointmentId;

/**
 * The prescriber signs an order. Everything is checked in one transaction that holds the course's row lock, so
 * two orders for one course are signed one after the other: the course and appointment are the patient's, the
 * route approved and consented now, the step one the escalation rule allows, the dose calculable, the order it
 * replaces valid and of the same course and slot, and no other order in force for that slot.
 */
export async function signOrder(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  body: SignOrderBody,
  meta: RequestMeta,
): Promise<OrderView> {
  const who = staffInClinic(scope);
  try {
    return await database.transaction(async (tx) => {
      await patientInScope(tx, scope, patientId);
      return placeOrder(tx, clock, who, patientId, body, meta);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(
        'That order was replaced by another order signed at the same moment: reload and review it',
      );
    }
    throw error;
  }
}

/** Signing in the caller's transaction, by a prescriber of the clinic (the API above, and the demo). */
export async function placeOrder(
  tx: Tx,
  clock: Clock,
  who: StaffInClinic,
  patientId: string,
  body: SignOrderBody,
  meta: RequestMeta,
): Promise<OrderView> {
  const { clinicId } = who;
  const instructions = body.instructions.trim();
  const course = await courseOfPatient(tx, clinicId, patientId, body.courseId);
  await tx
    .select({ id: treatmentCourse.id })
    .from(treatmentCourse)
    .where(eq(treatmentCourse.id, course.id))
    .for('update');
  const route = course.route as Route;
  const now = clock.now();
  const timeZone = await clinicTimeZone(tx, clinicId);

  if (instructions.length < 3) {
    throw invalidFields([
      { path: '/body/instructions', message: 'write the instructions (at least 3 characters)' },
    ]);
  }
  const window = await windowFor(tx, clinicId, patientId, course, body, now, timeZone);

  const standing = (await standingsOf(tx, clinicId, patientId, [course.id], now, timeZone)).get(course.id)!;
  if (standing.courseEnded) throw conflict(courseEndedBlocker(standing.courseEnded));
  const { decisionId } = standing.eligibility;
  if (standing.eligibility.status !== 'approved' || !decisionId) {
    throw ruleViolation('ORDER-ELIGIBILITY', eligibilityBlocker(standing, route)!);
  }
  const { signatureId } = standing.consent;
  if (standing.consent.status !== 'current' || !signatureId) {
    throw ruleViolation('ORDER-CONSENT', consentBlocker(standing, route)!);
  }

  const stored = await protocolVersion(tx, clinicId, course.protocolId);
  const { dosing } = stored.definition;
  const current = standing.stepIndex;
  const step = stepProblem(dosing, current, body.stepIndex);
  if (step?.code === 'more_than_one_step_up') throw ruleViolation('ORDER-STEP-ESCALATION', step.message);
  if (step) throw invalidFields([{ path: '/body/stepIndex', message: step.message }]);

  const appointmentId = body.kind === 'session' ? body.appointmentId! : null;
  const courseOrders = await withValidity(
    tx,
    clinicId,
    patientId,
    await orderRows(tx, clinicId, { courseId: course.id }),
    now,
  );
  checkReplacement(courseOrders, body, appointmentId);
  const changeRequest = await openChangeRequestFor(tx, clinicId, patientId, body, course.id);

  const measures = await latestBodyMeasures(tx, clinicId, patientId);
  const firstSession = await isFirstOrder(tx, course.id);
  const calculation = calculationFor(stored, body.stepIndex, measures, firstSession);
  if (!calculation.ok) {
    throw invalidFields([
      { path: '/body/stepIndex', message: `The dose cannot be calculated: ${calculation.reason}` },
    ]);
  }

  const [created] = await tx
    .insert(medicationOrder)
    .values({
      clinicId,
      patientId,
      courseId: course.id,
      kind: body.kind,
      appointmentId,
      protocolId: stored.id,
      route,
      drug: stored.definition.drug,
      stepIndex: body.stepIndex,
      dose: doseRuleOf(dosing, body.stepIndex)!,
      calculatedDoseMcg: calculation.doseMcg,
      weightGrams: measures.weightGrams,
      calculation: {
        working: calculation.working,
        dosingWeightGrams: calculation.dosingWeightGrams,
        weightBasis: calculation.weightBasis,
        weightMeasuredAt: measures.weightMeasuredAt?.toISOString() ?? null,
        measured: calculation.measured,
      },
      maxDoseMcg: calculation.maxDoseMcg,
      instructions,
      eligibilityDecisionId: decisionId,
      consentSignatureId: signatureId,
      validFrom: window.validFrom,
      validUntil: window.validUntil,
      supersedesOrderId: body.supersedesOrderId ?? null,
      signedBy: who.staffId,
      signedAt: now,
    })
    .returning({ id: medicationOrder.id });
  const orderId = created!.id;

  if (body.stepIndex !== current) {
    await tx.insert(courseEvent).values({
      clinicId,
      patientId,
      courseId: course.id,
      kind: 'step_changed',
      detail: { fromStep: current, toStep: body.stepIndex, orderId },
      reason: null,
      recordedBy: who.staffId,
      recordedAt: now,
    });
  }
  if (changeRequest) {
    const resolved = await tx
      .update(orderChangeRequest)
      .set({ resolution: 'changed', newOrderId: orderId, resolvedBy: who.staffId, resolvedAt: now })
      .where(and(eq(orderChangeRequest.id, changeRequest), isNull(orderChangeRequest.resolvedAt)))
      .returning({ id: orderChangeRequest.id });
    if (resolved.length === 0) throw conflict('This change request was resolved at the same moment: reload');
  }
  await recordAudit(tx, clock, {
    ...staffAudit(who, meta),
    action: 'order.signed',
    resourceType: 'medication_order',
    resourceId: orderId,
    patientId,
    detail: {
      courseId: course.id,
      kind: body.kind,
      appointmentId,
      stepIndex: body.stepIndex,
      fromStep: current,
      supersedesOrderId: body.supersedesOrderId ?? null,
      changeRequestId: changeRequest,
    },
  });
  const [signed] = await withValidity(
    tx,
    clinicId,
    patientId,
    await orderRows(tx, clinicId, { orderId }),
    now,
  );
  return toOrderView(signed!);
}

/** The validity window the body asks for: a standing order's last day, or the appointment's clinic day. */
async function windowFor(
  tx: Tx,
  clinicId: string,
  patientId: string,
  course: CourseRow,
  body: SignOrderBody,
  now: Date,
  timeZone: string,
) {
  if (body.kind === 'standing') {
    if (body.appointmentId) {
      throw invalidFields([
        {
          path: '/body/appointmentId',
          message: 'a standing order covers every session: choose a per-session order for one appointment',
        },
      ]);
    }
    const window = standingOrderWindow(now, body.validUntil, timeZone);
    if (!window.ok) throw invalidFields([{ path: '/body/validUntil', message: window.message }]);
    return window;
  }
  if (body.validUntil) {
    throw invalidFields([
      { path: '/body/validUntil', message: 'a per-session order is valid for its appointment’s day' },
    ]);
  }
  if (!body.appointmentId) {
    throw invalidFields([
      { path: '/body/appointmentId', message: 'choose the appointment this order is for' },
    ]);
  }
  const [booked] = await tx
    .select({ startsAt: appointment.startsAt, status: appointment.status, courseId: appointment.courseId })
    .from(appointment)
    .where(
      and(
        eq(appointment.clinicId, clinicId),
        eq(appointment.patientId, patientId),
        eq(appointment.id, body.appointmentId),
      ),
    );
  if (!booked) throw notFound('The appointment');
  if (booked.courseId !== course.id) {
    throw invalidFields([
      { path: '/body/appointmentId', message: 'this appointment belongs to another course' },
    ]);
  }
  if (booked.status !== 'booked')
    throw conflict(`This appointment is ${booked.status.replace('_', ' ')}: choose a booked one`);
  const window = sessionOrderWindow(now, booked.startsAt, timeZone);
  if (!window.ok) throw invalidFields([{ path: '/body/appointmentId', message: window.message }]);
  return window;
}

/**
 * One order in force per slot: a new order replaces the one in force by naming it (it must be valid, of this
 * course and of the same kind and appointment), and may not be signed beside it.
 */
function checkReplacement(
  courseOrders: readonly ValidatedOrder[],
  body: SignOrderBody,
  appointmentId: string | null,
) {
  if (body.supersedesOrderId) {
    const replaced = courseOrders.find((o) => o.row.order.id === body.supersedesOrderId);
    if (!replaced) {
      throw invalidFields([
        { path: '/body/supersedesOrderId', message: 'the order replaced must be one of this course' },
      ]);
    }
    if (!sameSlot(replaced.row, body.kind, appointmentId)) {
      throw invalidFields([
        {
          path: '/body/supersedesOrderId',
          message: 'the order replaced must be of the same kind (standing, or for the same appointment)',
        },
      ]);
    }
    if (!replaced.validity.valid) {
      throw conflict(
        `The order to replace is no longer valid (${replaced.validity.problems.map((p) => p.message).join('; ')}): sign a new order without replacing it`,
      );
    }
  }
  const inForce = courseOrders.find(
    (o) =>
      o.validity.valid &&
      sameSlot(o.row, body.kind, appointmentId) &&
      o.row.order.id !== body.supersedesOrderId,
  );
  if (inForce) {
    throw conflict(
      `An order is in force for this ${body.kind === 'standing' ? 'course' : 'appointment'} (${stepName(inForce.row.protocolDefinition.dosing, inForce.row.order.stepIndex)}, signed ${inForce.row.order.signedAt.toISOString().slice(0, 10)}): replace it or discontinue it first`,
    );
  }
}

/** The open change request the new order answers, checked to be the patient's and about this course. */
async function openChangeRequestFor(
  tx: Tx,
  clinicId: string,
  patientId: string,
  body: SignOrderBody,
  courseId: string,
): Promise<string | null> {
  if (!body.resolvesChangeRequestId) return null;
  const [request] = await tx
    .select({ resolvedAt: orderChangeRequest.resolvedAt, courseId: medicationOrder.courseId })
    .from(orderChangeRequest)
    .innerJoin(medicationOrder, eq(medicationOrder.id, orderChangeRequest.orderId))
    .where(
      and(
        eq(orderChangeRequest.clinicId, clinicId),
        eq(orderChangeRequest.patientId, patientId),
        eq(orderChangeRequest.id, body.resolvesChangeRequestId),
      ),
    );
  if (!request) throw notFound('The change request');
  if (request.resolvedAt) throw conflict('This change request has already been resolved');
  if (request.courseId !== courseId) {
    throw invalidFields([
      {
        path: '/body/resolvesChangeRequestId',
        message: 'the change request is about an order of another course',
      },
    ]);
  }
  return body.resolvesChangeRequestId;
}

// ── Discontinuing, requests for change ────────────────────────────────────────────────────────────────────────

async function orderOfPatient(
  db: Queryable,
  clinicId: string,
  patientId: string,
  orderId: string,
): Promise<OrderRow> {
  const [row] = await orderRows(db, clinicId, { patientId, orderId });
  if (!row) throw notFound('The order');
  return row;
}

/** The prescriber stops an order (once; a replaced order is stopped by its replacement already). */
export async function discontinueOrder(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  orderId: string,
  body: DiscontinueOrderBody,
  meta: RequestMeta,
): Promise<OrderView> {
  const who = staffInClinic(scope);
  const reason = body.reason.trim();
  try {
    return await database.transaction(async (tx) => {
      await patientInScope(tx, scope, patientId);
      const row = await orderOfPatient(tx, who.clinicId, patientId, orderId);
      if (row.discontinuation) throw conflict('This order has already been discontinued');
      if (row.supersededById)
        throw conflict('This order has been replaced: discontinue the order that replaced it');
      if (reason.length < 3)
        throw invalidFields([{ path: '/body/reason', message: 'give the reason (at least 3 characters)' }]);
      const now = clock.now();
      const [stopped] = await tx
        .insert(orderDiscontinuation)
        .values({ clinicId: who.clinicId, orderId, reason, discontinuedBy: who.staffId, discontinuedAt: now })
        .returning({ id: orderDiscontinuation.id });
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'order.discontinued',
        resourceType: 'medication_order',
        resourceId: orderId,
        patientId,
        detail: { discontinuationId: stopped!.id, courseId: row.order.courseId },
      });
      const [view] = await withValidity(
        tx,
        who.clinicId,
        patientId,
        await orderRows(tx, who.clinicId, { orderId }),
        now,
      );
      return toOrderView(view!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This order has already been discontinued');
    throw error;
  }
}

/** A nurse (or prescriber) asks for a change to an order still in effect; nurses never change orders themselves. */
export async function requestChange(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  orderId: string,
  body: ChangeRequestBody,
  meta: RequestMeta,
): Promise<ChangeRequestView> {
  const who = staffInClinic(scope);
  const text = body.request.trim();
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    const row = await orderOfPatient(tx, who.clinicId, patientId, orderId);
    if (row.discontinuation || row.supersededById) {
      throw conflict('This order is no longer in effect: ask about the order that is');
    }
    if (text.length < 3)
      throw invalidFields([
        { path: '/body/request', message: 'say what should change (at least 3 characters)' },
      ]);
    const [created] = await tx
      .insert(orderChangeRequest)
      .values({
        clinicId: who.clinicId,
        patientId,
        orderId,
        request: text,
        requestedBy: who.staffId,
        requestedAt: clock.now(),
      })
      .returning({ id: orderChangeRequest.id });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'order.change_requested',
      resourceType: 'order_change_request',
      resourceId: created!.id,
      patientId,
      detail: { orderId },
    });
    return changeRequestView(tx, who.clinicId, patientId, created!.id);
  });
}

async function changeRequestView(db: Queryable, clinicId: string, patientId: string, requestId: string) {
  const rows = await changeRequestRows(db, clinicId, { patientId });
  return toChangeRequestView(rows.find((r) => r.request.id === requestId)!);
}

/** The prescriber declines a change request with a note for the nurse. */
export async function declineChangeRequest(
  database: Database,
  clock: Clock,
  scope: Scope,
  patientId: string,
  requestId: string,
  body: DeclineChangeRequestBody,
  meta: RequestMeta,
): Promise<ChangeRequestView> {
  const who = staffInClinic(scope);
  const note = body.note.trim();
  return database.transaction(async (tx) => {
    await patientInScope(tx, scope, patientId);
    if (note.length < 3)
      throw invalidFields([
        { path: '/body/note', message: 'write a note for the nurse (at least 3 characters)' },
      ]);
    const [existing] = await tx
      .select({ resolvedAt: orderChangeRequest.resolvedAt })
      .from(orderChangeRequest)
      .where(
        and(
          eq(orderChangeRequest.clinicId, who.clinicId),
          eq(orderChangeRequest.patientId, patientId),
          eq(orderChangeRequest.id, requestId),
        ),
      );
    if (!existing) throw notFound('The change request');
    const declined = await tx
      .update(orderChangeRequest)
      .set({ resolution: 'declined', resolutionNote: note, resolvedBy: who.staffId, resolvedAt: clock.now() })
      .where(and(eq(orderChangeRequest.id, requestId), isNull(orderChangeRequest.resolvedAt)))
      .returning({ id: orderChangeRequest.id });
    if (declined.length === 0) throw conflict('This change request has already been resolved');
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'order.change_declined',
      resourceType: 'order_change_request',
      resourceId: requestId,
      patientId,
    });
    return changeRequestView(tx, who.clinicId, patientId, requestId);
  });
}

// ── For the treatment day and the front desk ──────────────────────────────────────────────────────────────────

export interface ValidOrder {
  orderId: string;
  /** The dose calculated at signing (the day's dose is recalculated from the day's weight). */
  doseMcg: number;
  kind: 'standing' | 'session';
  stepIndex: number;
  dose: DoseRule;
  maxDoseMcg: number;
  protocolId: string;
  validUntil: Date;
}

export interface OrderCheck {
  order: ValidOrder | null;
  /** When there is no valid order: why, in words (the newest order's lapses, or that none was signed). */
  reasons: string[];
}

/**
 * The order a session may be given under, with the reasons when there is none: a valid per-session order for
 * the appointment first, else a valid standing order of the course. Validity is computed at `at`.
 */
export async function orderCheckFor(
  db: Queryable,
  input: { clinicId: string; patientId: string; courseId: string; appointmentId?: string; at: Date },
): Promise<OrderCheck> {
  const rows = (
    await orderRows(db, input.clinicId, { patientId: input.patientId, courseId: input.courseId })
  ).filter(
    (r) =>
      r.order.kind === 'standing' ||
      (input.appointmentId !== undefined && r.order.appointmentId === input.appointmentId),
  );
  const orders = await withValidity(db, input.clinicId, input.patientId, rows, input.at);
  const chosen =
    orders.find((o) => o.validity.valid && o.row.order.kind === 'session') ??
    orders.find((o) => o.validity.valid && o.row.order.kind === 'standing');
  if (!chosen) {
    const newest = orders[0];
    return {
      order: null,
      reasons: newest
        ? newest.validity.problems.map((p) => p.message)
        : ['No order has been signed for this course: the prescriber signs one'],
    };
  }
  const { order } = chosen.row;
  return {
    order: {
      orderId: order.id,
      doseMcg: order.calculatedDoseMcg,
      kind: order.kind as ValidOrder['kind'],
      stepIndex: order.stepIndex,
      dose: order.dose as unknown as DoseRule,
      maxDoseMcg: order.maxDoseMcg,
      protocolId: order.protocolId,
      validUntil: order.validUntil,
    },
    reasons: [],
  };
}

/**
 * The order a session may be given under: a valid per-session order for the appointment, else a valid standing
 * order of the course; null when there is none (the check-in gate refuses). Validity is computed at `at`.
 */
export async function validOrderFor(
  db: Queryable,
  input: { clinicId: string; patientId: string; courseId: string; appointmentId?: string; at: Date },
): Promise<ValidOrder | null> {
  return (await orderCheckFor(db, input)).order;
}
