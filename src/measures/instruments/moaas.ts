import type { InstrumentDefinition } from '../instrument.js';

/**
 * MOAA/S, rated at each monitoring check during a treatment day. Levels from Chernik et al. 1990 (J Clin
 * Psychopharmacol 10:244), worded as in the MOAA/S table of BMC Anesthesiol 2022 (s12871-022-01788-1, table 2)
 * and consistent with clinical-reference.md section 7; no LOINC code was found for it. The trigger is the reference's AL-SED alert (MOAA/S ≤ 2);
 * discharge needs 5 (section 6), which the discharge rules check, not this definition.
 */
export const moaas: InstrumentDefinition = {
  id: 'moaas',
  version: '1.0.0',
  title: "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)",
  kind: 'clinician-rated',
  recallPeriod: null,
  instructions: null,
  copyright: 'Chernik DA et al., J Clin Psychopharmacol 1990;10:244–251. Published rating scale.',
  loinc: { panel: null, total: null },
  items: [
    {
      linkId: 'moaas',
      text: 'Responsiveness',
      loinc: null,
      answers: [
        { value: 5, display: 'Responds readily to name spoken in normal tone', loinc: null },
        { value: 4, display: 'Lethargic response to name spoken in normal tone', loinc: null },
        { value: 3, display: 'Responds only after name is called loudly and/or repeatedly', loinc: null },
        { value: 2, display: 'Responds only after mild prodding or shaking', loinc: null },
        { value: 1, display: 'Responds only after painful trapezius squeeze', loinc: null },
        { value: 0, display: 'Does not respond to painful trapezius squeeze', loinc: null },
      ],
      scored: true,
    },
  ],
  scoring: { method: 'sum', prorateAtMost: 0 },
  bands: [],
  remissionBelow: null,
  safetyTriggers: [
    {
      id: 'moaas-deep-sedation',
      when: { linkId: 'moaas', atMost: 2 },
      message: 'MOAA/S 2 or below: deep sedation (AL-SED), assess airway and breathing now.',
      crisisResources: false,
    },
  ],
  source: 'Chernik 1990; ketacare clinical-reference.md sections 6 (AL-SED) and 7.',
};
