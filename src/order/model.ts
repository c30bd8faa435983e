import { type Static, Type } from 'typebox';
import { DateTime, IsoDate, Nullable, PersonRef, Route, Uuid } from '../platform/http/types.js';

/** API shapes for medication orders, shared by server and UI. Requests are closed; responses allow-list. */

export const PatientParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid },
  { additionalProperties: false },
);
export const ClinicParams = Type.Object({ clinicId: Uuid }, { additionalProperties: false });
export const CourseParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, courseId: Uuid },
  { additionalProperties: false },
);
export const OrderParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, orderId: Uuid },
  { additionalProperties: false },
);
export const ChangeRequestParams = Type.Object(
  { clinicId: Uuid, patientId: Uuid, requestId: Uuid },
  { additionalProperties: false },
);
export const OrdersQuery = Type.Object({ courseId: Type.Optional(Uuid) }, { additionalProperties: false });

export const OrderKind = Type.Union([Type.Literal('standing'), Type.Literal('session')]);
export type OrderKind = Static<typeof OrderKind>;

/**
 * Signing an order. `kind: 'session'` names its appointment; a standing order may name its last day
 * (`validUntil`, a clinic date; at most 90 days ahead, the latest allowed when left out). A new order replacing
 * one in force `supersedesOrderId` it; `resolvesChangeRequestId` closes the nurse's request it answers.
 */
export const SignOrderBody = Type.Object(
  {
    courseId: Uuid,
    kind: OrderKind,
    appointmentId: Type.Optional(Uuid),
    stepIndex: Type.Integer({ minimum: 0, maximum: 20 }),
    instructions: Type.String({ minLength: 3, maxLength: 4000 }),
    validUntil: Type.Optional(IsoDate),
    supersedesOrderId: Type.Optional(Uuid),
    resolvesChangeRequestId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SignOrderBody = Static<typeof SignOrderBody>;

export const DiscontinueOrderBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type DiscontinueOrderBody = Static<typeof DiscontinueOrderBody>;

export const ChangeRequestBody = Type.Object(
  { request: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type ChangeRequestBody = Static<typeof ChangeRequestBody>;

export const DeclineChangeRequestBody = Type.Object(
  { note: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type DeclineChangeRequestBody = Static<typeof DeclineChangeRequestBody>;

export const OrderProblemCode = Type.Union([
  Type.Literal('eligibility_not_approved'),
  Type.Literal('consent_not_current'),
  Type.Literal('not_yet_valid'),
  Type.Literal('expired'),
  Type.Literal('discontinued'),
  Type.Literal('superseded'),
  Type.Literal('course_ended'),
  Type.Literal('appointment_not_booked'),
]);

export const OrderValidityView = Type.Object({
  valid: Type.Boolean(),
  /** Every reason the order may not be given under now, in words; empty when valid. */
  problems: Type.Array(Type.Object({ code: OrderProblemCode, message: Type.String() })),
});
export type OrderValidityView = Static<typeof OrderValidityView>;

/** The dose rule of the step ordered. */
export const DoseRuleView = Type.Union([
  Type.Object({ kind: Type.Literal('per_kg'), mcgPerKg: Type.Integer() }),
  Type.Object({ kind: Type.Literal('devices'), devices: Type.Integer() }),
  Type.Object({ kind: Type.Literal('fixed'), mcg: Type.Integer() }),
]);

/** The dose calculated at signing, with the working a nurse can check line by line. */
export const CalculationView = Type.Object({
  working: Type.Array(Type.String()),
  dosingWeightGrams: Nullable(Type.Integer()),
  weightBasis: Nullable(Type.Union([Type.Literal('actual'), Type.Literal('adjusted')])),
  weightMeasuredAt: Nullable(DateTime),
  /** How the dose is measured out: a pump rate and volume, a syringe volume, devices, or oral steps. */
  measured: Type.Union([
    Type.Object({
      kind: Type.Literal('infusion'),
      rateMicrolitresPerHour: Type.Integer(),
      volumeMicrolitres: Type.Integer(),
      minutes: Type.Integer(),
    }),
    Type.Object({ kind: Type.Literal('injection'), volumeMicrolitres: Type.Integer() }),
    Type.Object({ kind: Type.Literal('devices'), devices: Type.Integer() }),
    Type.Object({ kind: Type.Literal('oral'), stepMcg: Type.Integer() }),
  ]),
});
export type CalculationView = Static<typeof CalculationView>;

export const OrderView = Type.Object({
  id: Uuid,
  patientId: Uuid,
  courseId: Uuid,
  kind: OrderKind,
  appointmentId: Nullable(Uuid),
  /** A per-session order's appointment start. */
  appointmentStartsAt: Nullable(DateTime),
  protocol: Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer() }),
  route: Route,
  drug: Type.Union([Type.Literal('ketamine'), Type.Literal('esketamine')]),
  stepIndex: Type.Integer(),
  /** "step 2 (0.75 mg/kg)". */
  stepLabel: Type.String(),
  dose: DoseRuleView,
  calculatedDoseMcg: Type.Integer(),
  maxDoseMcg: Type.Integer(),
  weightGrams: Nullable(Type.Integer()),
  calculation: CalculationView,
  instructions: Type.String(),
  eligibilityDecisionId: Uuid,
  consentSignatureId: Uuid,
  validFrom: DateTime,
  validUntil: DateTime,
  supersedesOrderId: Nullable(Uuid),
  supersededByOrderId: Nullable(Uuid),
  signedBy: PersonRef,
  signedAt: DateTime,
  discontinuation: Nullable(Type.Object({ reason: Type.String(), by: PersonRef, at: DateTime })),
  /** Computed at the time of the request. */
  validity: OrderValidityView,
});
export type OrderView = Static<typeof OrderView>;

export const ChangeRequestView = Type.Object({
  id: Uuid,
  patient: PersonRef,
  orderId: Uuid,
  courseId: Uuid,
  request: Type.String(),
  requestedBy: PersonRef,
  requestedAt: DateTime,
  resolution: Nullable(Type.Union([Type.Literal('changed'), Type.Literal('declined')])),
  resolutionNote: Nullable(Type.String()),
  newOrderId: Nullable(Uuid),
  resolvedBy: Nullable(PersonRef),
  resolvedAt: Nullable(DateTime),
});
export type ChangeRequestView = Static<typeof ChangeRequestView>;

/** A patient's orders, newest first, and their change requests (open first). */
export const PatientOrdersView = Type.Object({
  orders: Type.Array(OrderView),
  changeRequests: Type.Array(ChangeRequestView),
});
export type PatientOrdersView = Static<typeof PatientOrdersView>;

export const OpenChangeRequestsView = Type.Object({ changeRequests: Type.Array(ChangeRequestView) });
export type OpenChangeRequestsView = Static<typeof OpenChangeRequestsView>;

/** One protocol step as the signing dialog offers it: may it be ordered now, and the dose it would give. */
export const StepOption = Type.Object({
  stepIndex: Type.Integer(),
  label: Type.String(),
  dose: DoseRuleView,
  /** Null when the step may be ordered now; else why not, in words. */
  refusal: Nullable(Type.String()),
  calculation: Type.Union([
    Type.Object({
      ok: Type.Literal(true),
      doseMcg: Type.Integer(),
      maxDoseMcg: Type.Integer(),
      working: Type.Array(Type.String()),
    }),
    Type.Object({ ok: Type.Literal(false), reason: Type.String(), working: Type.Array(Type.String()) }),
  ]),
});
export type StepOption = Static<typeof StepOption>;

/** What the prescriber needs to sign an order for a course. */
export const OrderOptionsView = Type.Object({
  courseId: Uuid,
  route: Route,
  protocol: Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer() }),
  currentStepIndex: Type.Integer(),
  steps: Type.Array(StepOption),
  /** The clinic's date today, and the last day a standing order signed now may run to. */
  today: IsoDate,
  latestStandingDate: IsoDate,
  standingOrderMaxDays: Type.Integer(),
  /** Why no order can be signed now (eligibility or consent), in words; empty when one can. */
  blockers: Type.Array(Type.String()),
  /** The course's booked appointments from today on, for a per-session order. */
  appointments: Type.Array(Type.Object({ id: Uuid, startsAt: DateTime })),
});
export type OrderOptionsView = Static<typeof OrderOptionsView>;
