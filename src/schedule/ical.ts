import { TZDate, tzOffset, tzScan } from '@date-fns/tz';
import ical from 'ical-generator';
import type { Interval } from './core.js';

/**
 * iCalendar documents (RFC 5545), pure: events in, text out. Times are written in the clinic's zone with its
 * TZID, and the calendar carries a VTIMEZONE listing that zone's actual offset changes over the feed's window,
 * so a phone in another zone still shows 09:00 clinic time on both sides of a daylight-saving change.
 */

export interface CalendarEvent extends Interval {
  uid: string;
  summary: string;
  location?: string;
  description?: string;
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
const offsetText = (minutes: number) =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}${pad(minutes % 60)}`;
/** Local wall time of an instant at a fixed offset, as an iCalendar DATE-TIME without zone. */
function wallTime(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/** A VTIMEZONE for a zone over a window: its offset at the start, then each change inside it. */
export function vtimezone(timeZone: string, window: Interval): string {
  const first = tzOffset(timeZone, window.start);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (kind: string, start: Date, from: number, to: number) =>
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${wallTime(start, from)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `END:${kind}`,
    );
  observance('STANDARD', window.start, first, first);
  for (const { date, change, offset } of tzScan(timeZone, window)) {
    observance(change > 0 ? 'DAYLIGHT' : 'STANDARD', date, offset - change, offset);
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

export function calendarDocument(input: {
  name: string;
  timeZone: string;
  /** The span the feed covers (for the VTIMEZONE). */
  window: Interval;
  events: readonly CalendarEvent[];
  stamp: Date;
}): string {
  const { timeZone } = input;
  const calendar = ical({ name: input.name, prodId: '-//ketacare//schedule//EN' });
  const local = (instant: Date) => new TZDate(instant.getTime(), timeZone);
  for (const event of input.events) {
    calendar.createEvent({
      id: event.uid,
      start: local(event.start),
      end: local(event.end),
      timezone: timeZone,
      stamp: input.stamp,
      summary: event.summary,
      location: event.location ?? null,
      description: event.description ?? null,
    });
  }
  // ical-generator only writes a VTIMEZONE through a calendar-level zone, which also turns DTSTAMP into a
  // floating time; the zone goes in here instead, before the first event.
  const text = calendar.toString();
  const at = text.indexOf('BEGIN:VEVENT');
  const zone = `${vtimezone(timeZone, input.window)}\r\n`;
  return at === -1
    ? text.replace('END:VCALENDAR', `${zone}END:VCALENDAR`)
    : text.slice(0, at) + zone + text.slice(at);
}
