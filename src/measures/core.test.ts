import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandFor,
  baselineScore,
  nonResponse,
  outcome,
  scoreRange,
  scoreResponse,
  validateInstrument,
} from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import {
  cadss,
  cadss6,
  cssrsScreener,
  gad7,
  moaas,
  pcl5,
  phq9,
  shippedInstruments,
} from './instruments/index.js';

/** Answers to the scored items in form order; `undefined` leaves an item unanswered. */
function answers(
  def: InstrumentDefinition,
  values: ReadonlyArray<number | undefined>,
): Record<string, number> {
  const scored = def.items.filter((item) => item.scored);
  const result: Record<string, number> = {};
  values.forEach((value, i) => {
    if (value !== undefined) result[scored[i]!.linkId] = value;
  });
  return result;
}

/** Item values that add up to `total`, filling items in order with the highest answer first. */
function summingTo(total: number, itemMax: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.max(0, Math.min(itemMax, total - i * itemMax)));
}

describe('PHQ-9, scored by hand', () => {
  // Item 9 left at 0 so the band checks do not mix with the safety trigger; 8 × 3 = 24 is the most without it.
  const withoutItem9 = (total: number) => answers(phq9, [...summingTo(total, 3, 8), 0]);
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately severe'],
    [19, 'moderately severe'],
    [20, 'severe'],
    [24, 'severe'],
  ])('total %i is %s', (total, band) => {
    const score = scoreResponse(phq9, withoutItem9(total));
    expect(score).toMatchObject({ valid: true, total, band, prorated: false, missing: [], safety: [] });
  });

  it('scores 27 as severe with the item 9 trigger', () => {
    const score = scoreResponse(phq9, answers(phq9, Array(9).fill(3)));
    expect(score).toMatchObject({ total: 27, band: 'severe' });
    expect(score.safety.map((f) => f.triggerId)).toEqual(['phq-9-item-9']);
  });

  it('raises the crisis flag for item 9 = 1 with a minimal total', () => {
    const score = scoreResponse(phq9, answers(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(score).toMatchObject({ valid: true, total: 1, band: 'minimal' });
    expect(score.safety).toEqual([
      expect.objectContaining({ triggerId: 'phq-9-item-9', crisisResources: true }),
    ]);
  });

  it('raises the crisis flag even when the total is invalid', () => {
    const score = scoreResponse(phq9, answers(phq9, [1, undefined, undefined, undefined, 0, 0, 0, 0, 2]));
    expect(score).toMatchObject({ valid: false, total: null, band: null });
    expect(score.safety.map((f) => f.triggerId)).toEqual(['phq-9-item-9']);
  });

  it('prorates one unanswered item: 7 over 8 answered items is 7 × 9/8 = 7.875, so 8 (mild)', () => {
    const score = scoreResponse(phq9, answers(phq9, [1, 1, undefined, 1, 1, 1, 1, 1, 0]));
    expect(score).toMatchObject({
      valid: true,
      total: 8,
      prorated: true,
      band: 'mild',
      missing: ['phq-9-3'],
    });
  });

  it('refuses a total with two unanswered items', () => {
    const score = scoreResponse(phq9, answers(phq9, [1, 1, undefined, 1, 1, undefined, 1, 1, 0]));
    expect(score).toMatchObject({ valid: false, total: null, missing: ['phq-9-3', 'phq-9-6'] });
  });

  it('never prorates over an unanswered item 9', () => {
    const score = scoreResponse(phq9, answers(phq9, [3, 3, 3, 3, 3, 3, 3, 3, undefined]));
    expect(score).toMatchObject({ valid: false, total: null, missing: ['phq-9-9'], safety: [] });
  });

  it('does not count the difficulty question, answered or not', () => {
    const base = answers(phq9, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(scoreResponse(phq9, base).total).toBe(8);
    expect(scoreResponse(phq9, { ...base, 'phq-9-difficulty': 3 }).total).toBe(8);
  });

  it('rejects an answer not offered and an item it does not have', () => {
    const score = scoreResponse(phq9, { ...answers(phq9, Array(9).fill(0)), 'phq-9-1': 4, 'gad-7-1': 1 });
    expect(score.valid).toBe(false);
    expect(score.rejected).toEqual([
      { linkId: 'phq-9-1', reason: '4 is not an allowed answer' },
      { linkId: 'gad-7-1', reason: 'not an item of this instrument' },
    ]);
  });
});

describe('GAD-7, scored by hand', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('total %i is %s', (total, band) => {
    expect(scoreResponse(gad7, answers(gad7, summingTo(total, 3, 7)))).toMatchObject({
      valid: true,
      total,
      band,
    });
  });

  it('prorates one unanswered item (18 × 7/6 = 21) and refuses two', () => {
    expect(scoreResponse(gad7, answers(gad7, [3, 3, 3, 3, 3, 3, undefined]))).toMatchObject({
      total: 21,
      prorated: true,
      band: 'severe',
    });
    expect(scoreResponse(gad7, answers(gad7, [3, 3, 3, 3, 3, undefined, undefined])).valid).toBe(false);
  });

  it('has no safety trigger', () => expect(gad7.safetyTriggers).toEqual([]));
});

describe('PCL-5, scored by hand', () => {
  it.each([
    [0, 'below the provisional PTSD cut-point'],
    [32, 'below the provisional PTSD cut-point'],
    [33, 'provisional PTSD'],
    [80, 'provisional PTSD'],
  ])('total %i is %s', (total, band) => {
    expect(scoreResponse(pcl5, answers(pcl5, summingTo(total, 4, 20)))).toMatchObject({ total, band });
  });

  it('has no total with any unanswered item', () => {
    const values = [...Array(19).fill(2), undefined];
    expect(scoreResponse(pcl5, answers(pcl5, values))).toMatchObject({ valid: false, missing: ['pcl-5-20'] });
  });
});

describe('MOAA/S and the dissociation ratings (clinician-rated)', () => {
  it.each([
    [5, false],
    [3, false],
    [2, true],
    [0, true],
  ])('MOAA/S %i raises the sedation alert: %s', (value, alert) => {
    const score = scoreResponse(moaas, { moaas: value });
    expect(score).toMatchObject({ valid: true, total: value });
    expect(score.safety.map((f) => f.triggerId)).toEqual(alert ? ['moaas-deep-sedation'] : []);
    expect(score.safety.every((f) => !f.crisisResources)).toBe(true);
  });

  it('MOAA/S has no value 6 and no total when not rated', () => {
    expect(scoreResponse(moaas, { moaas: 6 }).valid).toBe(false);
    expect(scoreResponse(moaas, {})).toMatchObject({ valid: false, missing: ['moaas'] });
  });

  it('records the entered CADSS and CADSS-6 totals within their ranges', () => {
    expect(scoreRange(cadss)).toEqual({ minimum: 0, maximum: 92 });
    expect(scoreRange(cadss6)).toEqual({ minimum: 0, maximum: 24 });
    expect(scoreResponse(cadss, { 'cadss-total': 17 })).toMatchObject({ valid: true, total: 17, band: null });
    expect(scoreResponse(cadss, { 'cadss-total': 93 }).valid).toBe(false);
    expect(scoreResponse(cadss6, { 'cadss-6-total': 24 }).total).toBe(24);
    expect(scoreResponse(cadss6, { 'cadss-6-total': 2.5 }).valid).toBe(false);
  });
});

describe('C-SSRS screener risk, every path', () => {
  const no = 0;
  const yes = 1;
  /** Answers by question number ("6b" for the recency question). */
  const screen = (byNumber: Record<string, number>) =>
    scoreResponse(
      cssrsScreener,
      Object.fromEntries(Object.entries(byNumber).map(([n, value]) => [`cssrs-${n}`, value])),
    );
  const q = (n: string) => `cssrs-${n}`;

  it.each<[string, Record<string, number>, string, boolean]>([
    ['no to everything asked (Q3–Q5 skipped)', { 1: no, 2: no, 6: no }, 'none', false],
    ['yes to Q1 only', { 1: yes, 2: no, 6: no }, 'low', false],
    ['yes to Q2, no to Q3–Q6', { 1: yes, 2: yes, 3: no, 4: no, 5: no, 6: no }, 'low', false],
    ['yes to Q3 (method)', { 1: yes, 2: yes, 3: yes, 4: no, 5: no, 6: no }, 'moderate', true],
    ['yes to Q4 (intent)', { 1: yes, 2: yes, 3: no, 4: yes, 5: no, 6: no }, 'high', true],
    ['yes to Q5 (plan)', { 1: yes, 2: yes, 3: yes, 4: no, 5: yes, 6: no }, 'high', true],
    ['behaviour within the past 3 months', { 1: no, 2: no, 6: yes, '6b': yes }, 'high', true],
    ['behaviour more than 3 months ago', { 1: no, 2: no, 6: yes, '6b': no }, 'moderate', true],
  ])('%s → %s risk', (_, given, risk, flagged) => {
    const score = screen(given);
    expect(score).toMatchObject({ valid: true, risk, total: null, missing: [], rejected: [] });
    expect(score.safety.map((f) => f.triggerId)).toEqual(flagged ? ['cssrs-positive-screen'] : []);
    if (flagged) expect(score.safety[0]!.crisisResources).toBe(true);
  });

  it('asks Q3–Q5 after a yes to Q2 and the recency question after a yes to Q6', () => {
    const score = screen({ 1: yes, 2: yes, 6: yes });
    expect(score.valid).toBe(false);
    expect(score.missing).toEqual([q('3'), q('4'), q('5'), q('6b')]);
    // Q6 yes is at least moderate while the recency is unknown.
    expect(score.risk).toBe('moderate');
  });

  it('leaves the risk open while nothing is positive and questions remain', () => {
    expect(screen({ 1: no })).toMatchObject({ valid: false, risk: null, safety: [] });
  });

  it('rejects an answer to a skipped question but still acts on it', () => {
    const score = screen({ 1: no, 2: no, 4: yes, 6: no });
    expect(score.rejected).toEqual([{ linkId: q('4'), reason: 'answered but not asked' }]);
    expect(score).toMatchObject({ valid: false, risk: 'high' });
    expect(score.safety).toHaveLength(1);
  });
});

describe('response, remission and non-response', () => {
  it('computes change and response from baseline', () => {
    expect(outcome(20, 10, phq9)).toEqual({
      change: -10,
      percentChange: -50,
      response: true,
      remission: false,
    });
    expect(outcome(20, 4, phq9)).toMatchObject({ response: true, remission: true });
    expect(outcome(21, 10, phq9).response).toBe(true);
    expect(outcome(21, 11, phq9).response).toBe(false);
    expect(outcome(10, 12, gad7)).toMatchObject({ change: 2, percentChange: 20, response: false });
  });

  it('uses each instrument’s remission threshold', () => {
    expect(outcome(15, 4, gad7).remission).toBe(true);
    expect(outcome(15, 5, gad7).remission).toBe(false);
    expect(outcome(50, 32, pcl5).remission).toBe(true);
    expect(outcome(50, 33, pcl5).remission).toBe(false);
    expect(outcome(4, 5, moaas).remission).toBeNull();
  });

  it('has no percentage or response from a baseline of 0', () => {
    expect(outcome(0, 0, phq9)).toEqual({ change: 0, percentChange: null, response: false, remission: true });
  });

  it('flags non-response after 6 induction sessions by default, or the configured number', () => {
    expect(nonResponse({ inductionSessionsDone: 5, responded: false })).toBe(false);
    expect(nonResponse({ inductionSessionsDone: 6, responded: false })).toBe(true);
    expect(nonResponse({ inductionSessionsDone: 6, responded: true })).toBe(false);
    expect(nonResponse({ inductionSessionsDone: 7, threshold: 8, responded: false })).toBe(false);
  });

  it('takes as baseline the last valid score strictly before the first dose', () => {
    const at = (iso: string, total: number | null) => ({ effectiveAt: new Date(iso), total });
    const firstDose = new Date('2026-03-10T15:00:00Z');
    const scores = [
      at('2026-03-01T10:00:00Z', 18),
      at('2026-03-09T10:00:00Z', 21),
      at('2026-03-10T09:00:00Z', null), // invalid: too many unanswered items
      at('2026-03-10T15:00:00Z', 12), // at the dose: not before it
      at('2026-03-05T10:00:00Z', 19),
    ];
    expect(baselineScore(scores, firstDose)?.total).toBe(21);
    expect(baselineScore(scores.slice(2, 4), firstDose)).toBeUndefined();
  });
});

describe('properties', () => {
  const summed = [phq9, gad7, pcl5, moaas];
  /** A complete response to a summed instrument, as option values per scored item. */
  const completeResponse = (def: InstrumentDefinition) =>
    fc.tuple(
      ...def.items
        .filter((item) => item.scored)
        .map((item) => fc.constantFrom(...item.answers!.map((o) => o.value))),
    );

  for (const def of summed) {
    it(`${def.id}: a complete response has a total within range, and a band when the instrument has bands`, () => {
      const range = scoreRange(def)!;
      fc.assert(
        fc.property(completeResponse(def), (values) => {
          const score = scoreResponse(def, answers(def, values));
          expect(score.valid).toBe(true);
          expect(score.total).toBeGreaterThanOrEqual(range.minimum);
          expect(score.total).toBeLessThanOrEqual(range.maximum);
          if (def.bands.length > 0) expect(score.band).not.toBeNull();
        }),
      );
    });

    it(`${def.id}: raising any single answer never lowers the total, prorated or not`, () => {
      const scored = def.items.filter((item) => item.scored);
      const canProrate = def.scoring.method === 'sum' && def.scoring.prorateAtMost > 0;
      fc.assert(
        fc.property(
          completeResponse(def),
          fc.nat({ max: scored.length - 1 }),
          fc.nat({ max: scored.length - 1 }),
          (values, changed, dropped) => {
            const given: (number | undefined)[] = [...values];
            if (canProrate && dropped !== changed && !scored[dropped]!.neverProrated)
              given[dropped] = undefined;
            const options = scored[changed]!.answers!.map((o) => o.value);
            const withAnswer = (value: number) =>
              scoreResponse(
                def,
                answers(
                  def,
                  given.map((v, i) => (i === changed ? value : v)),
                ),
              );
            const low = withAnswer(Math.min(...options));
            const high = withAnswer(Math.max(...options));
            expect(low.valid && high.valid).toBe(true);
            expect(high.total!).toBeGreaterThanOrEqual(low.total!);
          },
        ),
      );
    });
  }

  it('every valid total of every banded instrument falls in exactly one band', () => {
    for (const def of shippedInstruments.filter((d) => d.bands.length > 0)) {
      const { minimum, maximum } = scoreRange(def)!;
      for (let total = minimum; total <= maximum; total++) {
        expect(def.bands.filter((b) => total >= b.from && total <= b.to)).toHaveLength(1);
        expect(bandFor(def, total)).toBeDefined();
      }
    }
  });

  it('response holds exactly when latest ≤ baseline / 2 (baseline > 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 80 }), (baseline, latest) => {
        expect(outcome(baseline, latest, pcl5).response).toBe(latest <= baseline / 2);
      }),
    );
  });
});

describe('validateInstrument', () => {
  const mutated = (def: InstrumentDefinition, change: (copy: InstrumentDefinition) => void) => {
    const copy = structuredClone(def);
    change(copy);
    return validateInstrument(copy);
  };
  const pathsOf = (result: ReturnType<typeof validateInstrument>) =>
    result.ok ? [] : result.problems.map((p) => p.path);

  it.each(shippedInstruments.map((def) => [def.id, def] as const))('accepts the shipped %s', (_, def) => {
    expect(validateInstrument(def)).toEqual({ ok: true, instrument: def });
  });

  it('rejects a duplicated linkId at that item', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shippedInstruments.filter((d) => d.items.length > 1)),
        fc.nat(),
        (def, n) => {
          const k = 1 + (n % (def.items.length - 1));
          const result = mutated(def, (copy) => {
            copy.items[k]!.linkId = copy.items[0]!.linkId;
          });
          expect(pathsOf(result)).toContain(`/items/${k}/linkId`);
        },
      ),
    );
  });

  it('rejects a gap or an overlap between bands at the band that moved', () => {
    const banded = shippedInstruments.filter((d) => d.bands.length > 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...banded),
        fc.nat(),
        fc.integer({ min: -2, max: 2 }).filter((d) => d !== 0),
        (def, n, delta) => {
          const k = 1 + (n % (def.bands.length - 1));
          const result = mutated(def, (copy) => {
            copy.bands[k]!.from += delta;
          });
          expect(pathsOf(result)).toContain(`/bands/${k}/from`);
        },
      ),
    );
  });

  it('rejects bands that stop short of the highest score', () => {
    const result = mutated(phq9, (copy) => {
      copy.bands[4]!.to = 26;
    });
    expect(pathsOf(result)).toEqual(['/bands/4/to']);
  });

  it('rejects a safety trigger on an item that does not exist', () => {
    const result = mutated(phq9, (copy) => {
      copy.safetyTriggers[0]!.when = { linkId: 'phq-9-10', atLeast: 1 };
    });
    expect(pathsOf(result)).toEqual(['/safetyTriggers/0/when/linkId']);
  });

  it('rejects enableWhen pointing at a missing item or at an answer the item does not offer', () => {
    const missingTarget = mutated(cssrsScreener, (copy) => {
      copy.items[2]!.enableWhen = [{ question: 'cssrs-9', answer: 1 }];
    });
    expect(pathsOf(missingTarget)).toEqual(['/items/2/enableWhen/0/question']);
    const badAnswer = mutated(cssrsScreener, (copy) => {
      copy.items[6]!.enableWhen = [{ question: 'cssrs-6', answer: 2 }];
    });
    expect(pathsOf(badAnswer)).toEqual(['/items/6/enableWhen/0/answer']);
  });

  it('rejects a risk rule naming an unknown item and a risk trigger on a summed instrument', () => {
    const rule = mutated(cssrsScreener, (copy) => {
      if (copy.scoring.method === 'risk-rules') copy.scoring.rules[0]!.anyYes[1] = 'cssrs-7';
    });
    expect(pathsOf(rule)).toEqual(['/scoring/rules/0/anyYes/1']);
    const trigger = mutated(gad7, (copy) => {
      copy.safetyTriggers = [
        { id: 'x', when: { riskLevelIn: ['high'] }, message: 'x', crisisResources: true },
      ];
    });
    expect(pathsOf(trigger)).toEqual(['/safetyTriggers/0/when/riskLevelIn']);
  });

  it('rejects a schema violation with its path, and an invented LOINC code format', () => {
    expect(pathsOf(mutated(gad7, (copy) => Object.assign(copy, { title: '' })))).toContain('/title');
    expect(
      pathsOf(
        mutated(gad7, (copy) => {
          copy.loinc.total = 'GAD7-TOTAL';
        }),
      ),
    ).toContain('/loinc/total');
    expect(pathsOf(validateInstrument({ id: 'x' }))).toContain('');
  });
});
