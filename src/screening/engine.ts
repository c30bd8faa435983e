/**
 * The contract between the screening rule engine (pure: core.ts, rules as data in defaults.ts) and the services
 * that feed it facts and store its findings. Types only.
 */

export type Route = 'iv' | 'im' | 'intranasal' | 'oral';
export const routes: readonly Route[] = ['iv', 'im', 'intranasal', 'oral'];

/** absolute: blocks treatment; relative: needs a prescriber's documented decision; caution: shown every treatment day. */
export type Severity = 'absolute' | 'relative' | 'caution';

/** Everything the rules may look at, gathered from intake facts (active ones only, corrections applied). */
export interface ScreeningInput {
  /** Today in the clinic's time zone (YYYY-MM-DD): ages are computed on it. */
  today: string;
  birthDate: string;
  /** The patient's US state (two letters), or null when registration has not recorded it yet. */
  state: string | null;
  conditions: readonly { icd10: string; category: 'diagnosis' | 'history'; display: string }[];
  medications: readonly {
    rxnorm: string | null;
    name: string;
    drugClass: string | null;
    dailyDoseMicrograms: number | null;
    /** Micrograms of diazepam one microgram of this drug equals (medication table), or null when not known. */
    diazepamEquivalentFactor: number | null;
  }[];
  allergies: readonly { substance: string; rxnorm: string | null }[];
  priorTreatments: readonly {
    kind: string;
    name: string;
    drugClass: string | null;
    durationWeeks: number | null;
    outcome: string;
  }[];
  /** Latest value per LOINC code (grams, millimetres, mmHg, beats/min). */
  measurements: readonly { loinc: string; value: number; unit: string; effectiveAt: string }[];
}

/** One rule that fired: what, how serious, for which routes, the data it looked at and where the rule comes from. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  routes: readonly Route[];
  /** Plain-language evidence, e.g. "Lamotrigine 200 mg daily (medication list)". */
  evidence: readonly string[];
  source: string;
}

/** One line of the checklist: every rule appears, fired or not, so the prescriber sees what was checked. */
export interface ChecklistLine {
  ruleId: string;
  title: string;
  /** The finding's severity when fired, else the rule's. */
  severity: Severity;
  /** The routes the rule applies to. */
  routes: readonly Route[];
  source: string;
  fired: boolean;
  finding: Finding | null;
  /** What the rule could not check for lack of data, e.g. "No blood pressure systolic recorded". */
  notes: readonly string[];
}

export interface ScreeningResult {
  checklist: ChecklistLine[];
  findings: Finding[];
}
