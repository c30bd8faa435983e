import { TZDate } from '@date-fns/tz';

/** Clinic-local dates and clock times (the schedule is always shown in the clinic's time zone). */

/** The instant a clinic date and clock time name, daylight-saving safe. */
export function clinicInstant(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime()).toISOString();
}

/** Today's date in a time zone (YYYY-MM-DD). */
export const todayIn = (timeZone: string, now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "Tue 3 Mar" for a clinic date. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
}

export const routeNames = { iv: 'IV', im: 'IM', intranasal: 'Intranasal', oral: 'Oral' } as const;

export const statusNames = {
  booked: 'Booked',
  attended: 'Attended',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  rescheduled: 'Rescheduled',
} as const;
