import { describe, expect, it } from 'vitest';
import { evaluate, median, metricValue, percentile, type Target } from './targets.js';

const max: Target = {
  id: 't',
  description: 'd',
  metric: 'm',
  engine: 'any',
  kind: 'max',
  limit: 2000,
  unit: 'ms',
};

describe('benchmark arithmetic', () => {
  it('takes nearest-rank percentiles', () => {
    const sample = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(sample, 50)).toBe(5);
    expect(percentile(sample, 90)).toBe(9);
    expect(percentile(sample, 99)).toBe(10);
    expect(percentile(sample, 0)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('marks a target met at its limit and missed past it, saying by how much', () => {
    expect(evaluate(max, 2000).status).toBe('met');
    expect(evaluate(max, 2500)).toMatchObject({ status: 'missed', overByPercent: 25 });
    expect(evaluate({ ...max, kind: 'min', limit: 5000 }, 4000)).toMatchObject({
      status: 'missed',
      overByPercent: 20,
    });
    expect(evaluate({ ...max, kind: 'report' }, 700).status).toBe('reported');
    expect(evaluate(max, undefined).status).toBe('not-measured');
  });

  it('reads nested metrics', () => {
    expect(metricValue({ coldStart: { medianMs: 812 } }, 'coldStart.medianMs')).toBe(812);
    expect(metricValue({ coldStart: {} }, 'coldStart.medianMs')).toBeUndefined();
  });
});
