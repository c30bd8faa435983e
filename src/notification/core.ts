/** Delivery rules for the clinic's notification channel. Pure: no I/O, no clock. */

/** Tries before a message is marked failed: 30 s, 1, 2, 4, 8, 16 and 32 min apart (about an hour in all). */
export const MAX_DELIVERY_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** The wait before the next try after `failedAttempts` failures: 30 s doubling each time, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), LONGEST_RETRY_MS);
}

/** What happens to a message after its `attempts`-th try failed at `now`: try again later, or give up. */
export function afterFailedAttempt(
  attempts: number,
  now: Date,
): { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' } {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a webhook address is refused, or null when it is fine: notices travel over HTTPS; plain HTTP only to this
 * computer (a local relay, or a test receiver).
 */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a web address';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return null;
  return 'must start with https:// (http:// is allowed only for localhost)';
}
