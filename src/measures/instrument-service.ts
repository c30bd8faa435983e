import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound } from '../platform/http/problem.js';
import { validateInstrument } from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import { shippedInstruments } from './instruments/index.js';
import type { InstrumentSummary } from './model.js';
import { clinicInstrument } from './schema.js';

/**
 * The clinic's instrument registry: the shipped instruments plus the clinic's own definitions, where the highest
 * version of each of the clinic's ids is the current one. Older versions stay readable: responses name them.
 */

export interface RegisteredInstrument {
  definition: InstrumentDefinition;
  origin: 'shipped' | 'clinic';
}

const shippedById = new Map(shippedInstruments.map((def) => [def.id, def]));

/** Orders "1.10.0" after "1.9.2": versions are up to three whole numbers. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

async function clinicDefinitions(db: Queryable, clinicId: string, instrumentId?: string) {
  const rows = await db
    .select({ definition: clinicInstrument.definition })
    .from(clinicInstrument)
    .where(
      and(
        eq(clinicInstrument.clinicId, clinicId),
        instrumentId ? eq(clinicInstrument.instrumentId, instrumentId) : undefined,
      ),
    );
  return rows.map((row) => row.definition);
}

/** Every current instrument of the clinic: shipped first, then the clinic's own by id. */
export async function currentInstruments(db: Queryable, clinicId: string): Promise<RegisteredInstrument[]> {
  const latest = new Map<string, InstrumentDefinition>();
  for (const def of await clinicDefinitions(db, clinicId)) {
    const seen = latest.get(def.id);
    if (!seen || compareVersions(def.version, seen.version) > 0) latest.set(def.id, def);
  }
  return [
    ...shippedInstruments.map((definition) => ({ definition, origin: 'shipped' as const })),
    ...[...latest.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((definition) => ({ definition, origin: 'clinic' as const })),
  ];
}

/** The current version of one instrument, or undefined when the clinic has no such instrument. */
export async function currentInstrument(
  db: Queryable,
  clinicId: string,
  instrumentId: string,
): Promise<RegisteredInstrument | undefined> {
  const shipped = shippedById.get(instrumentId);
  if (shipped) return { definition: shipped, origin: 'shipped' };
  const versions = await clinicDefinitions(db, clinicId, instrumentId);
  const latest = versions.reduce<InstrumentDefinition | undefined>(
    (best, def) => (!best || compareVersions(def.version, best.version) > 0 ? def : best),
    undefined,
  );
  return latest && { definition: latest, origin: 'clinic' };
}

/** One exact version (a response is always read and corrected against the form it was given on). */
export async function instrumentVersion(
  db: Queryable,
  clinicId: string,
  instrumentId: string,
  version: string,
): Promise<InstrumentDefinition | undefined> {
  const shipped = shippedById.get(instrumentId);
  if (shipped) return shipped.version === version ? shipped : undefined;
  const [row] = await db
    .select({ definition: clinicInstrument.definition })
    .from(clinicInstrument)
    .where(
      and(
        eq(clinicInstrument.clinicId, clinicId),
        eq(clinicInstrument.instrumentId, instrumentId),
        eq(clinicInstrument.version, version),
      ),
    );
  return row?.definition;
}

function toSummary({ definition, origin }: RegisteredInstrument): InstrumentSummary {
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    kind: definition.kind,
    origin,
    itemCount: definition.items.length,
    recallPeriod: definition.recallPeriod,
  };
}

export async function listInstruments(db: Queryable, scope: Scope): Promise<InstrumentSummary[]> {
  return (await currentInstruments(db, clinicOf(scope))).map(toSummary);
}

/** The current definition; for a patient, only questionnaires patients fill in. */
export async function getInstrument(
  db: Queryable,
  scope: Scope,
  instrumentId: string,
): Promise<InstrumentDefinition> {
  const found = await currentInstrument(db, clinicOf(scope), instrumentId);
  if (!found || (scope.patientId && found.definition.kind !== 'patient-reported'))
    throw notFound('The questionnaire');
  return found.definition;
}

/**
 * Adds a clinic's own instrument (or a new version of one). The definition must pass `validateInstrument`
 * (problems → 422 at `/body<path>`), may not take a shipped instrument's id, and each version is stored once
 * and must be higher than the current one, so "latest wins" never goes backwards.
 */
export async function addInstrument(
  database: Database,
  clock: Clock,
  scope: Scope,
  candidate: unknown,
  meta: RequestMeta,
): Promise<InstrumentSummary> {
  const clinicId = clinicOf(scope);
  const checked = validateInstrument(candidate);
  if (!checked.ok)
    throw invalidFields(
      checked.problems.map((p) => ({ path: `/body${p.path}`, message: p.message })),
      'The instrument definition has problems',
    );
  const definition = checked.instrument;
  if (shippedById.has(definition.id))
    throw conflict(
      `"${definition.id}" is an instrument ketacare ships: give the clinic's own a different id`,
    );
  return database.transaction(async (tx) => {
    const current = await currentInstrument(tx, clinicId, definition.id);
    if (current) {
      const order = compareVersions(definition.version, current.definition.version);
      if (order === 0)
        throw conflict(
          `Version ${definition.version} of "${definition.id}" already exists: versions are never edited`,
        );
      if (order < 0)
        throw conflict(
          `Version ${definition.version} is older than the current version ${current.definition.version}`,
        );
    }
    let rowId: string;
    try {
      const [row] = await tx
        .insert(clinicInstrument)
        .values({
          clinicId,
          instrumentId: definition.id,
          version: definition.version,
          definition,
          addedBy: actorOf(scope).staffId!,
          addedAt: clock.now(),
        })
        .returning({ id: clinicInstrument.id });
      rowId = row!.id;
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`Version ${definition.version} of "${definition.id}" was added at the same moment`);
      throw error;
    }
    await recordAudit(tx, clock, {
      ...actorOf(scope).audit,
      clinicId,
      action: 'instrument.added',
      resourceType: 'clinic_instrument',
      resourceId: rowId,
      patientId: null,
      outcome: 'success',
      ...meta,
      detail: { instrumentId: definition.id, version: definition.version },
    });
    return toSummary({ definition, origin: 'clinic' });
  });
}
