import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, MAX_DELIVERY_ATTEMPTS, retryDelayMs, webhookUrlProblem } from './core.js';

describe('retry schedule', () => {
  it('waits 30 s after the first failure and doubles each time, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('schedules the next try until the last attempt, then gives up', () => {
    const now = new Date('2026-03-02T15:00:00Z');
    expect(afterFailedAttempt(1, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-03-02T15:00:30Z'),
    });
    expect(afterFailedAttempt(MAX_DELIVERY_ATTEMPTS - 1, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(MAX_DELIVERY_ATTEMPTS - 1)),
    });
    expect(afterFailedAttempt(MAX_DELIVERY_ATTEMPTS, now)).toEqual({ status: 'failed' });
  });
});

describe('webhook addresses', () => {
  it.each([
    'https://pager.example.org/hooks/abc?token=1',
    'https://10.0.0.5:8443/x',
    'http://127.0.0.1:4000/hook',
    'http://localhost/hook',
    'http://[::1]:9000/hook',
  ])('accepts %s', (url) => expect(webhookUrlProblem(url)).toBeNull());

  it.each([
    ['http://pager.example.org/hook', /https/],
    ['http://127.0.0.1.example.org/hook', /https/],
    ['ftp://localhost/hook', /https/],
    ['javascript:alert(1)', /https/],
    ['pager.example.org/hook', /not a web address/],
    ['https://me:secret@pager.example.org/', /user name or password/],
  ])('refuses %s', (url, reason) => expect(webhookUrlProblem(url)).toMatch(reason));
});
