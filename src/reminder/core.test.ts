import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channels,
  dedupeKey,
  fastingText,
  localTime,
  type MessageFacts,
  messageKinds,
  nextDayAt,
  PORTAL_LINK,
  plannedMessages,
  recipientsFor,
  renderMessage,
  withPortalLink,
} from './core.js';

const timings = {
  firstReminderHours: 48,
  secondReminderHours: 24,
  escortConfirmationOpensHours: 72,
  followUpNextDayHour: 10,
  preSessionWindowHours: 24,
};
const chicago = 'America/Chicago';
const hours = (n: number) => n * 3_600_000;

describe('plannedMessages', () => {
  const startsAt = new Date('2026-03-06T15:00:00Z');

  it('books a week ahead: every message at its time', () => {
    const now = new Date('2026-02-27T15:00:00Z');
    expect(plannedMessages(startsAt, chicago, timings, now)).toEqual([
      { kind: 'booking_confirmation', sendAfter: now },
      { kind: 'reminder', hours: 48, sendAfter: new Date('2026-03-04T15:00:00Z') },
      { kind: 'reminder', hours: 24, sendAfter: new Date('2026-03-05T15:00:00Z') },
      { kind: 'escort_request', sendAfter: new Date('2026-03-03T15:00:00Z') },
      { kind: 'questionnaire_due', sendAfter: new Date('2026-03-05T15:00:00Z') },
      { kind: 'follow_up', sendAfter: new Date('2026-03-07T16:00:00Z') },
    ]);
  });

  it('booked 30 hours ahead: no 48 h reminder, escort request and questionnaire at once or when open', () => {
    const now = new Date(startsAt.getTime() - hours(30));
    const planned = plannedMessages(startsAt, chicago, timings, now);
    expect(planned.map((p) => [p.kind, p.hours, p.sendAfter])).toEqual([
      ['booking_confirmation', undefined, now],
      ['reminder', 24, new Date(startsAt.getTime() - hours(24))],
      ['escort_request', undefined, now],
      ['questionnaire_due', undefined, new Date(startsAt.getTime() - hours(24))],
      ['follow_up', undefined, new Date('2026-03-07T16:00:00Z')],
    ]);
  });

  it('one reminder when both are set to the same hours', () => {
    const now = new Date('2026-02-27T15:00:00Z');
    const planned = plannedMessages(startsAt, chicago, { ...timings, secondReminderHours: 48 }, now);
    expect(planned.filter((p) => p.kind === 'reminder')).toHaveLength(1);
  });

  it('never schedules a message before now, nor a reminder after the start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -hours(48), max: hours(24 * 30) }),
        fc.integer({ min: 2, max: 168 }),
        fc.integer({ min: 1, max: 72 }),
        fc.integer({ min: 1, max: 336 }),
        fc.integer({ min: 6, max: 20 }),
        fc.integer({ min: 1, max: 168 }),
        (lead, first, second, escort, hour, window) => {
          const now = new Date(startsAt.getTime() - lead);
          const planned = plannedMessages(
            startsAt,
            chicago,
            {
              firstReminderHours: first,
              secondReminderHours: second,
              escortConfirmationOpensHours: escort,
              followUpNextDayHour: hour,
              preSessionWindowHours: window,
            },
            now,
          );
          for (const p of planned) {
            expect(p.sendAfter.getTime()).toBeGreaterThanOrEqual(now.getTime());
            if (p.kind !== 'follow_up')
              expect(p.sendAfter <= startsAt || p.kind === 'booking_confirmation').toBe(true);
          }
          expect(planned.filter((p) => p.kind === 'booking_confirmation')).toHaveLength(1);
          expect(planned.filter((p) => p.kind === 'follow_up')).toHaveLength(1);
          // Keys are unique per appointment and channel.
          const keys = planned.map((p) => dedupeKey('a', p, 'email'));
          expect(new Set(keys).size).toBe(keys.length);
        },
      ),
    );
  });
});

describe('nextDayAt (clinic-local, DST-safe)', () => {
  it('is 10:00 local the next day across the spring-forward night', () => {
    // Sat 7 Mar 2026 evening in Chicago (CST, UTC−6); clocks go forward on Sun 8 Mar → CDT, UTC−5.
    expect(nextDayAt(new Date('2026-03-08T01:00:00Z'), chicago, 10)).toEqual(
      new Date('2026-03-08T15:00:00Z'),
    );
    expect(nextDayAt(new Date('2026-03-08T15:00:00Z'), chicago, 10)).toEqual(
      new Date('2026-03-09T15:00:00Z'),
    );
  });

  it('is 10:00 local the next day across the fall-back night', () => {
    // Sat 31 Oct 2026, 9 PM CDT → Sun 1 Nov 10:00 CST (UTC−6).
    expect(nextDayAt(new Date('2026-11-01T02:00:00Z'), chicago, 10)).toEqual(
      new Date('2026-11-01T16:00:00Z'),
    );
  });

  it('counts the day in the clinic’s zone, not UTC', () => {
    // 11 PM Mon in Los Angeles is already Tuesday in UTC: the follow-up is Tuesday 10:00 Los Angeles.
    expect(nextDayAt(new Date('2026-06-02T06:00:00Z'), 'America/Los_Angeles', 10)).toEqual(
      new Date('2026-06-02T17:00:00Z'),
    );
  });

  it('always lands at the hour, local, 1 to 2 days after the start', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(
          'America/Chicago',
          'America/New_York',
          'America/Denver',
          'America/Phoenix',
          'Pacific/Honolulu',
        ),
        fc.integer({ min: 6, max: 20 }),
        (start, zone, hour) => {
          const at = nextDayAt(start, zone, hour);
          expect(localTime(at, zone)).toMatch(
            new RegExp(`, ${hour % 12 || 12}:00 ${hour < 12 ? 'AM' : 'PM'}$`),
          );
          const gap = at.getTime() - start.getTime();
          expect(gap).toBeGreaterThan(0);
          expect(gap).toBeLessThan(hours(49));
        },
      ),
    );
  });
});

describe('recipientsFor', () => {
  const both = { email: 'a@example.org', phone: '+12175550142' };
  it('is email by default, SMS only when opted in', () => {
    expect(recipientsFor(both, null)).toEqual([{ channel: 'email', recipient: 'a@example.org' }]);
    expect(recipientsFor(both, { email: true, sms: true })).toEqual([
      { channel: 'email', recipient: 'a@example.org' },
      { channel: 'sms', recipient: '+12175550142' },
    ]);
    expect(recipientsFor(both, { email: false, sms: true })).toEqual([
      { channel: 'sms', recipient: '+12175550142' },
    ]);
  });
  it('falls back to the channel the clinic can reach when the chosen one has no address', () => {
    expect(recipientsFor({ email: null, phone: '+12175550142' }, null)).toEqual([
      { channel: 'sms', recipient: '+12175550142' },
    ]);
    expect(recipientsFor({ email: 'a@example.org', phone: null }, { email: false, sms: true })).toEqual([
      { channel: 'email', recipient: 'a@example.org' },
    ]);
    expect(recipientsFor({ email: null, phone: null }, { email: true, sms: true })).toEqual([]);
  });
});

describe('dedupeKey', () => {
  it('names appointment, kind, hours and channel', () => {
    expect(dedupeKey('apt', { kind: 'reminder', hours: 24 }, 'sms')).toBe('apt:reminder:24:sms');
    expect(dedupeKey('apt', { kind: 'booking_confirmation' }, 'email')).toBe(
      'apt:booking_confirmation:email',
    );
  });
});

describe('fastingText', () => {
  it.each([
    [
      { noFoodHours: 2, noLiquidsMinutes: 30 },
      'No food for 2 hours before, no liquids for 30 minutes before',
    ],
    [{ noFoodHours: 1, noLiquidsMinutes: 60 }, 'No food for 1 hour before, no liquids for 1 hour before'],
    [{ noFoodHours: 6, noLiquidsMinutes: 0 }, 'No food for 6 hours before'],
    [{ noFoodHours: 0, noLiquidsMinutes: 120 }, 'No liquids for 2 hours before'],
    [{ noFoodHours: 0, noLiquidsMinutes: 0 }, 'No fasting is needed before this session'],
  ])('%j → %s', (fasting, text) => expect(fastingText(fasting)).toBe(text));
});

describe('renderMessage', () => {
  const facts: MessageFacts = {
    clinicName: 'Demo Ketamine Clinic — Springfield',
    clinicPhone: '+12175550100',
    timeZone: chicago,
    startsAt: new Date('2026-03-03T15:00:00Z'),
    route: 'intranasal',
    fasting: { noFoodHours: 2, noLiquidsMinutes: 30 },
    preparationNote: 'Take a nasal steroid at least 1 hour before.',
  };

  it('writes the reminder with the local time, fasting, what to bring, escort and no-driving rules and the link', () => {
    const { subject, body } = renderMessage({ kind: 'reminder', hours: 24 }, 'email', facts);
    expect(subject).toBe('Reminder: Tue 3 Mar, 9:00 AM at Demo Ketamine Clinic — Springfield');
    expect(body).toContain('esketamine nasal spray session');
    expect(body).toContain('No food for 2 hours before, no liquids for 30 minutes before.');
    expect(body).toContain('Take a nasal steroid at least 1 hour before.');
    expect(body).toContain('Bring a photo ID');
    expect(body).toContain('An adult escort must take you home');
    expect(body).toContain('Do not drive, cycle or use machinery until the next day');
    expect(body).toContain(PORTAL_LINK);
    expect(body).not.toMatch(/chair/i);
  });

  it('renders every kind on every channel; SMS stays short and no message names a diagnosis or score', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...messageKinds),
        fc.constantFrom(...channels),
        // Letters that cannot spell a clinical word, so the check below tests our own wording.
        fc.string({ unit: fc.constantFrom('K', 'e', 't', 'x', 'y', ' ', '—'), minLength: 1, maxLength: 60 }),
        fc.constantFrom('iv', 'im', 'intranasal', 'oral' as const),
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2030-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (kind, channel, clinicName, route, startsAt) => {
          const { subject, body } = renderMessage({ kind, hours: 24 }, channel, {
            ...facts,
            clinicName,
            route,
            startsAt,
          });
          expect(subject.length).toBeGreaterThan(0);
          expect(body).toContain(clinicName);
          if (channel === 'sms')
            expect(withPortalLink(body, 'https://portal.example.org').length).toBeLessThanOrEqual(320);
          expect(`${subject} ${body}`).not.toMatch(/PHQ|score|diagnos|F33/i);
        },
      ),
    );
  });

  it('fills the portal link with the server address', () => {
    expect(withPortalLink(`Open ${PORTAL_LINK}`, 'https://ketacare.example.org/')).toBe(
      'Open https://ketacare.example.org/portal/appointments',
    );
  });
});
