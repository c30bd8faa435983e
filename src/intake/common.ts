import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';

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
