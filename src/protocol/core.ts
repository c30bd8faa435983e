import type { ProtocolDefinition } from './definition.js';
import { devices, mg, mgPerKg } from './units.js';

/**
 * Checks of a protocol definition beyond its shape (the schema already holds every field's type and range):
 * what the route allows, titration steps that climb to the maximum and not past it, and a block long enough for
 * the dose and the observation. Problems carry JSON paths under `base`.
 */

/** A refused field: a JSON path and what is wrong (the shape of the API's 422 errors; core stays free of HTTP). */
export interface FieldError {
  path: string;
  message: string;
}

/** How each route measures a dose out, and how it may be dosed. */
const routeRules = {
  iv: { delivery: 'infusion', dosing: ['per_kg', 'fixed'], drug: 'ketamine' },
  im: { delivery: 'injection', dosing: ['per_kg', 'fixed'], drug: 'ketamine' },
  intranasal: { delivery: 'devices', dosing: ['devices'], drug: 'esketamine' },
  oral: { delivery: 'oral', dosing: ['per_kg', 'fixed'], drug: 'ketamine' },
} as const satisfies Record<
  ProtocolDefinition['route'],
  {
    delivery: ProtocolDefinition['delivery']['kind'];
    dosing: readonly ProtocolDefinition['dosing']['kind'][];
    drug: ProtocolDefinition['drug'];
  }
>;

/** Ketalar PI: the 100 mg/mL strength must be diluted before IV use. */
const undilutedMcgPerMl = 100_000;
/** Esketamine REMS: at least 2 h of observation after the first device. */
const remsObservationMinutes = 120;

/** Steps lowest first, each strictly above the one before and none above the maximum. */
function stepProblems(
  steps: readonly number[],
  max: number,
  path: string,
  text: (n: number) => string,
): FieldError[] {
  return steps.flatMap((step, i) => {
    const before = steps[i - 1];
    if (before !== undefined && step <= before) {
      return [{ path: `${path}/${i}`, message: `must be above the step before (${text(before)})` }];
    }
    if (step > max) return [{ path: `${path}/${i}`, message: `is above the maximum (${text(max)})` }];
    return [];
  });
}

/** How long the dose itself takes, in minutes (esketamine: from the first device to the last). */
function doseMinutes({ dosing, delivery }: ProtocolDefinition): number {
  if (delivery.kind === 'infusion') return delivery.infusionMinutes;
  if (dosing.kind === 'devices') return (dosing.maxDevices - 1) * dosing.minutesBetweenDevices;
  return 0;
}

export function protocolProblems(definition: ProtocolDefinition, base = '/body/definition'): FieldError[] {
  const { route, drug, dosing, delivery, course, monitoring } = definition;
  const rule = routeRules[route];
  const problems: FieldError[] = [];
  const problem = (path: string, message: string) => problems.push({ path: `${base}${path}`, message });

  if (drug !== rule.drug) problem('/drug', `must be ${rule.drug} for the ${route} route`);
  if (delivery.kind !== rule.delivery)
    problem('/delivery/kind', `must be ${rule.delivery} for the ${route} route`);
  if (!(rule.dosing as readonly string[]).includes(dosing.kind)) {
    problem('/dosing/kind', `must be ${rule.dosing.join(' or ')} for the ${route} route`);
  }
  if (definition.rems !== (drug === 'esketamine')) {
    problem(
      '/rems',
      drug === 'esketamine' ? 'esketamine is dispensed under the REMS' : 'applies to esketamine only',
    );
  }

  switch (dosing.kind) {
    case 'per_kg':
      for (const p of stepProblems(
        dosing.stepsMcgPerKg,
        dosing.maxMcgPerKg,
        '/dosing/stepsMcgPerKg',
        mgPerKg,
      )) {
        problem(p.path, p.message);
      }
      break;
    case 'fixed':
      for (const p of stepProblems(dosing.stepsMcg, dosing.maxDoseMcg, '/dosing/stepsMcg', (n) => mg(n))) {
        problem(p.path, p.message);
      }
      break;
    case 'devices':
      for (const p of stepProblems(dosing.stepsDevices, dosing.maxDevices, '/dosing/stepsDevices', devices)) {
        problem(p.path, p.message);
      }
      if (!dosing.stepsDevices.includes(dosing.firstSessionDevices)) {
        problem('/dosing/firstSessionDevices', 'must be one of the steps');
      }
      break;
  }

  if (delivery.kind === 'infusion' && route === 'iv' && delivery.concentrationMcgPerMl >= undilutedMcgPerMl) {
    problem('/delivery/concentrationMcgPerMl', `${mg(undilutedMcgPerMl)}/mL must be diluted before IV use`);
  }
  if (drug === 'esketamine' && monitoring.minimumObservationMinutes < remsObservationMinutes) {
    problem('/monitoring/minimumObservationMinutes', `must be at least ${remsObservationMinutes} min (REMS)`);
  }
  const needed = doseMinutes(definition) + monitoring.minimumObservationMinutes;
  if (definition.blockMinutes < needed) {
    problem('/blockMinutes', `must cover the dose and the minimum observation (${needed} min)`);
  }
  // At most one session a day (a minimum interval of 24 h between sessions).
  if (course.inductionSessions > course.inductionWithinDays) {
    problem(
      '/course/inductionSessions',
      `cannot fit in ${course.inductionWithinDays} days at one session a day`,
    );
  }
  return problems;
}
