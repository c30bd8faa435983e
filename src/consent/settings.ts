import { type Static, Type } from 'typebox';
import type { SettingsGroup } from '../settings/core.js';

/** How long a signed consent stays current; a clinic may shorten it, never lengthen it past 12 months (issue 5). */
export const ConsentSettings = Type.Object(
  { validityMonths: Type.Integer({ minimum: 1, maximum: 12 }) },
  { additionalProperties: false },
);
export type ConsentSettings = Static<typeof ConsentSettings>;

export const consentSettings: SettingsGroup<ConsentSettings> = {
  key: 'consent',
  title: 'Informed consent',
  schema: ConsentSettings,
  defaults: { validityMonths: 12 },
  fields: {
    validityMonths: {
      label: 'A signed consent stays current for (calendar months in the clinic’s time zone)',
      unit: 'months',
      source: 'practice (yearly re-consent; a new document version always needs a new signature)',
    },
  },
};
