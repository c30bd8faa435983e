import { describe, expect, it } from 'vitest';
import { isTimeZone, isUsStateCode, normalisePhone } from './core.js';

describe('clinic rules', () => {
  it.each(['America/Denver', 'America/New_York', 'Pacific/Honolulu', 'America/Puerto_Rico', 'UTC'])(
    'knows the time zone %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );
  it.each(['Mountain', 'MST', 'America/Springfield', '', 'EST5EDT/x'])('refuses %s as a time zone', (zone) =>
    expect(isTimeZone(zone)).toBe(false),
  );

  it.each([
    ['(217) 555-0100', '+12175550100'],
    ['217-555-0100', '+12175550100'],
    ['+1 217 555 0100', '+12175550100'],
    ['12175550100', '+12175550100'],
  ])('normalises %s', (raw, e164) => expect(normalisePhone(raw)).toBe(e164));

  it.each(['555-0100', '(017) 555-0100', '+44 20 7946 0000', 'call us'])(
    'refuses %s as a phone number',
    (raw) => expect(normalisePhone(raw)).toBeUndefined(),
  );

  it('knows states and territories, not made-up codes', () => {
    expect(isUsStateCode('CO')).toBe(true);
    expect(isUsStateCode('PR')).toBe(true);
    expect(isUsStateCode('XX')).toBe(false);
    expect(isUsStateCode('co')).toBe(false);
  });
});
