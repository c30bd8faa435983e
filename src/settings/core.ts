import type { TObject } from 'typebox';
import Value from 'typebox/value';

/**
 * A group of clinic-tunable clinical thresholds, owned by its domain (e.g. measures/settings.ts): a closed
 * schema, the shipped defaults and, per field, a label, unit and the source of the default. Pure data.
 */
export interface SettingsGroup<T extends Record<string, unknown> = Record<string, unknown>> {
  key: string;
  title: string;
  schema: TObject;
  defaults: T;
  fields: { [K in keyof T & string]: { label: string; unit: string | null; source: string } };
}

/**
 * The values in force: a stored version's values over the defaults (a field added to a group after a clinic
 * saved its settings takes its default until the clinic changes it). A stored value that no longer fits the
 * schema is never used silently: the caller gets the defaults for that field.
 */
export function resolveSettings<T extends Record<string, unknown>>(
  group: SettingsGroup<T>,
  stored: Record<string, unknown> | undefined,
): T {
  const merged: Record<string, unknown> = { ...group.defaults };
  for (const key of Object.keys(group.defaults)) {
    if (stored && Object.hasOwn(stored, key)) merged[key] = stored[key];
  }
  if (Value.Check(group.schema, merged)) return merged as T;
  const fixed: Record<string, unknown> = { ...group.defaults };
  for (const key of Object.keys(group.defaults)) {
    const candidate = { ...fixed, [key]: merged[key] };
    if (Value.Check(group.schema, candidate)) fixed[key] = merged[key];
  }
  return fixed as T;
}
