import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultProtocols } from './defaults.js';
import type { Delivery, ProtocolDefinition } from './definition.js';
import { calculateDose, type DoseCalculation, type DoseInput } from './dosing.js';

const byKey = (key: string) => defaultProtocols.find((p) => p.key === key)!.definition;
const iv = byKey('iv-racemic-ketamine');
const im = byKey('im-ketamine');
const esketamine = byKey('intranasal-esketamine');
const oral = byKey('oral-ketamine');
const adjustedAt30: ProtocolDefinition = {
  ...iv,
  dosing: {
    ...(iv.dosing as Extract<ProtocolDefinition['dosing'], { kind: 'per_kg' }>),
    weightRule: { kind: 'adjusted_when_bmi_at_least', bmi: 30 },
  },
};

const dose = (definition: ProtocolDefinition, input: Partial<DoseInput> = {}) =>
  calculateDose({
    definition,
    stepIndex: 0,
    weightGrams: null,
    heightMm: null,
    sexAtBirth: null,
    firstSession: false,
    ...input,
  });

function given(result: DoseCalculation) {
  if (!result.ok) throw new Error(`expected a dose, got: ${result.reason}`);
  return result;
}

describe('hand-computed doses', () => {
  it('IV 0.5 mg/kg for 82.5 kg at 1 mg/mL over 40 min', () => {
    // 0.5 mg/kg × 82.5 kg = 41.25 mg = 41.25 mL at 1 mg/mL; over 40 min: 41.25 × 60 / 40 = 61.875 mL/h
    // → pump step 0.1 mL/h: 61.8 mL/h; 61.8 × 40 / 60 = 41.2 mL = 41.2 mg. Maximum 1 mg/kg × 82.5 = 82.5 mg.
    const result = given(dose(iv, { weightGrams: 82_500 }));
    expect(result).toEqual({
      ok: true,
      doseMcg: 41_200,
      maxDoseMcg: 82_500,
      dosingWeightGrams: 82_500,
      weightBasis: 'actual',
      measured: { kind: 'infusion', rateMicrolitresPerHour: 61_800, volumeMicrolitres: 41_200, minutes: 40 },
      working: [
        'Weight 82.5 kg (actual body weight)',
        'Step 1 of 3: 0.5 mg/kg × 82.5 kg = 41.25 mg',
        'Maximum for this session 82.5 mg (1 mg/kg × 82.5 kg; absolute cap 120 mg); not reached',
        'Pump: 41.25 mg at 1 mg/mL over 40 min = 61.875 mL/h, rounded down to the pump step of 0.1 mL/h: 61.8 mL/h',
        '61.8 mL/h × 40 min = 41.2 mL at 1 mg/mL = 41.2 mg',
        'Dose 41.2 mg: 61.8 mL/h for 40 min',
      ],
    });
  });

  it('IV 1.0 mg/kg for 150 kg is capped at the absolute 120 mg', () => {
    // 1 mg/kg × 150 kg = 150 mg > min(1 mg/kg × 150 kg, 120 mg) = 120 mg → 120 mL over 40 min = 180 mL/h exactly.
    const result = given(dose(iv, { stepIndex: 2, weightGrams: 150_000 }));
    expect(result.doseMcg).toBe(120_000);
    expect(result.maxDoseMcg).toBe(120_000);
    expect(result.measured).toEqual({
      kind: 'infusion',
      rateMicrolitresPerHour: 180_000,
      volumeMicrolitres: 120_000,
      minutes: 40,
    });
    expect(result.working).toContain(
      'Maximum for this session 120 mg (the absolute cap; 1 mg/kg would be 150 mg); reached: the dose is capped at 120 mg',
    );
  });

  it('IM 0.75 mg/kg for 70 kg is exactly 1.05 mL of 50 mg/mL', () => {
    // 0.75 × 70 = 52.5 mg; 52.5 / 50 = 1.05 mL, already on the 0.01 mL graduation → 52.5 mg.
    const result = given(dose(im, { stepIndex: 1, weightGrams: 70_000 }));
    expect(result.doseMcg).toBe(52_500);
    expect(result.measured).toEqual({ kind: 'injection', volumeMicrolitres: 1050 });
  });

  it('IM 0.5 mg/kg for 82.5 kg rounds the syringe down to 0.82 mL', () => {
    // 41.25 mg / 50 mg/mL = 0.825 mL → 0.82 mL × 50 mg/mL = 41 mg.
    const result = given(dose(im, { weightGrams: 82_500 }));
    expect(result.doseMcg).toBe(41_000);
    expect(result.working).toContain(
      'Syringe: 41.25 mg at 50 mg/mL = 0.825 mL, rounded down to the graduation of 0.01 mL: 0.82 mL = 41 mg',
    );
  });

  it('adjusted body weight for a man of 120 kg and 175 cm (BMI 39.2)', () => {
    // BMI = 120 / 1.75² = 39.18 ≥ 30. IBW = 50 + 2.3 × (1750 / 25.4 − 60) = 50 + 2.3 × 8.8976 = 70.4646 kg.
    // ABW = 70.4646 + 0.4 × (120 − 70.4646) = 90.2787 kg → 90 278 g. 1 mg/kg × 90.278 kg = 90.278 mg
    // → 90.278 × 60 / 40 = 135.417 mL/h → 135.4 mL/h → 135.4 × 40 / 60 = 90.2667 mL → 90 266 mcg (cut to the mcg).
    const result = given(
      dose(adjustedAt30, { stepIndex: 2, weightGrams: 120_000, heightMm: 1750, sexAtBirth: 'male' }),
    );
    expect(result).toMatchObject({
      doseMcg: 90_266,
      maxDoseMcg: 90_278,
      dosingWeightGrams: 90_278,
      weightBasis: 'adjusted',
      measured: { kind: 'infusion', rateMicrolitresPerHour: 135_400, volumeMicrolitres: 90_266 },
    });
    expect(result.working.slice(0, 3)).toEqual([
      'Weight 120 kg, height 175 cm: BMI ≈39.1, at least 30, so adjusted body weight',
      'Ideal body weight (Devine, male): 50 kg + 2.3 kg × (≈68.8 in − 60 in) = ≈70.464 kg',
      'Adjusted body weight: ≈70.464 kg + 0.4 × (120 kg − ≈70.464 kg) = 90.278 kg (to the gram, rounded down)',
    ]);
  });

  it('adjusted body weight for a woman of 100 kg and 160 cm (BMI 39.1)', () => {
    // IBW = 45.5 + 2.3 × (1600 / 25.4 − 60) = 45.5 + 2.3 × 2.9921 = 52.3819 kg.
    // ABW = 52.3819 + 0.4 × (100 − 52.3819) = 71.4291 kg → 71 429 g; 0.5 mg/kg → 35.7145 mg
    // → × 60 / 40 = 53.571 mL/h → 53.5 mL/h → 53.5 × 40 / 60 = 35.6667 mL → 35 666 mcg.
    const result = given(dose(adjustedAt30, { weightGrams: 100_000, heightMm: 1600, sexAtBirth: 'female' }));
    expect(result).toMatchObject({ dosingWeightGrams: 71_429, doseMcg: 35_666, weightBasis: 'adjusted' });
  });

  it('actual body weight below the BMI threshold, without needing the sex at birth', () => {
    // 91 / 1.75² = 29.7 < 30 → actual 91 kg; 0.5 × 91 = 45.5 mg → 68.25 mL/h → 68.2 mL/h → 45.4667 → 45 466 mcg.
    const result = given(dose(adjustedAt30, { weightGrams: 91_000, heightMm: 1750 }));
    expect(result).toMatchObject({ weightBasis: 'actual', dosingWeightGrams: 91_000, doseMcg: 45_466 });
  });

  it('esketamine: 2 devices on the first session whatever the step, then the step', () => {
    const first = given(dose(esketamine, { stepIndex: 1, firstSession: true }));
    expect(first).toMatchObject({
      doseMcg: 56_000,
      maxDoseMcg: 84_000,
      measured: { kind: 'devices', devices: 2 },
    });
    const later = given(dose(esketamine, { stepIndex: 1 }));
    expect(later).toMatchObject({ doseMcg: 84_000, measured: { kind: 'devices', devices: 3 } });
    expect(later.working).toContain('3 devices × 28 mg = 84 mg, 5 min between devices');
  });

  it('caps a device step above the maximum at the maximum', () => {
    const definition = {
      ...esketamine,
      dosing: {
        ...(esketamine.dosing as Extract<ProtocolDefinition['dosing'], { kind: 'devices' }>),
        stepsDevices: [2, 3, 4],
      },
    };
    expect(given(dose(definition, { stepIndex: 2 })).measured).toEqual({ kind: 'devices', devices: 3 });
  });

  it('oral: a fixed step, rounded down to what can be measured', () => {
    expect(given(dose(oral, { stepIndex: 3 })).doseMcg).toBe(150_000);
    // 75 mg in 20 mg steps → 60 mg.
    const coarse = { ...oral, delivery: { kind: 'oral' as const, stepMcg: 20_000 } };
    expect(given(dose(coarse, { stepIndex: 1 })).doseMcg).toBe(60_000);
  });
});

describe('when no dose can be calculated', () => {
  const reasonOf = (result: DoseCalculation) => (result.ok ? 'a dose' : result.reason);

  it('refuses without a weight', () => {
    expect(reasonOf(dose(iv))).toMatch(/No weight on record/);
  });

  it('refuses a step the protocol does not have', () => {
    expect(reasonOf(dose(iv, { stepIndex: 3, weightGrams: 80_000 }))).toBe(
      'Step 4 does not exist: this protocol has steps 1 to 3',
    );
    expect(reasonOf(dose(esketamine, { stepIndex: -1 }))).toMatch(/does not exist/);
    expect(reasonOf(dose(oral, { stepIndex: 0.5 }))).toMatch(/does not exist/);
  });

  it('refuses the BMI rule without a height, and above the threshold without the sex at birth', () => {
    expect(reasonOf(dose(adjustedAt30, { weightGrams: 120_000 }))).toMatch(/record the height/);
    const noSex = dose(adjustedAt30, { weightGrams: 120_000, heightMm: 1750 });
    expect(reasonOf(noSex)).toMatch(/needs the sex at birth/);
    expect(noSex.working).toEqual([]);
    // 45.5 + 2.3 × (1000 / 25.4 − 60) = −1.95 kg: the formula does not reach that far.
    expect(reasonOf(dose(adjustedAt30, { weightGrams: 40_000, heightMm: 1000, sexAtBirth: 'female' }))).toBe(
      'Devine’s ideal body weight does not cover a height of 100 cm',
    );
  });

  it('refuses a dose that rounds down to nothing', () => {
    const coarsePump = {
      ...iv,
      delivery: {
        ...(iv.delivery as Extract<Delivery, { kind: 'infusion' }>),
        rateStepMicrolitresPerHour: 500_000,
      },
    };
    expect(reasonOf(dose(coarsePump, { weightGrams: 40_000 }))).toMatch(/rounds down to nothing/);
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────────────

const ascending = (min: number, max: number, most: number) =>
  fc
    .uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: most })
    .map((xs) => xs.sort((a, b) => a - b));

const delivery: fc.Arbitrary<Delivery> = fc.oneof(
  fc.record({
    kind: fc.constant('infusion' as const),
    concentrationMcgPerMl: fc.integer({ min: 100, max: 50_000 }),
    infusionMinutes: fc.integer({ min: 1, max: 240 }),
    rateStepMicrolitresPerHour: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('injection' as const),
    concentrationMcgPerMl: fc.integer({ min: 1000, max: 100_000 }),
    graduationMicrolitres: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ kind: fc.constant('oral' as const), stepMcg: fc.integer({ min: 1, max: 25_000 }) }),
);

const perKg = fc
  .record({
    steps: ascending(50, 3000, 10),
    maxMcgPerKg: fc.integer({ min: 50, max: 3000 }),
    maxDoseMcg: fc.integer({ min: 1, max: 500_000 }),
    bmi: fc.option(fc.integer({ min: 20, max: 60 })),
    delivery,
  })
  .map(
    ({ steps, maxMcgPerKg, maxDoseMcg, bmi, delivery }): ProtocolDefinition => ({
      ...iv,
      dosing: {
        kind: 'per_kg',
        stepsMcgPerKg: steps,
        maxMcgPerKg,
        maxDoseMcg,
        weightRule: bmi === null ? { kind: 'actual' } : { kind: 'adjusted_when_bmi_at_least', bmi },
      },
      delivery,
    }),
  );

const weight = fc.integer({ min: 2000, max: 400_000 });
const height = fc.integer({ min: 1000, max: 2500 });
const sex = fc.constantFrom('female' as const, 'male' as const);

describe('dose properties', () => {
  it('never gives more than the absolute cap or the per-kg maximum of the actual weight, in whole micrograms', () => {
    fc.assert(
      fc.property(perKg, fc.nat(9), weight, height, sex, (definition, step, w, h, s) => {
        if (definition.dosing.kind !== 'per_kg') return;
        const result = dose(definition, { stepIndex: step, weightGrams: w, heightMm: h, sexAtBirth: s });
        if (!result.ok) return;
        expect(Number.isSafeInteger(result.doseMcg)).toBe(true);
        expect(result.doseMcg).toBeGreaterThan(0);
        expect(result.doseMcg).toBeLessThanOrEqual(result.maxDoseMcg);
        expect(result.doseMcg).toBeLessThanOrEqual(definition.dosing.maxDoseMcg);
        expect(BigInt(result.doseMcg) * 1000n).toBeLessThanOrEqual(
          BigInt(definition.dosing.maxMcgPerKg) * BigInt(w),
        );
        // Nor above the step itself on the dosing weight, which is never above the actual weight.
        expect(result.dosingWeightGrams).toBeLessThanOrEqual(w);
        const perKgStep = definition.dosing.stepsMcgPerKg[step]!;
        expect(BigInt(result.doseMcg) * 1000n).toBeLessThanOrEqual(
          BigInt(perKgStep) * BigInt(result.dosingWeightGrams!),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('measures the dose in whole pump steps, syringe graduations or dose steps', () => {
    fc.assert(
      fc.property(perKg, weight, (definition, w) => {
        const result = dose(definition, { weightGrams: w, heightMm: 1700, sexAtBirth: 'female' });
        if (!result.ok) return;
        const { delivery } = definition;
        const { measured } = result;
        if (delivery.kind === 'infusion' && measured.kind === 'infusion') {
          expect(measured.rateMicrolitresPerHour % delivery.rateStepMicrolitresPerHour).toBe(0);
          // dose = rate × minutes / 60 × concentration / 1000, cut to the microgram
          const exact =
            (BigInt(measured.rateMicrolitresPerHour) *
              BigInt(delivery.infusionMinutes) *
              BigInt(delivery.concentrationMcgPerMl)) /
            60_000n;
          expect(BigInt(result.doseMcg)).toBe(exact);
        } else if (delivery.kind === 'injection' && measured.kind === 'injection') {
          expect(measured.volumeMicrolitres % delivery.graduationMicrolitres).toBe(0);
          expect(BigInt(result.doseMcg)).toBe(
            (BigInt(measured.volumeMicrolitres) * BigInt(delivery.concentrationMcgPerMl)) / 1000n,
          );
        } else if (delivery.kind === 'oral') {
          expect(result.doseMcg % delivery.stepMcg).toBe(0);
        } else throw new Error(`measured ${measured.kind} for ${delivery.kind}`);
      }),
    );
  });

  it('is monotone non-decreasing in weight on actual body weight', () => {
    fc.assert(
      fc.property(perKg, fc.nat(9), weight, weight, (definition, step, a, b) => {
        const on = (w: number) => {
          const r = dose(
            {
              ...definition,
              dosing: {
                ...definition.dosing,
                weightRule: { kind: 'actual' },
              } as ProtocolDefinition['dosing'],
            },
            { stepIndex: step, weightGrams: w },
          );
          return r.ok ? r.doseMcg : 0;
        };
        expect(on(Math.min(a, b))).toBeLessThanOrEqual(on(Math.max(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('on the adjusted-weight rule, is monotone on each side of the BMI threshold (it drops where the rule starts)', () => {
    fc.assert(
      fc.property(
        fc.nat(2),
        weight,
        weight,
        fc.integer({ min: 1300, max: 2500 }),
        sex,
        (step, a, b, h, s) => {
          const on = (w: number) =>
            given(dose(adjustedAt30, { stepIndex: step, weightGrams: w, heightMm: h, sexAtBirth: s }));
          const [light, heavy] = [on(Math.min(a, b)), on(Math.max(a, b))];
          if (light.weightBasis !== heavy.weightBasis) return;
          expect(light.doseMcg).toBeLessThanOrEqual(heavy.doseMcg);
          expect(light.dosingWeightGrams!).toBeLessThanOrEqual(heavy.dosingWeightGrams!);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives whole devices: the step, or the first-session count, never above the maximum', () => {
    fc.assert(
      fc.property(
        ascending(1, 6, 5),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(4),
        fc.boolean(),
        (steps, max, step, first) => {
          const dosing = {
            kind: 'devices' as const,
            mcgPerDevice: 28_000,
            stepsDevices: steps,
            firstSessionDevices: steps[0]!,
            maxDevices: max,
            minutesBetweenDevices: 5,
          };
          const result = dose({ ...esketamine, dosing }, { stepIndex: step, firstSession: first });
          if (step >= steps.length) {
            expect(result.ok).toBe(false);
            return;
          }
          const { measured, doseMcg } = given(result);
          if (measured.kind !== 'devices') throw new Error('not devices');
          expect(Number.isInteger(measured.devices)).toBe(true);
          expect(measured.devices).toBe(Math.min(first ? steps[0]! : steps[step]!, max));
          expect(doseMcg).toBe(measured.devices * 28_000);
        },
      ),
    );
  });
});
