/** Pure rules about clinics: no I/O. */

/** US states, DC and territories where a clinic can hold a DEA registration. */
export const usStateCodes = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
  'GU',
  'VI',
  'AS',
  'MP',
] as const;
export type UsStateCode = (typeof usStateCodes)[number];

export function isUsStateCode(value: string): value is UsStateCode {
  return (usStateCodes as readonly string[]).includes(value);
}

/** An IANA zone the runtime knows (so daylight-saving rules apply), e.g. `America/Denver`. */
export function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** North American numbers: 10 digits after an optional +1, with the usual separators. Returns E.164 or undefined. */
export function normalisePhone(value: string): string | undefined {
  const digits = value.replace(/[\s().-]/g, '');
  const match = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/.exec(digits);
  return match ? `+1${match[1]}` : undefined;
}

/** The calendar date of an instant in a time zone (YYYY-MM-DD), for date-only rules such as licence expiry. */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}
