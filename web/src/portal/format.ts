import type { Patient } from '../../../src/patient/model';
import { useClinics } from '../shell/useClinics';
import { useApi } from '../ui/useApi';

/** The patient's clinic's time zone (times are said in it), or the phone's own until the clinic is known. */
export function useClinicTimeZone(): string {
  const { clinics } = useClinics();
  const { data: me } = useApi<Patient>('/api/portal/me');
  const clinic = clinics.find((c) => c.id === me?.clinicId);
  return clinic?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const DAY_MS = 86_400_000;

/** Days since 1970 of the calendar date an instant falls on in `timeZone`. */
function calendarDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

const timeOfDay = (instant: Date, timeZone: string) =>
  instant.toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });

/** "today", "tomorrow", "yesterday", "on Friday", "on Friday, March 14": the day an instant falls on. */
export function dayInWords(iso: string, now: Date, timeZone: string): string {
  const instant = new Date(iso);
  const days = calendarDay(instant, timeZone) - calendarDay(now, timeZone);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  const weekday = instant.toLocaleDateString('en-US', { timeZone, weekday: 'long' });
  if (Math.abs(days) < 7) return `on ${weekday}`;
  return `on ${instant.toLocaleDateString('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' })}`;
}

/** "Due tomorrow by 9:00 AM", or for one past its time "It was due yesterday at 9:00 AM". */
export function dueInWords(dueAt: string, overdue: boolean, now: Date, timeZone: string): string {
  const day = dayInWords(dueAt, now, timeZone);
  const time = timeOfDay(new Date(dueAt), timeZone);
  return overdue ? `It was due ${day} at ${time}` : `Due ${day} by ${time}`;
}

/** A date in words, "March 3, 2026", in the clinic's time zone. */
export const dateInWords = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleDateString('en-US', { timeZone, month: 'long', day: 'numeric', year: 'numeric' });

/** A short date for chart axes, "Mar 3". */
export const shortDate = (instant: number | string, timeZone: string) =>
  new Date(instant).toLocaleDateString('en-US', { timeZone, month: 'short', day: 'numeric' });
