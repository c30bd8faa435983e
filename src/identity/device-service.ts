import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { notFound } from '../platform/http/problem.js';
import type { DeviceActor, StaffActor } from './actor.js';
import { randomToken, sha256 } from './crypto.js';
import { deviceToken } from './schema.js';
import type { RequestMeta } from './service.js';

const TOKEN_PREFIX = 'kcd_';

export interface DeviceTokenView {
  id: string;
  name: string;
  scopes: string[];
  tokenPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toView(row: typeof deviceToken.$inferSelect): DeviceTokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    tokenPrefix: row.tokenPrefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Issues a device token for one clinic. The token is returned once; only its hash is kept. */
export async function issueDeviceToken(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  input: { name: string; scopes: string[] },
  meta: RequestMeta,
): Promise<{ device: DeviceTokenView; token: string }> {
  const token = randomToken(TOKEN_PREFIX);
  return database.transaction(async (tx) => {
    const [row] = await tx
      .insert(deviceToken)
      .values({
        clinicId,
        name: input.name,
        scopes: [...new Set(input.scopes)],
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
        createdBy: actor.staffId,
        createdAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: 'owner',
      action: 'device.issued',
      resourceType: 'device_token',
      resourceId: row!.id,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
      detail: { scopes: row!.scopes },
    });
    return { device: toView(row!), token };
  });
}

export async function listDeviceTokens(db: Queryable, clinicId: string): Promise<DeviceTokenView[]> {
  const rows = await db
    .select()
    .from(deviceToken)
    .where(eq(deviceToken.clinicId, clinicId))
    .orderBy(desc(deviceToken.createdAt));
  return rows.map(toView);
}

export async function revokeDeviceToken(
  database: Database,
  clock: Clock,
  actor: StaffActor,
  clinicId: string,
  deviceId: string,
  meta: RequestMeta,
): Promise<DeviceTokenView> {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(deviceToken)
      .set({ revokedAt: clock.now(), revokedBy: actor.staffId })
      .where(
        and(eq(deviceToken.id, deviceId), eq(deviceToken.clinicId, clinicId), isNull(deviceToken.revokedAt)),
      )
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(deviceToken)
        .where(and(eq(deviceToken.id, deviceId), eq(deviceToken.clinicId, clinicId)));
      if (!existing) throw notFound('The device token');
      return toView(existing);
    }
    await recordAudit(tx, clock, {
      clinicId,
      actorType: 'staff',
      actorId: actor.staffId,
      actorRole: 'owner',
      action: 'device.revoked',
      resourceType: 'device_token',
      resourceId: row.id,
      patientId: null,
      outcome: 'success',
      requestId: meta.requestId,
      clientAddress: meta.clientAddress,
    });
    return toView(row);
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a Bearer credential to a device actor; persons never authenticate with bearer tokens. */
export async function resolveDevice(
  database: Database,
  clock: Clock,
  token: string,
): Promise<DeviceActor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await database.db
    .select()
    .from(deviceToken)
    .where(eq(deviceToken.tokenHash, sha256(token)));
  if (!row || row.revokedAt) return undefined;
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await database.db.update(deviceToken).set({ lastUsedAt: now }).where(eq(deviceToken.id, row.id));
  }
  return { kind: 'device', tokenId: row.id, clinicId: row.clinicId, scopes: row.scopes };
}
