/**
 * Relapse watch during maintenance (issue 4): when PHQ-9 scores climb back, suggest a booster to the prescriber
 * with the scores behind the suggestion. Pure: doses, PHQ-9 scores and the clinic's thresholds in.
 *
 * - In maintenance = the most recent dose is a maintenance dose. Maintenance started with the first maintenance
 *   dose after the last induction dose (a new induction course ends the previous maintenance).
 * - The post-induction level = the last valid PHQ-9 after the last induction dose and before maintenance
 *   started; when there is none, the first valid PHQ-9 after maintenance started.
 * - Relapse is suggested when the latest valid PHQ-9 in maintenance (later than that level) is up by at least
 *   `rise` points from it, or is at or above `bandFrom` (the moderate band, 10) having been below it.
 */

export interface RelapseDose {
  at: Date;
  phase: 'induction' | 'maintenance';
}

export interface RelapseScore {
  id: string;
  effectiveAt: Date;
  /** Null for an invalid score: never used. */
  total: number | null;
}

export interface RelapseThresholds {
  /** PHQ-9 rise from the post-induction level, in points (default 5). */
  rise: number;
  /** PHQ-9 at or above this counts as back in the moderate band (default 10). */
  bandFrom: number;
}

export interface RelapseSignal {
  reason: string;
  referenceTotal: number;
  latestTotal: number;
  /** The post-induction level, every valid score after it, up to the latest: the trend behind the suggestion. */
  scoreIds: string[];
}

type Valid = RelapseScore & { total: number };

export function relapseSignal(
  doses: readonly RelapseDose[],
  phq9: readonly RelapseScore[],
  thresholds: RelapseThresholds,
): RelapseSignal | null {
  const ordered = [...doses].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (ordered.at(-1)?.phase !== 'maintenance') return null;
  const lastInduction = ordered.findLast((dose) => dose.phase === 'induction');
  const maintenanceStart = ordered.find(
    (dose) =>
      dose.phase === 'maintenance' && (!lastInduction || dose.at.getTime() > lastInduction.at.getTime()),
  )!.at;

  const valid = phq9
    .filter((score): score is Valid => score.total !== null)
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  const start = maintenanceStart.getTime();
  const afterInduction = lastInduction
    ? valid.filter(
        (s) => s.effectiveAt.getTime() > lastInduction.at.getTime() && s.effectiveAt.getTime() < start,
      )
    : [];
  const inMaintenance = valid.filter((s) => s.effectiveAt.getTime() >= start);
  const reference = afterInduction.at(-1) ?? inMaintenance[0];
  const latest = inMaintenance.at(-1);
  if (!reference || !latest || latest === reference) return null;

  const rise = latest.total - reference.total;
  const reasons: string[] = [];
  if (rise >= thresholds.rise)
    reasons.push(
      `PHQ-9 up ${rise} points from the post-induction level (${reference.total} → ${latest.total})`,
    );
  if (reference.total < thresholds.bandFrom && latest.total >= thresholds.bandFrom)
    reasons.push(`PHQ-9 back at ${thresholds.bandFrom} or above (now ${latest.total})`);
  if (reasons.length === 0) return null;

  const trend = valid.filter(
    (s) =>
      s.effectiveAt.getTime() >= reference.effectiveAt.getTime() &&
      s.effectiveAt.getTime() <= latest.effectiveAt.getTime(),
  );
  return {
    reason: `${reasons.join('; ')}: consider a booster.`,
    referenceTotal: reference.total,
    latestTotal: latest.total,
    scoreIds: trend.map((s) => s.id),
  };
}
