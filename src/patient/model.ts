import { type Static, Type } from 'typebox';

/** API shapes for the patient identity core, shared by server and UI. */
export const Patient = Type.Object({
  id: Type.String({ format: 'uuid' }),
  clinicId: Type.String({ format: 'uuid' }),
  givenName: Type.String(),
  familyName: Type.String(),
  preferredName: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.String({ format: 'date' }),
});
export type Patient = Static<typeof Patient>;

export const PatientList = Type.Object({ patients: Type.Array(Patient) });

export const PatientParams = Type.Object(
  { clinicId: Type.String({ format: 'uuid' }), patientId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const PatientSearch = Type.Object(
  {
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of a name' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
