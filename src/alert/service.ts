import { recordAudit } from '../audit/service.js';
import { enqueueNotice } from '../notification/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { alert } from './schema.js';

export interface NewAlert {
  clinicId: string;
  patientId: string | null;
  kind: 'suicide_risk';
  severity: 'critical' | 'high' | 'medium';
  title: string;
  detail: string;
  sourceType: string;
  sourceId: string;
}

/**
 * Raises an alert in the caller's transaction (with the record that caused it), audits it and queues a notice
 * for the clinic's notification channel. It stays open until a clinician acknowledges it with an action.
 */
export async function raiseAlert(tx: Tx, clock: Clock, input: NewAlert): Promise<string> {
  const [row] = await tx
    .insert(alert)
    .values({ ...input, raisedAt: clock.now() })
    .returning({ id: alert.id });
  const alertId = row!.id;
  await recordAudit(tx, clock, {
    clinicId: input.clinicId,
    actorType: 'system',
    actorId: null,
    actorRole: null,
    action: 'alert.raised',
    resourceType: 'alert',
    resourceId: alertId,
    patientId: input.patientId,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: {
      kind: input.kind,
      severity: input.severity,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
    },
  });
  await enqueueNotice(tx, clock, {
    clinicId: input.clinicId,
    topic: 'alert.raised',
    payload: {
      alertId,
      kind: input.kind,
      severity: input.severity,
      notice: 'An alert needs attention in ketacare',
    },
  });
  return alertId;
}
