import type {
  DrugClass,
  MeasurementView,
  measureKinds,
  priorTreatmentKinds,
  treatmentOutcomes,
} from '../../../../src/intake/model';

export const drugClassLabels: Record<DrugClass, string> = {
  ssri: 'SSRI',
  snri: 'SNRI',
  tca: 'Tricyclic antidepressant',
  maoi: 'MAO inhibitor',
  ndri: 'NDRI (bupropion)',
  nassa: 'NaSSA (mirtazapine)',
  sari: 'SARI (trazodone)',
  serotonin_modulator: 'Serotonin modulator',
  benzodiazepine: 'Benzodiazepine',
  sedative_hypnotic: 'Other sedative or hypnotic',
  stimulant: 'Stimulant',
  opioid: 'Opioid',
  anticonvulsant: 'Anticonvulsant',
  methylxanthine: 'Methylxanthine (theophylline)',
  lithium: 'Lithium',
  antipsychotic: 'Antipsychotic',
  nmda_antagonist: 'NMDA antagonist (ketamine)',
  barbiturate: 'Barbiturate',
  cyp_strong_inducer: 'Strong CYP3A4/2B6 inducer',
  cyp_strong_inhibitor: 'Strong CYP3A4/2B6 inhibitor',
  opioid_antagonist: 'Opioid antagonist',
  other: 'Other (no rule reads it)',
};

export const classLabel = (drugClass: string | null) =>
  drugClass === null ? '' : (drugClassLabels[drugClass as DrugClass] ?? drugClass);

export const priorKindLabels: Record<(typeof priorTreatmentKinds)[number], string> = {
  antidepressant: 'Antidepressant trial',
  psychotherapy: 'Psychotherapy',
  tms: 'TMS',
  ect: 'ECT',
  ketamine: 'Ketamine',
  esketamine: 'Esketamine',
  other: 'Other',
};

export const outcomeLabels: Record<(typeof treatmentOutcomes)[number], string> = {
  remission: 'Remission',
  response: 'Response (50 % or better)',
  partial: 'Partial (under 50 %)',
  none: 'No response (25 % or less)',
  not_tolerated: 'Not tolerated',
  unknown: 'Unknown',
};

export const measureLabels: Record<(typeof measureKinds)[number], string> = {
  weight: 'Weight',
  height: 'Height',
  systolic: 'Blood pressure, systolic',
  diastolic: 'Blood pressure, diastolic',
  heart_rate: 'Heart rate',
};

/** Stored in the smallest step (grams, millimetres): shown as clinicians read them. */
export function measurementText(m: MeasurementView): string {
  if (m.unit === 'g') return `${(m.value / 1000).toFixed(1)} kg`;
  if (m.unit === 'mm') return `${(m.value / 10).toFixed(1)} cm`;
  if (m.unit === 'mm[Hg]') return `${m.value} mmHg`;
  if (m.unit === '/min') return `${m.value} beats/min`;
  return `${m.value} ${m.unit}`;
}

/** "2 mg" from micrograms. */
export const dailyDoseText = (micrograms: number | null) =>
  micrograms === null ? '' : `${micrograms / 1000} mg/day`;

export const statusText = (status: string) =>
  status === 'active' ? 'Active' : status === 'inactive' ? 'Stopped' : 'Entered in error';
