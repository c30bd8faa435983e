import { describe, expect, it } from 'vitest';
import { protocolProblems } from './core.js';
import { defaultProtocols } from './defaults.js';
import type { ProtocolDefinition } from './definition.js';
import { decimal, devices, kg, mg, mgPerKg, mL, mLPerHour } from './units.js';

const byKey = (key: string) => defaultProtocols.find((p) => p.key === key)!.definition;
const iv = byKey('iv-racemic-ketamine');
const esketamine = byKey('intranasal-esketamine');
const paths = (definition: ProtocolDefinition) => protocolProblems(definition).map((p) => p.path);

describe('protocol checks beyond the schema', () => {
  it('accepts every shipped default', () => {
    expect(defaultProtocols.map((p) => p.key)).toEqual([
      'iv-racemic-ketamine',
      'im-ketamine',
      'intranasal-esketamine',
      'oral-ketamine',
    ]);
    for (const { definition } of defaultProtocols) expect(protocolProblems(definition)).toEqual([]);
  });

  it('wants titration steps strictly ascending and none above the maximum', () => {
    const dosing = { ...(iv.dosing as Extract<ProtocolDefinition['dosing'], { kind: 'per_kg' }>) };
    expect(protocolProblems({ ...iv, dosing: { ...dosing, stepsMcgPerKg: [500, 500, 1200] } })).toEqual([
      {
        path: '/body/definition/dosing/stepsMcgPerKg/1',
        message: 'must be above the step before (0.5 mg/kg)',
      },
      { path: '/body/definition/dosing/stepsMcgPerKg/2', message: 'is above the maximum (1 mg/kg)' },
    ]);
    const fixed = { kind: 'fixed' as const, stepsMcg: [50_000, 40_000], maxDoseMcg: 60_000 };
    expect(paths({ ...byKey('oral-ketamine'), dosing: fixed })).toEqual([
      '/body/definition/dosing/stepsMcg/1',
    ]);
  });

  it('matches the route with the drug, the delivery, the dosing and the REMS', () => {
    expect(paths({ ...esketamine, drug: 'ketamine' })).toEqual([
      '/body/definition/drug',
      '/body/definition/rems',
    ]);
    expect(paths({ ...iv, delivery: { kind: 'devices' } })).toEqual(['/body/definition/delivery/kind']);
    expect(paths({ ...iv, route: 'intranasal' })).toEqual([
      '/body/definition/drug',
      '/body/definition/delivery/kind',
      '/body/definition/dosing/kind',
    ]);
    expect(paths({ ...iv, rems: true })).toEqual(['/body/definition/rems']);
    expect(
      paths({
        ...byKey('oral-ketamine'),
        delivery: { kind: 'injection', concentrationMcgPerMl: 50_000, graduationMicrolitres: 10 },
      }),
    ).toEqual(['/body/definition/delivery/kind']);
  });

  it('wants the first esketamine session to be one of the device steps, and the REMS observation', () => {
    const dosing = esketamine.dosing as Extract<ProtocolDefinition['dosing'], { kind: 'devices' }>;
    expect(paths({ ...esketamine, dosing: { ...dosing, firstSessionDevices: 1 } })).toEqual([
      '/body/definition/dosing/firstSessionDevices',
    ]);
    expect(paths({ ...esketamine, dosing: { ...dosing, stepsDevices: [2, 3, 4] } })).toEqual([
      '/body/definition/dosing/stepsDevices/2',
    ]);
    expect(
      protocolProblems({
        ...esketamine,
        monitoring: { ...esketamine.monitoring, minimumObservationMinutes: 90 },
      }),
    ).toEqual([
      {
        path: '/body/definition/monitoring/minimumObservationMinutes',
        message: 'must be at least 120 min (REMS)',
      },
    ]);
  });

  it('refuses undiluted ketamine for IV use, a block too short for dose and observation, an impossible induction', () => {
    const infusion = iv.delivery as Extract<ProtocolDefinition['delivery'], { kind: 'infusion' }>;
    expect(paths({ ...iv, delivery: { ...infusion, concentrationMcgPerMl: 100_000 } })).toEqual([
      '/body/definition/delivery/concentrationMcgPerMl',
    ]);
    // 40 min infusion + 60 min observation = 100 min
    expect(protocolProblems({ ...iv, blockMinutes: 99 })).toEqual([
      {
        path: '/body/definition/blockMinutes',
        message: 'must cover the dose and the minimum observation (100 min)',
      },
    ]);
    expect(paths({ ...iv, blockMinutes: 100 })).toEqual([]);
    // esketamine: 3 devices 5 min apart (10 min) + 120 min
    expect(paths({ ...esketamine, blockMinutes: 129 })).toEqual(['/body/definition/blockMinutes']);
    expect(paths({ ...iv, course: { ...iv.course, inductionSessions: 8, inductionWithinDays: 7 } })).toEqual([
      '/body/definition/course/inductionSessions',
    ]);
  });
});

describe('quantities with their units', () => {
  it('shows exact decimals, and marks a value cut down to the shown step', () => {
    expect(mg(41_250)).toBe('41.25 mg');
    expect(mg(500)).toBe('0.5 mg');
    expect(mg(120_000)).toBe('120 mg');
    expect(mg(1, 3)).toBe('≈0 mg');
    expect(mgPerKg(750)).toBe('0.75 mg/kg');
    expect(kg(82_500)).toBe('82.5 kg');
    expect(mL(61_800)).toBe('61.8 mL');
    expect(mL(200, 3)).toBe('≈0.066 mL');
    expect(mLPerHour(61_875)).toBe('61.875 mL/h');
    expect(decimal(2, 3, 2)).toBe('≈0.66');
    expect(decimal(10n ** 30n, 1n, 0)).toBe(`1${'0'.repeat(30)}`);
    expect(devices(1)).toBe('1 device');
    expect(devices(3)).toBe('3 devices');
  });
});
