/**
 * Diversion signals for the compliance officer: patterns worth a look, never an accusation. Each signal names the
 * ledger entries or count lines behind it so the officer can read the records themselves. Pure: values in, values
 * out; the service gathers the records.
 *
 * The rules:
 * - Waste share: per staff member, micrograms wasted ÷ micrograms dispensed over the period. Far from peers means
 *   a robust z-score (0.6745 × (x − median) ÷ MAD, Iglewicz and Hoaglin) above 3.5, compared only among staff who
 *   dispensed at least MIN_DISPENSES times, and only when at least MIN_PEERS such staff exist.
 * - Solo late handling: an entry handled alone (no witness) outside the clinic's opening hours or in the last
 *   LATE_WINDOW_MINUTES before closing. Per staff member, the share of their entries that are solo late, compared
 *   the same way; with at least MIN_ENTRIES entries.
 * - Repeated small count differences: at one lot in one location, at least REPEATED_COUNT count lines in the
 *   period whose difference is not zero and at most SMALL_DIFFERENCE_SHARE of the expected quantity (a pattern of
 *   small shortfalls is how skimming looks; large ones already stand out).
 * - Administrations without a matching session: an administration with no appointment, an appointment of another
 *   patient, a cancelled, no-show or rescheduled appointment, or one on a different day.
 */

export const FAR_FROM_PEERS_Z = 3.5;
export const MIN_PEERS = 3;
export const MIN_DISPENSES = 3;
export const MIN_ENTRIES = 5;
export const LATE_WINDOW_MINUTES = 60;
export const REPEATED_COUNT = 3;
export const SMALL_DIFFERENCE_SHARE = 0.05;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Robust z-scores of each value against the group. When more than half the group is identical the MAD is zero;
 * then the mean absolute deviation (scaled by 1.2533 to match a normal spread) stands in. All values equal: all 0.
 */
export function robustZ(values: readonly number[]): number[] {
  const m = median(values);
  const deviations = values.map((v) => Math.abs(v - m));
  const mad = median(deviations);
  if (mad > 0) return values.map((v) => (0.6745 * (v - m)) / mad);
  const meanAd = deviations.reduce((a, b) => a + b, 0) / values.length;
  if (meanAd === 0) return values.map(() => 0);
  return values.map((v) => (v - m) / (1.253314 * meanAd));
}

export interface HandledEntry {
  id: string;
  kind: string;
  staffId: string;
  witnessStaffId: string | null;
  occurredAt: Date;
  /** Micrograms moved (absolute); 0 for device-counted products. */
  mcg: number;
}

export interface OpeningHours {
  timeZone: string;
  /** By ISO weekday (1 = Monday); a missing day is closed. Local 'HH:MM'. */
  days: ReadonlyMap<number, { opensAt: string; closesAt: string }>;
}

export interface StaffSignal {
  staffId: string;
  /** The staff member's figure (a share, 0–1) and the median of everyone compared. */
  value: number;
  peerMedian: number;
  z: number;
  entryIds: string[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localWeekdayAndMinute(at: Date, timeZone: string): { weekday: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Outside opening hours, or within the last hour before closing. */
export function isLate(at: Date, hours: OpeningHours): boolean {
  const { weekday, minute } = localWeekdayAndMinute(at, hours.timeZone);
  const day = hours.days.get(weekday);
  if (!day) return true;
  return minute < minutesOf(day.opensAt) || minute >= minutesOf(day.closesAt) - LATE_WINDOW_MINUTES;
}

/** Compares each staff member's share with their peers'; returns those far above. */
function farAbove(shares: { staffId: string; value: number; entryIds: string[] }[]): StaffSignal[] {
  if (shares.length < MIN_PEERS) return [];
  const zs = robustZ(shares.map((s) => s.value));
  const peerMedian = median(shares.map((s) => s.value));
  return shares
    .map((s, i) => ({ ...s, peerMedian, z: zs[i]! }))
    .filter((s) => s.z > FAR_FROM_PEERS_Z)
    .sort((a, b) => b.z - a.z);
}

/** Staff whose wasted share of what they dispensed stands far above their peers'. */
export function wasteShareSignals(entries: readonly HandledEntry[]): StaffSignal[] {
  const byStaff = new Map<string, { dispensed: number; wasted: number; dispenses: number; ids: string[] }>();
  for (const e of entries) {
    if (e.kind !== 'dispense' && e.kind !== 'waste') continue;
    const s = byStaff.get(e.staffId) ?? { dispensed: 0, wasted: 0, dispenses: 0, ids: [] };
    if (e.kind === 'dispense') {
      s.dispensed += e.mcg;
      s.dispenses += 1;
    } else {
      s.wasted += e.mcg;
      s.ids.push(e.id);
    }
    byStaff.set(e.staffId, s);
  }
  return farAbove(
    [...byStaff]
      .filter(([, s]) => s.dispenses >= MIN_DISPENSES && s.dispensed > 0)
      .map(([staffId, s]) => ({ staffId, value: s.wasted / s.dispensed, entryIds: s.ids })),
  );
}

/** Staff who handle stock alone, late or after hours, far more often than their peers. */
export function soloLateSignals(entries: readonly HandledEntry[], hours: OpeningHours): StaffSignal[] {
  const byStaff = new Map<string, { total: number; ids: string[] }>();
  for (const e of entries) {
    const s = byStaff.get(e.staffId) ?? { total: 0, ids: [] };
    s.total += 1;
    if (e.witnessStaffId === null && isLate(e.occurredAt, hours)) s.ids.push(e.id);
    byStaff.set(e.staffId, s);
  }
  return farAbove(
    [...byStaff]
      .filter(([, s]) => s.total >= MIN_ENTRIES)
      .map(([staffId, s]) => ({ staffId, value: s.ids.length / s.total, entryIds: s.ids })),
  ).filter((s) => s.entryIds.length > 0);
}

export interface CountLineRecord {
  id: string;
  lotId: string;
  locationId: string;
  expected: number;
  counted: number;
}

export interface CountPatternSignal {
  lotId: string;
  locationId: string;
  /** The sum of the small differences (negative: stock short). */
  netDifference: number;
  countLineIds: string[];
}

export function isSmallDifference(line: Pick<CountLineRecord, 'expected' | 'counted'>): boolean {
  const difference = Math.abs(line.counted - line.expected);
  return difference > 0 && line.expected > 0 && difference <= line.expected * SMALL_DIFFERENCE_SHARE;
}

/** Lots at a location whose counts keep coming out a little different. */
export function repeatedSmallDifferences(lines: readonly CountLineRecord[]): CountPatternSignal[] {
  const groups = new Map<string, CountPatternSignal>();
  for (const line of lines) {
    if (!isSmallDifference(line)) continue;
    const key = `${line.lotId}|${line.locationId}`;
    const group = groups.get(key) ?? {
      lotId: line.lotId,
      locationId: line.locationId,
      netDifference: 0,
      countLineIds: [],
    };
    group.netDifference += line.counted - line.expected;
    group.countLineIds.push(line.id);
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.countLineIds.length >= REPEATED_COUNT);
}

export interface AdministrationRecord {
  entryId: string;
  patientId: string | null;
  occurredOn: string;
  appointment: { patientId: string; status: string; startsOn: string } | null;
}

export type UnmatchedReason =
  | 'no appointment'
  | 'appointment of another patient'
  | 'appointment cancelled'
  | 'appointment marked no-show'
  | 'appointment rescheduled'
  | 'appointment on another day';

/** Why an administration does not match a session it could have been given in, or null when it does. */
export function unmatchedReason(a: AdministrationRecord): UnmatchedReason | null {
  if (!a.appointment) return 'no appointment';
  if (a.appointment.patientId !== a.patientId) return 'appointment of another patient';
  if (a.appointment.status === 'cancelled') return 'appointment cancelled';
  if (a.appointment.status === 'no_show') return 'appointment marked no-show';
  if (a.appointment.status === 'rescheduled') return 'appointment rescheduled';
  if (a.appointment.startsOn !== a.occurredOn) return 'appointment on another day';
  return null;
}
