import type { InstrumentDefinition } from '../instrument.js';
import { botheredPastMonth, scoredItems } from './shared.js';

/**
 * PCL-5 (past-month version). Item wording as on the National Center for PTSD form (Weathers et al. 2013),
 * cross-checked against several reproductions of it. LOINC panel 101697-1 and total 101698-9 ("PTSD PCL-5 score
 * [PCL-5]") were checked on two LOINC table mirrors (findacode.com, healthassure.in), which agree; the item codes
 * could not be verified and are left null. The reference file says "verify before use": confirm the two codes on
 * loinc.org before exporting to a registry.
 * Missing answers: the National Center for PTSD gives no proration rule, so none is applied: a form with any
 * unanswered item has no valid total (ask the person to complete it).
 */
export const pcl5: InstrumentDefinition = {
  id: 'pcl-5',
  version: '1.0.0',
  title: 'PTSD Checklist for DSM-5 (PCL-5)',
  kind: 'patient-reported',
  recallPeriod: 'past month',
  instructions: 'In the past month, how much were you bothered by:',
  copyright:
    'PCL-5: Weathers, Litz, Keane, Palmieri, Marx & Schnurr (2013), National Center for PTSD, U.S. Department of ' +
    'Veterans Affairs. Public domain.',
  loinc: { panel: '101697-1', total: '101698-9' },
  items: scoredItems('pcl-5', botheredPastMonth, [
    [null, 'Repeated, disturbing, and unwanted memories of the stressful experience?'],
    [null, 'Repeated, disturbing dreams of the stressful experience?'],
    [
      null,
      'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were ' +
        'actually back there reliving it)?',
    ],
    [null, 'Feeling very upset when something reminded you of the stressful experience?'],
    [
      null,
      'Having strong physical reactions when something reminded you of the stressful experience (for example, ' +
        'heart pounding, trouble breathing, sweating)?',
    ],
    [null, 'Avoiding memories, thoughts, or feelings related to the stressful experience?'],
    [
      null,
      'Avoiding external reminders of the stressful experience (for example, people, places, conversations, ' +
        'activities, objects, or situations)?',
    ],
    [null, 'Trouble remembering important parts of the stressful experience?'],
    [
      null,
      'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts ' +
        'such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is ' +
        'completely dangerous)?',
    ],
    [null, 'Blaming yourself or someone else for the stressful experience or what happened after it?'],
    [null, 'Having strong negative feelings such as fear, horror, anger, guilt, or shame?'],
    [null, 'Loss of interest in activities that you used to enjoy?'],
    [null, 'Feeling distant or cut off from other people?'],
    [
      null,
      'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving ' +
        'feelings for people close to you)?',
    ],
    [null, 'Irritable behavior, angry outbursts, or acting aggressively?'],
    [null, 'Taking too many risks or doing things that could cause you harm?'],
    [null, 'Being "superalert" or watchful or on guard?'],
    [null, 'Feeling jumpy or easily startled?'],
    [null, 'Having difficulty concentrating?'],
    [null, 'Trouble falling or staying asleep?'],
  ]),
  scoring: { method: 'sum', prorateAtMost: 0 },
  bands: [
    { from: 0, to: 32, label: 'below the provisional PTSD cut-point' },
    { from: 33, to: 80, label: 'provisional PTSD' },
  ],
  remissionBelow: 33,
  safetyTriggers: [],
  source:
    'National Center for PTSD PCL-5 form; LOINC 101697-1/101698-9 via LOINC table mirrors; ketacare ' +
    'clinical-reference.md section 7 (cut-point 33, remission < 33).',
};
