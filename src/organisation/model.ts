import { type Static, Type } from 'typebox';
import { usStateCodes } from './core.js';

/** API shapes for organisations and clinics, shared by the server (validation, OpenAPI) and the UI client. */

export const UsState = Type.Enum(usStateCodes, { description: 'Two-letter US state or territory code' });

export const ClinicInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    addressLine1: Type.String({ minLength: 1, maxLength: 200 }),
    addressLine2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    state: UsState,
    postalCode: Type.String({ pattern: '^\\d{5}(-\\d{4})?$', description: 'ZIP or ZIP+4' }),
    timeZone: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'IANA time zone, e.g. America/Denver',
    }),
    phone: Type.String({ minLength: 7, maxLength: 30 }),
  },
  { additionalProperties: false },
);
export type ClinicInput = Static<typeof ClinicInput>;

export const Clinic = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  addressLine1: Type.String(),
  addressLine2: Type.Union([Type.String(), Type.Null()]),
  city: Type.String(),
  state: Type.String(),
  postalCode: Type.String(),
  timeZone: Type.String(),
  phone: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Clinic = Static<typeof Clinic>;

export const ClinicList = Type.Object({ clinics: Type.Array(Clinic) });

export const ClinicParams = Type.Object(
  { clinicId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
