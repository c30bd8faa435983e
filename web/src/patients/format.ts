import type { Patient } from '../../../src/patient/model';

export const patientName = (p: Patient) =>
  `${p.givenName} ${p.familyName}${p.preferredName && p.preferredName !== p.givenName ? ` (“${p.preferredName}”)` : ''}`;

/** Age in whole years on `today` (dates as YYYY-MM-DD). */
export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const before = today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d);
  return today.getFullYear() - y - (before ? 1 : 0);
}
