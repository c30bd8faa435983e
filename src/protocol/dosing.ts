import type { ProtocolDefinition } from './definition.js';
import { cm, decimal, devices, kg, mg, mgPerKg, mgPerMl, mL, mLPerHour } from './units.js';

/**
 * The dose calculation (clinical core, pure): weight basis, titration step, rounding down to what the route can
 * measure, the hard maximum — and the working, line by line, so a nurse can double-check it.
 *
 * Arithmetic is exact: amounts are bigint fractions of integer micrograms, grams and microlitres. Every rounding
 * goes down (a dose is never rounded up past what was prescribed or past the maximum), and the working says where.
 */
export interface DoseInput {
  definition: ProtocolDefinition;
  /** Index into the protocol's titration steps. */
  stepIndex: number;
  /** The weight to dose on (today's, or the latest recorded); null when none is on record. */
  weightGrams: number | null;
  heightMm: number | null;
  sexAtBirth: 'female' | 'male' | null;
  /** The course's first session: esketamine always starts at `firstSessionDevices`. */
  firstSession: boolean;
}

export type MeasuredDose =
  | { kind: 'infusion'; rateMicrolitresPerHour: number; volumeMicrolitres: number; minutes: number }
  | { kind: 'injection'; volumeMicrolitres: number }
  | { kind: 'devices'; devices: number }
  | { kind: 'oral'; stepMcg: number };

export type DoseCalculation =
  | {
      ok: true;
      doseMcg: number;
      /** The most this session may have: the lower of the per-kg and absolute maxima. */
      maxDoseMcg: number;
      dosingWeightGrams: number | null;
      weightBasis: 'actual' | 'adjusted' | null;
      measured: MeasuredDose;
      working: string[];
    }
  | { ok: false; reason: string; working: string[] };

/** An exact amount: `num / den` micrograms (or grams, microlitres). */
interface Fraction {
  num: bigint;
  den: bigint;
}

const floor = ({ num, den }: Fraction) => num / den;
const lower = (a: Fraction, b: Fraction) => (a.num * b.den <= b.num * a.den ? a : b);
const above = (a: Fraction, b: Fraction) => a.num * b.den > b.num * a.den;

class Refusal {
  constructor(readonly reason: string) {}
}

/** Devine's ideal body weight: 50 kg (male) or 45.5 kg (female) + 2.3 kg per inch over 5 feet. */
const devineBaseGrams = { male: 50_000n, female: 45_500n } as const;

function dosingWeight(
  rule: Extract<ProtocolDefinition['dosing'], { kind: 'per_kg' }>['weightRule'],
  input: DoseInput,
  working: string[],
): { grams: bigint; basis: 'actual' | 'adjusted' } {
  const { weightGrams, heightMm, sexAtBirth } = input;
  if (weightGrams === null)
    throw new Refusal('No weight on record: weigh the patient before calculating the dose');
  if (!Number.isSafeInteger(weightGrams) || weightGrams <= 0)
    throw new Refusal('The weight must be above 0 g');
  const actual = BigInt(weightGrams);
  if (rule.kind === 'actual') {
    working.push(`Weight ${kg(actual)} (actual body weight)`);
    return { grams: actual, basis: 'actual' };
  }
  const threshold = BigInt(rule.bmi);
  if (heightMm === null || !Number.isSafeInteger(heightMm) || heightMm <= 0) {
    throw new Refusal(
      `This protocol doses on adjusted body weight when the BMI is ${rule.bmi} or more: record the height to work out the BMI`,
    );
  }
  const height = BigInt(heightMm);
  // BMI = kg / m² = (g / 1000) / (mm / 1000)² = g × 1000 / mm²
  const bmi = { num: actual * 1000n, den: height * height };
  const bmiText = `BMI ${decimal(bmi.num, bmi.den, 1)}`;
  if (bmi.num < threshold * bmi.den) {
    working.push(
      `Weight ${kg(actual)}, height ${cm(height)}: ${bmiText}, below ${rule.bmi}, so actual body weight`,
    );
    return { grams: actual, basis: 'actual' };
  }
  if (sexAtBirth === null) {
    throw new Refusal(
      `${bmiText} is ${rule.bmi} or more, so this protocol doses on adjusted body weight, which needs the sex at birth (female or male) for the ideal body weight`,
    );
  }
  working.push(
    `Weight ${kg(actual)}, height ${cm(height)}: ${bmiText}, at least ${rule.bmi}, so adjusted body weight`,
  );
  // IBW (g) = base + 2300 × (mm / 25.4 − 60) = (254 × base + 23000 × mm − 35 052 000) / 254
  const ibw = { num: 254n * devineBaseGrams[sexAtBirth] + 23_000n * height - 35_052_000n, den: 254n };
  if (ibw.num <= 0n) throw new Refusal(`Devine’s ideal body weight does not cover a height of ${cm(height)}`);
  const base = sexAtBirth === 'male' ? '50 kg' : '45.5 kg';
  working.push(
    `Ideal body weight (Devine, ${sexAtBirth}): ${base} + 2.3 kg × (${decimal(height * 10n, 254n, 1)} in − 60 in) = ${kg(ibw.num, ibw.den)}`,
  );
  // ABW = IBW + 0.4 × (actual − IBW) = (3 × IBW + 2 × actual) / 5, cut down to the gram
  const adjusted = (3n * ibw.num + 2n * 254n * actual) / (5n * 254n);
  if (adjusted >= actual) {
    working.push(`The actual body weight is not above the ideal: dosing on actual body weight ${kg(actual)}`);
    return { grams: actual, basis: 'actual' };
  }
  working.push(
    `Adjusted body weight: ${kg(ibw.num, ibw.den)} + 0.4 × (${kg(actual)} − ${kg(ibw.num, ibw.den)}) = ${kg(adjusted)} (to the gram, rounded down)`,
  );
  return { grams: adjusted, basis: 'adjusted' };
}

function stepOf<T>(steps: readonly T[], stepIndex: number): T {
  const step = Number.isInteger(stepIndex) ? steps[stepIndex] : undefined;
  if (step === undefined) {
    throw new Refusal(`Step ${stepIndex + 1} does not exist: this protocol has steps 1 to ${steps.length}`);
  }
  return step;
}

const stepText = (stepIndex: number, steps: readonly unknown[]) => `Step ${stepIndex + 1} of ${steps.length}`;

/** The prescribed amount cut to the session maximum, with the line that says whether the maximum was reached. */
function capped(target: Fraction, max: Fraction, maxText: string, working: string[]): Fraction {
  if (above(target, max)) {
    working.push(
      `Maximum for this session ${maxText}; reached: the dose is capped at ${mg(max.num, max.den)}`,
    );
    return max;
  }
  working.push(`Maximum for this session ${maxText}; not reached`);
  return target;
}

/** Rounds the amount down to what the delivery can measure: a pump rate step, a syringe graduation, a dose step. */
function measure(
  delivery: ProtocolDefinition['delivery'],
  amount: Fraction,
  working: string[],
): { doseMcg: bigint; measured: MeasuredDose; summary: string } {
  const target = mg(amount.num, amount.den);
  switch (delivery.kind) {
    case 'infusion': {
      const concentration = BigInt(delivery.concentrationMcgPerMl);
      const minutes = BigInt(delivery.infusionMinutes);
      const rateStep = BigInt(delivery.rateStepMicrolitresPerHour);
      // rate (µL/h) = dose (mcg) / concentration (mcg/mL) × 1000 µL/mL / (minutes / 60 min/h)
      const exactRate = { num: amount.num * 60_000n, den: amount.den * concentration * minutes };
      const rate = (floor(exactRate) / rateStep) * rateStep;
      working.push(
        `Pump: ${target} at ${mgPerMl(concentration)} over ${minutes} min = ${mLPerHour(exactRate.num, exactRate.den)}, rounded down to the pump step of ${mLPerHour(rateStep)}: ${mLPerHour(rate)}`,
      );
      // volume (µL) = rate × minutes / 60; dose (mcg) = volume × concentration / 1000
      const volume = { num: rate * minutes, den: 60n };
      const dose = { num: volume.num * concentration, den: volume.den * 1000n };
      working.push(
        `${mLPerHour(rate)} × ${minutes} min = ${mL(volume.num, volume.den)} at ${mgPerMl(concentration)} = ${mg(dose.num, dose.den)}`,
      );
      return {
        doseMcg: floor(dose),
        measured: {
          kind: 'infusion',
          rateMicrolitresPerHour: Number(rate),
          volumeMicrolitres: Number(floor(volume)),
          minutes: Number(minutes),
        },
        summary: `${mLPerHour(rate)} for ${minutes} min`,
      };
    }
    case 'injection': {
      const concentration = BigInt(delivery.concentrationMcgPerMl);
      const graduation = BigInt(delivery.graduationMicrolitres);
      // volume (µL) = dose (mcg) × 1000 / concentration (mcg/mL)
      const exactVolume = { num: amount.num * 1000n, den: amount.den * concentration };
      const volume = (floor(exactVolume) / graduation) * graduation;
      const dose = { num: volume * concentration, den: 1000n };
      working.push(
        `Syringe: ${target} at ${mgPerMl(concentration)} = ${mL(exactVolume.num, exactVolume.den)}, rounded down to the graduation of ${mL(graduation)}: ${mL(volume)} = ${mg(dose.num, dose.den)}`,
      );
      return {
        doseMcg: floor(dose),
        measured: { kind: 'injection', volumeMicrolitres: Number(volume) },
        summary: `${mL(volume)} of ${mgPerMl(concentration)}`,
      };
    }
    case 'oral': {
      const step = BigInt(delivery.stepMcg);
      const dose = (floor(amount) / step) * step;
      working.push(`Measured in steps of ${mg(step)}: ${target} rounded down to ${mg(dose)}`);
      return { doseMcg: dose, measured: { kind: 'oral', stepMcg: Number(step) }, summary: 'by mouth' };
    }
    case 'devices':
      throw new Refusal(
        'This protocol measures doses in nasal devices but does not dose in devices: correct the protocol',
      );
  }
}

function calculate(input: DoseInput, working: string[]): DoseCalculation {
  const { definition, stepIndex, firstSession } = input;
  const { dosing } = definition;
  if (dosing.kind === 'devices') {
    let count = stepOf(dosing.stepsDevices, stepIndex);
    working.push(
      firstSession
        ? `First session of the course: always ${devices(dosing.firstSessionDevices)}, whatever the step`
        : `${stepText(stepIndex, dosing.stepsDevices)}: ${devices(count)}`,
    );
    if (firstSession) count = dosing.firstSessionDevices;
    const perDevice = BigInt(dosing.mcgPerDevice);
    const maxText = `${mg(BigInt(dosing.maxDevices) * perDevice)} (${devices(dosing.maxDevices)})`;
    if (count > dosing.maxDevices) {
      working.push(`Maximum for this session ${maxText}; reached: capped at ${devices(dosing.maxDevices)}`);
      count = dosing.maxDevices;
    } else working.push(`Maximum for this session ${maxText}; not reached`);
    const doseMcg = BigInt(count) * perDevice;
    working.push(
      `${devices(count)} × ${mg(perDevice)} = ${mg(doseMcg)}, ${dosing.minutesBetweenDevices} min between devices`,
    );
    working.push(`Dose ${mg(doseMcg)}: ${devices(count)}`);
    return {
      ok: true,
      doseMcg: Number(doseMcg),
      maxDoseMcg: dosing.maxDevices * dosing.mcgPerDevice,
      dosingWeightGrams: null,
      weightBasis: null,
      measured: { kind: 'devices', devices: count },
      working,
    };
  }

  let amount: Fraction;
  let max: Fraction;
  let weight: { grams: bigint; basis: 'actual' | 'adjusted' } | null = null;
  if (dosing.kind === 'per_kg') {
    const perKg = BigInt(stepOf(dosing.stepsMcgPerKg, stepIndex));
    weight = dosingWeight(dosing.weightRule, input, working);
    // mcg = mcg/kg × g / 1000
    const prescribed = { num: perKg * weight.grams, den: 1000n };
    working.push(
      `${stepText(stepIndex, dosing.stepsMcgPerKg)}: ${mgPerKg(perKg)} × ${kg(weight.grams)} = ${mg(prescribed.num, prescribed.den)}`,
    );
    const perKgMax = { num: BigInt(dosing.maxMcgPerKg) * weight.grams, den: 1000n };
    const absoluteMax = { num: BigInt(dosing.maxDoseMcg), den: 1n };
    max = lower(perKgMax, absoluteMax);
    const maxText =
      max === perKgMax
        ? `${mg(max.num, max.den)} (${mgPerKg(dosing.maxMcgPerKg)} × ${kg(weight.grams)}; absolute cap ${mg(dosing.maxDoseMcg)})`
        : `${mg(dosing.maxDoseMcg)} (the absolute cap; ${mgPerKg(dosing.maxMcgPerKg)} would be ${mg(perKgMax.num, perKgMax.den)})`;
    amount = capped(prescribed, max, maxText, working);
  } else {
    const step = BigInt(stepOf(dosing.stepsMcg, stepIndex));
    working.push(`${stepText(stepIndex, dosing.stepsMcg)}: ${mg(step)}`);
    max = { num: BigInt(dosing.maxDoseMcg), den: 1n };
    amount = capped({ num: step, den: 1n }, max, mg(dosing.maxDoseMcg), working);
  }

  const { doseMcg, measured, summary } = measure(definition.delivery, amount, working);
  if (doseMcg <= 0n)
    throw new Refusal('The dose rounds down to nothing at this step: check the weight and the protocol');
  working.push(`Dose ${mg(doseMcg)}: ${summary}`);
  return {
    ok: true,
    doseMcg: Number(doseMcg),
    maxDoseMcg: Number(floor(max)),
    dosingWeightGrams: weight && Number(weight.grams),
    weightBasis: weight?.basis ?? null,
    measured,
    working,
  };
}

export function calculateDose(input: DoseInput): DoseCalculation {
  const working: string[] = [];
  try {
    return calculate(input, working);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, working };
    throw error;
  }
}
