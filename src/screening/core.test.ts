import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeStatus, screen, underAny, validateRuleSet } from './core.js';
import { defaultRuleSet, defaultRules } from './defaults.js';
import type { Finding, ScreeningInput } from './engine.js';
import type { RuleSetContent } from './model.js';

type Medication = ScreeningInput['medications'][number];
type Condition = ScreeningInput['conditions'][number];

/** An adult with recurrent MDD, two failed antidepressant trials of two classes, psychotherapy, normal BP: nothing fires. */
const clean: ScreeningInput = {
  today: '2026-05-10',
  birthDate: '1980-03-15',
  state: 'OR',
  conditions: [
    { icd10: 'F33.1', category: 'diagnosis', display: 'Major depressive disorder, recurrent, moderate' },
  ],
  medications: [
    {
      rxnorm: '36437',
      name: 'Sertraline',
      drugClass: 'ssri',
      dailyDoseMicrograms: 100_000,
      diazepamEquivalentFactor: null,
    },
  ],
  allergies: [],
  priorTreatments: [
    { kind: 'antidepressant', name: 'Escitalopram', drugClass: 'ssri', durationWeeks: 8, outcome: 'none' },
    { kind: 'antidepressant', name: 'Venlafaxine', drugClass: 'snri', durationWeeks: 10, outcome: 'none' },
    { kind: 'psychotherapy', name: 'CBT', drugClass: null, durationWeeks: 16, outcome: 'partial' },
  ],
  measurements: [
    { loinc: '8480-6', value: 128, unit: 'mm[Hg]', effectiveAt: '2026-05-01T15:00:00.000Z' },
    { loinc: '8462-4', value: 82, unit: 'mm[Hg]', effectiveAt: '2026-05-01T15:00:00.000Z' },
  ],
};

const history = (icd10: string, display = 'Condition'): Condition => ({
  icd10,
  category: 'history',
  display,
});
const med = (name: string, more: Partial<Medication> = {}): Medication => ({
  rxnorm: null,
  name,
  drugClass: null,
  dailyDoseMicrograms: null,
  diazepamEquivalentFactor: null,
  ...more,
});
const withCondition = (c: Condition) => (i: ScreeningInput) => ({ ...i, conditions: [...i.conditions, c] });
const withMedication = (m: Medication) => (i: ScreeningInput) => ({
  ...i,
  medications: [...i.medications, m],
});
const withBp = (systolic: number, diastolic: number) => (i: ScreeningInput) => ({
  ...i,
  measurements: [
    { loinc: '8480-6', value: systolic, unit: 'mm[Hg]', effectiveAt: '2026-05-09T15:00:00.000Z' },
    { loinc: '8462-4', value: diastolic, unit: 'mm[Hg]', effectiveAt: '2026-05-09T15:00:00.000Z' },
  ],
});

const fired = (input: ScreeningInput, ruleSet: RuleSetContent = defaultRuleSet) =>
  screen(input, ruleSet).findings;
const findingOf = (input: ScreeningInput, ruleId: string) => fired(input).find((f) => f.ruleId === ruleId);

interface Case {
  fires: (i: ScreeningInput) => ScreeningInput;
  /** A near miss: similar data that must not fire the rule. */
  doesNot: (i: ScreeningInput) => ScreeningInput;
  severity: 'absolute' | 'relative' | 'caution';
  evidence: string;
}

const cases: Record<string, Case> = {
  'ELIG-AGE': {
    fires: (i) => ({ ...i, birthDate: '2008-05-11' }),
    doesNot: (i) => ({ ...i, birthDate: '2008-05-10' }),
    severity: 'absolute',
    evidence: 'Age 17 (born 2008-05-11); minimum age 18 (default state rule)',
  },
  'ELIG-TRD': {
    fires: (i) => ({
      ...i,
      priorTreatments: i.priorTreatments.map((t) =>
        t.drugClass === 'snri' ? { ...t, durationWeeks: 4 } : t,
      ),
    }),
    doesNot: (i) => ({
      ...i,
      priorTreatments: i.priorTreatments.map((t) =>
        t.drugClass === 'snri' ? { ...t, durationWeeks: 6 } : t,
      ),
    }),
    severity: 'relative',
    evidence:
      'Antidepressant trials of ≥ 6 weeks with inadequate response: 1 of 2 needed — Escitalopram (ssri, 8 weeks, none)',
  },
  'ELIG-DX': {
    fires: (i) => ({ ...i, conditions: [{ icd10: 'F43.10', category: 'diagnosis', display: 'PTSD' }] }),
    doesNot: (i) => ({
      ...i,
      conditions: [{ icd10: 'F32.2', category: 'diagnosis', display: 'MDD, single, severe' }],
    }),
    severity: 'relative',
    evidence: 'Intranasal esketamine: no diagnosis under F32, F33',
  },
  'ELIG-PRIOR': {
    fires: (i) => ({ ...i, priorTreatments: i.priorTreatments.filter((t) => t.kind !== 'psychotherapy') }),
    doesNot: (i) => ({
      ...i,
      priorTreatments: [
        ...i.priorTreatments.filter((t) => t.kind !== 'psychotherapy'),
        { kind: 'tms', name: 'TMS', drugClass: null, durationWeeks: 6, outcome: 'none' },
      ],
    }),
    severity: 'caution',
    evidence: 'No psychotherapy, TMS or ECT recorded',
  },
  'CI-ANEURYSM': {
    fires: withCondition(history('I67.1', 'Cerebral aneurysm, nonruptured')),
    doesNot: withCondition(history('I67.2', 'Cerebral atherosclerosis')),
    severity: 'absolute',
    evidence: 'Cerebral aneurysm, nonruptured I67.1 (history)',
  },
  'CI-ICH': {
    fires: withCondition(history('I61.9', 'Nontraumatic intracerebral haemorrhage')),
    doesNot: withCondition(history('I63.9', 'Cerebral infarction')),
    severity: 'absolute',
    evidence: 'Nontraumatic intracerebral haemorrhage I61.9 (history)',
  },
  'CI-HYPERSENS': {
    fires: (i) => ({ ...i, allergies: [{ substance: 'Ketamine', rxnorm: null }] }),
    doesNot: (i) => ({ ...i, allergies: [{ substance: 'Penicillin', rxnorm: '7980' }] }),
    severity: 'absolute',
    evidence: 'Allergy or intolerance: Ketamine (allergy list)',
  },
  'CI-BP-HAZARD': {
    fires: withCondition(history('I21.4', 'NSTEMI')),
    doesNot: withCondition(history('I25.2', 'Old myocardial infarction')),
    severity: 'absolute',
    evidence: 'NSTEMI I21.4 (history)',
  },
  'CI-PSYCHOSIS': {
    fires: withCondition({ icd10: 'F20.0', category: 'diagnosis', display: 'Paranoid schizophrenia' }),
    doesNot: withCondition(history('F31.81', 'Bipolar II')),
    severity: 'absolute',
    evidence: 'Paranoid schizophrenia F20.0 (diagnosis)',
  },
  'CI-HTN': {
    fires: withBp(186, 96),
    doesNot: withBp(180, 100),
    severity: 'relative',
    evidence: 'Blood pressure systolic 186 mmHg on 2026-05-09, over 180 (latest measurement)',
  },
  'CI-SUD': {
    fires: withCondition(history('F16.20', 'Hallucinogen dependence (ketamine)')),
    doesNot: withCondition(history('F17.210', 'Nicotine dependence, cigarettes')),
    severity: 'relative',
    evidence: 'Hallucinogen dependence (ketamine) F16.20 (history)',
  },
  'CI-PREG': {
    fires: withCondition(history('O14.03', 'Mild to moderate pre-eclampsia, third trimester')),
    doesNot: withCondition(history('Z30.011', 'Initial prescription of contraceptive pills')),
    severity: 'absolute',
    evidence: 'Mild to moderate pre-eclampsia, third trimester O14.03 (history)',
  },
  'CI-LIVER': {
    fires: withCondition(history('K74.60', 'Cirrhosis of liver')),
    doesNot: withCondition(history('K76.0', 'Fatty liver')),
    severity: 'relative',
    evidence: 'Cirrhosis of liver K74.60 (history)',
  },
  'CI-THYROID': {
    fires: withCondition(history('E05.00', 'Graves disease')),
    doesNot: withCondition(history('E03.9', 'Hypothyroidism')),
    severity: 'relative',
    evidence: 'Graves disease E05.00 (history)',
  },
  'CI-PORPHYRIA': {
    fires: withCondition(history('E80.21', 'Acute intermittent porphyria')),
    doesNot: withCondition(history('E80.4', 'Gilbert syndrome')),
    severity: 'relative',
    evidence: 'Acute intermittent porphyria E80.21 (history)',
  },
  'CI-CYSTITIS': {
    fires: withCondition(history('N30.10', 'Interstitial cystitis')),
    doesNot: withCondition(history('N30.00', 'Acute cystitis')),
    severity: 'caution',
    evidence: 'Interstitial cystitis N30.10 (history)',
  },
  'CI-OSA': {
    fires: withCondition(history('G47.33', 'Obstructive sleep apnoea')),
    doesNot: withCondition(history('G47.00', 'Insomnia')),
    severity: 'caution',
    evidence: 'Obstructive sleep apnoea G47.33 (history)',
  },
  'CI-SEIZURE': {
    fires: withCondition(history('G40.909', 'Epilepsy')),
    doesNot: withCondition(history('G43.909', 'Migraine')),
    severity: 'caution',
    evidence: 'Epilepsy G40.909 (history)',
  },
  'DDI-THEO': {
    fires: withMedication(med('Theophylline ER', { rxnorm: '10438', dailyDoseMicrograms: 300_000 })),
    doesNot: withMedication(med('Albuterol inhaler', { drugClass: 'beta_agonist' })),
    severity: 'absolute',
    evidence: 'Theophylline ER 300 mg daily (medication list)',
  },
  'DDI-CNS': {
    fires: withMedication(med('Oxycodone', { drugClass: 'opioid', dailyDoseMicrograms: 10_000 })),
    doesNot: withMedication(med('Ibuprofen', { drugClass: 'nsaid' })),
    severity: 'caution',
    evidence: 'Oxycodone 10 mg daily (medication list)',
  },
  'DDI-BZD-DOSE': {
    fires: withMedication(
      med('Lorazepam', {
        drugClass: 'benzodiazepine',
        dailyDoseMicrograms: 1_000,
        diazepamEquivalentFactor: 10,
      }),
    ),
    doesNot: withMedication(
      med('Diazepam', {
        drugClass: 'benzodiazepine',
        dailyDoseMicrograms: 8_000,
        diazepamEquivalentFactor: 1,
      }),
    ),
    severity: 'relative',
    evidence: 'Total 10 mg diazepam-equivalent per day, over 8 mg',
  },
  'DDI-STIM': {
    fires: withMedication(med('Methylphenidate ER 36 mg')),
    doesNot: withMedication(med('Metformin', { drugClass: 'biguanide' })),
    severity: 'caution',
    evidence: 'Methylphenidate ER 36 mg (medication list)',
  },
  'DDI-MAOI': {
    fires: withMedication(med('Phenelzine', { drugClass: 'maoi', dailyDoseMicrograms: 45_000 })),
    doesNot: withMedication(med('Bupropion', { drugClass: 'ndri' })),
    severity: 'caution',
    evidence: 'Phenelzine 45 mg daily (medication list)',
  },
  'DDI-LAMO': {
    fires: withMedication(
      med('Lamotrigine', { rxnorm: '28439', drugClass: 'anticonvulsant', dailyDoseMicrograms: 200_000 }),
    ),
    doesNot: withMedication(med('Lithium carbonate', { drugClass: 'mood_stabiliser' })),
    severity: 'caution',
    evidence: 'Lamotrigine 200 mg daily (medication list)',
  },
  'DDI-CYP': {
    fires: withMedication(
      med('Carbamazepine', { drugClass: 'anticonvulsant', dailyDoseMicrograms: 400_000 }),
    ),
    doesNot: withMedication(med('Gabapentin', { drugClass: 'anticonvulsant' })),
    severity: 'caution',
    evidence: 'Carbamazepine 400 mg daily (medication list)',
  },
};

describe('the shipped rules', () => {
  it('are a valid rule set with a test case for every rule', () => {
    expect(validateRuleSet(defaultRuleSet)).toEqual({ ok: true, ruleSet: defaultRuleSet });
    expect(Object.keys(cases).sort()).toEqual(defaultRules.map((r) => r.id).sort());
  });

  it('find nothing for an eligible adult with treatment-resistant MDD', () => {
    expect(fired(clean)).toEqual([]);
    const { checklist } = screen(clean, defaultRuleSet);
    expect(checklist.map((l) => l.ruleId)).toEqual(defaultRules.map((r) => r.id));
    expect(checklist.every((l) => !l.fired && l.finding === null)).toBe(true);
  });

  for (const [ruleId, c] of Object.entries(cases)) {
    describe(ruleId, () => {
      it('fires, with its severity and plain-language evidence', () => {
        const finding = findingOf(c.fires(clean), ruleId);
        expect(finding?.severity).toBe(c.severity);
        expect(finding?.evidence).toContain(c.evidence);
        expect(finding?.source).toBe(defaultRules.find((r) => r.id === ruleId)?.source);
      });
      it('does not fire on a near miss', () => {
        expect(findingOf(c.doesNot(clean), ruleId)).toBeUndefined();
      });
    });
  }
});

describe('severity by what matched', () => {
  it('psychosis as history is relative; current psychotic features are absolute', () => {
    expect(findingOf(withCondition(history('F20.9', 'Schizophrenia'))(clean), 'CI-PSYCHOSIS')?.severity).toBe(
      'relative',
    );
    const current = withCondition({
      icd10: 'F33.3',
      category: 'diagnosis',
      display: 'MDD with psychotic features',
    })(clean);
    expect(findingOf(current, 'CI-PSYCHOSIS')?.severity).toBe('absolute');
  });

  it('pregnancy is relative, pre-eclampsia absolute', () => {
    expect(findingOf(withCondition(history('Z33.1', 'Pregnant state'))(clean), 'CI-PREG')?.severity).toBe(
      'relative',
    );
    expect(findingOf(withCondition(history('Z39.1', 'Breast-feeding'))(clean), 'CI-PREG')?.severity).toBe(
      'relative',
    );
  });

  it('hypertension on record is a caution, a reading over 180/100 or a hypertensive crisis relative', () => {
    const known = withCondition(history('I10', 'Essential hypertension'))(clean);
    expect(findingOf(known, 'CI-HTN')?.severity).toBe('caution');
    expect(findingOf(withBp(150, 104)(known), 'CI-HTN')).toMatchObject({
      severity: 'relative',
      evidence: [
        'Blood pressure diastolic 104 mmHg on 2026-05-09, over 100 (latest measurement)',
        'Essential hypertension I10 (history)',
      ],
    });
    expect(
      findingOf(withCondition(history('I16.0', 'Hypertensive urgency'))(clean), 'CI-HTN')?.severity,
    ).toBe('relative');
  });

  it('says what it could not check', () => {
    const line = screen({ ...clean, measurements: [], state: null }, defaultRuleSet).checklist;
    expect(line.find((l) => l.ruleId === 'CI-HTN')?.notes).toEqual([
      'No blood pressure systolic recorded',
      'No blood pressure diastolic recorded',
    ]);
    expect(line.find((l) => l.ruleId === 'ELIG-AGE')?.notes).toEqual([
      'US state not recorded: the default minimum age applies',
    ]);
    const unknownFactor = withMedication(
      med('Clobazam', { drugClass: 'benzodiazepine', dailyDoseMicrograms: 20_000 }),
    )(clean);
    const bzd = screen(unknownFactor, defaultRuleSet).checklist.find((l) => l.ruleId === 'DDI-BZD-DOSE');
    expect(bzd).toMatchObject({ fired: false, notes: ['Clobazam: no diazepam equivalent known'] });
  });
});

describe('eligibility details', () => {
  it('uses the minimum age of the patient’s state', () => {
    const ruleSet: RuleSetContent = {
      ...defaultRuleSet,
      stateRules: {
        ...defaultRuleSet.stateRules,
        states: [{ ...defaultRuleSet.stateRules.default, state: 'OR', minimumAge: 21 }],
      },
    };
    const twenty = { ...clean, birthDate: '2006-01-01' };
    expect(fired(twenty, ruleSet).find((f) => f.ruleId === 'ELIG-AGE')?.evidence).toEqual([
      'Age 20 (born 2006-01-01); minimum age 21 in OR',
    ]);
    expect(fired({ ...twenty, state: 'WA' }, ruleSet).find((f) => f.ruleId === 'ELIG-AGE')).toBeUndefined();
  });

  it('a missing diagnosis names only the routes it concerns', () => {
    const ptsd = cases['ELIG-DX']?.fires(clean) as ScreeningInput;
    expect(findingOf(ptsd, 'ELIG-DX')?.routes).toEqual(['intranasal']);
    expect(findingOf({ ...clean, conditions: [] }, 'ELIG-DX')?.routes).toEqual([
      'iv',
      'im',
      'intranasal',
      'oral',
    ]);
    // A history entry is not a diagnosis being treated.
    expect(findingOf({ ...clean, conditions: [history('F33.1', 'MDD')] }, 'ELIG-DX')?.routes).toHaveLength(4);
  });

  it('a partial response (over 25 %) is not an inadequate trial', () => {
    const partial = {
      ...clean,
      priorTreatments: clean.priorTreatments.map((t) =>
        t.drugClass === 'snri' ? { ...t, outcome: 'partial' } : t,
      ),
    };
    expect(findingOf(partial, 'ELIG-TRD')).toBeDefined();
  });

  it('treatment resistance needs two classes, not just two trials', () => {
    const sameClass = {
      ...clean,
      priorTreatments: clean.priorTreatments.map((t) =>
        t.drugClass === 'snri' ? { ...t, drugClass: 'ssri' } : t,
      ),
    };
    expect(findingOf(sameClass, 'ELIG-TRD')?.evidence).toContain(
      'Drug classes among them: 1 of 2 needed (ssri)',
    );
  });

  it('codes match with or without the dot, never across a sibling', () => {
    expect(underAny('F331', ['F33'])).toBe(true);
    expect(underAny('f33.1', ['F33.1'])).toBe(true);
    expect(underAny('F31.3', ['F31.30'])).toBe(false);
    expect(underAny('F3', ['F33'])).toBe(false);
  });

  it('matches a medication name at a word start only', () => {
    expect(findingOf(withMedication(med('St. John’s wort'))(clean), 'DDI-CYP')).toBeUndefined();
    expect(findingOf(withMedication(med("St John's wort"))(clean), 'DDI-CYP')).toBeDefined();
    expect(findingOf(withMedication(med('Methamphetamine'))(clean), 'DDI-STIM')).toBeUndefined();
  });
});

describe('routeStatus', () => {
  const finding = (
    ruleId: string,
    severity: Finding['severity'],
    routes: Finding['routes'] = ['iv', 'im'],
  ): Finding => ({
    ruleId,
    title: ruleId,
    severity,
    routes,
    evidence: ['seen'],
    source: 'test',
  });
  const approved = (findings: Finding[]) => ({ decision: 'approved' as const, findings });

  it('not screened, blocked, awaiting a decision, declined', () => {
    expect(routeStatus('iv', null, null)).toEqual({ status: 'not_screened', ruleIds: [] });
    expect(routeStatus('iv', [finding('CI-ICH', 'absolute')], approved([]))).toEqual({
      status: 'blocked',
      ruleIds: ['CI-ICH'],
    });
    expect(routeStatus('oral', [finding('CI-ICH', 'absolute')], null)).toEqual({
      status: 'awaiting_decision',
      ruleIds: [],
    });
    expect(routeStatus('iv', [], { decision: 'declined', findings: [] }).status).toBe('declined');
  });

  it('an approval stands while no new relative finding appears for the route', () => {
    const bzd = finding('DDI-BZD-DOSE', 'relative');
    expect(routeStatus('iv', [bzd, finding('DDI-LAMO', 'caution')], approved([bzd])).status).toBe('approved');
    expect(routeStatus('iv', [bzd], approved([]))).toEqual({
      status: 'review_needed',
      ruleIds: ['DDI-BZD-DOSE'],
    });
    expect(routeStatus('oral', [bzd], approved([])).status).toBe('approved');
    // The same rule at a more serious severity than the approval saw needs review too.
    const htnCaution = finding('CI-HTN', 'caution');
    expect(routeStatus('iv', [finding('CI-HTN', 'relative')], approved([htnCaution])).status).toBe(
      'review_needed',
    );
  });
});

describe('validateRuleSet', () => {
  const copy = () => structuredClone(defaultRuleSet) as RuleSetContent;
  const pathsOf = (candidate: unknown) => {
    const result = validateRuleSet(candidate);
    return result.ok ? [] : result.problems.map((p) => p.path);
  };

  it('points at a bad code, a duplicate id, an empty matcher and a duplicate state', () => {
    const bad = copy();
    const aneurysm = bad.rules[4];
    if (aneurysm?.criteria[0]?.kind !== 'condition-any') throw new Error('fixture');
    aneurysm.criteria[0].icd10Prefixes[1] = 'not a code';
    expect(pathsOf(bad)).toContain('/rules/4/criteria/0/icd10Prefixes/1');

    const twice = copy();
    twice.rules.push({ ...(twice.rules[0] as (typeof twice.rules)[number]) });
    twice.rules.push({
      id: 'DDI-NONE',
      title: 'Nothing',
      severity: 'caution',
      routes: ['iv'],
      source: 'test',
      criteria: [{ kind: 'medication-class-any', drugClasses: [], rxnorm: [], names: [] }],
    });
    twice.stateRules.states.push({
      ...(twice.stateRules.states[0] as (typeof twice.stateRules.states)[number]),
    });
    expect(pathsOf(twice)).toEqual([
      `/rules/${twice.rules.length - 2}/id`,
      `/rules/${twice.rules.length - 1}/criteria/0`,
      `/stateRules/states/${twice.stateRules.states.length - 1}/state`,
    ]);
  });

  it('refuses a criterion more serious than its rule, unknown fields and a missing state default', () => {
    const escalated = copy();
    escalated.rules[3] = { ...(escalated.rules[3] as (typeof escalated.rules)[number]) };
    const prior = escalated.rules.find((r) => r.id === 'CI-SEIZURE');
    if (prior?.criteria[0]?.kind !== 'condition-any') throw new Error('fixture');
    prior.criteria[0].severity = 'absolute';
    expect(pathsOf(escalated)).toEqual([`/rules/${escalated.rules.indexOf(prior)}/criteria/0/severity`]);

    expect(pathsOf({ ...copy(), extra: 1 }).length).toBeGreaterThan(0);
    const { default: _, ...noDefault } = copy().stateRules;
    expect(pathsOf({ ...copy(), stateRules: noDefault }).some((p) => p.startsWith('/stateRules'))).toBe(true);
  });
});

// ── Properties ──────────────────────────────────────────────────────────────────────────────────────────────

const codes = [
  'F33.1',
  'F20.9',
  'I10',
  'I16.0',
  'I61.9',
  'Z33.1',
  'O14.0',
  'K74.6',
  'G40.9',
  'F16.20',
  'F43.10',
  'E05.0',
];
const drugs: Medication[] = [
  med('Lorazepam', { drugClass: 'benzodiazepine', dailyDoseMicrograms: 2_000, diazepamEquivalentFactor: 10 }),
  med('Diazepam', { drugClass: 'benzodiazepine', dailyDoseMicrograms: 5_000, diazepamEquivalentFactor: 1 }),
  med('Lamotrigine', { rxnorm: '28439', dailyDoseMicrograms: 100_000 }),
  med('Theophylline', { rxnorm: '10438' }),
  med('Phenelzine', { drugClass: 'maoi' }),
  med('Sertraline', { drugClass: 'ssri' }),
  med('Modafinil'),
  med('Oxycodone', { drugClass: 'opioid' }),
  med('Unclassed herbal remedy'),
];

const arbitraryInput: fc.Arbitrary<ScreeningInput> = fc.record({
  today: fc.constant('2026-05-10'),
  birthDate: fc.constantFrom('1950-01-01', '2008-05-11', '2010-12-31', '1999-07-04'),
  state: fc.constantFrom(null, 'CA', 'OR', 'TX'),
  conditions: fc.array(
    fc.record({
      icd10: fc.constantFrom(...codes),
      category: fc.constantFrom('diagnosis' as const, 'history' as const),
      display: fc.constant('Condition'),
    }),
    { maxLength: 5 },
  ),
  medications: fc.array(fc.constantFrom(...drugs), { maxLength: 4 }),
  allergies: fc.array(
    fc.record({ substance: fc.constantFrom('Ketamine', 'Penicillin'), rxnorm: fc.constant(null) }),
    { maxLength: 2 },
  ),
  priorTreatments: fc.array(
    fc.record({
      kind: fc.constantFrom('antidepressant', 'psychotherapy', 'ect'),
      name: fc.constant('Trial'),
      drugClass: fc.constantFrom(null, 'ssri', 'snri', 'tca'),
      durationWeeks: fc.constantFrom(null, 4, 6, 12),
      outcome: fc.constantFrom('none', 'partial', 'response'),
    }),
    { maxLength: 4 },
  ),
  measurements: fc.subarray([
    { loinc: '8480-6', value: 190, unit: 'mm[Hg]', effectiveAt: '2026-05-01T10:00:00.000Z' },
    { loinc: '8462-4', value: 85, unit: 'mm[Hg]', effectiveAt: '2026-05-01T10:00:00.000Z' },
  ]),
});

const medicationRules = new Set(
  defaultRules
    .filter((r) => r.criteria.some((c) => c.kind === 'medication-class-any' || c.kind === 'daily-dose-over'))
    .map((r) => r.id),
);

describe('properties', () => {
  it('is deterministic and finds only rules of the rule set, once each', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const first = screen(input, defaultRuleSet);
        expect(screen(structuredClone(input), defaultRuleSet)).toEqual(first);
        const ids = first.findings.map((f) => f.ruleId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(defaultRules.some((r) => r.id === id)).toBe(true);
        expect(first.checklist.filter((l) => l.fired).map((l) => l.finding)).toEqual(first.findings);
      }),
    );
  });

  it('adding a medication never removes a finding, and leaves findings of other rules unchanged', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.constantFrom(...drugs), (input, drug) => {
        const before = screen(input, defaultRuleSet).findings;
        const after = screen(
          { ...input, medications: [...input.medications, drug] },
          defaultRuleSet,
        ).findings;
        for (const finding of before) {
          const still = after.find((f) => f.ruleId === finding.ruleId);
          expect(still).toBeDefined();
          if (!medicationRules.has(finding.ruleId)) expect(still).toEqual(finding);
        }
      }),
    );
  });

  it('every finding applies to routes of its rule and carries evidence', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        for (const finding of screen(input, defaultRuleSet).findings) {
          const rule = defaultRules.find((r) => r.id === finding.ruleId);
          expect(finding.routes.length).toBeGreaterThan(0);
          for (const route of finding.routes) expect(rule?.routes).toContain(route);
          expect(finding.evidence.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
