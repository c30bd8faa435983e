import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

export interface BookingCheck {
  clinicId: string;
  patientId: string;
  courseId: string;
  startsAt: Date;
  endsAt: Date;
  requestedBy: 'clinic' | 'patient';
  /** Appointments to leave out (the one being rescheduled). */
  ignoreAppointmentIds?: readonly string[];
}

export interface BookingPlan {
  route: 'iv' | 'im' | 'intranasal' | 'oral';
  drug: 'ketamine' | 'esketamine';
  plannedDoseMcg: number;
  blockMinutes: number;
  protocolId: string;
}

/**
 * The course rules a new session must keep (interval, sessions and mg per rolling 28 days across all routes,
 * course phase), checked inside the booking transaction. Refusals are 409s naming the rule and what would
 * satisfy it.
 */
export async function checkBooking(_tx: Tx, _clock: Clock, _input: BookingCheck): Promise<BookingPlan> {
  throw new Error('checkBooking: being built (issue 6)');
}
