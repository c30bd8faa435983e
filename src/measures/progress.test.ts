import { describe, expect, it } from 'vitest';
import { gad7, pcl5, phq9 } from './instruments/index.js';
import { plainName, progressSummary } from './progress.js';

const chicago = 'America/Chicago';

describe('my progress in plain words', () => {
  it('names each questionnaire by its short name and what it measures', () => {
    expect(plainName(phq9)).toBe('PHQ-9 depression');
    expect(plainName(gad7)).toBe('GAD-7 anxiety');
    expect(plainName(pcl5)).toBe('PCL-5 PTSD');
    expect(plainName({ id: 'clinic-sleep', title: 'Sleep diary score' })).toBe('Sleep diary score');
  });

  it('says where the score started and where it is now, in the clinic’s time zone', () => {
    const points = [
      { at: new Date('2026-03-02T15:00:00Z'), total: 18 },
      { at: new Date('2026-03-16T15:00:00Z'), total: 12 },
      // 03:00 UTC on 31 March is still 30 March in Chicago.
      { at: new Date('2026-03-31T03:00:00Z'), total: 7 },
    ];
    expect(progressSummary(phq9, points, chicago)).toBe(
      'Your PHQ-9 depression score went from 18 on March 2 to 7 on March 30 — lower is better.',
    );
  });

  it('handles one score, an unchanged score, a change of year, and a clinic’s own scale', () => {
    const one = [{ at: new Date('2026-03-02T15:00:00Z'), total: 9 }];
    expect(progressSummary(gad7, one, chicago)).toBe(
      'Your GAD-7 anxiety score was 9 on March 2. Filling it in again will show how things change.',
    );
    const same = [...one, { at: new Date('2026-03-09T15:00:00Z'), total: 9 }];
    expect(progressSummary(gad7, same, chicago)).toBe(
      'Your GAD-7 anxiety score was 9 on March 2 and is 9 again on March 9 — lower is better.',
    );
    const acrossYears = [
      { at: new Date('2025-12-20T15:00:00Z'), total: 40 },
      { at: new Date('2026-01-10T15:00:00Z'), total: 30 },
    ];
    expect(progressSummary(pcl5, acrossYears, chicago)).toBe(
      'Your PCL-5 PTSD score went from 40 on December 20, 2025 to 30 on January 10, 2026 — lower is better.',
    );
    // Which way is better is only known for the shipped questionnaires.
    expect(progressSummary({ id: 'clinic-sleep', title: 'Sleep diary score' }, same, chicago)).toBe(
      'Your Sleep diary score was 9 on March 2 and is 9 again on March 9.',
    );
  });
});
