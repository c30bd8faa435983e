import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff } from '../identity/schema.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { conflict, invalidFields } from '../platform/http/problem.js';
import { resolveSettings, type SettingsGroup } from './core.js';
import type { SettingsChangeBody, SettingsHistory, SettingsView } from './model.js';
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

interface StoredVersion {
  version: number;
  values: Record<string, unknown>;
  reason: string;
  changedAt: Date;
  changedBy: string | null;
}

/** One version as a clinician reads it: each field with its label, unit, value, default and source. */
function toView(group: SettingsGroup, stored: StoredVersion | undefined): SettingsView {
  const values = resolveSettings(group, stored?.values);
  return {
    group: group.key,
    title: group.title,
    version: stored?.version ?? 0,
    changedAt: stored?.changedAt.toISOString() ?? null,
    changedBy: stored?.changedBy ?? null,
    reason: stored?.reason ?? null,
    fields: Object.entries(group.fields).map(([key, field]) => ({
      key,
      label: field.label,
      unit: field.unit,
      value: values[key],
      default: group.defaults[key],
      source: field.source,
    })),
  };
}

function storedVersions(db: Queryable, clinicId: string, group: SettingsGroup) {
  return db
    .select({
      version: clinicSetting.version,
      values: clinicSetting.values,
      reason: clinicSetting.reason,
      changedAt: clinicSetting.changedAt,
      changedBy: staff.fullName,
    })
    .from(clinicSetting)
    .leftJoin(staff, eq(staff.id, clinicSetting.changedBy))
    .where(and(eq(clinicSetting.clinicId, clinicId), eq(clinicSetting.groupKey, group.key)))
    .orderBy(desc(clinicSetting.version));
}

/** The version in force, with who changed it last and why. */
export async function settingsView(
  db: Queryable,
  clinicId: string,
  group: SettingsGroup,
): Promise<SettingsView> {
  const [latest] = await storedVersions(db, clinicId, group).limit(1);
  return toView(group, latest);
}

/** Every version, newest first, ending with version 0 (the shipped defaults). */
export async function settingsHistory(
  db: Queryable,
  clinicId: string,
  group: SettingsGroup,
): Promise<SettingsHistory> {
  const rows = await storedVersions(db, clinicId, group);
  return { versions: [...rows.map((row) => toView(group, row)), toView(group, undefined)] };
}

/**
 * Stores a new version (current + 1) with who, when and why, audited with the values before and after. Two
 * changes at once would both claim the same version number: the unique index lets the first win and the second
 * is told to reload, since it was decided against values no longer in force.
 */
export async function changeSettings(
  database: Database,
  clock: Clock,
  scope: Scope,
  group: SettingsGroup,
  body: SettingsChangeBody<Record<string, unknown>>,
  meta: RequestMeta,
): Promise<SettingsView> {
  const who = staffInClinic(scope);
  const reason = body.reason.trim();
  if (reason.length < 3)
    throw invalidFields([{ path: '/body/reason', message: 'say why (at least 3 characters)' }]);
  return database.transaction(async (tx) => {
    const before = await currentSettings(tx, who.clinicId, group);
    const version = before.version + 1;
    const [row] = await tx
      .insert(clinicSetting)
      .values({
        clinicId: who.clinicId,
        groupKey: group.key,
        version,
        values: body.values,
        reason,
        changedBy: who.staffId,
        changedAt: clock.now(),
      })
      .onConflictDoNothing({
        target: [clinicSetting.clinicId, clinicSetting.groupKey, clinicSetting.version],
      })
      .returning({ id: clinicSetting.id });
    if (!row)
      throw conflict('Someone changed these settings at the same moment: reload them and decide again');
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'settings.changed',
      resourceType: 'clinic_setting',
      resourceId: row.id,
      patientId: null,
      detail: { group: group.key, version, before: before.values, after: body.values },
    });
    return settingsView(tx, who.clinicId, group);
  });
}
