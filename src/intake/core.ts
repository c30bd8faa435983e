import { ageOn } from '../patient/core.js';
import { conditionCode } from './codes/icd10.js';
import { type MedicationEntry, medicationByName, medicationByRxnorm } from './codes/medications.js';
import {
  type DrugClass,
  type IntakeContent,
  type MedicalHistoryItem,
  medicalHistoryItems,
  type NewAllergy,
  type NewCondition,
  type NewMeasurement,
  type NewMedication,
  type NewPriorTreatment,
  type ProposedFacts,
  type RegistrationDetails,
  usStates,
} from './model.js';

/** A problem with one field, as a JSON pointer into the request (the services turn these into a 422). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Intake rules, pure: registration checks, the completeness check of a submitted questionnaire, units and codes
 * of facts, and how a patient's answers map to coded facts. Values in, values out; paths are JSON pointers.
 */

const MAX_AGE_YEARS = 120;
const stateSet = new Set<string>(usStates);

/** A YYYY-MM-DD string naming a day that exists (2026-02-30 does not). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A US number: 10 digits, optionally after +1 / 1. */
export function isUsPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  return /^1?\d{10}$/.test(digits) && !/^\+(?!1)/.test(value.trim());
}

/** What is wrong with registration details, beyond their shape: dates, age, state, phones, blank names. */
export function registrationProblems(
  details: RegistrationDetails,
  today: string,
  base: string,
): FieldError[] {
  const problems: FieldError[] = [];
  const at = (path: string, message: string) => problems.push({ path: `${base}${path}`, message });
  for (const field of ['givenName', 'familyName'] as const) {
    if (!details[field].trim()) at(`/${field}`, 'is required');
  }
  if (!isRealDate(details.birthDate)) at('/birthDate', 'is not a real date');
  else if (details.birthDate >= today) at('/birthDate', 'must be in the past');
  else if (ageOn(details.birthDate, today) >= MAX_AGE_YEARS) at('/birthDate', 'gives an age of 120 or more');
  if (!stateSet.has(details.address.state)) {
    at('/address/state', 'is not a US state, DC or territory (two capital letters, e.g. NY)');
  }
  const phones: [string, string][] = [
    ['/phone', details.phone],
    ['/emergencyContact/phone', details.emergencyContact.phone],
    ...details.escorts.map((e, i): [string, string] => [`/escorts/${i}/phone`, e.phone]),
    ...(['referringClinician', 'treatingPsychiatrist', 'treatingTherapist'] as const).flatMap(
      (who): [string, string][] => {
        const phone = details[who]?.phone;
        return phone ? [[`/${who}/phone`, phone]] : [];
      },
    ),
  ];
  for (const [path, phone] of phones) {
    if (!isUsPhone(phone)) at(path, 'is not a US phone number (10 digits)');
  }
  for (const [i, escort] of details.escorts.entries()) {
    if (!escort.name.trim()) at(`/escorts/${i}/name`, 'is required');
  }
  return problems;
}

/** JSON with object keys sorted: the database returns jsonb with its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The top-level fields of two detail versions that differ (for the audit trail: names only, never values). */
export function changedFields(before: RegistrationDetails | null, after: RegistrationDetails): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => canonical(b[k]) !== canonical(a[k]))
    .sort();
}

// ── Measurements ─────────────────────────────────────────────────────────────────────────────────────────────

export type MeasureKind = NewMeasurement['measure'];

interface MeasureRule {
  loinc: string;
  /** Stored unit (the smallest step) and the factor from each accepted unit. */
  unit: string;
  from: Record<string, number>;
  /** Plausible range in the stored unit. */
  min: number;
  max: number;
  label: string;
}

export const measureRules: Record<MeasureKind, MeasureRule> = {
  weight: {
    loinc: '29463-7',
    unit: 'g',
    from: { kg: 1000, lb: 453.59237, g: 1 },
    min: 2000,
    max: 400_000,
    label: 'Weight',
  },
  height: {
    loinc: '8302-2',
    unit: 'mm',
    from: { cm: 10, in: 25.4, mm: 1 },
    min: 300,
    max: 2500,
    label: 'Height',
  },
  systolic: { loinc: '8480-6', unit: 'mm[Hg]', from: { 'mm[Hg]': 1 }, min: 40, max: 300, label: 'Systolic' },
  diastolic: {
    loinc: '8462-4',
    unit: 'mm[Hg]',
    from: { 'mm[Hg]': 1 },
    min: 20,
    max: 200,
    label: 'Diastolic',
  },
  heart_rate: { loinc: '8867-4', unit: '/min', from: { '/min': 1 }, min: 20, max: 250, label: 'Heart rate' },
};

export function measureOfLoinc(loinc: string): MeasureKind | undefined {
  return (Object.keys(measureRules) as MeasureKind[]).find((k) => measureRules[k].loinc === loinc);
}

const rangeText = (rule: MeasureRule, unit: string) => {
  const factor = rule.from[unit] ?? 1;
  const round = (n: number) => Math.round((n / factor) * 10) / 10;
  return `between ${round(rule.min)} and ${round(rule.max)} ${unit}`;
};

/** A measurement in its stored unit, or the problems (wrong unit, 0, out of range) at base + /value or /unit. */
export function normaliseMeasurement(
  m: { measure: MeasureKind; value: number; unit: string },
  base: string,
): { ok: true; loinc: string; value: number; unit: string } | { ok: false; problems: FieldError[] } {
  const rule = measureRules[m.measure];
  const factor = rule.from[m.unit];
  if (factor === undefined) {
    const units = Object.keys(rule.from).join(', ');
    return { ok: false, problems: [{ path: `${base}/unit`, message: `${rule.label} is in ${units}` }] };
  }
  const value = Math.round(m.value * factor);
  if (!Number.isFinite(m.value) || m.value <= 0 || value < rule.min || value > rule.max) {
    return {
      ok: false,
      problems: [{ path: `${base}/value`, message: `must be ${rangeText(rule, m.unit)}` }],
    };
  }
  return { ok: true, loinc: rule.loinc, value, unit: rule.unit };
}

// ── Facts: codes and classes ─────────────────────────────────────────────────────────────────────────────────

type Result<T> = { ok: true; value: T } | { ok: false; problems: FieldError[] };
const fail = (path: string, message: string): { ok: false; problems: FieldError[] } => ({
  ok: false,
  problems: [{ path, message }],
});

export interface ConditionRow {
  icd10: string;
  display: string;
  category: NewCondition['category'];
  onset: string | null;
  note: string | null;
}

export function resolveCondition(c: NewCondition, base: string, today: string): Result<ConditionRow> {
  const code = conditionCode(c.icd10);
  if (!code) return fail(`${base}/icd10`, 'is not in the clinic’s ICD-10-CM code list');
  if (c.onset && (!isRealDate(c.onset) || c.onset > today)) {
    return fail(`${base}/onset`, 'must be a real date, not in the future');
  }
  return {
    ok: true,
    value: {
      icd10: code.code,
      display: code.display,
      category: c.category,
      onset: c.onset ?? null,
      note: c.note ?? null,
    },
  };
}

/** The drug a fact names: a table entry by code (unknown code → problem), by exact name, or free text. */
function resolveDrug(
  input: {
    rxnorm?: string | null | undefined;
    name?: string | undefined;
    drugClass?: DrugClass | null | undefined;
  },
  base: string,
  fallbackName?: string,
): Result<{
  rxnorm: string | null;
  name: string;
  drugClass: string | null;
  entry: MedicationEntry | undefined;
}> {
  if (input.rxnorm) {
    const entry = medicationByRxnorm(input.rxnorm);
    if (!entry) return fail(`${base}/rxnorm`, 'is not in the clinic’s medication table');
    return { ok: true, value: { rxnorm: entry.rxnorm, name: entry.name, drugClass: entry.drugClass, entry } };
  }
  const name = input.name?.trim() || fallbackName;
  if (!name) return fail(`${base}/name`, 'is required when there is no RxNorm code');
  const entry = medicationByName(name);
  if (entry)
    return { ok: true, value: { rxnorm: entry.rxnorm, name: entry.name, drugClass: entry.drugClass, entry } };
  return { ok: true, value: { rxnorm: null, name, drugClass: input.drugClass ?? null, entry: undefined } };
}

export interface MedicationRow {
  rxnorm: string | null;
  name: string;
  drugClass: string | null;
  doseText: string | null;
  dailyDoseMicrograms: number | null;
  startedOn: string | null;
  note: string | null;
}

export function resolveMedication(m: NewMedication, base: string, today: string): Result<MedicationRow> {
  const drug = resolveDrug(m, base);
  if (!drug.ok) return drug;
  if (m.startedOn && (!isRealDate(m.startedOn) || m.startedOn > today)) {
    return fail(`${base}/startedOn`, 'must be a real date, not in the future');
  }
  const { entry: _entry, ...named } = drug.value;
  return {
    ok: true,
    value: {
      ...named,
      doseText: m.doseText ?? null,
      dailyDoseMicrograms: m.dailyDoseMg == null ? null : Math.round(m.dailyDoseMg * 1000),
      startedOn: m.startedOn ?? null,
      note: m.note ?? null,
    },
  };
}

export interface AllergyRow {
  substance: string;
  rxnorm: string | null;
  reaction: string | null;
  note: string | null;
}

export function resolveAllergy(a: NewAllergy, base: string): Result<AllergyRow> {
  if (!a.substance.trim()) return fail(`${base}/substance`, 'is required');
  if (a.rxnorm && !medicationByRxnorm(a.rxnorm)) {
    return fail(`${base}/rxnorm`, 'is not in the clinic’s medication table');
  }
  return {
    ok: true,
    value: {
      substance: a.substance.trim(),
      rxnorm: a.rxnorm ?? null,
      reaction: a.reaction ?? null,
      note: a.note ?? null,
    },
  };
}

export interface PriorTreatmentRow {
  kind: string;
  rxnorm: string | null;
  name: string;
  drugClass: string | null;
  doseText: string | null;
  durationWeeks: number | null;
  outcome: string;
  adequateDose: string | null;
  note: string | null;
}

const treatmentNames: Record<NewPriorTreatment['kind'], string | undefined> = {
  antidepressant: undefined,
  psychotherapy: 'Psychotherapy',
  tms: 'Transcranial magnetic stimulation (TMS)',
  ect: 'Electroconvulsive therapy (ECT)',
  ketamine: 'Ketamine',
  esketamine: 'Esketamine',
  other: undefined,
};

export function resolvePriorTreatment(t: NewPriorTreatment, base: string): Result<PriorTreatmentRow> {
  const isDrug = t.kind === 'antidepressant';
  const drug = isDrug
    ? resolveDrug(t, base)
    : ({
        ok: true,
        value: {
          rxnorm: null,
          name: t.name?.trim() || treatmentNames[t.kind] || '',
          drugClass: null,
          entry: undefined,
        },
      } as const);
  if (!drug.ok) return drug;
  if (!drug.value.name) return fail(`${base}/name`, 'is required');
  const { entry: _entry, ...named } = drug.value;
  return {
    ok: true,
    value: {
      kind: t.kind,
      ...named,
      doseText: t.doseText ?? null,
      durationWeeks: t.durationWeeks ?? null,
      outcome: t.outcome,
      adequateDose: t.adequateDose ?? null,
      note: t.note ?? null,
    },
  };
}

// ── The submitted questionnaire ──────────────────────────────────────────────────────────────────────────────

const required = 'is required';

/**
 * What keeps a draft from being submitted: unanswered required questions, impossible values, unknown codes.
 * Paths point into the content: `/content/medicalHistory/hypertension`, `/content/weight/value`.
 */
export function intakeProblems(content: IntakeContent): FieldError[] {
  const problems: FieldError[] = [];
  const at = (path: string, message: string) => problems.push({ path: `/content${path}`, message });

  for (const [i, d] of (content.diagnoses ?? []).entries()) {
    if (d.icd10) {
      if (!conditionCode(d.icd10)) at(`/diagnoses/${i}/icd10`, 'is not in the clinic’s ICD-10-CM code list');
    } else if (!d.text?.trim()) at(`/diagnoses/${i}/text`, 'name the diagnosis or remove the line');
  }

  const prior = content.priorTreatments ?? {};
  for (const [i, t] of (prior.antidepressants ?? []).entries()) {
    const path = `/priorTreatments/antidepressants/${i}`;
    if (t.rxnorm) {
      if (!medicationByRxnorm(t.rxnorm)) at(`${path}/rxnorm`, 'is not in the clinic’s medication table');
    } else if (!t.name?.trim()) at(`${path}/name`, required);
    if (
      t.durationWeeks !== undefined &&
      !(Number.isInteger(t.durationWeeks) && t.durationWeeks >= 0 && t.durationWeeks <= 2000)
    ) {
      at(`${path}/durationWeeks`, 'must be a whole number of weeks');
    }
    if (!t.outcome) at(`${path}/outcome`, required);
  }
  for (const kind of ['psychotherapy', 'tms', 'ect', 'ketamine', 'esketamine'] as const) {
    const t = prior[kind];
    if (!t?.tried) at(`/priorTreatments/${kind}/tried`, required);
    if (t?.durationWeeks !== undefined && !(Number.isInteger(t.durationWeeks) && t.durationWeeks >= 0)) {
      at(`/priorTreatments/${kind}/durationWeeks`, 'must be a whole number of weeks');
    }
  }

  for (const item of ['psychosis', 'mania', 'dissociativeDisorder'] as const) {
    if (!content.psychiatricHistory?.[item]) at(`/psychiatricHistory/${item}`, required);
  }
  for (const item of substances) {
    if (!content.substanceUse?.[item]) at(`/substanceUse/${item}`, required);
  }
  for (const item of medicalHistoryItems) {
    if (!content.medicalHistory?.[item]) at(`/medicalHistory/${item}`, required);
  }

  const medications = content.medications ?? [];
  if (medications.length === 0 && !content.noMedications)
    at('/medications', 'list your medicines or say you take none');
  for (const [i, m] of medications.entries()) {
    const path = `/medications/${i}`;
    if (m.rxnorm) {
      if (!medicationByRxnorm(m.rxnorm)) at(`${path}/rxnorm`, 'is not in the clinic’s medication table');
    } else if (!m.name?.trim()) at(`${path}/name`, required);
    if (m.doseMg !== undefined && !(m.doseMg > 0 && m.doseMg <= 100_000))
      at(`${path}/doseMg`, 'must be above 0');
    if (
      m.timesPerDay !== undefined &&
      !(Number.isInteger(m.timesPerDay) && m.timesPerDay >= 1 && m.timesPerDay <= 24)
    ) {
      at(`${path}/timesPerDay`, 'must be a whole number from 1 to 24');
    }
  }

  const allergies = content.allergies ?? [];
  if (allergies.length === 0 && !content.noKnownAllergies)
    at('/allergies', 'list your allergies or say you have none');
  for (const [i, a] of allergies.entries()) {
    if (!a.substance?.trim()) at(`/allergies/${i}/substance`, required);
    if (a.rxnorm && !medicationByRxnorm(a.rxnorm))
      at(`/allergies/${i}/rxnorm`, 'is not in the clinic’s medication table');
  }

  for (const measure of ['height', 'weight'] as const) {
    const m = content[measure];
    if (m?.value === undefined) at(`/${measure}/value`, required);
    else if (!m.unit) at(`/${measure}/unit`, required);
    else {
      const checked = normaliseMeasurement({ measure, value: m.value, unit: m.unit }, `/content/${measure}`);
      if (!checked.ok) problems.push(...checked.problems);
    }
  }
  return problems;
}

// ── From answers to facts ────────────────────────────────────────────────────────────────────────────────────

/** The code a "yes" on the medical-history checklist is recorded with (index defaults of ICD-10-CM). */
export const medicalHistoryCodes: Record<MedicalHistoryItem, string> = {
  hypertension: 'I10',
  heartDisease: 'I51.9',
  heartAttack: 'I25.2',
  stroke: 'I63.9',
  aneurysm: 'I72.9',
  arteriovenousMalformation: 'Q27.30',
  intracranialBleed: 'I61.9',
  raisedIntracranialPressure: 'G93.2',
  brainTumour: 'R90.0',
  glaucoma: 'H40.9',
  seizures: 'G40.909',
  liverDisease: 'K76.9',
  hyperthyroidism: 'E05.90',
  porphyria: 'E80.20',
  interstitialCystitis: 'N30.10',
  sleepApnoea: 'G47.33',
  pregnant: 'Z33.1',
  breastFeeding: 'Z39.1',
};

const psychiatricCodes = { psychosis: 'F29', mania: 'F30.9', dissociativeDisorder: 'F44.9' } as const;

const substances = [
  'alcohol',
  'cannabis',
  'stimulants',
  'opioids',
  'sedatives',
  'ketamineMisuse',
  'other',
] as const;
/** Problem use now → abuse (F1x.10); in the past → abuse in remission (F1x.11). Staff refine at review. */
const substanceCodes: Record<(typeof substances)[number], string> = {
  alcohol: 'F10',
  opioids: 'F11',
  cannabis: 'F12',
  sedatives: 'F13',
  stimulants: 'F15',
  ketamineMisuse: 'F16',
  other: 'F19',
};

/** Doses as one line: "0.5 mg, 2 times a day, as needed; with food". */
function doseLine(m: NonNullable<IntakeContent['medications']>[number]): string | undefined {
  const parts = [
    m.doseMg !== undefined ? `${m.doseMg} mg` : undefined,
    m.timesPerDay !== undefined ? `${m.timesPerDay} time${m.timesPerDay === 1 ? '' : 's'} a day` : undefined,
    m.asNeeded ? 'as needed' : undefined,
  ].filter(Boolean);
  const line = [parts.join(', '), m.doseText?.trim()].filter(Boolean).join('; ');
  return line ? line.slice(0, 200) : undefined;
}

/**
 * The facts a submitted intake proposes, for staff to review: checklist "yes" → history conditions; psychiatric
 * and substance answers → conditions, current ones as 'diagnosis' (the screening rules treat current psychosis
 * as absolute, a history as relative); known diagnoses; medications (coded from the table, else text for staff to
 * class); allergies; prior treatments; height and weight. 'Unsure' answers propose nothing: staff ask.
 */
export function proposeFacts(content: IntakeContent, effectiveAt: string): ProposedFacts {
  const conditions: NewCondition[] = [];
  const seen = new Set<string>();
  const addCondition = (icd10: string, category: NewCondition['category'], note?: string) => {
    const key = `${icd10}|${category}`;
    if (seen.has(key)) return;
    seen.add(key);
    conditions.push({ icd10, category, ...(note ? { note } : {}) });
  };
  for (const d of content.diagnoses ?? []) {
    const code = d.icd10 ? conditionCode(d.icd10) : undefined;
    if (code) addCondition(code.code, 'diagnosis', 'Reported by the patient');
  }
  for (const [item, code] of Object.entries(psychiatricCodes) as [keyof typeof psychiatricCodes, string][]) {
    const answer = content.psychiatricHistory?.[item];
    if (answer === 'current') addCondition(code, 'diagnosis', 'Patient reports current symptoms');
    if (answer === 'past') addCondition(code, 'history', 'Patient reports a past episode');
  }
  for (const item of substances) {
    const answer = content.substanceUse?.[item];
    if (answer === 'current')
      addCondition(`${substanceCodes[item]}.10`, 'diagnosis', 'Patient reports current problem use');
    if (answer === 'past')
      addCondition(`${substanceCodes[item]}.11`, 'history', 'Patient reports past problem use');
  }
  for (const item of medicalHistoryItems) {
    if (content.medicalHistory?.[item] === 'yes') addCondition(medicalHistoryCodes[item], 'history');
  }

  const medications: NewMedication[] = (content.medications ?? [])
    .filter((m) => m.rxnorm || m.name?.trim())
    .map((m) => {
      const dose = doseLine(m);
      const daily =
        m.doseMg !== undefined && m.timesPerDay !== undefined && !m.asNeeded
          ? m.doseMg * m.timesPerDay
          : undefined;
      return {
        ...(m.rxnorm ? { rxnorm: m.rxnorm } : { name: m.name!.trim().slice(0, 200) }),
        ...(dose ? { doseText: dose } : {}),
        ...(daily !== undefined ? { dailyDoseMg: daily } : {}),
      };
    });

  const allergies: NewAllergy[] = (content.allergies ?? [])
    .filter((a) => a.substance?.trim())
    .map((a) => ({
      substance: a.substance!.trim().slice(0, 200),
      ...(a.rxnorm ? { rxnorm: a.rxnorm } : {}),
      ...(a.reaction?.trim() ? { reaction: a.reaction.trim().slice(0, 500) } : {}),
    }));

  const prior = content.priorTreatments ?? {};
  const weeks = (w: number | undefined) => (w === undefined ? {} : { durationWeeks: Math.round(w) });
  const priorTreatments: NewPriorTreatment[] = (prior.antidepressants ?? [])
    .filter((t) => t.rxnorm || t.name?.trim())
    .map((t) => ({
      kind: 'antidepressant' as const,
      ...(t.rxnorm ? { rxnorm: t.rxnorm } : { name: t.name!.trim().slice(0, 200) }),
      ...(t.dose?.trim() ? { doseText: t.dose.trim().slice(0, 200) } : {}),
      ...weeks(t.durationWeeks),
      outcome: t.outcome ?? 'unknown',
    }));
  for (const kind of ['psychotherapy', 'tms', 'ect', 'ketamine', 'esketamine'] as const) {
    const t = prior[kind];
    if (t?.tried !== 'yes') continue;
    priorTreatments.push({
      kind,
      ...weeks(t.durationWeeks),
      outcome: t.outcome ?? 'unknown',
      ...(t.details?.trim() ? { note: t.details.trim().slice(0, 2000) } : {}),
    });
  }

  const measurements: NewMeasurement[] = [];
  if (content.height?.value !== undefined && content.height.unit) {
    measurements.push({
      measure: 'height',
      value: content.height.value,
      unit: content.height.unit,
      effectiveAt,
    });
  }
  if (content.weight?.value !== undefined && content.weight.unit) {
    measurements.push({
      measure: 'weight',
      value: content.weight.value,
      unit: content.weight.unit,
      effectiveAt,
    });
  }
  return { conditions, medications, allergies, priorTreatments, measurements };
}
