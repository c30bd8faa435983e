/**
 * The screening rule engine: the clinic's rules (data) over a patient's active facts → an explainable checklist.
 * Pure and deterministic: the same input and rules always give the same checklist, in rule order.
 */
import Value from 'typebox/value';
import { ageOn } from '../patient/core.js';
import type { ChecklistLine, Finding, Route, ScreeningInput, ScreeningResult, Severity } from './engine.js';
import { routes as allRoutes } from './engine.js';
import type { Criterion, Rule, RuleSetContent, StateRules } from './model.js';
import { RuleSetContent as RuleSetSchema } from './model.js';

const rank: Record<Severity, number> = { caution: 0, relative: 1, absolute: 2 };

export const moreSerious = (a: Severity, b: Severity): Severity => (rank[b] > rank[a] ? b : a);

export const routeLabels: Record<Route, string> = {
  iv: 'IV ketamine',
  im: 'IM ketamine',
  intranasal: 'Intranasal esketamine',
  oral: 'Oral ketamine',
};

/** One criterion that matched: its severity, what it saw, and the routes it is limited to (all when undefined). */
interface Match {
  severity: Severity;
  evidence: string[];
  routes?: readonly Route[];
}
interface CriterionResult {
  match: Match | null;
  notes: string[];
}

export function screen(input: ScreeningInput, ruleSet: RuleSetContent): ScreeningResult {
  const checklist = ruleSet.rules.map((rule) => checkRule(input, rule, ruleSet.stateRules));
  const findings = checklist.flatMap((line) => (line.finding ? [line.finding] : []));
  return { checklist, findings };
}

function checkRule(input: ScreeningInput, rule: Rule, stateRules: StateRules): ChecklistLine {
  const results = rule.criteria.map((criterion) => evaluate(input, criterion, rule.severity, stateRules));
  const matches = results.flatMap((r) => (r.match ? [r.match] : []));
  const notes = unique(results.flatMap((r) => r.notes));
  const line = {
    ruleId: rule.id,
    title: rule.title,
    routes: rule.routes,
    source: rule.source,
    notes,
  };
  const limitedTo = matches.some((m) => m.routes === undefined)
    ? rule.routes
    : rule.routes.filter((route) => matches.some((m) => m.routes?.includes(route)));
  if (matches.length === 0 || limitedTo.length === 0) {
    return { ...line, severity: rule.severity, fired: false, finding: null };
  }
  const severity = matches.map((m) => m.severity).reduce(moreSerious);
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    severity,
    routes: limitedTo,
    evidence: unique(matches.flatMap((m) => m.evidence)),
    source: rule.source,
  };
  return { ...line, severity, fired: true, finding };
}

function evaluate(
  input: ScreeningInput,
  criterion: Criterion,
  ruleSeverity: Severity,
  stateRules: StateRules,
): CriterionResult {
  const severity = 'severity' in criterion && criterion.severity ? criterion.severity : ruleSeverity;
  const matched = (evidence: string[], notes: string[] = [], routes?: readonly Route[]): CriterionResult =>
    evidence.length > 0 ? { match: { severity, evidence, routes }, notes } : { match: null, notes };

  switch (criterion.kind) {
    case 'min-age': {
      const rule = stateRuleFor(stateRules, input.state);
      const where = input.state && rule.state ? `in ${input.state}` : '(default state rule)';
      const notes = input.state ? [] : ['US state not recorded: the default minimum age applies'];
      const age = ageOn(input.birthDate, input.today);
      return matched(
        age < rule.minimumAge
          ? [`Age ${age} (born ${input.birthDate}); minimum age ${rule.minimumAge} ${where}`]
          : [],
        notes,
      );
    }
    case 'condition-any': {
      const hits = input.conditions.filter(
        (c) =>
          (criterion.category === 'any' || c.category === criterion.category) &&
          underAny(c.icd10, criterion.icd10Prefixes),
      );
      return matched(
        hits.map((c) => `${c.display} ${c.icd10} (${c.category === 'diagnosis' ? 'diagnosis' : 'history'})`),
      );
    }
    case 'medication-class-any': {
      const hits = input.medications.filter(
        (m) =>
          (m.drugClass !== null && criterion.drugClasses.includes(m.drugClass)) ||
          (m.rxnorm !== null && criterion.rxnorm.includes(m.rxnorm)) ||
          criterion.names.some((word) => containsWord(m.name, word)),
      );
      return matched(hits.map((m) => `${m.name}${dailyDose(m.dailyDoseMicrograms)} (medication list)`));
    }
    case 'daily-dose-over': {
      const relevant = input.medications.filter(
        (m) => m.drugClass !== null && criterion.drugClasses.includes(m.drugClass),
      );
      const notes: string[] = [];
      const counted: string[] = [];
      let total = 0;
      for (const m of relevant) {
        if (m.dailyDoseMicrograms === null) notes.push(`${m.name}: no daily dose recorded`);
        else if (m.diazepamEquivalentFactor === null) notes.push(`${m.name}: no diazepam equivalent known`);
        else {
          const equivalent = m.dailyDoseMicrograms * m.diazepamEquivalentFactor;
          total += equivalent;
          counted.push(
            `${m.name}${dailyDose(m.dailyDoseMicrograms)} ≈ ${milligrams(equivalent)} mg diazepam (medication list)`,
          );
        }
      }
      const over = total > criterion.overMicrograms;
      const summary = `Total ${milligrams(total)} mg diazepam-equivalent per day, over ${milligrams(criterion.overMicrograms)} mg`;
      return matched(over ? [...counted, summary] : [], notes);
    }
    case 'allergy-any': {
      const hits = input.allergies.filter(
        (a) =>
          (a.rxnorm !== null && criterion.rxnorm.includes(a.rxnorm)) ||
          criterion.substances.some((word) => containsWord(a.substance, word)),
      );
      return matched(hits.map((a) => `Allergy or intolerance: ${a.substance} (allergy list)`));
    }
    case 'measurement-over': {
      const latest = input.measurements.find((m) => m.loinc === criterion.loinc);
      if (!latest) return matched([], [`No ${criterion.label.toLowerCase()} recorded`]);
      return matched(
        latest.value > criterion.over
          ? [
              `${criterion.label} ${latest.value} ${criterion.unit} on ${latest.effectiveAt.slice(0, 10)}, over ${criterion.over} (latest measurement)`,
            ]
          : [],
      );
    }
    case 'treatment-resistance': {
      const trials = input.priorTreatments.filter((t) => t.kind === 'antidepressant');
      const notes = trials
        .filter((t) => t.durationWeeks === null)
        .map((t) => `${t.name}: trial duration not recorded`);
      const qualifying = trials.filter(
        (t) =>
          t.durationWeeks !== null &&
          t.durationWeeks >= criterion.minWeeks &&
          (criterion.inadequateOutcomes as readonly string[]).includes(t.outcome),
      );
      const classes = unique(qualifying.flatMap((t) => (t.drugClass ? [t.drugClass] : [])));
      const met = qualifying.length >= criterion.minTrials && classes.length >= criterion.minClasses;
      if (met) return matched([], notes);
      const listed = qualifying.map(
        (t) => `${t.name} (${t.drugClass ?? 'class not recorded'}, ${t.durationWeeks} weeks, ${t.outcome})`,
      );
      return matched(
        [
          `Antidepressant trials of ≥ ${criterion.minWeeks} weeks with inadequate response: ${qualifying.length} of ${criterion.minTrials} needed${listed.length > 0 ? ` — ${listed.join('; ')}` : ''}`,
          `Drug classes among them: ${classes.length} of ${criterion.minClasses} needed${classes.length > 0 ? ` (${classes.join(', ')})` : ''}`,
        ],
        notes,
      );
    }
    case 'diagnosis-for-route': {
      const diagnoses = input.conditions.filter((c) => c.category === 'diagnosis');
      const lacking = allRoutes.filter((route) => {
        const codes = criterion.byRoute[route];
        return !diagnoses.some((c) => underAny(c.icd10, codes));
      });
      return matched(
        lacking.map((route) => {
          const codes = criterion.byRoute[route];
          return codes.length > 0
            ? `${routeLabels[route]}: no diagnosis under ${codes.join(', ')}`
            : `${routeLabels[route]}: no diagnosis is configured for this route`;
        }),
        [],
        lacking,
      );
    }
    case 'prior-treatment-none': {
      const tried = input.priorTreatments.some((t) =>
        (criterion.kinds as readonly string[]).includes(t.kind),
      );
      return matched(tried ? [] : [`No ${listWords(criterion.kinds.map(treatmentLabel))} recorded`]);
    }
  }
}

/** The state's rule, or the default for a state without one (or an unrecorded state). */
export function stateRuleFor(stateRules: StateRules, state: string | null) {
  const own = state === null ? undefined : stateRules.states.find((s) => s.state === state);
  return own ?? { ...stateRules.default, state: null };
}

/** `F33.1` is under `F33` and `F33.1`; `F331` (no dot) is read as `F33.1`. */
export function underAny(icd10: string, prefixes: readonly string[]): boolean {
  const code = normaliseIcd10(icd10);
  return prefixes.some((prefix) => code.startsWith(normaliseIcd10(prefix)));
}

const normaliseIcd10 = (code: string) => {
  const bare = code.trim().toUpperCase().replace('.', '');
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
};

/** Case-insensitive match of a word at a word start: "st john" matches "St John's wort", "lam" does not match "Clam". */
function containsWord(text: string, word: string): boolean {
  const haystack = text.toLowerCase();
  const needle = word.toLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (at === 0 || !/[a-z0-9]/.test(haystack[at - 1] as string)) return true;
  }
  return false;
}

const milligrams = (micrograms: number) => String(Math.round(micrograms) / 1000);
const dailyDose = (micrograms: number | null) =>
  micrograms === null ? '' : ` ${milligrams(micrograms)} mg daily`;

const treatmentLabel = (kind: string) =>
  ({ tms: 'TMS', ect: 'ECT', psychotherapy: 'psychotherapy' })[kind] ?? kind;
const listWords = (words: string[]) =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

// ── Validation of a clinic's rule set ─────────────────────────────────────────────────────────────────────────

export interface RuleSetProblem {
  /** JSON pointer into the rule set, e.g. `/rules/3/criteria/0/icd10Prefixes/1`. */
  path: string;
  message: string;
}

export type RuleSetValidation =
  | { ok: true; ruleSet: RuleSetContent }
  | { ok: false; problems: RuleSetProblem[] };

/** Checks a candidate rule set against the schema and the rules a schema cannot say. */
export function validateRuleSet(candidate: unknown): RuleSetValidation {
  if (!Value.Check(RuleSetSchema, candidate)) {
    const problems = Value.Errors(RuleSetSchema, candidate).map((e) => ({
      path: e.instancePath,
      message: e.message,
    }));
    return { ok: false, problems };
  }
  const problems: RuleSetProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const seen = new Set<string>();
  candidate.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) add(`/rules/${i}/id`, `"${rule.id}" is used by an earlier rule`);
    seen.add(rule.id);
    rule.criteria.forEach((criterion, j) => {
      const at = `/rules/${i}/criteria/${j}`;
      if (
        criterion.kind === 'medication-class-any' &&
        criterion.drugClasses.length + criterion.rxnorm.length + criterion.names.length === 0
      )
        add(at, 'name at least one drug class, RxNorm code or name');
      if (criterion.kind === 'allergy-any' && criterion.substances.length + criterion.rxnorm.length === 0)
        add(at, 'name at least one substance or RxNorm code');
      if ('severity' in criterion && criterion.severity && rank[criterion.severity] > rank[rule.severity])
        add(`${at}/severity`, `more serious than the rule's own severity (${rule.severity})`);
    });
  });
  const states = new Set<string>();
  candidate.stateRules.states.forEach((s, i) => {
    if (states.has(s.state)) add(`/stateRules/states/${i}/state`, `${s.state} is listed twice`);
    states.add(s.state);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ruleSet: candidate };
}

// ── Eligibility per route ─────────────────────────────────────────────────────────────────────────────────────

export type EligibilityStatus =
  | 'not_screened'
  | 'blocked'
  | 'awaiting_decision'
  | 'approved'
  | 'declined'
  | 'review_needed';

export interface RouteStatus {
  status: EligibilityStatus;
  /** For 'blocked': the absolute findings; for 'review_needed': the findings the approval did not cover. */
  ruleIds: string[];
}

/**
 * A route's eligibility from the latest run and the latest decision for that route (with the findings of the run
 * it was made on). An absolute finding blocks whatever was decided. An approval stands only while the latest run
 * has no relative or absolute finding the approving run did not have at that severity or above: an approved
 * patient who now matches a contraindication needs a new decision before the next session.
 */
export function routeStatus(
  route: Route,
  latestFindings: readonly Finding[] | null,
  decision: { decision: 'approved' | 'declined'; findings: readonly Finding[] } | null,
): RouteStatus {
  if (latestFindings === null) return { status: 'not_screened', ruleIds: [] };
  const forRoute = (findings: readonly Finding[]) => findings.filter((f) => f.routes.includes(route));
  const current = forRoute(latestFindings);
  const absolute = current.filter((f) => f.severity === 'absolute').map((f) => f.ruleId);
  if (absolute.length > 0) return { status: 'blocked', ruleIds: absolute };
  if (decision === null) return { status: 'awaiting_decision', ruleIds: [] };
  if (decision.decision === 'declined') return { status: 'declined', ruleIds: [] };
  const decidedOn = forRoute(decision.findings);
  const uncovered = current
    .filter((f) => f.severity !== 'caution')
    .filter((f) => !decidedOn.some((d) => d.ruleId === f.ruleId && rank[d.severity] >= rank[f.severity]))
    .map((f) => f.ruleId);
  return uncovered.length > 0
    ? { status: 'review_needed', ruleIds: uncovered }
    : { status: 'approved', ruleIds: [] };
}

/** What an approval of a route must answer: absolute findings refuse it, each relative one needs an override. */
export function approvalNeeds(route: Route, findings: readonly Finding[]) {
  const forRoute = findings.filter((f) => f.routes.includes(route));
  return {
    absolute: forRoute.filter((f) => f.severity === 'absolute'),
    relative: forRoute.filter((f) => f.severity === 'relative'),
  };
}
