import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../platform/db/database.js';
import { resolveSettings, type SettingsGroup } from './core.js';
import { clinicSetting } from './schema.js';

export interface CurrentSettings<T> {
  /** 0 = never changed: the shipped defaults. */
  version: number;
  values: T;
}

/** The thresholds a clinic has in force now for one group (its latest version, or the defaults). */
export async function currentSettings<T extends Record<string, unknown>>(
  db: Queryable,
  clinicId: string,
  group: SettingsGroup<T>,
): Promise<CurrentSettings<T>> {
  const [row] = await db
    .select({ version: clinicSetting.version, values: clinicSetting.values })
    .from(clinicSetting)
    .where(and(eq(clinicSetting.clinicId, clinicId), eq(clinicSetting.groupKey, group.key)))
    .orderBy(desc(clinicSetting.version))
    .limit(1);
  return { version: row?.version ?? 0, values: resolveSettings(group, row?.values) };
}
