import type { Route, Severity } from '../../../../src/screening/engine';
import type { EligibilityStatus, FindingView, ScreeningView } from '../../../../src/screening/model';

/** Routes as prescribers name them, in the order the chart lists them. */
export const routeLabels: Record<Route, string> = {
  iv: 'IV ketamine',
  im: 'IM ketamine',
  intranasal: 'Intranasal esketamine',
  oral: 'Oral ketamine',
};

/**
 * Badges in words and colour (rendered with autoContrast, so light colours get dark text): never colour alone.
 */
export interface Label {
  label: string;
  color: string;
}

export const severityLabels: Record<Severity, Label> = {
  absolute: { label: 'Absolute', color: 'red.9' },
  relative: { label: 'Relative', color: 'orange.3' },
  caution: { label: 'Caution', color: 'yellow.2' },
};

export const eligibilityLabels: Record<EligibilityStatus, Label> = {
  not_screened: { label: 'Not screened', color: 'gray.3' },
  awaiting_decision: { label: 'Awaiting decision', color: 'blue.1' },
  approved: { label: 'Approved', color: 'teal.9' },
  declined: { label: 'Declined', color: 'gray.7' },
  review_needed: { label: 'Review needed', color: 'orange.3' },
  blocked: { label: 'Blocked', color: 'red.9' },
};

/** The findings of the latest run that apply to `route`, most serious first. */
export function findingsFor(screening: ScreeningView, route: Route): FindingView[] {
  const rank: Record<Severity, number> = { absolute: 0, relative: 1, caution: 2 };
  return (screening.run?.checklist ?? [])
    .flatMap((line) => (line.fired && line.finding ? [line.finding] : []))
    .filter((f) => f.routes.includes(route))
    .sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** Caution findings of the latest run (any route): shown on every treatment day, so in the chart header. */
export const cautionsOf = (screening: ScreeningView): FindingView[] =>
  (screening.run?.checklist ?? []).flatMap((line) =>
    line.fired && line.finding?.severity === 'caution' ? [line.finding] : [],
  );
