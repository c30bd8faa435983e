/** Exclusion constraints of migration 0010 that refuse overlapping bookings and shifts. */
export type ScheduleExclusion =
  | 'appointment_chair_no_overlap'
  | 'appointment_patient_no_overlap'
  | 'staff_shift_no_overlap';

const names: readonly ScheduleExclusion[] = [
  'appointment_chair_no_overlap',
  'appointment_patient_no_overlap',
  'staff_shift_no_overlap',
];

/**
 * Which exclusion constraint refused a write (SQLSTATE 23P01), if any: the database's word that two bookings
 * raced for the same chair, patient or person. Drivers wrap the error, so the cause chain is searched.
 */
export function exclusionViolated(error: unknown): ScheduleExclusion | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code !== '23P01') continue;
    const text = `${String(constraint ?? '')} ${String(message ?? '')}`;
    return names.find((name) => text.includes(name)) ?? null;
  }
  return null;
}
