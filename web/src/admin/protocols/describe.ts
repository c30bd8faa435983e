import type { ProtocolDefinition } from '../../../../src/protocol/definition';
import { devices, mg, mgPerKg, mgPerMl, mL, mLPerHour } from '../../../../src/protocol/units';

/** A protocol in clinician words: one labelled line per aspect, doses always with units. */
export interface Line {
  label: string;
  value: string;
}

const list = (items: string[]) => items.join(' → ');
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

function dosingLines({ dosing }: ProtocolDefinition): Line[] {
  switch (dosing.kind) {
    case 'per_kg':
      return [
        { label: 'Titration steps', value: list(dosing.stepsMcgPerKg.map(mgPerKg)) },
        {
          label: 'Maximum per session',
          value: `${mgPerKg(dosing.maxMcgPerKg)}, and never more than ${mg(dosing.maxDoseMcg)}`,
        },
        {
          label: 'Weight',
          value:
            dosing.weightRule.kind === 'actual'
              ? 'Actual body weight'
              : `Adjusted body weight when the BMI is ${dosing.weightRule.bmi} or more (ideal body weight by Devine + 0.4 × the excess); actual otherwise`,
        },
      ];
    case 'devices':
      return [
        {
          label: 'Titration steps',
          value: list(dosing.stepsDevices.map((n) => `${devices(n)} (${mg(n * dosing.mcgPerDevice)})`)),
        },
        {
          label: 'First session',
          value: `${devices(dosing.firstSessionDevices)} (${mg(dosing.firstSessionDevices * dosing.mcgPerDevice)})`,
        },
        {
          label: 'Maximum per session',
          value: `${devices(dosing.maxDevices)} (${mg(dosing.maxDevices * dosing.mcgPerDevice)})`,
        },
        {
          label: 'Devices',
          value: `${mg(dosing.mcgPerDevice)} each, ${dosing.minutesBetweenDevices} min between devices`,
        },
      ];
    case 'fixed':
      return [
        { label: 'Titration steps', value: list(dosing.stepsMcg.map((n) => mg(n))) },
        { label: 'Maximum per session', value: mg(dosing.maxDoseMcg) },
      ];
  }
}

function deliveryLine({ delivery }: ProtocolDefinition): Line | null {
  switch (delivery.kind) {
    case 'infusion':
      return {
        label: 'Infusion',
        value: `over ${delivery.infusionMinutes} min at ${mgPerMl(delivery.concentrationMcgPerMl)}; pump rate in steps of ${mLPerHour(delivery.rateStepMicrolitresPerHour)}`,
      };
    case 'injection':
      return {
        label: 'Injection',
        value: `${mgPerMl(delivery.concentrationMcgPerMl)}, syringe graduated in ${mL(delivery.graduationMicrolitres)}`,
      };
    case 'oral':
      return { label: 'Measured', value: `in steps of ${mg(delivery.stepMcg)}` };
    case 'devices':
      return null;
  }
}

export function describeProtocol(definition: ProtocolDefinition): Line[] {
  const { course, fasting, monitoring } = definition;
  const delivery = deliveryLine(definition);
  return [
    { label: 'Drug', value: definition.drug === 'esketamine' ? 'Esketamine' : 'Racemic ketamine' },
    ...dosingLines(definition),
    ...(delivery ? [delivery] : []),
    {
      label: 'Course',
      value: `induction of ${course.inductionSessions} sessions within ${days(course.inductionWithinDays)}, then boosters after ${list(course.maintenanceIntervalsDays.map(days))} (the last interval repeats)`,
    },
    {
      label: 'Vital signs',
      value: `every ${monitoring.vitalsEveryMinutesDuringDose} min during the dose, every ${monitoring.vitalsEveryMinutesAfterDose} min after`,
    },
    { label: 'Observation', value: `at least ${monitoring.minimumObservationMinutes} min after the dose` },
    { label: 'Weight valid for', value: days(monitoring.weightValidDays) },
    { label: 'Chair block', value: `${definition.blockMinutes} min` },
    {
      label: 'Fasting',
      value: `no food for ${fasting.noFoodHours} h, no liquids for ${fasting.noLiquidsMinutes} min before`,
    },
    {
      label: 'REMS',
      value: definition.rems ? 'Yes: enrolment before the first dose, a monitoring form after each' : 'No',
    },
    { label: 'Patient preparation', value: definition.preparationNote },
  ];
}

/** "/body/definition/dosing/stepsMcgPerKg/2" → "definition › dosing › stepsMcgPerKg › no. 3" (counted from 1). */
export const readablePath = (path: string) =>
  path
    .replace(/^\/body\/?/, '')
    .split('/')
    .map((part) => (/^\d+$/.test(part) ? `no. ${Number(part) + 1}` : part))
    .join(' › ');
