/**
 * Quantities as a clinician reads them. Stored amounts are integers of the smallest unit (mcg, microlitres,
 * grams, mm); shown always with their unit, in the unit of the order (mg, mL, kg, cm), exactly: no float ever
 * touches a dose. A value that is not a whole number of the shown step is cut down (never up) and marked "≈".
 */

/** `numerator / denominator` as a decimal of `10^-scale` steps, rounded down, trailing zeros trimmed. */
export function decimal(numerator: bigint | number, denominator: bigint | number, scale: number): string {
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  const unit = 10n ** BigInt(scale);
  const steps = (num * unit) / den;
  const exact = steps * den === num * unit;
  const whole = steps / unit;
  const fraction = (steps % unit).toString().padStart(scale, '0').replace(/0+$/, '');
  return `${exact ? '' : '≈'}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** 41250 → "41.25 mg" */
export const mg = (mcg: bigint | number, per: bigint | number = 1) =>
  `${decimal(mcg, BigInt(per) * 1000n, 3)} mg`;
/** 500 → "0.5 mg/kg" */
export const mgPerKg = (mcgPerKg: bigint | number) => `${decimal(mcgPerKg, 1000, 3)} mg/kg`;
/** 1000 → "1 mg/mL" */
export const mgPerMl = (mcgPerMl: bigint | number) => `${decimal(mcgPerMl, 1000, 3)} mg/mL`;
/** 82500 → "82.5 kg" */
export const kg = (grams: bigint | number, per: bigint | number = 1) =>
  `${decimal(grams, BigInt(per) * 1000n, 3)} kg`;
/** 1750 → "175 cm" */
export const cm = (mm: bigint | number) => `${decimal(mm, 10, 1)} cm`;
/** 61800 → "61.8 mL" */
export const mL = (microlitres: bigint | number, per: bigint | number = 1) =>
  `${decimal(microlitres, BigInt(per) * 1000n, 3)} mL`;
/** 61800 → "61.8 mL/h" */
export const mLPerHour = (microlitresPerHour: bigint | number, per: bigint | number = 1) =>
  `${decimal(microlitresPerHour, BigInt(per) * 1000n, 3)} mL/h`;
/** 1 → "1 device", 3 → "3 devices" */
export const devices = (count: number) => `${count} ${count === 1 ? 'device' : 'devices'}`;
