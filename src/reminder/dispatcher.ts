import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { afterFailedAttempt } from '../notification/core.js';
import { signatureOf } from '../notification/dispatcher.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Database, Tx } from '../platform/db/database.js';
import { OutboxDispatcher } from '../platform/outbox-dispatcher.js';
import { appointment, escortConfirmation } from '../schedule/schema.js';
import { withPortalLink } from './core.js';
import { patientMessage } from './schema.js';

export interface PatientDispatcherOptions {
  /** Tests may pass their own; the default is the global fetch. */
  fetch?: typeof fetch;
  /** How long one delivery may take before it counts as failed. */
  timeoutMs?: number;
  /** Messages claimed (and delivered in parallel) per round. */
  batchSize?: number;
}

/** As in the clinic notification outbox: longer than any delivery attempt; a dead process's claims come due again. */
const CLAIM_LEASE_MS = 60_000;

interface Claimed {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Sends patient messages in the background: email over SMTP, SMS through a signed webhook. Messages are rows, so
 * nothing is lost on a restart; one is claimed in a short transaction (`FOR UPDATE SKIP LOCKED` plus a lease), so
 * two servers never send it at the same time; once delivered it is never sent again. Receivers can drop repeats
 * of an interrupted attempt by the message id (SMTP Message-ID, webhook `Idempotency-Key`). With no transport
 * for a channel the message is `captured`: the development mailbox shows it, nothing leaves the server.
 */
export class PatientMessageDispatcher extends OutboxDispatcher<Claimed> {
  readonly #mail: Transporter | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #batchSize: number;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    log: Pick<Logger, 'warn'>,
    private readonly transports: Config['patientMessages'],
    options: PatientDispatcherOptions = {},
  ) {
    super(log, 'patient message');
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#batchSize = options.batchSize ?? 20;
    this.#mail = transports.smtpUrl
      ? createTransport({
          url: transports.smtpUrl,
          connectionTimeout: this.#timeoutMs,
          greetingTimeout: this.#timeoutMs,
          socketTimeout: this.#timeoutMs,
        })
      : undefined;
  }

  override start(intervalMs = this.transports.intervalMs) {
    super.start(intervalMs);
  }

  override async close() {
    await super.close();
    this.#mail?.close();
  }

  #transportFor(channel: string): boolean {
    return channel === 'email' ? Boolean(this.#mail) : Boolean(this.transports.smsWebhook);
  }

  /**
   * Reserves the due messages; settles without sending those no longer wanted (an escort request once the escort
   * is confirmed, anything but a cancellation notice for an appointment that will not happen) and those whose
   * channel has no transport (captured).
   */
  protected claimDue(): Promise<Claimed[]> {
    return this.database.transaction(async (tx) => {
      const now = this.clock.now();
      const due = await tx
        .select({
          id: patientMessage.id,
          appointmentId: patientMessage.appointmentId,
          kind: patientMessage.kind,
          channel: patientMessage.channel,
          recipient: patientMessage.recipient,
          subject: patientMessage.subject,
          body: patientMessage.body,
          attempts: patientMessage.attempts,
        })
        .from(patientMessage)
        .where(
          and(
            eq(patientMessage.status, 'pending'),
            lte(patientMessage.sendAfter, now),
            lte(patientMessage.nextAttemptAt, now),
          ),
        )
        .orderBy(asc(patientMessage.nextAttemptAt))
        .limit(this.#batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const unwanted = await unwantedReasons(tx, due);
      const claimed: Claimed[] = [];
      for (const message of due) {
        const reason = unwanted.get(message.id);
        if (reason) {
          await settle(tx, message.id, { status: 'cancelled', lastError: reason });
        } else if (!this.#transportFor(message.channel)) {
          await settle(tx, message.id, {
            status: 'captured',
            lastError: `No ${message.channel === 'email' ? 'SMTP server' : 'SMS webhook'} is configured`,
          });
        } else {
          claimed.push(message);
        }
      }
      if (claimed.length > 0) {
        await tx
          .update(patientMessage)
          .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
          .where(
            inArray(
              patientMessage.id,
              claimed.map((m) => m.id),
            ),
          );
      }
      return claimed;
    });
  }

  protected async deliver(message: Claimed): Promise<void> {
    const body = withPortalLink(message.body, this.transports.publicUrl);
    let failure: string | null = null;
    try {
      failure =
        message.channel === 'email'
          ? await this.#sendEmail(message, body)
          : await this.#sendSms(message, body);
    } catch (error) {
      failure = describeFailure(error as Error & { code?: string; responseCode?: number });
    }
    await this.#record(message, failure);
  }

  async #sendEmail(message: Claimed, body: string): Promise<null> {
    await this.#mail!.sendMail({
      from: this.transports.from,
      to: message.recipient,
      subject: message.subject,
      text: body,
      // The same id on every try: a receiving server (or the patient's mail app) can drop a repeat.
      messageId: `<${message.id}@ketacare>`,
    });
    return null;
  }

  async #sendSms(message: Claimed, body: string): Promise<string | null> {
    const { url, secret } = this.transports.smsWebhook!;
    const payload = JSON.stringify({ to: message.recipient, body });
    const response = await this.#fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        'x-ketacare-signature': signatureOf(payload, secret),
      },
      body: payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? null : `HTTP ${response.status}`;
  }

  async #record(message: Claimed, failure: string | null) {
    const now = this.clock.now();
    const attempts = message.attempts + 1;
    const outcome = failure
      ? { ...afterFailedAttempt(attempts, now), lastError: failure }
      : { status: 'delivered', deliveredAt: now, lastError: null };
    // Only a message still pending: a delivered one is never touched again.
    await this.database.db
      .update(patientMessage)
      .set({ ...outcome, attempts })
      .where(and(eq(patientMessage.id, message.id), eq(patientMessage.status, 'pending')));
  }
}

/** Why a due message should no longer go out, by message id. */
async function unwantedReasons(
  tx: Tx,
  due: { id: string; appointmentId: string | null; kind: string }[],
): Promise<Map<string, string>> {
  const appointmentIds = [...new Set(due.flatMap((m) => (m.appointmentId ? [m.appointmentId] : [])))];
  if (appointmentIds.length === 0) return new Map();
  const appointments = await tx
    .select({ id: appointment.id, status: appointment.status })
    .from(appointment)
    .where(inArray(appointment.id, appointmentIds));
  const escorted = new Set(
    (
      await tx
        .select({ appointmentId: escortConfirmation.appointmentId })
        .from(escortConfirmation)
        .where(
          and(
            inArray(escortConfirmation.appointmentId, appointmentIds),
            eq(escortConfirmation.rideConfirmed, true),
          ),
        )
    ).map((e) => e.appointmentId),
  );
  const byId = new Map(appointments.map((a) => [a.id, a]));
  const reasons = new Map<string, string>();
  for (const message of due) {
    const booked = message.appointmentId ? byId.get(message.appointmentId) : undefined;
    if (!booked || message.kind === 'cancellation') continue;
    if (booked.status === 'cancelled' || booked.status === 'no_show' || booked.status === 'rescheduled') {
      reasons.set(message.id, `The appointment is ${booked.status.replace('_', ' ')}`);
    } else if (message.kind === 'escort_request' && escorted.has(booked.id)) {
      reasons.set(message.id, 'The escort is already confirmed');
    }
  }
  return reasons;
}

function settle(tx: Tx, id: string, outcome: { status: 'cancelled' | 'captured'; lastError: string }) {
  return tx.update(patientMessage).set(outcome).where(eq(patientMessage.id, id));
}

/** A short reason for the message log: an error code, never the server's text (it can echo the address). */
function describeFailure(error: Error & { code?: string; responseCode?: number }): string {
  if (error.name === 'TimeoutError' || error.code === 'ETIMEDOUT') return 'timed out';
  if (error.responseCode) return `refused by the mail server (${error.responseCode})`;
  const code = error.code ?? (error.cause as { code?: string } | undefined)?.code;
  return code ? `could not connect (${code})` : `could not connect (${error.name})`;
}
