import type { InstrumentDefinition } from '../instrument.js';

/**
 * Dissociation during a treatment day: the clinician administers the CADSS (Bremner et al. 1998) on the clinic's
 * own form and enters the total; ketacare records which version was used. The full scale's 23 subjective items
 * (0–4 each, total 0–92) are those used in the esketamine trials; the CADSS-6 keeps items 1, 2, 6, 7, 15 and 22
 * (clinical-reference.md section 7), total 0–24. No LOINC codes found; no bands published for either.
 */
function dissociationRating(
  id: string,
  title: string,
  itemCount: number,
  itemNote: string,
): InstrumentDefinition {
  return {
    id,
    version: '1.0.0',
    title,
    kind: 'clinician-rated',
    recallPeriod: null,
    instructions: null,
    copyright:
      'CADSS: Bremner JD et al., J Trauma Stress 1998;11:125–136. Administered on the clinic’s licensed form.',
    loinc: { panel: null, total: null },
    items: [
      {
        linkId: `${id}-total`,
        text: `${title} total score (${itemNote}, each 0–4)`,
        loinc: null,
        range: { minimum: 0, maximum: itemCount * 4 },
        scored: true,
      },
    ],
    scoring: { method: 'entered-total', item: `${id}-total` },
    bands: [],
    remissionBelow: null,
    safetyTriggers: [],
    source: 'Bremner 1998; ketacare clinical-reference.md section 7 (CADSS, CADSS-6 items).',
  };
}

export const cadss = dissociationRating(
  'cadss',
  'Clinician-Administered Dissociative States Scale (CADSS)',
  23,
  '23 subjective items',
);
export const cadss6 = dissociationRating('cadss-6', 'CADSS-6', 6, 'items 1, 2, 6, 7, 15 and 22');
