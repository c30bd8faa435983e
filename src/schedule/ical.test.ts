import { describe, expect, it } from 'vitest';
import { calendarDocument, vtimezone } from './ical.js';

const year = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };

describe('iCalendar documents', () => {
  it('describes Chicago’s 2026 offsets: CST, CDT from 8 March 02:00, CST from 1 November 02:00', () => {
    expect(vtimezone('America/Chicago', year).split('\r\n')).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:America/Chicago',
      'BEGIN:STANDARD',
      'DTSTART:20251231T180000',
      'TZOFFSETFROM:-0600',
      'TZOFFSETTO:-0600',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20260308T020000',
      'TZOFFSETFROM:-0600',
      'TZOFFSETTO:-0500',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20261101T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0600',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('writes events in clinic time with the TZID whatever the server’s zone, and a UTC stamp', () => {
    const text = calendarDocument({
      name: 'Appointments',
      timeZone: 'America/Chicago',
      window: year,
      stamp: new Date('2026-03-01T12:00:00Z'),
      events: [
        {
          uid: 'a@ketacare',
          start: new Date('2026-03-06T15:00:00Z'),
          end: new Date('2026-03-06T17:00:00Z'),
          summary: 'Appointment',
        },
        {
          uid: 'b@ketacare',
          start: new Date('2026-03-09T14:00:00Z'),
          end: new Date('2026-03-09T16:00:00Z'),
          summary: 'Appointment',
        },
      ],
    });
    expect(text).toContain('DTSTART;TZID=America/Chicago:20260306T090000');
    expect(text).toContain('DTSTART;TZID=America/Chicago:20260309T090000');
    expect(text).toContain('DTEND;TZID=America/Chicago:20260309T110000');
    expect(text).toContain('DTSTAMP:20260301T120000Z');
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(text).not.toContain('LOCATION');
  });
});
