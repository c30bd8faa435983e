import { createHmac } from 'node:crypto';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { OutboxDispatcher } from '../platform/outbox-dispatcher.js';
import { afterFailedAttempt } from './core.js';
import { notificationChannel, outboxMessage } from './schema.js';

export interface DispatcherOptions {
  /** Tests may pass their own; the default is the global fetch. */
  fetch?: typeof fetch;
  /** How long one delivery may take before it counts as failed. */
  timeoutMs?: number;
  /** Messages claimed (and delivered in parallel) per round. */
  batchSize?: number;
}

/**
 * How long a claimed message is reserved for the dispatcher that claimed it: longer than any delivery attempt,
 * so no other server picks it up meanwhile; if this process dies mid-delivery it becomes due again afterwards.
 */
const CLAIM_LEASE_MS = 60_000;

interface Claimed {
  id: string;
  clinicId: string;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  attempts: number;
  url: string;
  signingSecret: string;
}

/** `sha256=<hex>`: the HMAC-SHA256 of the exact body bytes, keyed with the clinic's signing secret. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Delivers the outbox to each clinic's webhook in the background. Messages are rows, so nothing is lost on a
 * restart; a message is claimed in a short transaction (`FOR UPDATE SKIP LOCKED` plus a lease), so two servers
 * never deliver it at the same time; once delivered it is never sent again. The receiver can drop repeats of
 * an interrupted attempt by the `Idempotency-Key` header (the message id).
 */
export class NotificationDispatcher extends OutboxDispatcher<Claimed> {
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #batchSize: number;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    log: Pick<Logger, 'warn'>,
    options: DispatcherOptions = {},
  ) {
    super(log, 'notification');
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#batchSize = options.batchSize ?? 20;
  }

  /** Reserves the due messages of clinics with a channel; marks the rest `no_channel` (kept, visible). */
  protected claimDue(): Promise<Claimed[]> {
    return this.database.transaction(async (tx) => {
      const now = this.clock.now();
      const due = await tx
        .select({
          id: outboxMessage.id,
          clinicId: outboxMessage.clinicId,
          topic: outboxMessage.topic,
          payload: outboxMessage.payload,
          createdAt: outboxMessage.createdAt,
          attempts: outboxMessage.attempts,
        })
        .from(outboxMessage)
        .where(and(eq(outboxMessage.status, 'pending'), lte(outboxMessage.nextAttemptAt, now)))
        .orderBy(asc(outboxMessage.nextAttemptAt))
        .limit(this.#batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const channels = await tx
        .select()
        .from(notificationChannel)
        .where(inArray(notificationChannel.clinicId, [...new Set(due.map((m) => m.clinicId))]));
      const channelOf = new Map(channels.map((c) => [c.clinicId, c]));
      const homeless = due.filter((m) => !channelOf.has(m.clinicId)).map((m) => m.id);
      const claimed = due.filter((m) => channelOf.has(m.clinicId));
      if (homeless.length > 0) {
        await tx
          .update(outboxMessage)
          .set({ status: 'no_channel', lastError: 'The clinic has no notification channel' })
          .where(inArray(outboxMessage.id, homeless));
      }
      if (claimed.length > 0) {
        await tx
          .update(outboxMessage)
          .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
          .where(
            inArray(
              outboxMessage.id,
              claimed.map((m) => m.id),
            ),
          );
      }
      return claimed.map((m) => {
        const channel = channelOf.get(m.clinicId)!;
        return { ...m, url: channel.url, signingSecret: channel.signingSecret };
      });
    });
  }

  protected async deliver(message: Claimed): Promise<void> {
    const body = JSON.stringify({
      id: message.id,
      topic: message.topic,
      clinicId: message.clinicId,
      createdAt: message.createdAt.toISOString(),
      payload: message.payload,
    });
    let failure: string | null = null;
    try {
      const response = await this.#fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.id,
          'x-ketacare-signature': signatureOf(body, message.signingSecret),
        },
        body,
        // A redirect is a misconfigured receiver: following it could send the notice somewhere unintended.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = describeFailure(error as Error);
    }
    await this.#record(message, failure);
  }

  async #record(message: Claimed, failure: string | null) {
    const now = this.clock.now();
    const attempts = message.attempts + 1;
    const outcome = failure
      ? { ...afterFailedAttempt(attempts, now), lastError: failure }
      : { status: 'delivered', deliveredAt: now, lastError: null };
    // Only a message still pending: a delivered one is never touched again.
    await this.database.db
      .update(outboxMessage)
      .set({ ...outcome, attempts })
      .where(and(eq(outboxMessage.id, message.id), eq(outboxMessage.status, 'pending')));
  }
}

/** A short reason for the delivery list; never the response body (it is the receiver's, and may be large). */
function describeFailure(error: Error): string {
  if (error.name === 'TimeoutError') return 'timed out';
  const code = (error.cause as { code?: string } | undefined)?.code;
  return code ? `could not connect (${code})` : `could not connect (${error.name})`;
}
