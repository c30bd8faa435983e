import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

/** Queues an appointment's messages (confirmation, reminders, escort request, follow-up) in the booking's transaction. */
export async function queueAppointmentMessages(
  _tx: Tx,
  _clock: Clock,
  _appointmentId: string,
): Promise<void> {
  throw new Error('queueAppointmentMessages: being built (issue 6)');
}

/** Cancels an appointment's unsent messages (and tells the patient when it was cancelled). */
export async function cancelAppointmentMessages(
  _tx: Tx,
  _clock: Clock,
  _appointmentId: string,
  _why: 'cancelled' | 'rescheduled',
): Promise<void> {
  throw new Error('cancelAppointmentMessages: being built (issue 6)');
}
