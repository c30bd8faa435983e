import type { Criterion, Rule, RuleSetContent, StateRules } from './model.js';

/**
 * The shipped rule set (version 0), from clinical-reference.md §2–4 with the sources named there. A clinic's
 * medical director reviews and edits it as data; labels and state rules change, so every source is shown.
 * ICD-10-CM codes are prefixes: `F33` matches F33.0–F33.9.
 */

const all = ['iv', 'im', 'intranasal', 'oral'] as const;

const conditions = (
  icd10Prefixes: string[],
  options: { category?: 'diagnosis' | 'history' | 'any'; severity?: Rule['severity'] } = {},
): Criterion => ({
  kind: 'condition-any',
  icd10Prefixes,
  category: options.category ?? 'any',
  ...(options.severity ? { severity: options.severity } : {}),
});

const medications = (m: { drugClasses?: string[]; rxnorm?: string[]; names?: string[] }): Criterion => ({
  kind: 'medication-class-any',
  drugClasses: m.drugClasses ?? [],
  rxnorm: m.rxnorm ?? [],
  names: m.names ?? [],
});

/** Schizophrenia spectrum and other psychotic disorders, and mood episodes with psychotic features. */
const psychosis = [
  'F20',
  'F21',
  'F22',
  'F23',
  'F24',
  'F25',
  'F28',
  'F29',
  'F32.3',
  'F33.3',
  'F31.2',
  'F31.5',
  'F31.64',
];
const depression = ['F32', 'F33'];
const offLabel = ['F43.1', 'F41.1', 'G89', 'F31.3', 'F31.4', 'F31.5'];

export const defaultRules: Rule[] = [
  // §2 Eligibility
  {
    id: 'ELIG-AGE',
    title: 'Below the minimum age for ketamine or esketamine treatment in the patient’s state',
    severity: 'absolute',
    routes: [...all],
    source: 'Clinic policy; Spravato PI (adults); the state rule for the patient’s state',
    criteria: [{ kind: 'min-age' }],
  },
  {
    id: 'ELIG-TRD',
    title:
      'Treatment-resistance criteria not met (≥ 2 antidepressants of ≥ 2 classes, ≥ 6 weeks, ≤ 25 % improvement)',
    severity: 'relative',
    routes: [...all],
    source: 'Payer criteria restating the Spravato trials',
    criteria: [
      {
        kind: 'treatment-resistance',
        minTrials: 2,
        minClasses: 2,
        minWeeks: 6,
        inadequateOutcomes: ['none'],
      },
    ],
  },
  {
    id: 'ELIG-DX',
    title:
      'No diagnosis this route is used for (MDD; off-label for IV, IM and oral: PTSD, GAD, chronic pain, bipolar depression)',
    severity: 'relative',
    routes: [...all],
    source: 'Sanacora 2017 (best evidence: MDD without psychosis)',
    criteria: [
      {
        kind: 'diagnosis-for-route',
        byRoute: {
          iv: [...depression, ...offLabel],
          im: [...depression, ...offLabel],
          intranasal: depression,
          oral: [...depression, ...offLabel],
        },
      },
    ],
  },
  {
    id: 'ELIG-PRIOR',
    title: 'No psychotherapy, TMS or ECT tried or considered',
    severity: 'caution',
    routes: [...all],
    source: 'Clinic practice',
    criteria: [{ kind: 'prior-treatment-none', kinds: ['psychotherapy', 'tms', 'ect'] }],
  },
  // §3 Contraindications and cautions
  {
    id: 'CI-ANEURYSM',
    title: 'Aneurysmal vascular disease or arteriovenous malformation',
    severity: 'absolute',
    routes: [...all],
    source: 'Spravato PI (contraindications)',
    criteria: [conditions(['I71', 'I72', 'I67.1', 'I77.0', 'Q28.2', 'Q28.3', 'Q27.3'])],
  },
  {
    id: 'CI-ICH',
    title: 'History of intracerebral haemorrhage',
    severity: 'absolute',
    routes: [...all],
    source: 'Spravato PI (contraindications)',
    criteria: [conditions(['I60', 'I61', 'I62', 'I69.0', 'I69.1', 'I69.2'])],
  },
  {
    id: 'CI-HYPERSENS',
    title: 'Hypersensitivity to ketamine or esketamine',
    severity: 'absolute',
    routes: [...all],
    source: 'Spravato PI; Ketalar PI (contraindications)',
    // RxNorm 6130 = ketamine (ingredient); verify against RxNav.
    criteria: [
      {
        kind: 'allergy-any',
        substances: ['ketamine', 'esketamine', 'ketalar', 'spravato'],
        rxnorm: ['6130'],
      },
    ],
  },
  {
    id: 'CI-BP-HAZARD',
    title:
      'A condition in which a rise in blood pressure or intracranial pressure is a serious hazard (recent MI or stroke, unstable angina, raised ICP, intracranial mass, open eye injury, raised intraocular pressure)',
    severity: 'absolute',
    routes: [...all],
    source: 'Ketalar PI; anaesthesia texts',
    criteria: [
      conditions([
        'I21', // acute myocardial infarction (within 4 weeks)
        'I22', // subsequent myocardial infarction
        'I20.0', // unstable angina
        'I63', // cerebral infarction (acute)
        'G93.2', // benign intracranial hypertension
        'G93.5', // compression of brain
        'G93.6', // cerebral oedema
        'C71', // malignant neoplasm of brain
        'D33', // benign neoplasm of brain and CNS
        'D43', // neoplasm of uncertain behaviour of brain and CNS
        'S05.2', // ocular laceration and rupture with prolapse
        'S05.3', // ocular laceration without prolapse
        'S05.5', // penetrating wound with foreign body of eyeball
        'S05.6', // penetrating wound without foreign body of eyeball
        'H40.05', // ocular hypertension
        'H40.2', // primary angle-closure glaucoma
      ]),
    ],
  },
  {
    id: 'CI-PSYCHOSIS',
    title: 'Psychotic disorder or psychotic features (absolute when current, relative as history)',
    severity: 'absolute',
    routes: [...all],
    source: 'Anaesthesia texts; Sanacora 2017',
    criteria: [
      conditions(psychosis, { category: 'diagnosis' }),
      conditions(psychosis, { category: 'history', severity: 'relative' }),
    ],
  },
  {
    id: 'CI-HTN',
    title: 'Uncontrolled hypertension (resting blood pressure over 180/100), or hypertension on record',
    severity: 'relative',
    routes: [...all],
    source: 'Swiss ketamine label; practice',
    criteria: [
      {
        kind: 'measurement-over',
        loinc: '8480-6',
        label: 'Blood pressure systolic',
        over: 180,
        unit: 'mmHg',
      },
      {
        kind: 'measurement-over',
        loinc: '8462-4',
        label: 'Blood pressure diastolic',
        over: 100,
        unit: 'mmHg',
      },
      // Hypertensive urgency or emergency needs a decision; known, treated hypertension is a caution (Yale 2024:
      // severe rises are more frequent with known hypertension).
      conditions(['I16']),
      conditions(['I10', 'I11', 'I12', 'I13', 'I15'], { severity: 'caution' }),
    ],
  },
  {
    id: 'CI-SUD',
    title: 'Substance use disorder, including prior ketamine misuse',
    severity: 'relative',
    routes: [...all],
    source: 'Spravato PI (abuse and misuse); Sanacora 2017',
    // F10–F19 except F17 (nicotine); ketamine misuse is coded under F16 (hallucinogens) or F19.
    criteria: [conditions(['F10', 'F11', 'F12', 'F13', 'F14', 'F15', 'F16', 'F18', 'F19'])],
  },
  {
    id: 'CI-PREG',
    title: 'Pregnancy or breast-feeding (pre-eclampsia or eclampsia: absolute)',
    severity: 'absolute',
    routes: [...all],
    source: 'Spravato PI (embryo-fetal toxicity)',
    criteria: [
      conditions(['O11', 'O14', 'O15']),
      conditions(['Z33.1', 'Z34', 'O09', 'O26', 'Z39.1'], { severity: 'relative' }),
    ],
  },
  {
    id: 'CI-LIVER',
    title: 'Significant liver disease (check baseline liver tests)',
    severity: 'relative',
    routes: [...all],
    source: 'Ketalar PI (drug-induced liver injury)',
    criteria: [conditions(['K70', 'K71', 'K72', 'K73', 'K74', 'K75', 'K76.6', 'K76.7', 'B18'])],
  },
  {
    id: 'CI-THYROID',
    title: 'Hyperthyroidism (untreated)',
    severity: 'relative',
    routes: [...all],
    source: 'Swiss ketamine label',
    criteria: [conditions(['E05'])],
  },
  {
    id: 'CI-PORPHYRIA',
    title: 'Acute porphyria',
    severity: 'relative',
    routes: [...all],
    source: 'Anaesthesia texts',
    criteria: [conditions(['E80.2'])],
  },
  {
    id: 'CI-CYSTITIS',
    title: 'Interstitial or ulcerative cystitis, or urinary symptoms: monitor',
    severity: 'caution',
    routes: [...all],
    source: 'Spravato PI',
    criteria: [conditions(['N30.1', 'N30.2', 'N30.8', 'R30', 'R35', 'R39.1'])],
  },
  {
    id: 'CI-OSA',
    title: 'Obstructive sleep apnoea or severe respiratory disease (STOP-BANG screen)',
    severity: 'caution',
    routes: [...all],
    source: 'Practice (Canada CPSBC draft)',
    criteria: [conditions(['G47.33', 'J43', 'J44', 'J84', 'J96'])],
  },
  {
    id: 'CI-SEIZURE',
    title: 'Seizure disorder',
    severity: 'caution',
    routes: [...all],
    source: 'Practice',
    criteria: [conditions(['G40', 'G41', 'R56'])],
  },
  // §4 Medication interactions
  {
    id: 'DDI-THEO',
    title: 'Theophylline or aminophylline: lowers the seizure threshold — do not co-administer',
    severity: 'absolute',
    routes: [...all],
    source: 'Ketalar PI',
    // RxNorm 10438 = theophylline, 689 = aminophylline (ingredients).
    criteria: [
      medications({
        drugClasses: ['methylxanthine'],
        rxnorm: ['10438', '689'],
        names: ['theophylline', 'aminophylline'],
      }),
    ],
  },
  {
    id: 'DDI-CNS',
    title: 'Benzodiazepines, opioids or other sedatives: more sedation and respiratory depression',
    severity: 'caution',
    routes: [...all],
    source: 'Ketalar PI; Spravato PI',
    criteria: [
      medications({
        drugClasses: ['benzodiazepine', 'opioid', 'sedative_hypnotic', 'barbiturate'],
        names: ['zolpidem', 'zopiclone', 'eszopiclone', 'zaleplon'],
      }),
    ],
  },
  {
    id: 'DDI-BZD-DOSE',
    title:
      'Benzodiazepines over 8 mg diazepam-equivalent a day: predicted non-response — consider holding the dose before sessions',
    severity: 'relative',
    routes: [...all],
    source: 'Andrashko 2020',
    criteria: [
      {
        kind: 'daily-dose-over',
        drugClasses: ['benzodiazepine'],
        overMicrograms: 8000,
        equivalent: 'diazepam',
      },
    ],
  },
  {
    id: 'DDI-STIM',
    title: 'Stimulants or other sympathomimetics: higher blood pressure',
    severity: 'caution',
    routes: [...all],
    source: 'Spravato PI',
    criteria: [
      medications({
        drugClasses: ['stimulant'],
        names: [
          'amphetamine',
          'dextroamphetamine',
          'lisdexamfetamine',
          'methylphenidate',
          'dexmethylphenidate',
          'modafinil',
          'armodafinil',
        ],
      }),
    ],
  },
  {
    id: 'DDI-MAOI',
    title: 'MAO inhibitors: higher blood pressure',
    severity: 'caution',
    routes: [...all],
    source: 'Spravato PI',
    criteria: [
      medications({
        drugClasses: ['maoi'],
        names: ['phenelzine', 'tranylcypromine', 'isocarboxazid', 'selegiline'],
      }),
    ],
  },
  {
    id: 'DDI-LAMO',
    title: 'Lamotrigine: may blunt dissociative effects; effect on response unclear',
    severity: 'caution',
    routes: [...all],
    source: 'Andrade 2017',
    // RxNorm 28439 = lamotrigine (ingredient).
    criteria: [medications({ rxnorm: ['28439'], names: ['lamotrigine'] })],
  },
  {
    id: 'DDI-CYP',
    title: 'Strong CYP2B6 or CYP3A4 inducer or inhibitor: lower or higher ketamine exposure',
    severity: 'caution',
    routes: [...all],
    source: 'Andrade 2017',
    criteria: [
      medications({
        drugClasses: ['cyp_strong_inducer', 'cyp_strong_inhibitor'],
        names: [
          'rifampin',
          'rifampicin',
          'carbamazepine',
          'phenytoin',
          'phenobarbital',
          'st john',
          'clarithromycin',
          'ketoconazole',
          'itraconazole',
          'ritonavir',
          'ticlopidine',
        ],
      }),
    ],
  },
];

const anyPrescriberOrNurse: StateRules['default']['administer'] = {
  iv: ['physician', 'nurse_practitioner', 'physician_assistant', 'crna', 'registered_nurse'],
  im: ['physician', 'nurse_practitioner', 'physician_assistant', 'crna', 'registered_nurse'],
  intranasal: ['physician', 'nurse_practitioner', 'physician_assistant', 'registered_nurse'],
  oral: ['physician', 'nurse_practitioner', 'physician_assistant', 'registered_nurse'],
};

const toReview =
  'Default to review: same as the clinic default until the medical director checks this state’s board rules (minimum age, RN administration under supervision, telehealth follow-up).';

export const defaultStateRules: StateRules = {
  default: {
    minimumAge: 18,
    administer: anyPrescriberOrNurse,
    telehealthFollowUp: true,
    note: 'Clinic default: adults only; registered nurses administer under a prescriber’s supervision. Review before use.',
  },
  states: ['CA', 'FL', 'NY', 'TX'].map((state) => ({
    state,
    minimumAge: 18,
    administer: anyPrescriberOrNurse,
    telehealthFollowUp: true,
    note: toReview,
  })),
};

export const defaultRuleSet: RuleSetContent = { rules: defaultRules, stateRules: defaultStateRules };
