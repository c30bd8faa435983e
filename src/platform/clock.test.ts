import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';

describe('manual clock', () => {
  it('moves only when told, and only forward', () => {
    const clock = new ManualClock('2026-03-02T15:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-02T15:00:00.000Z');
    clock.advanceMinutes(40);
    expect(clock.now().toISOString()).toBe('2026-03-02T15:40:00.000Z');
    expect(() => clock.advance(-1)).toThrow(/forward/);
  });

  it('hands out copies, so callers cannot move it by mutating a Date', () => {
    const clock = new ManualClock('2026-03-02T15:00:00Z');
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });

  it('refuses an invalid start', () => {
    expect(() => new ManualClock('not a date')).toThrow(RangeError);
  });
});
