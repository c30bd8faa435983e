import { type Static, Type } from 'typebox';
import { DateTime, IsoDate, Nullable, PersonRef, Uuid } from '../platform/http/types.js';

/**
 * API shapes of the controlled-substance ledger: registrations, the product catalogue, storage locations, lots,
 * stock and ledger entries. Requests are closed; responses are allow-lists. Quantities are integers of the
 * product's base unit (µL or devices) and of micrograms; `…Display` fields say them as a clinician reads them.
 */

const closed = { additionalProperties: false } as const;
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
/** A positive whole number of the base unit (µL for liquids, devices for nasal sprays). */
const Quantity = Type.Integer({ minimum: 1, maximum: 100_000_000 });
/** DEA registration numbers: two letters and seven digits. */
const DeaNumber = Type.String({ pattern: '^[A-Z]{2}[0-9]{7}$' });
const StateCode = Type.String({ pattern: '^[A-Z]{2}$' });

export const ClinicParams = Type.Object({ clinicId: Uuid }, closed);
export const RegistrationParams = Type.Object({ clinicId: Uuid, registrationId: Uuid }, closed);
export const AppointmentParams = Type.Object({ clinicId: Uuid, appointmentId: Uuid }, closed);

// ── Registrations ────────────────────────────────────────────────────────────────────────────────────────────

export const Schedule = Type.Union([
  Type.Literal('II'),
  Type.Literal('IIN'),
  Type.Literal('III'),
  Type.Literal('IIIN'),
  Type.Literal('IV'),
  Type.Literal('V'),
]);
export type Schedule = Static<typeof Schedule>;
const Schedules = Type.Array(Schedule, { minItems: 1, maxItems: 6, uniqueItems: true });

export const RegistrationKind = Type.Union([Type.Literal('dea'), Type.Literal('state')]);
export type RegistrationKind = Static<typeof RegistrationKind>;

export const RegistrationBody = Type.Object(
  {
    kind: RegistrationKind,
    /** DEA: two letters and seven digits; a state licence number as the state issues it. */
    number: Text(40),
    state: StateCode,
    schedules: Schedules,
    expiresOn: IsoDate,
  },
  closed,
);
export type RegistrationBody = Static<typeof RegistrationBody>;

export const RenewalBody = Type.Object(
  { number: Text(40), schedules: Schedules, expiresOn: IsoDate },
  closed,
);
export type RenewalBody = Static<typeof RenewalBody>;

export const RegistrationView = Type.Object({
  id: Uuid,
  kind: RegistrationKind,
  number: Type.String(),
  state: Type.String(),
  schedules: Type.Array(Schedule),
  expiresOn: IsoDate,
  /** On the clinic's today: 'valid' | 'expiring' (within the first warning) | 'expired'. */
  status: Type.Union([Type.Literal('valid'), Type.Literal('expiring'), Type.Literal('expired')]),
  daysLeft: Type.Integer(),
  /** The warning threshold reached (e.g. 60, 30, 7 days), or null. */
  warningDays: Nullable(Type.Integer()),
  supersedesId: Nullable(Uuid),
  /** Set once renewed: the registration now in force in its place. */
  renewedById: Nullable(Uuid),
  recordedAt: DateTime,
});
export type RegistrationView = Static<typeof RegistrationView>;

export const RegistrationList = Type.Object({
  registrations: Type.Array(RegistrationView),
  /** Whether the location may receive and dispense Schedule III stock today, and if not, why. */
  handling: Type.Object({ allowed: Type.Boolean(), reason: Nullable(Type.String()) }),
});
export type RegistrationList = Static<typeof RegistrationList>;

// ── Products, locations, lots ────────────────────────────────────────────────────────────────────────────────

export const Drug = Type.Union([Type.Literal('ketamine'), Type.Literal('esketamine')]);
export const ProductForm = Type.Union([
  Type.Literal('vial'),
  Type.Literal('nasal_device_pack'),
  Type.Literal('oral_solution'),
  Type.Literal('prefilled_syringe'),
]);
export const BaseUnit = Type.Union([Type.Literal('microlitre'), Type.Literal('device')]);

export const ProductBody = Type.Object(
  {
    ndc: Type.String({ pattern: '^[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}$' }),
    name: Text(200),
    drug: Drug,
    form: ProductForm,
    baseUnit: BaseUnit,
    /** Liquids: micrograms per mL (100 mg/mL = 100000). */
    concentrationMcgPerMl: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    /** Nasal devices: micrograms per device (28 mg = 28000). */
    mcgPerDevice: Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    /** One container in the base unit (a 10 mL vial = 10000; a 3-device pack = 3). */
    containerSize: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  },
  closed,
);
export type ProductBody = Static<typeof ProductBody>;

export const ProductView = Type.Object({
  id: Uuid,
  ndc: Type.String(),
  name: Type.String(),
  drug: Drug,
  form: ProductForm,
  baseUnit: BaseUnit,
  concentrationMcgPerMl: Nullable(Type.Integer()),
  mcgPerDevice: Nullable(Type.Integer()),
  containerSize: Type.Integer(),
  /** e.g. "10 mg/mL, 10.0 mL vial" or "28 mg per device, 3 devices". */
  strengthDisplay: Type.String(),
});
export type ProductView = Static<typeof ProductView>;
export const ProductList = Type.Object({ products: Type.Array(ProductView) });
export type ProductList = Static<typeof ProductList>;

export const LocationKind = Type.Union([Type.Literal('safe'), Type.Literal('cabinet')]);
export const LocationBody = Type.Object({ kind: LocationKind, name: Text(100) }, closed);
export type LocationBody = Static<typeof LocationBody>;
export const LocationView = Type.Object({ id: Uuid, kind: LocationKind, name: Type.String() });
export type LocationView = Static<typeof LocationView>;
export const LocationList = Type.Object({ locations: Type.Array(LocationView) });
export type LocationList = Static<typeof LocationList>;

export const LotBody = Type.Object({ productId: Uuid, lotNumber: Text(60), expiresOn: IsoDate }, closed);
export type LotBody = Static<typeof LotBody>;
export const LotView = Type.Object({
  id: Uuid,
  productId: Uuid,
  lotNumber: Type.String(),
  expiresOn: IsoDate,
  /** On the clinic's today. */
  expired: Type.Boolean(),
});
export type LotView = Static<typeof LotView>;
export const LotList = Type.Object({ lots: Type.Array(LotView) });
export type LotList = Static<typeof LotList>;

// ── Stock ────────────────────────────────────────────────────────────────────────────────────────────────────

export const StockQuery = Type.Object(
  { expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })) },
  closed,
);
export type StockQuery = Static<typeof StockQuery>;

export const StockLine = Type.Object({
  location: LocationView,
  lot: LotView,
  product: ProductView,
  quantity: Type.Integer(),
  quantityDisplay: Type.String(),
  mcg: Type.Integer(),
  milligramsDisplay: Type.String(),
  fullContainers: Type.Integer(),
  /** The rest of an opened container, in the base unit. */
  partialQuantity: Type.Integer(),
  /** Containers, to three decimals (display only). */
  containersDisplay: Type.String(),
  daysToExpiry: Type.Integer(),
});
export type StockLine = Static<typeof StockLine>;
export const StockView = Type.Object({ lines: Type.Array(StockLine) });
export type StockView = Static<typeof StockView>;

// ── Ledger entries ───────────────────────────────────────────────────────────────────────────────────────────

export const EntryKind = Type.Union([
  Type.Literal('receive'),
  Type.Literal('transfer_out'),
  Type.Literal('transfer_in'),
  Type.Literal('dispense'),
  Type.Literal('administer'),
  Type.Literal('waste'),
  Type.Literal('return'),
  Type.Literal('destroy'),
  Type.Literal('loss'),
  Type.Literal('adjustment'),
  Type.Literal('reversal'),
]);

/** A second licensed staff member authenticates on the spot (their own password and authenticator code). */
export const WitnessCredentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totp: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  closed,
);

export const Party = Type.Object({ name: Text(200), address: Text(400), deaNumber: DeaNumber }, closed);
export type Party = Static<typeof Party>;

export const ReceiveBody = Type.Object(
  {
    locationId: Uuid,
    productId: Uuid,
    lotNumber: Text(60),
    lotExpiresOn: IsoDate,
    /** Whole containers received; the quantity is containers × the product's container size. */
    containers: Type.Integer({ minimum: 1, maximum: 10_000 }),
    supplier: Party,
    invoiceNumber: Text(60),
    occurredAt: DateTime,
  },
  closed,
);
export type ReceiveBody = Static<typeof ReceiveBody>;

export const TransferBody = Type.Object(
  {
    lotId: Uuid,
    fromLocationId: Uuid,
    toLocationId: Uuid,
    quantity: Quantity,
    reason: Type.Optional(Text(500)),
    occurredAt: DateTime,
  },
  closed,
);
export type TransferBody = Static<typeof TransferBody>;

export const DispenseBody = Type.Object(
  {
    lotId: Uuid,
    locationId: Uuid,
    appointmentId: Uuid,
    orderId: Uuid,
    quantity: Quantity,
    occurredAt: DateTime,
  },
  closed,
);
export type DispenseBody = Static<typeof DispenseBody>;

/** Giving part of what was dispensed of a lot for the session. */
export const AdministerBody = Type.Object(
  { appointmentId: Uuid, lotId: Uuid, quantity: Quantity, occurredAt: DateTime },
  closed,
);
export type AdministerBody = Static<typeof AdministerBody>;

/**
 * Waste: the unused part of a dose dispensed for a session (appointmentId), or stock broken or spilled in a
 * storage location (locationId) — exactly one of the two. Always witnessed.
 */
export const WasteBody = Type.Object(
  {
    lotId: Uuid,
    appointmentId: Type.Optional(Uuid),
    locationId: Type.Optional(Uuid),
    quantity: Quantity,
    reason: Text(500),
    method: Text(200),
    witness: WitnessCredentials,
    occurredAt: DateTime,
  },
  closed,
);
export type WasteBody = Static<typeof WasteBody>;

export const ReturnedTo = Type.Union([Type.Literal('supplier'), Type.Literal('reverse_distributor')]);
export const ReturnBody = Type.Object(
  {
    lotId: Uuid,
    locationId: Uuid,
    quantity: Quantity,
    returnedTo: ReturnedTo,
    recipient: Party,
    reason: Text(500),
    occurredAt: DateTime,
  },
  closed,
);
export type ReturnBody = Static<typeof ReturnBody>;

/** Destruction of inventory (DEA Form 41): the signer and a witness are the two authorised employees. */
export const DestroyBody = Type.Object(
  {
    lotId: Uuid,
    locationId: Uuid,
    quantity: Quantity,
    method: Text(200),
    /** Where it was destroyed (e.g. "on site, treatment room 2"). */
    place: Text(200),
    reason: Text(500),
    witness: WitnessCredentials,
    occurredAt: DateTime,
  },
  closed,
);
export type DestroyBody = Static<typeof DestroyBody>;

export const LossType = Type.Union([
  Type.Literal('theft'),
  Type.Literal('significant_loss'),
  Type.Literal('loss_in_transit'),
]);
/** Theft or significant loss (DEA Form 106). */
export const LossBody = Type.Object(
  {
    lotId: Uuid,
    locationId: Uuid,
    quantity: Quantity,
    type: LossType,
    discoveredOn: IsoDate,
    circumstances: Text(2000),
    policeReportNumber: Nullable(Text(60)),
    occurredAt: DateTime,
  },
  closed,
);
export type LossBody = Static<typeof LossBody>;

export const ReversalBody = Type.Object({ entryId: Uuid, reason: Text(500) }, closed);
export type ReversalBody = Static<typeof ReversalBody>;

export const EntryQuery = Type.Object(
  {
    kind: Type.Optional(EntryKind),
    lotId: Type.Optional(Uuid),
    locationId: Type.Optional(Uuid),
    appointmentId: Type.Optional(Uuid),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  closed,
);
export type EntryQuery = Static<typeof EntryQuery>;

export const Form41 = Type.Object({
  registrantName: Type.String(),
  registrationNumber: Nullable(Type.String()),
  ndc: Type.String(),
  batch: Type.String(),
  name: Type.String(),
  strength: Type.String(),
  form: Type.String(),
  packageQuantity: Type.String(),
  fullContainers: Type.Integer(),
  partialQuantity: Type.String(),
  total: Type.String(),
  totalMcg: Type.Integer(),
  destroyedOn: IsoDate,
  method: Type.String(),
  place: Type.String(),
  witnesses: Type.Array(Type.String()),
});
export type Form41 = Static<typeof Form41>;

export const Form106 = Type.Object({
  type: LossType,
  discoveredOn: IsoDate,
  writtenNoticeBy: IsoDate,
  form106By: IsoDate,
  circumstances: Type.String(),
  policeReportNumber: Nullable(Type.String()),
});
export type Form106 = Static<typeof Form106>;

/** The kind-specific record kept in ledger_entry.details. */
export interface EntryDetails {
  form41?: Form41;
  form106?: Form106;
  returnedTo?: Static<typeof ReturnedTo>;
}

export const EntryView = Type.Object({
  id: Uuid,
  kind: EntryKind,
  lotId: Uuid,
  lotNumber: Type.String(),
  productId: Uuid,
  productName: Type.String(),
  ndc: Type.String(),
  locationId: Uuid,
  locationName: Type.String(),
  /** What the act is about (a reversal carries the negation of the original's). */
  quantity: Type.Integer(),
  quantityMcg: Type.Integer(),
  quantityDisplay: Type.String(),
  milligramsDisplay: Type.String(),
  /** The act's effect on the location's stock. */
  balanceChange: Type.Integer(),
  containers: Nullable(Type.Integer()),
  patientId: Nullable(Uuid),
  appointmentId: Nullable(Uuid),
  orderId: Nullable(Uuid),
  supplier: Nullable(Type.Object({ name: Type.String(), address: Type.String(), deaNumber: Type.String() })),
  invoiceNumber: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  method: Nullable(Type.String()),
  witness: Nullable(PersonRef),
  returnedTo: Nullable(ReturnedTo),
  form41: Nullable(Form41),
  form106: Nullable(Form106),
  reversesEntryId: Nullable(Uuid),
  reversedByEntryId: Nullable(Uuid),
  transferOutId: Nullable(Uuid),
  discrepancyId: Nullable(Uuid),
  occurredAt: DateTime,
  recordedBy: PersonRef,
  recordedAt: DateTime,
});
export type EntryView = Static<typeof EntryView>;
export const EntryList = Type.Object({ entries: Type.Array(EntryView) });
export type EntryList = Static<typeof EntryList>;

export const AdministrationCloseView = Type.Object({
  appointmentId: Uuid,
  dispensedMcg: Type.Integer(),
  administeredMcg: Type.Integer(),
  wastedMcg: Type.Integer(),
  /** dispensed − (administered + wasted); not zero opens a discrepancy. */
  unaccountedMcg: Type.Integer(),
  discrepancyId: Nullable(Uuid),
});
export type AdministrationCloseView = Static<typeof AdministrationCloseView>;
