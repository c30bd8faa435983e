import type { InstrumentDefinition } from '../instrument.js';
import {
  difficultyItem,
  frequencyOverTwoWeeks,
  pfizerCopyright,
  phqFamilyScoring,
  scoredItems,
} from './shared.js';

/**
 * PHQ-9. Item wording as printed on the Pfizer form (phqscreeners.com PHQ-9, cross-checked against several
 * reproductions); LOINC codes from the LOINC panel 44249-1 (LOINC-derived Questionnaire in the HL7 Person-Centered
 * Outcomes IG, mtnlotus/pco-ig Questionnaire-PHQ9.json) and LOINC 44261-6 (total score). LOINC's own display
 * text differs in punctuation (hyphens for the form's dashes); the form's wording is the validated one.
 * Bands, remission and the item 9 rule: clinical-reference.md section 7.
 */
export const phq9: InstrumentDefinition = {
  id: 'phq-9',
  version: '1.0.0',
  title: 'Patient Health Questionnaire (PHQ-9)',
  kind: 'patient-reported',
  recallPeriod: 'last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  copyright: pfizerCopyright,
  loinc: { panel: '44249-1', total: '44261-6' },
  items: [
    ...scoredItems('phq-9', frequencyOverTwoWeeks, [
      ['44250-9', 'Little interest or pleasure in doing things'],
      ['44255-8', 'Feeling down, depressed, or hopeless'],
      ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
      ['44254-1', 'Feeling tired or having little energy'],
      ['44251-7', 'Poor appetite or overeating'],
      [
        '44258-2',
        'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      ],
      ['44252-5', 'Trouble concentrating on things, such as reading the newspaper or watching television'],
      [
        '44253-3',
        'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or ' +
          'restless that you have been moving around a lot more than usual',
      ],
      ['44260-8', 'Thoughts that you would be better off dead or of hurting yourself in some way'],
    ]).map((item) => (item.linkId === 'phq-9-9' ? { ...item, neverProrated: true } : item)),
    difficultyItem(
      'phq-9',
      'If you checked off any problems, how difficult have these problems made it for you to do your work, ' +
        'take care of things at home, or get along with other people?',
      '69722-7',
    ),
  ],
  scoring: phqFamilyScoring,
  bands: [
    { from: 0, to: 4, label: 'minimal' },
    { from: 5, to: 9, label: 'mild' },
    { from: 10, to: 14, label: 'moderate' },
    { from: 15, to: 19, label: 'moderately severe' },
    { from: 20, to: 27, label: 'severe' },
  ],
  remissionBelow: 5,
  safetyTriggers: [
    {
      id: 'phq-9-item-9',
      // Any answer above 0, whatever the total and even when the total is invalid (clinical-reference.md §7).
      when: { linkId: 'phq-9-9', atLeast: 1 },
      message: 'PHQ-9 item 9 above 0 (thoughts of death or self-harm): same-day clinical evaluation needed.',
      crisisResources: true,
    },
  ],
  source:
    'Pfizer PHQ-9 form; LOINC 44249-1 panel and 44261-6 total; ketacare clinical-reference.md section 7 (bands, ' +
    'remission < 5, item 9 rule).',
};
