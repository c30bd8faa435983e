import { describe, expect, it } from 'vitest';
import { conditionCode, conditionCodes } from './codes/icd10.js';
import { medicationTable } from './codes/medications.js';
import {
  changedFields,
  intakeProblems,
  isRealDate,
  isUsPhone,
  medicalHistoryCodes,
  normaliseMeasurement,
  proposeFacts,
  registrationProblems,
  resolveMedication,
} from './core.js';
import type { RegistrationDetails } from './model.js';

const details: RegistrationDetails = {
  givenName: 'Sample',
  familyName: 'Synthetic',
  birthDate: '1990-03-02',
  sexAtBirth: 'male',
  phone: '+1 555 010 4000',
  address: { line1: '1 Example Street', city: 'Austin', state: 'TX', postalCode: '73301' },
  emergencyContact: { name: 'Sample Contact', phone: '555-010-4001', relationship: 'parent' },
  escorts: [],
  payer: { kind: 'self_pay' },
};

describe('dates and ages', () => {
  it('knows which days exist', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
  });
});

describe('registration checks', () => {
  const today = '2026-03-02';
  it('accepts sound details', () => {
    expect(registrationProblems(details, today, '/body')).toEqual([]);
  });
  it.each([
    [{ birthDate: '2026-02-30' }, '/body/birthDate'],
    [{ birthDate: '2026-03-02' }, '/body/birthDate'],
    [{ birthDate: '1906-03-02' }, '/body/birthDate'],
    [{ address: { ...details.address, state: 'ZZ' } }, '/body/address/state'],
    [{ phone: '+44 20 7946 0000' }, '/body/phone'],
    [{ givenName: '   ' }, '/body/givenName'],
  ])('refuses %o at %s', (over, path) => {
    expect(registrationProblems({ ...details, ...over }, today, '/body').map((p) => p.path)).toEqual([path]);
  });
  it('accepts DC and territories', () => {
    for (const state of ['DC', 'PR', 'GU']) {
      expect(
        registrationProblems({ ...details, address: { ...details.address, state } }, today, '/b'),
      ).toEqual([]);
    }
  });
  it('reads US phone numbers with punctuation', () => {
    expect(isUsPhone('(555) 010-1234')).toBe(true);
    expect(isUsPhone('1-555-010-1234')).toBe(true);
    expect(isUsPhone('555-0101')).toBe(false);
  });
  it('names changed fields only, whatever the key order', () => {
    const reordered = JSON.parse(
      JSON.stringify({ ...details, payer: { kind: 'self_pay' } }),
    ) as RegistrationDetails;
    expect(changedFields(details, reordered)).toEqual([]);
    expect(changedFields(details, { ...details, phone: '555-010-9999', pronouns: 'he/him' })).toEqual([
      'phone',
      'pronouns',
    ]);
  });
});

describe('measurements', () => {
  it('stores grams and millimetres', () => {
    expect(normaliseMeasurement({ measure: 'weight', value: 154, unit: 'lb' }, '')).toMatchObject({
      ok: true,
      loinc: '29463-7',
      value: 69853,
      unit: 'g',
    });
    expect(normaliseMeasurement({ measure: 'height', value: 67, unit: 'in' }, '')).toMatchObject({
      loinc: '8302-2',
      value: 1702,
      unit: 'mm',
    });
  });
  it('refuses 0, out-of-range values and the wrong unit', () => {
    expect(normaliseMeasurement({ measure: 'weight', value: 0, unit: 'kg' }, '/body')).toEqual({
      ok: false,
      problems: [{ path: '/body/value', message: 'must be between 2 and 400 kg' }],
    });
    expect(normaliseMeasurement({ measure: 'height', value: 1.7, unit: 'cm' }, '/b')).toMatchObject({
      ok: false,
    });
    expect(normaliseMeasurement({ measure: 'systolic', value: 120, unit: 'kg' }, '/b')).toMatchObject({
      ok: false,
      problems: [{ path: '/b/unit' }],
    });
  });
});

describe('medications', () => {
  it('codes a typed name found in the table, keeps an unknown one as text without a class', () => {
    const typed = resolveMedication({ name: 'Alprazolam', dailyDoseMg: 1 }, '/b', '2026-03-02');
    expect(typed).toMatchObject({
      ok: true,
      value: { rxnorm: '596', name: 'alprazolam', drugClass: 'benzodiazepine', dailyDoseMicrograms: 1000 },
    });
    const unknown = resolveMedication({ name: 'Unlisted Remedy' }, '/b', '2026-03-02');
    expect(unknown).toMatchObject({
      ok: true,
      value: { rxnorm: null, name: 'Unlisted Remedy', drugClass: null },
    });
  });
  it('refuses an unknown RxNorm code and a missing name', () => {
    expect(resolveMedication({ rxnorm: '0' }, '/b', '2026-03-02')).toMatchObject({
      ok: false,
      problems: [{ path: '/b/rxnorm' }],
    });
    expect(resolveMedication({}, '/b', '2026-03-02')).toMatchObject({
      ok: false,
      problems: [{ path: '/b/name' }],
    });
  });
});

describe('code lists', () => {
  it('hold every code the checklist maps to, and unique codes', () => {
    for (const code of Object.values(medicalHistoryCodes)) expect(conditionCode(code)).toBeDefined();
    expect(new Set(conditionCodes.map((c) => c.code)).size).toBe(conditionCodes.length);
    const coded = medicationTable.filter((m) => m.rxnorm);
    expect(new Set(coded.map((m) => m.rxnorm)).size).toBe(coded.length);
  });
  it('gives every benzodiazepine a diazepam-equivalent factor and ketamine its RxNorm code', () => {
    for (const m of medicationTable.filter((m) => m.drugClass === 'benzodiazepine')) {
      expect(m.diazepamEquivalentFactor).toBeGreaterThan(0);
    }
    expect(medicationTable.find((m) => m.name === 'ketamine')?.rxnorm).toBe('6130');
  });
});

describe('intake completeness and proposal', () => {
  it('an empty draft names every required answer', () => {
    const paths = intakeProblems({}).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/content/priorTreatments/tms/tried',
        '/content/psychiatricHistory/mania',
        '/content/substanceUse/ketamineMisuse',
        '/content/medicalHistory/aneurysm',
        '/content/medications',
        '/content/allergies',
        '/content/height/value',
        '/content/weight/value',
      ]),
    );
  });
  it('maps current psychosis to a diagnosis, a past one to history, ketamine misuse to F16, unsure to nothing', () => {
    const facts = proposeFacts(
      {
        psychiatricHistory: { psychosis: 'current', mania: 'past', dissociativeDisorder: 'unsure' },
        substanceUse: { ketamineMisuse: 'past' },
        medicalHistory: { aneurysm: 'yes', pregnant: 'yes', seizures: 'unsure' },
      },
      '2026-03-02T15:00:00.000Z',
    );
    expect(facts.conditions).toEqual([
      { icd10: 'F29', category: 'diagnosis', note: 'Patient reports current symptoms' },
      { icd10: 'F30.9', category: 'history', note: 'Patient reports a past episode' },
      { icd10: 'F16.11', category: 'history', note: 'Patient reports past problem use' },
      { icd10: 'I72.9', category: 'history' },
      { icd10: 'Z33.1', category: 'history' },
    ]);
  });
  it('computes a daily dose only for regular doses', () => {
    const facts = proposeFacts(
      {
        medications: [
          { rxnorm: '2598', doseMg: 0.5, timesPerDay: 2 },
          { rxnorm: '6470', doseMg: 1, timesPerDay: 1, asNeeded: true },
        ],
      },
      '2026-03-02T15:00:00.000Z',
    );
    expect(facts.medications).toEqual([
      { rxnorm: '2598', doseText: '0.5 mg, 2 times a day', dailyDoseMg: 1 },
      { rxnorm: '6470', doseText: '1 mg, 1 time a day, as needed' },
    ]);
  });
});
