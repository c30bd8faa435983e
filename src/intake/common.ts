import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { dateIn } from '../identity/core.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable, Tx } from '../platform/db/database.js';

/** Today in the clinic's time zone (YYYY-MM-DD): birth dates and onsets are checked against it. */
export async function clinicToday(db: Queryable, clinicId: string, now: Date): Promise<string> {
  const [row] = await db.select({ timeZone: clinic.timeZone }).from(clinic).where(eq(clinic.id, clinicId));
  return dateIn(now, row?.timeZone ?? 'UTC');
}

/** An intake change's audit entry, in its transaction. `detail` holds ids and field names only. */
export async function auditChange(
  tx: Tx,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
  entry: {
    action: string;
    resourceType: string;
    resourceId: string;
    patientId: string | null;
    detail?: Record<string, unknown>;
  },
) {
  await recordAudit(tx, clock, {
    ...actorOf(scope).audit,
    clinicId: clinicOf(scope),
    outcome: 'success',
    ...meta,
    ...entry,
  });
}
