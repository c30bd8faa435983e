import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable, Tx } from '../platform/db/database.js';
import { conflict, invalidFields } from '../platform/http/problem.js';
import { webhookUrlProblem } from './core.js';
import type {
  ChannelSaved,
  ChannelView,
  NotificationList,
  NotificationQuery,
  NotificationStatus,
} from './model.js';
import { notificationChannel, outboxMessage } from './schema.js';

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

/** The clinic's channel, without its signing secret. */
export async function channelView(db: Queryable, scope: Scope): Promise<ChannelView> {
  const [row] = await db
    .select()
    .from(notificationChannel)
    .where(eq(notificationChannel.clinicId, clinicOf(scope)));
  if (!row) return { configured: false, kind: null, url: null, updatedAt: null };
  return { configured: true, kind: 'webhook', url: row.url, updatedAt: row.updatedAt.toISOString() };
}

/**
 * Points the clinic's notices at a webhook, with a new signing secret returned this once (saving again rotates
 * it). Audited with the host only: a webhook address often carries a token in its path.
 */
export async function saveChannel(
  database: Database,
  clock: Clock,
  scope: Scope,
  url: string,
  meta: RequestMeta,
): Promise<ChannelSaved> {
  const who = staffInClinic(scope);
  const problem = webhookUrlProblem(url);
  if (problem) throw invalidFields([{ path: '/body/url', message: problem }]);
  const signingSecret = randomBytes(32).toString('base64url');
  return database.transaction(async (tx) => {
    const values = { kind: 'webhook', url, signingSecret, updatedBy: who.staffId, updatedAt: clock.now() };
    const [before] = await tx
      .select({ url: notificationChannel.url })
      .from(notificationChannel)
      .where(eq(notificationChannel.clinicId, who.clinicId));
    await tx
      .insert(notificationChannel)
      .values({ clinicId: who.clinicId, ...values })
      .onConflictDoUpdate({ target: notificationChannel.clinicId, set: values });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'notification.channel_changed',
      resourceType: 'notification_channel',
      resourceId: who.clinicId,
      patientId: null,
      detail: {
        kind: 'webhook',
        hostBefore: before ? new URL(before.url).host : null,
        host: new URL(url).host,
        secretRotated: true,
      },
    });
    return {
      configured: true,
      kind: 'webhook',
      url,
      updatedAt: values.updatedAt.toISOString(),
      signingSecret,
    };
  });
}

/** Queues a harmless test notice, so the clinic can see its receiver gets and verifies ours. */
export async function queueTestNotice(
  database: Database,
  clock: Clock,
  scope: Scope,
  meta: RequestMeta,
): Promise<{ messageId: string }> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    const [channel] = await tx
      .select({ clinicId: notificationChannel.clinicId })
      .from(notificationChannel)
      .where(eq(notificationChannel.clinicId, who.clinicId));
    if (!channel) throw conflict('Set up the notification channel first');
    const messageId = await enqueueNotice(tx, clock, {
      clinicId: who.clinicId,
      topic: 'notification.test',
      payload: { notice: 'Test notice from ketacare: the channel works' },
    });
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'notification.test_queued',
      resourceType: 'outbox_message',
      resourceId: messageId,
      patientId: null,
    });
    return { messageId };
  });
}

/** The clinic's recent notices, newest first, with how their delivery went. */
export async function listNotifications(
  db: Queryable,
  scope: Scope,
  query: NotificationQuery,
): Promise<NotificationList> {
  const rows = await db
    .select()
    .from(outboxMessage)
    .where(
      and(
        eq(outboxMessage.clinicId, clinicOf(scope)),
        query.status ? eq(outboxMessage.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(outboxMessage.createdAt), desc(outboxMessage.id))
    .limit(query.limit ?? 50);
  return {
    messages: rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      status: r.status as NotificationStatus,
      attempts: r.attempts,
      createdAt: r.createdAt.toISOString(),
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      lastError: r.lastError,
    })),
  };
}
