import { TZDate } from '@date-fns/tz';
import { dateIn } from '../organisation/core.js';

/**
 * Scheduling rules, pure: the clinic's opening hours turned into instants of a local date (daylight-saving safe,
 * because the hours are local clock times resolved in the clinic's IANA zone on that date), and the checks a
 * session's block must pass before it is booked — each refusal with a stable rule id, clinician words and what
 * would satisfy it. The course rules (interval, caps) live in the course module; chair and patient double
 * booking is refused by the database.
 */

export type Route = 'iv' | 'im' | 'intranasal' | 'oral';
export type Drug = 'ketamine' | 'esketamine';

export interface Interval {
  start: Date;
  end: Date;
}

/** Opening hours of one ISO weekday (1 = Monday … 7 = Sunday), local 'HH:MM'. */
export interface WeekdayHours {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

export const routeLabel: Record<Route, string> = {
  iv: 'IV',
  im: 'IM',
  intranasal: 'intranasal esketamine',
  oral: 'oral',
};

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const weekdayName = (weekday: number) => weekdayNames[weekday - 1] ?? `day ${weekday}`;

const MINUTE = 60_000;

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the week a date falls in. */
export const weekStart = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The instant a local date and clock time name in a time zone (a time skipped by spring-forward moves on an hour). */
export function localInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime());
}

/** The local clock time ('HH:MM') of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}

export const localDate = (instant: Date, timeZone: string) => dateIn(instant, timeZone);

/** Where an instant range sits on the clinic's calendar: its local date and clock times. */
export function placeOnCalendar(interval: Interval, timeZone: string) {
  return {
    date: localDate(interval.start, timeZone),
    startTime: localTime(interval.start, timeZone),
    endTime: localTime(interval.end, timeZone),
  };
}

/** Start of a local date as an instant, and of the date `days` later: the range a day or week view reads. */
export function localDateRange(from: string, days: number, timeZone: string): Interval {
  return {
    start: localInstant(from, '00:00', timeZone),
    end: localInstant(addDays(from, days), '00:00', timeZone),
  };
}

/** The clinic's open interval on a local date as instants, or null when it is closed that day. */
export function openInterval(
  hours: readonly WeekdayHours[],
  date: string,
  timeZone: string,
): Interval | null {
  const day = hours.find((h) => h.weekday === isoWeekday(date));
  if (!day) return null;
  return {
    start: localInstant(date, day.opensAt, timeZone),
    end: localInstant(date, day.closesAt, timeZone),
  };
}

/** The days a view shows, each with its opening hours (null = closed). */
export function calendarDays(from: string, count: number, hours: readonly WeekdayHours[]) {
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(from, i);
    const weekday = isoWeekday(date);
    const day = hours.find((h) => h.weekday === weekday);
    return { date, weekday, open: day ? { opensAt: day.opensAt, closesAt: day.closesAt } : null };
  });
}

/** A week of opening hours must name each weekday at most once and open before it closes. */
export function weekHoursProblems(days: readonly WeekdayHours[]): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  const seen = new Set<number>();
  days.forEach((day, index) => {
    if (seen.has(day.weekday))
      problems.push({ index, message: `${weekdayName(day.weekday)} is listed twice` });
    seen.add(day.weekday);
    if (day.opensAt >= day.closesAt) problems.push({ index, message: 'must open before it closes' });
  });
  return problems;
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
const covers = (i: Interval, t: number) => i.start.getTime() <= t && t < i.end.getTime();

export type ScheduleRule =
  | 'SCHED-IN-PAST'
  | 'SCHED-CLOSED'
  | 'SCHED-CHAIR-RETIRED'
  | 'SCHED-CHAIR-ROUTE'
  | 'SCHED-NURSE-COVERAGE'
  | 'SCHED-PRESCRIBER-COVERAGE';

export interface Refusal {
  rule: ScheduleRule;
  /** What is wrong, in words a clinician uses. */
  message: string;
  /** What would satisfy the rule. */
  remedy: string;
}

export interface SlotChair {
  name: string;
  routes: readonly string[];
  retired: boolean;
}

export interface ShiftOnCalendar extends Interval {
  role: string;
}

export interface SlotCheck {
  block: Interval;
  route: Route;
  drug: Drug;
  chair: SlotChair;
  /** Names of the clinic's chairs (not retired) equipped for the route, for the remedy. */
  chairsForRoute: readonly string[];
  /** The clinic's hours on the block's local date (null = closed that day). */
  open: Interval | null;
  /** Other live (booked or attended) sessions of the clinic overlapping the block, any chair. */
  otherSessions: readonly Interval[];
  shifts: readonly ShiftOnCalendar[];
  chairsPerNurse: number;
  now: Date;
  timeZone: string;
}

/**
 * Esketamine (REMS: a healthcare provider on site monitors for at least 2 h) and IV infusions (a prescriber must
 * be able to act on a hypertensive or respiratory alert at once) need a prescriber on shift for the whole block.
 * IM and oral sessions are nurse-monitored under a standing order, with the prescriber reachable.
 */
export const needsPrescriberOnSite = (route: Route, drug: Drug) => drug === 'esketamine' || route === 'iv';

/** Every instant inside the block where the count of sessions, nurses or prescribers can change. */
function changePoints(block: Interval, intervals: readonly Interval[]): number[] {
  const from = block.start.getTime();
  const to = block.end.getTime();
  const points = new Set([from]);
  for (const i of intervals) {
    for (const t of [i.start.getTime(), i.end.getTime()]) if (t > from && t < to) points.add(t);
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * Nurse coverage: at every moment of the block, the live sessions (this one included) must not exceed the
 * nurses on shift × chairs one nurse may monitor. Counts are constant between change points, so checking those
 * checks every minute.
 */
export function nurseCoverageRefusal(
  check: Pick<SlotCheck, 'block' | 'otherSessions' | 'shifts' | 'chairsPerNurse' | 'timeZone'>,
): Refusal | null {
  const { block, otherSessions, shifts, chairsPerNurse, timeZone } = check;
  const nurses = shifts.filter((s) => s.role === 'nurse');
  for (const t of changePoints(block, [...otherSessions, ...nurses])) {
    const sessions = 1 + otherSessions.filter((s) => covers(s, t)).length;
    const onShift = nurses.filter((s) => covers(s, t)).length;
    if (sessions > onShift * chairsPerNurse) {
      const at = localTime(new Date(t), timeZone);
      const range = `${localTime(block.start, timeZone)}–${localTime(block.end, timeZone)}`;
      return {
        rule: 'SCHED-NURSE-COVERAGE',
        message:
          onShift === 0
            ? `No nurse is on shift at ${at} to monitor this session`
            : `At ${at} ${sessions} sessions would run with ${onShift} nurse${onShift === 1 ? '' : 's'} on shift (one nurse monitors up to ${chairsPerNurse} chairs)`,
        remedy: `Add a nurse shift covering ${range}, or choose a time with fewer sessions running`,
      };
    }
  }
  return null;
}

export function prescriberCoverageRefusal(
  check: Pick<SlotCheck, 'block' | 'route' | 'drug' | 'shifts' | 'timeZone'>,
): Refusal | null {
  const { block, route, drug, shifts, timeZone } = check;
  if (!needsPrescriberOnSite(route, drug)) return null;
  const prescribers = shifts.filter((s) => s.role === 'prescriber');
  for (const t of changePoints(block, prescribers)) {
    if (!prescribers.some((s) => covers(s, t))) {
      const what = drug === 'esketamine' ? 'An esketamine (REMS) session' : 'An IV session';
      return {
        rule: 'SCHED-PRESCRIBER-COVERAGE',
        message: `${what} needs a prescriber on site; none is on shift at ${localTime(new Date(t), timeZone)}`,
        remedy: `Add a prescriber shift covering ${localTime(block.start, timeZone)}–${localTime(block.end, timeZone)}, or choose a time when one is on shift`,
      };
    }
  }
  return null;
}

/** Every rule the block breaks, most basic first (the service reports the first). Empty = the slot is fine. */
export function slotRefusals(check: SlotCheck): Refusal[] {
  const { block, route, chair, open, timeZone } = check;
  const refusals: Refusal[] = [];
  if (block.start < check.now) {
    refusals.push({
      rule: 'SCHED-IN-PAST',
      message: 'This time has already passed',
      remedy: 'Choose a time later than now',
    });
  }
  const date = localDate(block.start, timeZone);
  if (!open) {
    refusals.push({
      rule: 'SCHED-CLOSED',
      message: `The clinic is closed on ${weekdayName(isoWeekday(date))}s`,
      remedy: 'Choose a day the clinic is open',
    });
  } else if (block.start < open.start || block.end > open.end) {
    const minutes = Math.round((block.end.getTime() - block.start.getTime()) / MINUTE);
    refusals.push({
      rule: 'SCHED-CLOSED',
      message: `The ${minutes} min block ${localTime(block.start, timeZone)}–${localTime(block.end, timeZone)} falls outside opening hours ${localTime(open.start, timeZone)}–${localTime(open.end, timeZone)}`,
      remedy: `Start at ${localTime(open.start, timeZone)} or later so the session ends by ${localTime(open.end, timeZone)}`,
    });
  }
  const equipped = `Choose a chair equipped for ${routeLabel[route]}${check.chairsForRoute.length > 0 ? `: ${check.chairsForRoute.join(', ')}` : ' (none is: add one in Admin → Chairs and hours)'}`;
  if (chair.retired) {
    refusals.push({ rule: 'SCHED-CHAIR-RETIRED', message: `${chair.name} is retired`, remedy: equipped });
  } else if (!chair.routes.includes(route)) {
    refusals.push({
      rule: 'SCHED-CHAIR-ROUTE',
      message: `${chair.name} is not equipped for ${routeLabel[route]} sessions`,
      remedy: equipped,
    });
  }
  for (const coverage of [nurseCoverageRefusal(check), prescriberCoverageRefusal(check)]) {
    if (coverage) refusals.push(coverage);
  }
  return refusals;
}

/**
 * Start times in one chair on one date, every `stepMinutes` from opening, where a block of `blockMinutes` fits
 * the opening hours, the chair is free and every slot rule holds. The course rules are checked when booking.
 */
export function freeSlots(
  check: Omit<SlotCheck, 'block'> & {
    chairSessions: readonly Interval[];
    blockMinutes: number;
    stepMinutes: number;
  },
): Interval[] {
  const { open, blockMinutes, stepMinutes, chairSessions } = check;
  if (!open) return [];
  const slots: Interval[] = [];
  for (
    let start = open.start.getTime();
    start + blockMinutes * MINUTE <= open.end.getTime();
    start += stepMinutes * MINUTE
  ) {
    const block = { start: new Date(start), end: new Date(start + blockMinutes * MINUTE) };
    if (chairSessions.some((s) => overlaps(s, block))) continue;
    if (slotRefusals({ ...check, block }).length === 0) slots.push(block);
  }
  return slots;
}
