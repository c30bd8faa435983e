import { addDays, mgOf, stepCount, stepLabel } from '../course/core.js';
import { startOfDayIn } from '../measures/outcomes.js';
import { dateIn } from '../organisation/core.js';
import type { Dosing } from '../protocol/definition.js';

/**
 * Medication orders, the pure rules: which steps a new order may name (dose escalation only in protocol steps,
 * one step up at a time), how long an order lasts, and whether a signed order is valid at an instant given the
 * eligibility and consent it rests on. Values in, values out; times in the clinic's time zone.
 */

/**
 * A standing order lasts at most this many days (to the end of the clinic day). Long enough for an induction
 * series (about 2–3 weeks) and its reassessment plus the first maintenance boosters; short enough that a
 * prescriber looks again at least once a quarter (dependence safeguard: reassessment before continuing).
 */
export const STANDING_ORDER_MAX_DAYS = 90;

/** Dose escalation goes one protocol step at a time (clinical-reference §5); any step down is allowed. */
export const MAX_STEPS_UP = 1;

/** The dose rule an order names for its step, as stored on the order. */
export type DoseRule =
  | { kind: 'per_kg'; mcgPerKg: number }
  | { kind: 'devices'; devices: number }
  | { kind: 'fixed'; mcg: number };

/** The dose rule of one step; undefined when the protocol has no such step. */
export function doseRuleOf(dosing: Dosing, stepIndex: number): DoseRule | undefined {
  switch (dosing.kind) {
    case 'per_kg': {
      const mcgPerKg = dosing.stepsMcgPerKg[stepIndex];
      return mcgPerKg === undefined ? undefined : { kind: 'per_kg', mcgPerKg };
    }
    case 'devices': {
      const devices = dosing.stepsDevices[stepIndex];
      return devices === undefined ? undefined : { kind: 'devices', devices };
    }
    case 'fixed': {
      const mcg = dosing.stepsMcg[stepIndex];
      return mcg === undefined ? undefined : { kind: 'fixed', mcg };
    }
  }
}

/** "step 2 (0.75 mg/kg)": steps are counted from 1 for people, from 0 in the data. */
export function stepName(dosing: Dosing, stepIndex: number): string {
  const label = stepLabel(dosing, stepIndex);
  return label ? `step ${stepIndex + 1} (${label})` : `step ${stepIndex + 1}`;
}

/** The protocol's per-session maximum in words when the step's dose rule exceeds it; null within it. */
function aboveMaximum(dosing: Dosing, rule: DoseRule): string | null {
  switch (dosing.kind) {
    case 'per_kg':
      return rule.kind === 'per_kg' && rule.mcgPerKg > dosing.maxMcgPerKg
        ? `${mgOf(dosing.maxMcgPerKg)} mg/kg`
        : null;
    case 'devices':
      return rule.kind === 'devices' && rule.devices > dosing.maxDevices
        ? `${dosing.maxDevices} devices (${mgOf(dosing.maxDevices * dosing.mcgPerDevice)} mg)`
        : null;
    case 'fixed':
      return rule.kind === 'fixed' && rule.mcg > dosing.maxDoseMcg ? `${mgOf(dosing.maxDoseMcg)} mg` : null;
  }
}

export type StepProblem =
  | { code: 'not_a_step'; message: string }
  | { code: 'above_maximum'; message: string }
  | { code: 'more_than_one_step_up'; message: string };

/**
 * Whether a new order may name `requestedStep` while the course is at `currentStep`: it must be a step of the
 * protocol, not above the protocol's maximum, and at most one step above the current one. Null when allowed.
 */
export function stepProblem(dosing: Dosing, currentStep: number, requestedStep: number): StepProblem | null {
  const count = stepCount(dosing);
  const rule = doseRuleOf(dosing, requestedStep);
  if (!Number.isInteger(requestedStep) || !rule) {
    return {
      code: 'not_a_step',
      message: `Step ${requestedStep + 1} is not a step of this protocol: choose step 1 to ${count}`,
    };
  }
  const maximum = aboveMaximum(dosing, rule);
  if (maximum) {
    return {
      code: 'above_maximum',
      message: `${stepName(dosing, requestedStep)} is above the protocol’s maximum of ${maximum}`,
    };
  }
  if (requestedStep > currentStep + MAX_STEPS_UP) {
    const highest = Math.min(currentStep + MAX_STEPS_UP, count - 1);
    return {
      code: 'more_than_one_step_up',
      message: `The dose goes up one protocol step at a time: the course is at ${stepName(dosing, currentStep)}, so the highest step you can order now is ${stepName(dosing, highest)}`,
    };
  }
  return null;
}

// ── Validity windows ──────────────────────────────────────────────────────────────────────────────────────────

export type OrderWindow = { ok: true; validFrom: Date; validUntil: Date } | { ok: false; message: string };

/** The last date a standing order signed at `signedAt` may run to (the clinic's date + the maximum days). */
export function latestStandingDate(signedAt: Date, timeZone: string): string {
  return addDays(dateIn(signedAt, timeZone), STANDING_ORDER_MAX_DAYS);
}

/**
 * A standing order runs from signing to the end of the requested clinic date (today at the earliest, at most
 * `STANDING_ORDER_MAX_DAYS` ahead); without a date, to the latest allowed.
 */
export function standingOrderWindow(
  signedAt: Date,
  requestedUntil: string | undefined,
  timeZone: string,
): OrderWindow {
  const today = dateIn(signedAt, timeZone);
  const latest = latestStandingDate(signedAt, timeZone);
  const until = requestedUntil ?? latest;
  if (until < today) return { ok: false, message: `The last day cannot be before today (${today})` };
  if (until > latest) {
    return {
      ok: false,
      message: `A standing order lasts at most ${STANDING_ORDER_MAX_DAYS} days: the last day can be ${latest} at the latest`,
    };
  }
  return { ok: true, validFrom: signedAt, validUntil: startOfDayIn(addDays(until, 1), timeZone) };
}

/** A per-session order is valid for its appointment's clinic day, which must not have passed. */
export function sessionOrderWindow(signedAt: Date, appointmentStartsAt: Date, timeZone: string): OrderWindow {
  const day = dateIn(appointmentStartsAt, timeZone);
  if (day < dateIn(signedAt, timeZone)) {
    return { ok: false, message: `The appointment's day (${day}) has passed` };
  }
  return {
    ok: true,
    validFrom: startOfDayIn(day, timeZone),
    validUntil: startOfDayIn(addDays(day, 1), timeZone),
  };
}

// ── Validity at an instant ────────────────────────────────────────────────────────────────────────────────────

export type OrderProblemCode =
  | 'eligibility_not_approved'
  | 'consent_not_current'
  | 'not_yet_valid'
  | 'expired'
  | 'discontinued'
  | 'superseded'
  | 'course_ended'
  | 'appointment_not_booked';

export interface OrderProblem {
  code: OrderProblemCode;
  message: string;
}

export interface OrderValidity {
  valid: boolean;
  problems: OrderProblem[];
}

/** The facts of one signed order that its validity depends on. */
export interface OrderFacts {
  validFrom: Date;
  validUntil: Date;
  eligibilityDecisionId: string;
  consentSignatureId: string;
  discontinuedAt: Date | null;
  /** When a newer order replacing this one was signed. */
  supersededAt: Date | null;
  /** For a per-session order: its appointment's status ('booked', 'attended', 'cancelled', …). */
  appointmentStatus: string | null;
}

/** What the order rests on, as it stands now: the route's eligibility, consent and the course's end. */
export interface StandingFacts {
  eligibility: { status: string; decisionId: string | null };
  consent: { status: string; signatureId: string | null };
  /** When the course was completed or discontinued, if it was. */
  courseEnded: { kind: 'completed' | 'discontinued'; at: Date } | null;
}

const eligibilityWords: Record<string, string> = {
  not_screened: 'the patient has not been screened',
  blocked: 'screening found an absolute contraindication',
  awaiting_decision: 'screening is awaiting the prescriber’s decision',
  declined: 'the prescriber declined this route',
  review_needed: 'screening found something new that needs the prescriber’s review',
};

const consentWords: Record<string, string> = {
  none: 'the patient has not signed consent for this route',
  outdated_version: 'a newer consent document needs the patient’s signature',
  expired: 'the patient’s consent has expired',
  withdrawn: 'the patient withdrew consent',
};

/**
 * Whether a signed order may be given under at `at`, with every reason it may not. Eligibility and consent are
 * as they stand now: the order names the approval and signature it rests on, and lapses as soon as either is no
 * longer the one in force (a new decision or signature means the prescriber signs a new order on it).
 */
export function orderValidity(
  order: OrderFacts,
  standing: StandingFacts,
  at: Date,
  timeZone: string,
): OrderValidity {
  const problems: OrderProblem[] = [];
  const day = (instant: Date) => dateIn(instant, timeZone);
  const { eligibility, consent, courseEnded } = standing;
  if (eligibility.status !== 'approved') {
    problems.push({
      code: 'eligibility_not_approved',
      message: `Eligibility is no longer approved: ${eligibilityWords[eligibility.status] ?? eligibility.status}. The prescriber reviews screening and approves the route again, then signs a new order`,
    });
  } else if (eligibility.decisionId !== order.eligibilityDecisionId) {
    problems.push({
      code: 'eligibility_not_approved',
      message:
        'Eligibility was decided again after this order was signed: sign a new order on the current approval',
    });
  }
  if (consent.status !== 'current') {
    problems.push({
      code: 'consent_not_current',
      message: `Consent is not current: ${consentWords[consent.status] ?? consent.status}. The patient signs consent again, then the prescriber signs a new order`,
    });
  } else if (consent.signatureId !== order.consentSignatureId) {
    problems.push({
      code: 'consent_not_current',
      message:
        'The patient signed consent again after this order was signed: sign a new order on the current consent',
    });
  }
  if (courseEnded && courseEnded.at.getTime() <= at.getTime()) {
    problems.push({
      code: 'course_ended',
      message: `The course was ${courseEnded.kind} on ${day(courseEnded.at)}`,
    });
  }
  if (order.discontinuedAt && order.discontinuedAt.getTime() <= at.getTime()) {
    problems.push({ code: 'discontinued', message: `Discontinued on ${day(order.discontinuedAt)}` });
  }
  if (order.supersededAt && order.supersededAt.getTime() <= at.getTime()) {
    problems.push({
      code: 'superseded',
      message: `Replaced by a newer order signed on ${day(order.supersededAt)}`,
    });
  }
  if (order.appointmentStatus && !['booked', 'attended'].includes(order.appointmentStatus)) {
    problems.push({
      code: 'appointment_not_booked',
      message: `The appointment this order is for was ${order.appointmentStatus.replace('_', ' ')}`,
    });
  }
  if (at.getTime() < order.validFrom.getTime()) {
    problems.push({ code: 'not_yet_valid', message: `Valid from ${day(order.validFrom)}` });
  }
  if (at.getTime() >= order.validUntil.getTime()) {
    problems.push({
      code: 'expired',
      message: `Expired after ${day(new Date(order.validUntil.getTime() - 1))}: sign a new order`,
    });
  }
  return { valid: problems.length === 0, problems };
}
