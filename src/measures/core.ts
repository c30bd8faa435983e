/**
 * Pure rules of measurement-based care: checking an instrument definition, scoring a response, safety flags,
 * C-SSRS risk, response/remission against baseline. No I/O, no clock: values in, values out.
 */
import Value from 'typebox/value';
import {
  type Answers,
  type Band,
  InstrumentDefinition,
  type Item,
  type RiskLevel,
  type SafetyTrigger,
  YES,
} from './instrument.js';

export interface InstrumentProblem {
  /** JSON pointer into the definition, e.g. `/bands/2/from`. */
  path: string;
  message: string;
}

export type InstrumentValidation =
  | { ok: true; instrument: InstrumentDefinition }
  | { ok: false; problems: InstrumentProblem[] };

/** Checks a definition (a clinic's own, loaded at run time) against the schema and the rules a schema cannot say. */
export function validateInstrument(candidate: unknown): InstrumentValidation {
  if (!Value.Check(InstrumentDefinition, candidate)) {
    const problems = Value.Errors(InstrumentDefinition, candidate).map((e) => ({
      path: e.instancePath,
      message: e.message,
    }));
    return { ok: false, problems };
  }
  const problems = semanticProblems(candidate);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, instrument: candidate };
}

function semanticProblems(def: InstrumentDefinition): InstrumentProblem[] {
  const problems: InstrumentProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const earlier = new Map<string, Item>();

  def.items.forEach((item, i) => {
    const at = `/items/${i}`;
    if (earlier.has(item.linkId)) add(`${at}/linkId`, `"${item.linkId}" is used by an earlier item`);
    if ((item.answers === undefined) === (item.range === undefined))
      add(at, 'an item needs either answer options or a range');
    item.answers?.forEach((option, j) => {
      if (item.answers?.findIndex((o) => o.value === option.value) !== j)
        add(`${at}/answers/${j}/value`, `value ${option.value} is used by another option`);
    });
    if (item.range && item.range.minimum > item.range.maximum)
      add(`${at}/range/maximum`, 'maximum is below minimum');
    item.enableWhen?.forEach((condition, j) => {
      // Forms are asked top to bottom: a condition can only look back.
      const target = earlier.get(condition.question);
      if (!target) add(`${at}/enableWhen/${j}/question`, `no earlier item "${condition.question}"`);
      else if (!allows(target, condition.answer))
        add(`${at}/enableWhen/${j}/answer`, `"${condition.question}" has no answer ${condition.answer}`);
    });
    earlier.set(item.linkId, item);
  });

  const { scoring } = def;
  const scored = def.items.filter((item) => item.scored);
  if (scoring.method === 'sum' && scored.length > 0 && scoring.prorateAtMost >= scored.length)
    add('/scoring/prorateAtMost', 'must leave at least one scored item answered');
  if (scored.length === 0) add('/items', 'no item is scored');
  if (scoring.method === 'entered-total' && !earlier.get(scoring.item)?.range)
    add('/scoring/item', `no item "${scoring.item}" with a range`);
  if (scoring.method === 'risk-rules')
    scoring.rules.forEach((rule, k) => {
      rule.anyYes.forEach((linkId, m) => {
        const item = earlier.get(linkId);
        if (!item || !allows(item, YES)) add(`/scoring/rules/${k}/anyYes/${m}`, `no yes/no item "${linkId}"`);
      });
    });

  const range = problems.length === 0 ? scoreRange(def) : undefined;
  if (range) {
    problems.push(...bandProblems(def.bands, range));
    if (
      def.remissionBelow !== null &&
      (def.remissionBelow <= range.minimum || def.remissionBelow > range.maximum)
    )
      add('/remissionBelow', `must lie within the score range ${range.minimum}–${range.maximum}`);
  } else if (scoring.method === 'risk-rules') {
    if (def.bands.length > 0) add('/bands', 'a risk-rated instrument has no score bands');
    if (def.remissionBelow !== null)
      add('/remissionBelow', 'a risk-rated instrument has no remission threshold');
  }

  const triggerIds = new Set<string>();
  def.safetyTriggers.forEach((trigger, k) => {
    const at = `/safetyTriggers/${k}`;
    if (triggerIds.has(trigger.id)) add(`${at}/id`, `"${trigger.id}" is used by an earlier trigger`);
    triggerIds.add(trigger.id);
    if ('linkId' in trigger.when && !earlier.has(trigger.when.linkId))
      add(`${at}/when/linkId`, `no item "${trigger.when.linkId}"`);
    if ('riskLevelIn' in trigger.when && scoring.method !== 'risk-rules')
      add(`${at}/when/riskLevelIn`, 'only a risk-rated instrument has a risk level');
  });
  return problems;
}

function bandProblems(bands: readonly Band[], range: ScoreRange): InstrumentProblem[] {
  const problems: InstrumentProblem[] = [];
  bands.forEach((band, k) => {
    const expectedFrom = k === 0 ? range.minimum : bands[k - 1]!.to + 1;
    if (band.from !== expectedFrom)
      problems.push({
        path: `/bands/${k}/from`,
        message: `must be ${expectedFrom}: bands cover the score range without gaps or overlaps`,
      });
    if (band.to < band.from) problems.push({ path: `/bands/${k}/to`, message: 'is below from' });
  });
  const last = bands.length - 1;
  if (last >= 0 && bands[last]!.to !== range.maximum)
    problems.push({
      path: `/bands/${last}/to`,
      message: `must be ${range.maximum}, the highest possible score`,
    });
  return problems;
}

function allows(item: Item, value: number): boolean {
  if (item.answers) return item.answers.some((option) => option.value === value);
  return (
    item.range !== undefined &&
    Number.isInteger(value) &&
    value >= item.range.minimum &&
    value <= item.range.maximum
  );
}

function isAsked(item: Item, answers: Answers): boolean {
  return item.enableWhen?.every((c) => answers[c.question] === c.answer) ?? true;
}

function lowest(item: Item): number {
  return item.answers ? Math.min(...item.answers.map((o) => o.value)) : item.range!.minimum;
}
function highest(item: Item): number {
  return item.answers ? Math.max(...item.answers.map((o) => o.value)) : item.range!.maximum;
}

export interface ScoreRange {
  minimum: number;
  maximum: number;
}

/** The possible totals of a summed or entered instrument; undefined for a risk-rated one. */
export function scoreRange(def: InstrumentDefinition): ScoreRange | undefined {
  const { scoring } = def;
  if (scoring.method === 'risk-rules') return undefined;
  const counted =
    scoring.method === 'sum'
      ? def.items.filter((item) => item.scored)
      : def.items.filter((item) => item.linkId === scoring.item);
  return {
    minimum: counted.reduce((sum, item) => sum + lowest(item), 0),
    maximum: counted.reduce((sum, item) => sum + highest(item), 0),
  };
}

export function bandFor(def: InstrumentDefinition, total: number): Band | undefined {
  return def.bands.find((band) => total >= band.from && total <= band.to);
}

export interface SafetyFlag {
  triggerId: string;
  message: string;
  crisisResources: boolean;
}

export interface Score {
  instrumentId: string;
  instrumentVersion: string;
  /** False when answers are missing beyond the instrument's rule or an answer is not allowed. */
  valid: boolean;
  /** The total (prorated when `prorated`); null when invalid or for a risk-rated instrument. */
  total: number | null;
  prorated: boolean;
  band: string | null;
  /** C-SSRS-style risk; null for summed instruments, and when nothing is positive but questions are unanswered. */
  risk: RiskLevel | null;
  /** Asked, scored items without an answer. */
  missing: string[];
  /** Answers that cannot be accepted: unknown item, value not offered, or an item that was not asked. */
  rejected: { linkId: string; reason: string }[];
  /** Fired from what the person said, even when the total is invalid. */
  safety: SafetyFlag[];
}

/**
 * Scores one response. Safety triggers and risk look at every allowed answer given, whether or not the total is
 * valid: an answer above 0 on PHQ-9 item 9 must reach the care team even on a half-finished form.
 */
export function scoreResponse(def: InstrumentDefinition, answers: Answers): Score {
  const items = new Map(def.items.map((item) => [item.linkId, item]));
  const said: Record<string, number> = {};
  const rejected: Score['rejected'] = [];
  for (const [linkId, value] of Object.entries(answers)) {
    const item = items.get(linkId);
    if (!item) rejected.push({ linkId, reason: 'not an item of this instrument' });
    else if (!allows(item, value)) rejected.push({ linkId, reason: `${value} is not an allowed answer` });
    else {
      said[linkId] = value;
      if (!isAsked(item, answers)) rejected.push({ linkId, reason: 'answered but not asked' });
    }
  }

  const asked = def.items.filter((item) => item.scored && isAsked(item, said));
  const missing = asked.filter((item) => said[item.linkId] === undefined);
  const risk = riskLevel(def, said, missing.length === 0);
  const { total, prorated } = totalOf(def, asked, missing, said);
  const valid =
    rejected.length === 0 && (def.scoring.method === 'risk-rules' ? missing.length === 0 : total !== null);
  const validTotal = valid ? total : null;
  return {
    instrumentId: def.id,
    instrumentVersion: def.version,
    valid,
    total: validTotal,
    prorated: valid && prorated,
    band: validTotal === null ? null : (bandFor(def, validTotal)?.label ?? null),
    risk,
    missing: missing.map((item) => item.linkId),
    rejected,
    safety: def.safetyTriggers
      .filter((trigger) => fires(trigger, said, risk))
      .map(({ id, message, crisisResources }) => ({ triggerId: id, message, crisisResources })),
  };
}

function totalOf(
  def: InstrumentDefinition,
  asked: readonly Item[],
  missing: readonly Item[],
  said: Answers,
): { total: number | null; prorated: boolean } {
  const { scoring } = def;
  if (scoring.method === 'risk-rules') return { total: null, prorated: false };
  if (scoring.method === 'entered-total') return { total: said[scoring.item] ?? null, prorated: false };
  const sum = asked.reduce((acc, item) => acc + (said[item.linkId] ?? 0), 0);
  if (missing.length === 0) return { total: sum, prorated: false };
  if (missing.length > scoring.prorateAtMost || missing.some((item) => item.neverProrated))
    return { total: null, prorated: false };
  const answered = asked.length - missing.length;
  return { total: Math.round((sum * asked.length) / answered), prorated: true };
}

function riskLevel(def: InstrumentDefinition, said: Answers, complete: boolean): RiskLevel | null {
  if (def.scoring.method !== 'risk-rules') return null;
  const rule = def.scoring.rules.find((r) => r.anyYes.some((linkId) => said[linkId] === YES));
  if (rule) return rule.level;
  // Nothing positive so far; "none" only once every question asked has an answer.
  return complete ? 'none' : null;
}

function fires(trigger: SafetyTrigger, said: Answers, risk: RiskLevel | null): boolean {
  const { when } = trigger;
  if ('riskLevelIn' in when)
    return risk !== null && (when.riskLevelIn as readonly RiskLevel[]).includes(risk);
  const value = said[when.linkId];
  if (value === undefined) return false;
  return 'atLeast' in when ? value >= when.atLeast : value <= when.atMost;
}

export interface Outcome {
  /** Latest minus baseline: negative is improvement on every shipped summed instrument. */
  change: number;
  /** Change as a percentage of baseline; null when baseline is 0. */
  percentChange: number | null;
  /** At least a 50 % reduction from baseline (clinical-reference.md section 7). */
  response: boolean;
  /** Latest below the instrument's remission threshold; null when it has none. */
  remission: boolean | null;
}

/** Response and remission of a valid latest total against a valid baseline total. */
export function outcome(baseline: number, latest: number, def: InstrumentDefinition): Outcome {
  const change = latest - baseline;
  return {
    change,
    percentChange: baseline === 0 ? null : (change / baseline) * 100,
    // In whole numbers, so 50 % is exact: a reduction of at least half.
    response: baseline > 0 && 2 * latest <= baseline,
    remission: def.remissionBelow === null ? null : latest < def.remissionBelow,
  };
}

export const DEFAULT_NON_RESPONSE_SESSIONS = 6;

/** No response yet after the configured number of induction sessions (default 6): time to review the plan. */
export function nonResponse(input: {
  inductionSessionsDone: number;
  threshold?: number;
  responded: boolean;
}): boolean {
  const threshold = input.threshold ?? DEFAULT_NON_RESPONSE_SESSIONS;
  return !input.responded && input.inductionSessionsDone >= threshold;
}

/** Baseline = the last valid score (total not null) strictly before the first dose; undefined if there is none. */
export function baselineScore<T extends { effectiveAt: Date; total: number | null }>(
  scores: readonly T[],
  firstDoseAt: Date,
): T | undefined {
  let baseline: T | undefined;
  for (const score of scores) {
    if (score.total === null || score.effectiveAt.getTime() >= firstDoseAt.getTime()) continue;
    if (!baseline || score.effectiveAt.getTime() > baseline.effectiveAt.getTime()) baseline = score;
  }
  return baseline;
}
