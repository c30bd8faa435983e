import { and, asc, eq, gte, isNull, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import { dateIn } from '../organisation/core.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Queryable } from '../platform/db/database.js';
import { invalidFields } from '../platform/http/problem.js';
import { addDays, localInstant } from '../schedule/core.js';
import { appointment, clinicHours } from '../schedule/schema.js';
import {
  FAR_FROM_PEERS_Z,
  type HandledEntry,
  LATE_WINDOW_MINUTES,
  MIN_DISPENSES,
  MIN_ENTRIES,
  MIN_PEERS,
  REPEATED_COUNT,
  repeatedSmallDifferences,
  SMALL_DIFFERENCE_SHARE,
  soloLateSignals,
  unmatchedReason,
  wasteShareSignals,
} from './diversion.js';
import type { DiversionQuery, DiversionSignals, SignalEntry } from './report-model.js';
import { ledgerEntry, lot, product, stockCount, stockCountLine, stockLocation } from './schema.js';

/** The rules in words, as the compliance officer reads them next to the signals. */
const rules = [
  `Waste share: micrograms wasted ÷ micrograms dispensed per staff member; listed when the robust z-score (median and median absolute deviation) is above ${FAR_FROM_PEERS_Z}, among staff with at least ${MIN_DISPENSES} dispenses, when at least ${MIN_PEERS} can be compared.`,
  `Solo late handling: entries with no witness outside opening hours or in the last ${LATE_WINDOW_MINUTES} minutes before closing, as a share of each person's entries (at least ${MIN_ENTRIES}), compared the same way.`,
  `Repeated small count differences: ${REPEATED_COUNT} or more count lines at one lot and location whose difference is not zero and at most ${SMALL_DIFFERENCE_SHARE * 100}% of what was expected.`,
  'Administrations without a matching session: no appointment, another patient’s, a cancelled, no-show or rescheduled one, or one on another day.',
];

/** Diversion signals over a period of clinic dates (both inclusive). Reads only. */
export async function diversionSignals(
  db: Queryable,
  scope: Scope,
  query: DiversionQuery,
): Promise<DiversionSignals> {
  const clinicId = clinicOf(scope);
  if (query.to < query.from)
    throw invalidFields([{ path: '/query/to', message: 'must be on or after from' }]);
  const timeZone = await clinicTimeZone(db, clinicId);
  const start = localInstant(query.from, '00:00', timeZone);
  const end = localInstant(addDays(query.to, 1), '00:00', timeZone);

  const recorder = alias(staff, 'recorder');
  const witness = alias(staff, 'witness_staff');
  const reversal = alias(ledgerEntry, 'reversal_entry');
  const [rows, hours, countLines] = await Promise.all([
    db
      .select({
        entry: ledgerEntry,
        productName: product.name,
        baseUnit: product.baseUnit,
        lotNumber: lot.lotNumber,
        byName: recorder.fullName,
        witnessName: witness.fullName,
        appointmentPatientId: appointment.patientId,
        appointmentStatus: appointment.status,
        appointmentStartsAt: appointment.startsAt,
      })
      .from(ledgerEntry)
      .innerJoin(lot, eq(lot.id, ledgerEntry.lotId))
      .innerJoin(product, eq(product.id, lot.productId))
      .innerJoin(recorder, eq(recorder.id, ledgerEntry.recordedBy))
      .leftJoin(witness, eq(witness.id, ledgerEntry.witnessStaffId))
      .leftJoin(appointment, eq(appointment.id, ledgerEntry.appointmentId))
      // Corrected entries and the reversals that corrected them are not handling.
      .leftJoin(reversal, eq(reversal.reversesEntryId, ledgerEntry.id))
      .where(
        and(
          eq(ledgerEntry.clinicId, clinicId),
          gte(ledgerEntry.occurredAt, start),
          lt(ledgerEntry.occurredAt, end),
          isNull(reversal.id),
          isNull(ledgerEntry.reversesEntryId),
        ),
      )
      .orderBy(asc(ledgerEntry.occurredAt)),
    db.select().from(clinicHours).where(eq(clinicHours.clinicId, clinicId)),
    db
      .select({
        id: stockCountLine.id,
        countId: stockCountLine.countId,
        countedAt: stockCount.countedAt,
        lotId: stockCountLine.lotId,
        locationId: stockCountLine.locationId,
        expected: stockCountLine.expected,
        counted: stockCountLine.counted,
        lotNumber: lot.lotNumber,
        productName: product.name,
        baseUnit: product.baseUnit,
        locationName: stockLocation.name,
      })
      .from(stockCountLine)
      .innerJoin(stockCount, eq(stockCount.id, stockCountLine.countId))
      .innerJoin(lot, eq(lot.id, stockCountLine.lotId))
      .innerJoin(product, eq(product.id, lot.productId))
      .innerJoin(stockLocation, eq(stockLocation.id, stockCountLine.locationId))
      .where(
        and(
          eq(stockCountLine.clinicId, clinicId),
          gte(stockCount.countedAt, start),
          lt(stockCount.countedAt, end),
        ),
      ),
  ]);

  const view = new Map<string, SignalEntry>(
    rows.map((r) => [
      r.entry.id,
      {
        id: r.entry.id,
        kind: r.entry.kind,
        occurredAt: r.entry.occurredAt.toISOString(),
        productName: r.productName,
        lotNumber: r.lotNumber,
        quantity: r.entry.quantity,
        baseUnit: r.baseUnit,
        quantityMcg: r.entry.quantityMcg,
        by: { id: r.entry.recordedBy, name: r.byName },
        witness:
          r.entry.witnessStaffId && r.witnessName !== null
            ? { id: r.entry.witnessStaffId, name: r.witnessName }
            : null,
      },
    ]),
  );
  const handled: HandledEntry[] = rows.map((r) => ({
    id: r.entry.id,
    kind: r.entry.kind,
    staffId: r.entry.recordedBy,
    witnessStaffId: r.entry.witnessStaffId,
    occurredAt: r.entry.occurredAt,
    mcg: Math.abs(r.entry.quantityMcg),
  }));
  const names = new Map(rows.map((r) => [r.entry.recordedBy, r.byName]));
  const staffSignal = (s: ReturnType<typeof wasteShareSignals>[number]) => ({
    staff: { id: s.staffId, name: names.get(s.staffId) ?? '' },
    value: s.value,
    peerMedian: s.peerMedian,
    z: s.z,
    entries: s.entryIds.flatMap((id) => view.get(id) ?? []),
  });
  const openingHours = {
    timeZone,
    days: new Map(hours.map((h) => [h.weekday, { opensAt: h.opensAt, closesAt: h.closesAt }])),
  };
  const lineById = new Map(countLines.map((l) => [l.id, l]));

  return {
    from: query.from,
    to: query.to,
    rules,
    wasteShare: wasteShareSignals(handled).map(staffSignal),
    soloLate: soloLateSignals(handled, openingHours).map(staffSignal),
    repeatedCountDifferences: repeatedSmallDifferences(countLines).map((g) => {
      const lines = g.countLineIds.flatMap((id) => lineById.get(id) ?? []);
      const first = lines[0]!;
      return {
        lotNumber: first.lotNumber,
        productName: first.productName,
        locationName: first.locationName,
        netDifference: g.netDifference,
        baseUnit: first.baseUnit,
        countLines: lines.map((l) => ({
          countId: l.countId,
          countedAt: l.countedAt.toISOString(),
          expected: l.expected,
          counted: l.counted,
        })),
      };
    }),
    unmatchedAdministrations: rows
      .filter((r) => r.entry.kind === 'administer')
      .flatMap((r) => {
        const reason = unmatchedReason({
          entryId: r.entry.id,
          patientId: r.entry.patientId,
          occurredOn: dateIn(r.entry.occurredAt, timeZone),
          appointment:
            r.appointmentPatientId && r.appointmentStatus && r.appointmentStartsAt
              ? {
                  patientId: r.appointmentPatientId,
                  status: r.appointmentStatus,
                  startsOn: dateIn(r.appointmentStartsAt, timeZone),
                }
              : null,
        });
        return reason
          ? [
              {
                reason,
                entry: view.get(r.entry.id)!,
                patientId: r.entry.patientId,
                appointmentId: r.entry.appointmentId,
              },
            ]
          : [];
      }),
  };
}
