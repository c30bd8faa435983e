import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { outboxMessage } from './schema.js';

export interface OutgoingNotice {
  clinicId: string;
  /** e.g. 'alert.raised' */
  topic: string;
  /** Ids and a plain notice only: never a patient's name, answers or scores (the receiver signs in to see them). */
  payload: Record<string, unknown>;
}

/**
 * Queues a notice in the caller's transaction: it exists if and only if the event that caused it committed. The
 * dispatcher delivers it to the clinic's channel afterwards.
 */
export async function enqueueNotice(tx: Tx, clock: Clock, notice: OutgoingNotice): Promise<string> {
  const now = clock.now();
  const [row] = await tx
    .insert(outboxMessage)
    .values({ ...notice, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now })
    .returning({ id: outboxMessage.id });
  return row!.id;
}
