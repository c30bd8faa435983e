import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { staff } from '../identity/schema.js';
import { medicationOrder } from '../order/schema.js';
import { clinic } from '../organisation/schema.js';
import { patient } from '../patient/schema.js';
import { idColumn, instant } from '../platform/db/columns.js';
import { appointment } from '../schedule/schema.js';

/**
 * The Schedule III ledger (21 CFR 1304). A clinic is one registered location; inside it, stock sits in storage
 * locations (a safe, a locked cabinet). Every quantity is an exact integer of the product's base unit
 * (microlitres or devices) with its exact microgram equivalent: never a fraction, never floating point.
 *
 * The ledger is the only source of truth: `stock_balance` is maintained by a trigger on `ledger_entry` (migration
 * `ledger_balances_append_only`), a CHECK keeps it from going negative, and direct writes to it are refused, so
 * the balance always equals the sum of the entries. Registrations, entries, counts and discrepancies are
 * append-only: a renewal is a new registration superseding the old one; a mistake is a reversing entry.
 */

/** A DEA registration (per location, for the schedules it lists) or the state controlled-substance licence it rests on. */
export const csRegistration = pgTable(
  'cs_registration',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** 'dea' | 'state' */
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    /** The issuing state for a state licence; the registered location's state for a DEA registration. */
    state: text('state').notNull(),
    /** DEA schedule codes: 'II' | 'IIN' | 'III' | 'IIIN' | 'IV' | 'V'. Ketamine and esketamine need 'III'. */
    schedules: text('schedules').array().notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    /** A renewal supersedes the registration it renews (at most once). */
    supersedesId: uuid('supersedes_id').references((): AnyPgColumn => csRegistration.id),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => staff.id),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('cs_registration_clinic_idx').on(t.clinicId, t.kind),
    uniqueIndex('cs_registration_supersedes_uq').on(t.supersedesId),
    check('cs_registration_kind_known', sql`${t.kind} in ('dea', 'state')`),
    check('cs_registration_state_code', sql`${t.state} ~ '^[A-Z]{2}$'`),
  ],
);

/** The clinic's catalogue of controlled products, one row per NDC package. */
export const product = pgTable(
  'product',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** 11-digit NDC in its labeller-product-package form, e.g. '50458-028-02'. */
    ndc: text('ndc').notNull(),
    name: text('name').notNull(),
    /** 'ketamine' | 'esketamine' */
    drug: text('drug').notNull(),
    /** 'vial' | 'nasal_device_pack' | 'oral_solution' | 'prefilled_syringe' */
    form: text('form').notNull(),
    /** 'microlitre' for liquids, 'device' for esketamine nasal sprays: the unit every ledger quantity is in. */
    baseUnit: text('base_unit').notNull(),
    /** Liquids only: micrograms per millilitre (100 mg/mL = 100000). */
    concentrationMcgPerMl: integer('concentration_mcg_per_ml'),
    /** Devices only: micrograms per device (Spravato 28 mg = 28000). */
    mcgPerDevice: integer('mcg_per_device'),
    /** One container (a vial, a pack) in the base unit: 10 mL = 10000 µL; a 3-device pack = 3. */
    containerSize: integer('container_size').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('product_ndc_uq').on(t.clinicId, t.ndc),
    check('product_drug_known', sql`${t.drug} in ('ketamine', 'esketamine')`),
    check('product_container_positive', sql`${t.containerSize} > 0`),
    check(
      'product_unit_strength',
      sql`(${t.baseUnit} = 'microlitre' and ${t.concentrationMcgPerMl} > 0 and ${t.mcgPerDevice} is null)
        or (${t.baseUnit} = 'device' and ${t.mcgPerDevice} > 0 and ${t.concentrationMcgPerMl} is null)`,
    ),
  ],
);

/** Where stock is kept inside the registered location: a safe or a securely locked cabinet (1301.75). */
export const stockLocation = pgTable(
  'stock_location',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** 'safe' | 'cabinet' */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('stock_location_name_uq').on(t.clinicId, sql`lower(${t.name})`),
    check('stock_location_kind_known', sql`${t.kind} in ('safe', 'cabinet')`),
  ],
);

/** A manufacturer's lot of one product, with its expiry. */
export const lot = pgTable(
  'lot',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    productId: uuid('product_id')
      .notNull()
      .references(() => product.id),
    lotNumber: text('lot_number').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('lot_number_uq').on(t.clinicId, t.productId, t.lotNumber)],
);

/**
 * One act on controlled stock, signed by the staff member who recorded it (after step-up). Append-only.
 *
 * `quantity` / `quantityMcg` is what the act is about (received, dispensed, given, wasted…), positive; a reversal
 * carries the exact negation of the entry it reverses. `balanceChange` is the act's effect on the balance of
 * (location, lot): dispensing takes stock out of the safe; giving and wasting the dispensed dose then account for
 * it without touching the safe again, so per appointment dispensed = administered + wasted. Waste without an
 * appointment (a vial broken in the safe) comes out of stock. The CHECKs below hold every kind to that shape.
 */
export const ledgerEntry = pgTable(
  'ledger_entry',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /**
     * 'receive' | 'transfer_out' | 'transfer_in' | 'dispense' | 'administer' | 'waste' | 'return' | 'destroy' |
     * 'loss' | 'adjustment' | 'reversal'
     */
    kind: text('kind').notNull(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lot.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocation.id),
    quantity: bigint('quantity', { mode: 'number' }).notNull(),
    quantityMcg: bigint('quantity_mcg', { mode: 'number' }).notNull(),
    balanceChange: bigint('balance_change', { mode: 'number' }).notNull(),
    /** Whole containers received, returned or destroyed (the DEA receipt record names the number of containers). */
    containers: integer('containers'),
    /** Dispensing, giving and dose waste name the patient, the session (appointment) and the order. */
    patientId: uuid('patient_id').references(() => patient.id),
    appointmentId: uuid('appointment_id').references(() => appointment.id),
    orderId: uuid('order_id').references(() => medicationOrder.id),
    /** Receipt: the supplier; return: the supplier or reverse distributor the stock went to. */
    supplierName: text('supplier_name'),
    supplierAddress: text('supplier_address'),
    supplierDeaNumber: text('supplier_dea_number'),
    invoiceNumber: text('invoice_number'),
    reason: text('reason'),
    /** How waste or destroyed stock was rendered non-retrievable (e.g. 'drug disposal pouch'). */
    method: text('method'),
    /** A second licensed staff member who authenticated on the spot (waste, destruction). */
    witnessStaffId: uuid('witness_staff_id').references(() => staff.id),
    /** Kind-specific record: DEA Form 41 (destruction), Form 106 (theft or loss), return paperwork. */
    details: jsonb('details').$type<Record<string, unknown>>(),
    reversesEntryId: uuid('reverses_entry_id').references((): AnyPgColumn => ledgerEntry.id),
    /** On a transfer_in: the transfer_out it completes. */
    transferOutId: uuid('transfer_out_id').references((): AnyPgColumn => ledgerEntry.id),
    /** On an adjustment: the discrepancy it resolves. */
    discrepancyId: uuid('discrepancy_id').references(() => discrepancy.id),
    /** When the act happened (the DEA record's "actual date"); recordedAt is when it was written. */
    occurredAt: instant('occurred_at').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => staff.id),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('ledger_entry_clinic_idx').on(t.clinicId, t.occurredAt),
    index('ledger_entry_lot_idx').on(t.lotId, t.locationId),
    index('ledger_entry_appointment_idx').on(t.appointmentId),
    uniqueIndex('ledger_entry_reverses_uq').on(t.reversesEntryId),
    uniqueIndex('ledger_entry_transfer_out_uq').on(t.transferOutId),
    check(
      'ledger_entry_kind_shape',
      sql`(${t.kind} in ('receive', 'transfer_in') and ${t.quantity} > 0 and ${t.balanceChange} = ${t.quantity})
        or (${t.kind} in ('transfer_out', 'dispense', 'return', 'destroy', 'loss')
            and ${t.quantity} > 0 and ${t.balanceChange} = -${t.quantity})
        or (${t.kind} = 'administer' and ${t.quantity} > 0 and ${t.balanceChange} = 0)
        or (${t.kind} = 'waste' and ${t.quantity} > 0
            and ${t.balanceChange} = case when ${t.appointmentId} is null then -${t.quantity} else 0 end)
        or (${t.kind} = 'adjustment' and ${t.quantity} <> 0 and ${t.balanceChange} = ${t.quantity}
            and ${t.discrepancyId} is not null)
        or (${t.kind} = 'reversal' and ${t.quantity} <> 0 and ${t.reversesEntryId} is not null)`,
    ),
    check('ledger_entry_mcg_sign', sql`sign(${t.quantity}) = sign(${t.quantityMcg})`),
    check(
      'ledger_entry_session_named',
      sql`${t.kind} not in ('dispense', 'administer')
        or (${t.patientId} is not null and ${t.appointmentId} is not null and ${t.orderId} is not null)`,
    ),
    check(
      'ledger_entry_witnessed',
      sql`(${t.kind} not in ('waste', 'destroy') or ${t.witnessStaffId} is not null)
        and ${t.witnessStaffId} is distinct from ${t.recordedBy}`,
    ),
    check(
      'ledger_entry_transfer_paired',
      sql`(${t.kind} = 'transfer_in') = (${t.transferOutId} is not null)`,
    ),
  ],
);

/** Stock on hand per storage location and lot, in the base unit. Written only by the ledger trigger. */
export const stockBalance = pgTable(
  'stock_balance',
  {
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocation.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lot.id),
    quantity: bigint('quantity', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.locationId, t.lotId] }),
    index('stock_balance_clinic_idx').on(t.clinicId),
    check('stock_balance_not_negative', sql`${t.quantity} >= 0`),
  ],
);

/**
 * A physical inventory (21 CFR 1304.11) or a scheduled count, by two staff, taken at opening or close of
 * business. Null location: every location of the clinic.
 */
export const stockCount = pgTable(
  'stock_count',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    locationId: uuid('location_id').references(() => stockLocation.id),
    /** 'daily' | 'initial' | 'biennial' | 'other' */
    kind: text('kind').notNull(),
    /** 'opening' | 'close' of business */
    takenAt: text('taken_at').notNull(),
    countedBy: uuid('counted_by')
      .notNull()
      .references(() => staff.id),
    witnessStaffId: uuid('witness_staff_id')
      .notNull()
      .references(() => staff.id),
    countedAt: instant('counted_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('stock_count_clinic_idx').on(t.clinicId, t.countedAt),
    check('stock_count_kind_known', sql`${t.kind} in ('daily', 'initial', 'biennial', 'other')`),
    check('stock_count_taken_at_known', sql`${t.takenAt} in ('opening', 'close')`),
    check('stock_count_two_people', sql`${t.countedBy} <> ${t.witnessStaffId}`),
  ],
);

/** Expected (the ledger balance) against counted, per location and lot, in the base unit. */
export const stockCountLine = pgTable(
  'stock_count_line',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    countId: uuid('count_id')
      .notNull()
      .references(() => stockCount.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => stockLocation.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lot.id),
    expected: bigint('expected', { mode: 'number' }).notNull(),
    counted: bigint('counted', { mode: 'number' }).notNull(),
    /** An opened Schedule III container may be estimated (1304.11(e)(3)). */
    estimated: boolean('estimated').notNull(),
  },
  (t) => [
    uniqueIndex('stock_count_line_uq').on(t.countId, t.locationId, t.lotId),
    check('stock_count_line_counted', sql`${t.counted} >= 0 and ${t.expected} >= 0`),
  ],
);

/**
 * A difference between what the ledger says and what is there (a count) or what was accounted for (an
 * administration: dispensed ≠ administered + wasted). Open until it has a resolution.
 */
export const discrepancy = pgTable(
  'discrepancy',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    /** 'count' | 'administration' | 'other' */
    source: text('source').notNull(),
    locationId: uuid('location_id').references(() => stockLocation.id),
    lotId: uuid('lot_id').references(() => lot.id),
    appointmentId: uuid('appointment_id').references(() => appointment.id),
    countId: uuid('count_id').references(() => stockCount.id),
    /** In micrograms: an administration may span products and lots. difference = observed − expected. */
    expectedMcg: bigint('expected_mcg', { mode: 'number' }).notNull(),
    observedMcg: bigint('observed_mcg', { mode: 'number' }).notNull(),
    differenceMcg: bigint('difference_mcg', { mode: 'number' }).notNull(),
    /** In the lot's base unit, when the discrepancy is about one lot. */
    expectedQuantity: bigint('expected_quantity', { mode: 'number' }),
    observedQuantity: bigint('observed_quantity', { mode: 'number' }),
    differenceQuantity: bigint('difference_quantity', { mode: 'number' }),
    note: text('note'),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => staff.id),
    openedAt: instant('opened_at').notNull(),
  },
  (t) => [
    index('discrepancy_clinic_idx').on(t.clinicId, t.openedAt),
    index('discrepancy_location_idx').on(t.locationId),
    check('discrepancy_source_known', sql`${t.source} in ('count', 'administration', 'other')`),
    check('discrepancy_difference', sql`${t.differenceMcg} = ${t.observedMcg} - ${t.expectedMcg}`),
  ],
);

/** Closes a discrepancy with an explanation and, when stock must be corrected, the adjustment entry. */
export const discrepancyResolution = pgTable(
  'discrepancy_resolution',
  {
    id: idColumn(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinic.id),
    discrepancyId: uuid('discrepancy_id')
      .notNull()
      .references(() => discrepancy.id),
    explanation: text('explanation').notNull(),
    adjustmentEntryId: uuid('adjustment_entry_id').references(() => ledgerEntry.id),
    resolvedBy: uuid('resolved_by')
      .notNull()
      .references(() => staff.id),
    resolvedAt: instant('resolved_at').notNull(),
  },
  (t) => [uniqueIndex('discrepancy_resolution_uq').on(t.discrepancyId)],
);
