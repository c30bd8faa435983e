import { describe, expect, it } from 'vitest';
import { type RelapseDose, type RelapseScore, relapseSignal } from './relapse.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const induction = (n: number): RelapseDose => ({ at: day(n), phase: 'induction' });
const maintenance = (n: number): RelapseDose => ({ at: day(n), phase: 'maintenance' });
const phq = (n: number, total: number | null, id = `s${n}`): RelapseScore => ({
  id,
  effectiveAt: day(n),
  total,
});
const defaults = { rise: 5, bandFrom: 10 };

/** Six induction sessions over two weeks (days 0–12), maintenance from day 30. */
const course = [0, 2, 5, 7, 9, 12].map(induction).concat([maintenance(30), maintenance(60)]);

describe('relapse watch', () => {
  it('stays quiet outside maintenance', () => {
    expect(relapseSignal([], [phq(1, 5), phq(2, 20)], defaults)).toBeNull();
    expect(relapseSignal(course.slice(0, 6), [phq(13, 3), phq(14, 20)], defaults)).toBeNull();
    // A new induction course after maintenance ends the watch.
    expect(relapseSignal([...course, induction(70)], [phq(20, 3), phq(65, 20)], defaults)).toBeNull();
  });

  it('fires on every pair of post-induction and latest PHQ-9 exactly when the rule says', () => {
    for (let reference = 0; reference <= 27; reference++) {
      for (let latest = 0; latest <= 27; latest++) {
        const signal = relapseSignal(course, [phq(20, reference), phq(40, latest)], defaults);
        const expected = latest - reference >= 5 || (reference < 10 && latest >= 10);
        expect(signal !== null, `${reference} → ${latest}`).toBe(expected);
        if (signal) expect(signal).toMatchObject({ referenceTotal: reference, latestTotal: latest });
      }
    }
  });

  it('says why, with the rise and the band, and follows the clinic’s thresholds', () => {
    expect(relapseSignal(course, [phq(20, 4), phq(40, 9)], defaults)?.reason).toBe(
      'PHQ-9 up 5 points from the post-induction level (4 → 9): consider a booster.',
    );
    expect(relapseSignal(course, [phq(20, 9), phq(40, 10)], defaults)?.reason).toBe(
      'PHQ-9 back at 10 or above (now 10): consider a booster.',
    );
    expect(relapseSignal(course, [phq(20, 6), phq(40, 12)], defaults)?.reason).toBe(
      'PHQ-9 up 6 points from the post-induction level (6 → 12); PHQ-9 back at 10 or above (now 12): consider a booster.',
    );
    expect(relapseSignal(course, [phq(20, 4), phq(40, 9)], { rise: 6, bandFrom: 15 })).toBeNull();
    expect(relapseSignal(course, [phq(20, 4), phq(40, 7)], { rise: 3, bandFrom: 15 })).not.toBeNull();
  });

  it('takes the last valid score between the last induction dose and maintenance as the reference', () => {
    const scores = [phq(-5, 22), phq(13, 12), phq(20, 6), phq(25, null), phq(45, 11)];
    expect(relapseSignal(course, scores, defaults)).toEqual({
      reason: expect.any(String),
      referenceTotal: 6,
      latestTotal: 11,
      scoreIds: ['s20', 's45'],
    });
  });

  it('takes the first valid score in maintenance when none was given after induction', () => {
    const scores = [phq(-5, 22), phq(31, 4), phq(35, null), phq(50, 6), phq(61, 9)];
    expect(relapseSignal(course, scores, defaults)).toEqual({
      reason: expect.any(String),
      referenceTotal: 4,
      latestTotal: 9,
      scoreIds: ['s31', 's50', 's61'],
    });
  });

  it('needs a later score than the reference', () => {
    expect(relapseSignal(course, [phq(31, 15)], defaults)).toBeNull();
    expect(relapseSignal(course, [phq(20, 3)], defaults)).toBeNull();
    // A high score between induction and maintenance is not "in maintenance" yet.
    expect(relapseSignal(course, [phq(20, 3), phq(25, 20)], defaults)).toBeNull();
  });

  it('ignores invalid scores as the latest', () => {
    expect(relapseSignal(course, [phq(20, 3), phq(40, 4), phq(50, null)], defaults)).toBeNull();
  });

  it('does not depend on the order doses and scores arrive in', () => {
    const scores = [phq(45, 11), phq(20, 6)];
    expect(relapseSignal([...course].reverse(), scores, defaults)).toEqual(
      relapseSignal(course, [...scores].reverse(), defaults),
    );
  });

  it('watches maintenance with no induction recorded from the first maintenance score', () => {
    expect(
      relapseSignal([maintenance(0), maintenance(30)], [phq(1, 2), phq(31, 7)], defaults)?.referenceTotal,
    ).toBe(2);
  });
});
