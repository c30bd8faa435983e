import type { Logger } from 'pino';

/**
 * The background loop of a durable outbox (the clinic's notifications, messages to patients): on a timer, claim
 * the due rows and deliver them, batch after batch, until none is due. One run at a time per process; a run that
 * fails is logged without its error's message (it may carry an address) and the rows come due again. Subclasses
 * say how rows are claimed and delivered.
 */
export abstract class OutboxDispatcher<Message> {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #closing = false;

  protected constructor(
    protected readonly log: Pick<Logger, 'warn'>,
    /** What is being sent, for the log line. */
    private readonly what: string,
  ) {}

  /** Reserves a batch of due rows (empty when none is due). */
  protected abstract claimDue(): Promise<Message[]>;
  /** Delivers one claimed row and records how it went. */
  protected abstract deliver(message: Message): Promise<void>;

  start(intervalMs: number) {
    this.#timer = setInterval(() => {
      if (!this.#running) void this.dispatch();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Tries every due row now (or joins the run already going); resolves with how many it tried. */
  dispatch(): Promise<number> {
    this.#running ??= this.#drain()
      .catch((error: Error) => {
        // Claimed rows come due again when their lease ends; unclaimed ones stay pending.
        this.log.warn({ errName: error.name }, `${this.what} dispatch failed; will retry`);
        return 0;
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** Stops the timer and waits for a delivery in progress to be recorded. */
  async close() {
    this.#closing = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<number> {
    let tried = 0;
    while (!this.#closing) {
      const batch = await this.claimDue();
      if (batch.length === 0) break;
      await Promise.all(batch.map((message) => this.deliver(message)));
      tried += batch.length;
    }
    return tried;
  }
}
