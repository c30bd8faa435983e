import { type Static, type TObject, Type } from 'typebox';

/** API shapes for versioned clinic settings, shared by server and UI. */

const Uuid = Type.String({ format: 'uuid' });

export const SettingsParams = Type.Object(
  { clinicId: Uuid, group: Type.String({ pattern: '^[a-z][a-z-]{0,40}$' }) },
  { additionalProperties: false },
);

/** One threshold: its value, default and where the default comes from (clinical-reference.md). */
export const SettingField = Type.Object({
  key: Type.String(),
  label: Type.String(),
  unit: Type.Union([Type.String(), Type.Null()]),
  value: Type.Unknown(),
  default: Type.Unknown(),
  source: Type.String(),
});

export const SettingsView = Type.Object({
  group: Type.String(),
  title: Type.String(),
  /** 0 = the shipped defaults, never changed. */
  version: Type.Integer(),
  changedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  changedBy: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(SettingField),
});
export type SettingsView = Static<typeof SettingsView>;

export const SettingsHistory = Type.Object({ versions: Type.Array(SettingsView) });
export type SettingsHistory = Static<typeof SettingsHistory>;

/** Why a threshold was changed: kept with the version, shown in its history. */
export const SettingsReason = Type.String({ minLength: 3, maxLength: 500 });

/** A change of one group: every field of the group (its own closed schema) and the reason. */
export const SettingsChangeBody = <T extends TObject>(values: T) =>
  Type.Object({ values, reason: SettingsReason }, { additionalProperties: false });
export interface SettingsChangeBody<T> {
  values: T;
  reason: string;
}
