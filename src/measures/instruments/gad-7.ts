import type { InstrumentDefinition } from '../instrument.js';
import {
  difficultyItem,
  frequencyOverTwoWeeks,
  pfizerCopyright,
  phqFamilyScoring,
  scoredItems,
} from './shared.js';

/**
 * GAD-7. Item wording as printed on the Pfizer form (Spitzer et al. 2006; the form reproduced with its Pfizer
 * notice); LOINC item codes from panel 69737-5 (LOINC-derived Questionnaire in the HL7 Person-Centered Outcomes
 * IG, mtnlotus/pco-ig Questionnaire-GAD7.json) and 70274-6 (total score). LOINC answers item 2 with LA18938-3
 * "More days than not"; the form says "More than half the days", so the shared scale (LA6570-1) is used for all
 * seven items. The difficulty question's LOINC code was not verified: left null.
 */
export const gad7: InstrumentDefinition = {
  id: 'gad-7',
  version: '1.0.0',
  title: 'Generalized Anxiety Disorder 7-item scale (GAD-7)',
  kind: 'patient-reported',
  recallPeriod: 'last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  copyright: pfizerCopyright,
  loinc: { panel: '69737-5', total: '70274-6' },
  items: [
    ...scoredItems('gad-7', frequencyOverTwoWeeks, [
      ['69725-0', 'Feeling nervous, anxious, or on edge'],
      ['68509-9', 'Not being able to stop or control worrying'],
      ['69733-4', 'Worrying too much about different things'],
      ['69734-2', 'Trouble relaxing'],
      ['69735-9', 'Being so restless that it is hard to sit still'],
      ['69689-8', 'Becoming easily annoyed or irritable'],
      ['69736-7', 'Feeling afraid, as if something awful might happen'],
    ]),
    difficultyItem(
      'gad-7',
      'If you checked any problems, how difficult have they made it for you to do your work, take care of ' +
        'things at home, or get along with other people?',
      null,
    ),
  ],
  scoring: phqFamilyScoring,
  bands: [
    { from: 0, to: 4, label: 'minimal' },
    { from: 5, to: 9, label: 'mild' },
    { from: 10, to: 14, label: 'moderate' },
    { from: 15, to: 21, label: 'severe' },
  ],
  remissionBelow: 5,
  safetyTriggers: [],
  source:
    'Pfizer GAD-7 form; LOINC 69737-5 panel and 70274-6 total; ketacare clinical-reference.md section 7 (bands, ' +
    'remission < 5).',
};
