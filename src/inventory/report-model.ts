import { type Static, Type } from 'typebox';
import { DateTime, IsoDate, Nullable, PersonRef, Uuid } from '../platform/http/types.js';
import { reconciliationColumns } from './report-core.js';

/** API shapes for the controlled-substance reports and diversion signals, shared by server and UI. */

export const reportNames = [
  'dispensing',
  'receipts',
  'biennial-inventory',
  'reconciliation',
  'expiring-lots',
  'form-41',
  'form-106',
] as const;
export type ReportName = (typeof reportNames)[number];
export const ReportName = Type.Union([
  Type.Literal('dispensing'),
  Type.Literal('receipts'),
  Type.Literal('biennial-inventory'),
  Type.Literal('reconciliation'),
  Type.Literal('expiring-lots'),
  Type.Literal('form-41'),
  Type.Literal('form-106'),
]);

export const reportTitles: Record<ReportName, string> = {
  dispensing: 'Dispensing and administration log',
  receipts: 'Receipt records',
  'biennial-inventory': 'Inventory of controlled substances',
  reconciliation: 'Reconciliation',
  'expiring-lots': 'Expiring lots',
  'form-41': 'Draft DEA Form 41 data (registrant record of controlled substances destroyed)',
  'form-106': 'Draft DEA Form 106 data (report of theft or loss)',
};

/** One query for every report; each report reads the part it needs (a period, a horizon, a count). */
export const ReportQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    /** Expiring lots: how many days ahead (default 90). */
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    /** The inventory: which count (default the latest biennial or initial inventory). */
    countId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

export const ReportFileParams = Type.Object(
  { clinicId: Uuid, report: ReportName },
  { additionalProperties: false },
);

const Header = {
  clinicName: Type.String(),
  deaNumber: Nullable(Type.String()),
  /** The period in words, in the clinic's time zone. */
  period: Type.String(),
  generatedAt: DateTime,
};

const LotColumns = {
  productName: Type.String(),
  ndc: Type.String(),
  drug: Type.String(),
  form: Type.String(),
  strength: Type.String(),
  lotNumber: Type.String(),
  baseUnit: Type.String(),
};

export const DispensingRow = Type.Object({
  entryId: Uuid,
  kind: Type.String(),
  occurredAt: DateTime,
  patientName: Nullable(Type.String()),
  patientAddress: Nullable(Type.String()),
  ...LotColumns,
  locationName: Type.String(),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  by: PersonRef,
  witness: Nullable(PersonRef),
  appointmentId: Nullable(Uuid),
  reversed: Type.Boolean(),
});
export const DispensingReport = Type.Object({ ...Header, rows: Type.Array(DispensingRow) });
export type DispensingReport = Static<typeof DispensingReport>;

export const ReceiptRow = Type.Object({
  entryId: Uuid,
  occurredAt: DateTime,
  ...LotColumns,
  locationName: Type.String(),
  containers: Nullable(Type.Integer()),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  supplierName: Nullable(Type.String()),
  supplierAddress: Nullable(Type.String()),
  supplierDeaNumber: Nullable(Type.String()),
  invoiceNumber: Nullable(Type.String()),
  by: PersonRef,
  reversed: Type.Boolean(),
});
export const ReceiptReport = Type.Object({ ...Header, rows: Type.Array(ReceiptRow) });
export type ReceiptReport = Static<typeof ReceiptReport>;

export const InventoryRow = Type.Object({
  ...LotColumns,
  expiresOn: IsoDate,
  locationName: Type.String(),
  containerSize: Type.Integer(),
  sealedContainers: Type.Integer(),
  openedQuantity: Type.Integer(),
  /** How the opened container was counted: 'estimated' | 'exact' | 'none open'. */
  opened: Type.String(),
  total: Type.Integer(),
  totalMcg: Type.Integer(),
});
export const InventoryReport = Type.Object({
  ...Header,
  countId: Uuid,
  kind: Type.String(),
  /** "Taken at close of business" / "opening of business": 21 CFR 1304.11(a) asks it to be stated. */
  takenAt: Type.String(),
  countedAt: DateTime,
  countedBy: PersonRef,
  witness: PersonRef,
  rows: Type.Array(InventoryRow),
});
export type InventoryReport = Static<typeof InventoryReport>;

export const ReconciliationMovements = Type.Object(
  Object.fromEntries(reconciliationColumns.map((c) => [c, Type.Integer()])) as Record<
    (typeof reconciliationColumns)[number],
    ReturnType<typeof Type.Integer>
  >,
);
export const ReconciliationRow = Type.Object({
  ...LotColumns,
  locationName: Type.String(),
  opening: Type.Integer(),
  movements: ReconciliationMovements,
  arithmeticClosing: Type.Integer(),
  ledgerClosing: Type.Integer(),
  mismatch: Type.Boolean(),
});
export type ReconciliationRow = Static<typeof ReconciliationRow>;
export const ReconciliationReport = Type.Object({
  ...Header,
  from: IsoDate,
  to: IsoDate,
  rows: Type.Array(ReconciliationRow),
  mismatches: Type.Integer(),
});
export type ReconciliationReport = Static<typeof ReconciliationReport>;

export const ExpiringRow = Type.Object({
  ...LotColumns,
  expiresOn: IsoDate,
  daysLeft: Type.Integer(),
  locationName: Type.String(),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
});
export const ExpiringReport = Type.Object({ ...Header, days: Type.Integer(), rows: Type.Array(ExpiringRow) });
export type ExpiringReport = Static<typeof ExpiringReport>;

export const Form41Row = Type.Object({
  entryId: Uuid,
  occurredAt: DateTime,
  ...LotColumns,
  packageQuantity: Type.Integer(),
  fullContainers: Type.Integer(),
  partialQuantity: Type.Integer(),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  method: Nullable(Type.String()),
  locationName: Type.String(),
  by: PersonRef,
  witness: Nullable(PersonRef),
  reversed: Type.Boolean(),
});
export const Form41Report = Type.Object({ ...Header, rows: Type.Array(Form41Row) });
export type Form41Report = Static<typeof Form41Report>;

export const Form106Row = Type.Object({
  entryId: Uuid,
  occurredAt: DateTime,
  discoveredOn: IsoDate,
  noticeDueBy: IsoDate,
  form106DueBy: IsoDate,
  /** What the entry says about the loss (theft, break-in, lost in transit…). */
  circumstances: Nullable(Type.String()),
  ...LotColumns,
  locationName: Type.String(),
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  by: PersonRef,
  reversed: Type.Boolean(),
});
export const Form106Report = Type.Object({ ...Header, rows: Type.Array(Form106Row) });
export type Form106Report = Static<typeof Form106Report>;

// ── Diversion signals ──────────────────────────────────────────────────────────────────────────────────────

export const DiversionQuery = Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false });
export type DiversionQuery = Static<typeof DiversionQuery>;

export const SignalEntry = Type.Object({
  id: Uuid,
  kind: Type.String(),
  occurredAt: DateTime,
  productName: Type.String(),
  lotNumber: Type.String(),
  quantity: Type.Integer(),
  baseUnit: Type.String(),
  quantityMcg: Type.Integer(),
  by: PersonRef,
  witness: Nullable(PersonRef),
});
export type SignalEntry = Static<typeof SignalEntry>;

export const StaffSignal = Type.Object({
  staff: PersonRef,
  value: Type.Number({ description: 'A share, 0–1' }),
  peerMedian: Type.Number(),
  z: Type.Number(),
  entries: Type.Array(SignalEntry),
});

export const CountPatternSignal = Type.Object({
  lotNumber: Type.String(),
  productName: Type.String(),
  locationName: Type.String(),
  netDifference: Type.Integer(),
  baseUnit: Type.String(),
  countLines: Type.Array(
    Type.Object({
      countId: Uuid,
      countedAt: DateTime,
      expected: Type.Integer(),
      counted: Type.Integer(),
    }),
  ),
});

export const UnmatchedAdministration = Type.Object({
  reason: Type.String(),
  entry: SignalEntry,
  patientId: Nullable(Uuid),
  appointmentId: Nullable(Uuid),
});

export const DiversionSignals = Type.Object({
  from: IsoDate,
  to: IsoDate,
  /** The rules in words, so the officer knows what "far from peers" meant. */
  rules: Type.Array(Type.String()),
  wasteShare: Type.Array(StaffSignal),
  soloLate: Type.Array(StaffSignal),
  repeatedCountDifferences: Type.Array(CountPatternSignal),
  unmatchedAdministrations: Type.Array(UnmatchedAdministration),
});
export type DiversionSignals = Static<typeof DiversionSignals>;
