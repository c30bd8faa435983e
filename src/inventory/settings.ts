import { type Static, Type } from 'typebox';
import type { SettingsGroup } from '../settings/core.js';

/**
 * Controlled-substance rules a clinic tunes. The settings screen edits integers only, so the dispensing block is
 * 1 (on) or 0 (off).
 */
export const InventorySettings = Type.Object(
  {
    registrationFirstWarningDays: Type.Integer({ minimum: 30, maximum: 120 }),
    registrationSecondWarningDays: Type.Integer({ minimum: 8, maximum: 60 }),
    registrationFinalWarningDays: Type.Integer({ minimum: 1, maximum: 14 }),
    blockDispensingWithOpenDiscrepancy: Type.Integer({ minimum: 0, maximum: 1 }),
    countHour: Type.Integer({ minimum: 0, maximum: 23 }),
    form106DeadlineDays: Type.Integer({ minimum: 1, maximum: 45 }),
    writtenNoticeBusinessDays: Type.Integer({ minimum: 1, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type InventorySettings = Static<typeof InventorySettings>;

export const inventorySettings: SettingsGroup<InventorySettings> = {
  key: 'inventory',
  title: 'Controlled substances',
  schema: InventorySettings,
  defaults: {
    registrationFirstWarningDays: 60,
    registrationSecondWarningDays: 30,
    registrationFinalWarningDays: 7,
    blockDispensingWithOpenDiscrepancy: 1,
    countHour: 18,
    form106DeadlineDays: 45,
    writtenNoticeBusinessDays: 1,
  },
  fields: {
    registrationFirstWarningDays: {
      label: 'First warning this many days before a DEA registration or state licence expires',
      unit: 'days',
      source: '21 CFR 1301.13 (renewal may be filed up to 60 days before expiry)',
    },
    registrationSecondWarningDays: {
      label: 'Second warning this many days before expiry',
      unit: 'days',
      source: 'issue 8',
    },
    registrationFinalWarningDays: {
      label: 'Final warning this many days before expiry (receiving and dispensing stop on expiry)',
      unit: 'days',
      source: 'issue 8',
    },
    blockDispensingWithOpenDiscrepancy: {
      label: 'Block dispensing from a storage location with an open discrepancy (1 = block, 0 = allow)',
      unit: null,
      source: 'practice (investigate before more stock moves)',
    },
    countHour: {
      label: 'Hour of the daily count (clinic time; close of business by default)',
      unit: 'hour of day',
      source: 'practice (end-of-day count by two staff)',
    },
    form106DeadlineDays: {
      label: 'DEA Form 106 is due this many days after a theft or significant loss is discovered',
      unit: 'days',
      source: '21 CFR 1301.76(b) (within 45 days)',
    },
    writtenNoticeBusinessDays: {
      label: 'Written notice to the DEA field division within this many business days of discovery',
      unit: 'business days',
      source: '21 CFR 1301.76(b) (within one business day)',
    },
  },
};
