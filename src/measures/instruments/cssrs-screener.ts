import { type InstrumentDefinition, type Item, YES } from '../instrument.js';
import { yesNo } from './shared.js';

/**
 * C-SSRS screener (recent version: ideation in the past month, behaviour lifetime with "within the past 3 months").
 * Wording as on the Columbia screener form, cross-checked against several reproductions. Q3–Q5 are asked only
 * after a yes to Q2; Q6 is always asked; its recency question only after a yes to Q6.
 * Risk levels: clinical-reference.md section 7 (high: yes to Q4, Q5, or Q6 within 3 months; moderate: Q3; low:
 * Q1–2 only). The reference is silent on Q6 more than 3 months ago; the Columbia triage guidance rates it moderate,
 * which is what the rules below do (high is checked first). No LOINC codes verified for the screener.
 */
const q = (n: string, text: string, enableWhen?: Item['enableWhen']): Item => ({
  linkId: `cssrs-${n}`,
  prefix: n,
  text,
  loinc: null,
  answers: yesNo,
  scored: true,
  ...(enableWhen ? { enableWhen } : {}),
});
const afterYesTo2 = [{ question: 'cssrs-2', answer: YES }];

export const cssrsScreener: InstrumentDefinition = {
  id: 'cssrs-screener',
  version: '1.0.0',
  title: 'Columbia-Suicide Severity Rating Scale (C-SSRS) screener',
  kind: 'clinician-rated',
  recallPeriod: 'past month (behaviour: lifetime and past 3 months)',
  instructions:
    'Ask questions 1 and 2. If YES to 2, ask questions 3, 4, 5, and 6. If NO to 2, go directly to question 6.',
  copyright:
    'C-SSRS © The Research Foundation for Mental Hygiene, Inc. (Columbia University). Free for clinical use under ' +
    'its terms of use; training recommended.',
  loinc: { panel: null, total: null },
  items: [
    q('1', 'Have you wished you were dead or wished you could go to sleep and not wake up?'),
    q('2', 'Have you actually had any thoughts of killing yourself?'),
    q('3', 'Have you been thinking about how you might do this?', afterYesTo2),
    q('4', 'Have you had these thoughts and had some intention of acting on them?', afterYesTo2),
    q(
      '5',
      'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out ' +
        'this plan?',
      afterYesTo2,
    ),
    q(
      '6',
      'Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
    ),
    q('6b', 'Was this within the past 3 months?', [{ question: 'cssrs-6', answer: YES }]),
  ],
  scoring: {
    method: 'risk-rules',
    rules: [
      { level: 'high', anyYes: ['cssrs-4', 'cssrs-5', 'cssrs-6b'] },
      { level: 'moderate', anyYes: ['cssrs-3', 'cssrs-6'] },
      { level: 'low', anyYes: ['cssrs-1', 'cssrs-2'] },
    ],
  },
  bands: [],
  remissionBelow: null,
  safetyTriggers: [
    {
      id: 'cssrs-positive-screen',
      when: { riskLevelIn: ['high', 'moderate'] },
      message: 'Positive C-SSRS screen: suicide risk assessment by a clinician now.',
      crisisResources: true,
    },
  ],
  source:
    'Columbia C-SSRS screener (recent) form and triage guidance; ketacare clinical-reference.md section 7.',
};
