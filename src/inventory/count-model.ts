import { type Static, Type } from 'typebox';
import { DateTime, Nullable, PersonRef, Uuid } from '../platform/http/types.js';
import { WitnessCredentials } from './model.js';

/** API shapes for stock counts and discrepancies, shared by server and UI. Requests are closed; responses allow-list. */

export const CountKind = Type.Union([
  Type.Literal('daily'),
  Type.Literal('biennial'),
  Type.Literal('initial'),
  Type.Literal('other'),
]);
export const CountTiming = Type.Union([Type.Literal('opening'), Type.Literal('close')]);

const Quantity = Type.Integer({ description: 'Exact, in the base unit of the product (µL or devices)' });
const BaseUnit = Type.String({ description: "'microlitre' | 'device'" });

/** What a lot is, as a count sheet or a discrepancy names it. */
export const LotRef = Type.Object({
  lotId: Uuid,
  lotNumber: Type.String(),
  expiresOn: Type.String({ format: 'date' }),
  productId: Uuid,
  productName: Type.String(),
  ndc: Type.String(),
  baseUnit: BaseUnit,
});

export const CountSheetQuery = Type.Object(
  { locationId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

/** One line of the sheet a counter works from: what the ledger expects at one location for one lot. */
export const CountSheetLine = Type.Object({
  ...LotRef.properties,
  locationId: Uuid,
  locationName: Type.String(),
  expected: Quantity,
  expectedMcg: Type.Integer(),
  /** One full container in the base unit (10,000 µL for a 10 mL vial). */
  containerSize: Type.Integer(),
  /** An opened container of this product may be estimated (21 CFR 1304.11(e)(3)). */
  openedMayBeEstimated: Type.Boolean(),
});
export type CountSheetLine = Static<typeof CountSheetLine>;

export const CountSheet = Type.Object({ lines: Type.Array(CountSheetLine) });
export type CountSheet = Static<typeof CountSheet>;

export const CountedLineInput = Type.Object(
  {
    locationId: Uuid,
    lotId: Uuid,
    sealedContainers: Type.Integer({ minimum: 0 }),
    openedQuantity: Type.Integer({ minimum: 0, description: 'Left in the opened container, base unit' }),
    openedEstimated: Type.Boolean(),
    /** The expected quantity the counter saw: if stock moved since, the count is refused. */
    expected: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type CountedLineInput = Static<typeof CountedLineInput>;

export const CountInput = Type.Object(
  {
    /** Omitted: every location of the clinic (a biennial or initial inventory). */
    locationId: Type.Optional(Uuid),
    kind: CountKind,
    takenAt: CountTiming,
    /** When the count was taken; defaults to now. */
    countedAt: Type.Optional(DateTime),
    lines: Type.Array(CountedLineInput, { maxItems: 2000 }),
    witness: WitnessCredentials,
  },
  { additionalProperties: false },
);
export type CountInput = Static<typeof CountInput>;

export const CountLine = Type.Object({
  id: Uuid,
  ...LotRef.properties,
  locationId: Uuid,
  locationName: Type.String(),
  expected: Quantity,
  counted: Quantity,
  difference: Quantity,
  estimated: Type.Boolean(),
  discrepancyId: Nullable(Uuid),
});
export type CountLine = Static<typeof CountLine>;

export const Count = Type.Object({
  id: Uuid,
  locationId: Nullable(Uuid),
  locationName: Nullable(Type.String()),
  kind: CountKind,
  takenAt: CountTiming,
  countedBy: PersonRef,
  witness: PersonRef,
  countedAt: DateTime,
  recordedAt: DateTime,
  lines: Type.Array(CountLine),
  differences: Type.Integer(),
});
export type Count = Static<typeof Count>;

export const CountList = Type.Object({ counts: Type.Array(Count) });
export type CountList = Static<typeof CountList>;

export const CountParams = Type.Object({ clinicId: Uuid, countId: Uuid }, { additionalProperties: false });

// ── Discrepancies ──────────────────────────────────────────────────────────────────────────────────────────

export const DiscrepancySource = Type.Union([
  Type.Literal('count'),
  Type.Literal('administration'),
  Type.Literal('other'),
]);

export const DiscrepancyQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')])),
  },
  { additionalProperties: false },
);

export const Resolution = Type.Object({
  explanation: Type.String(),
  resolvedBy: PersonRef,
  resolvedAt: DateTime,
  adjustmentEntryId: Nullable(Uuid),
});

export const Discrepancy = Type.Object({
  id: Uuid,
  source: DiscrepancySource,
  locationId: Nullable(Uuid),
  locationName: Nullable(Type.String()),
  lot: Nullable(LotRef),
  appointmentId: Nullable(Uuid),
  countId: Nullable(Uuid),
  expectedMcg: Type.Integer(),
  observedMcg: Type.Integer(),
  differenceMcg: Type.Integer(),
  expectedQuantity: Nullable(Quantity),
  observedQuantity: Nullable(Quantity),
  differenceQuantity: Nullable(Quantity),
  note: Nullable(Type.String()),
  openedBy: PersonRef,
  openedAt: DateTime,
  resolution: Nullable(Resolution),
});
export type Discrepancy = Static<typeof Discrepancy>;

export const DiscrepancyList = Type.Object({ discrepancies: Type.Array(Discrepancy) });
export type DiscrepancyList = Static<typeof DiscrepancyList>;

/** A ledger entry behind a discrepancy, as the compliance officer reads it. */
export const EntryBehind = Type.Object({
  id: Uuid,
  kind: Type.String(),
  occurredAt: DateTime,
  lotNumber: Type.String(),
  locationName: Type.String(),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  baseUnit: BaseUnit,
  recordedBy: PersonRef,
  witness: Nullable(PersonRef),
  appointmentId: Nullable(Uuid),
  reversesEntryId: Nullable(Uuid),
  reason: Nullable(Type.String()),
});
export type EntryBehind = Static<typeof EntryBehind>;

export const DiscrepancyDetail = Type.Object({
  discrepancy: Discrepancy,
  /** What the difference was measured on: the count line, or the session's dispense/administer/waste entries. */
  countLine: Nullable(CountLine),
  entries: Type.Array(EntryBehind),
  /** For a count: the entries at this lot and location since the previous count there. */
  entriesSince: Nullable(DateTime),
});
export type DiscrepancyDetail = Static<typeof DiscrepancyDetail>;

export const DiscrepancyParams = Type.Object(
  { clinicId: Uuid, discrepancyId: Uuid },
  { additionalProperties: false },
);

export const ResolutionInput = Type.Object(
  {
    explanation: Type.String({ minLength: 10, maxLength: 4000 }),
    /**
     * Correct the ledger to what was counted with an adjustment entry linked to this discrepancy (count
     * discrepancies of one lot only). Leave false when the explanation shows the ledger was right.
     */
    adjust: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ResolutionInput = Static<typeof ResolutionInput>;
