import { type AnswerOption, type InstrumentDefinition, type Item, YES } from '../instrument.js';

/**
 * Answer scales shared by several instruments, defined once.
 * LOINC answer codes verified against the LOINC-derived PHQ-9 and GAD-7 Questionnaires (Regenstrief, as published
 * in the HL7 Person-Centered Outcomes IG, github.com/mtnlotus/pco-ig Questionnaire-PHQ9.json / -GAD7.json) and, for
 * yes/no, LOINC answer list usage (LA33-6 Yes, LA32-8 No).
 */

/** PHQ-9 and GAD-7: how often over the last 2 weeks, 0–3. */
export const frequencyOverTwoWeeks: AnswerOption[] = [
  { value: 0, display: 'Not at all', loinc: 'LA6568-5' },
  { value: 1, display: 'Several days', loinc: 'LA6569-3' },
  { value: 2, display: 'More than half the days', loinc: 'LA6570-1' },
  { value: 3, display: 'Nearly every day', loinc: 'LA6571-9' },
];

/** Answers to the difficulty question. */
const difficulty: AnswerOption[] = [
  { value: 0, display: 'Not difficult at all', loinc: 'LA6572-7' },
  { value: 1, display: 'Somewhat difficult', loinc: 'LA6573-5' },
  { value: 2, display: 'Very difficult', loinc: 'LA6575-0' },
  { value: 3, display: 'Extremely difficult', loinc: 'LA6574-3' },
];

/** PCL-5: how much bothered in the past month, 0–4. LOINC answer codes not verified: left null. */
export const botheredPastMonth: AnswerOption[] = [
  { value: 0, display: 'Not at all', loinc: null },
  { value: 1, display: 'A little bit', loinc: null },
  { value: 2, display: 'Moderately', loinc: null },
  { value: 3, display: 'Quite a bit', loinc: null },
  { value: 4, display: 'Extremely', loinc: null },
];

export const yesNo: AnswerOption[] = [
  { value: 0, display: 'No', loinc: 'LA32-8' },
  { value: YES, display: 'Yes', loinc: 'LA33-6' },
];

/** Scored items on one answer scale from [LOINC code or null, exact text] pairs, numbered from 1. */
export function scoredItems(
  instrumentId: string,
  answers: AnswerOption[],
  items: ReadonlyArray<readonly [string | null, string]>,
): Item[] {
  return items.map(([loinc, text], i) => ({
    linkId: `${instrumentId}-${i + 1}`,
    prefix: String(i + 1),
    text,
    loinc,
    answers,
    scored: true,
  }));
}

/** The closing, unscored difficulty question of the PHQ-9 and GAD-7 (each form words it slightly differently). */
export function difficultyItem(instrumentId: string, text: string, loinc: string | null): Item {
  return { linkId: `${instrumentId}-difficulty`, text, loinc, answers: difficulty, scored: false };
}

/** PHQ-9 and GAD-7 carry the same notice (verified on LOINC 44261-6 and the LOINC-derived Questionnaires). */
export const pfizerCopyright =
  'Copyright © Pfizer Inc. All rights reserved. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, ' +
  'Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, ' +
  'translate, display or distribute.';

/**
 * PHQ-9 and GAD-7 missing answers. The reference file (section 7) is silent, so the conservative practice: prorate
 * (total × items ÷ answered, rounded) when at most one scored item is unanswered, otherwise the score is invalid and
 * the person is asked to complete the form. One unanswered item can move the true total by at most 3 points;
 * two by 6, enough to cross a severity band, so we do not follow the services that prorate two.
 */
export const phqFamilyScoring: InstrumentDefinition['scoring'] = { method: 'sum', prorateAtMost: 1 };
