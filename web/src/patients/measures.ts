import type { InstrumentTrend, ScoreView } from '../../../src/measures/model';

/** Instruments charted over a course, in the order clinicians read them (others follow in the server's order). */
export const chartedOrder = ['phq-9', 'gad-7', 'pcl-5'];

/** Short names clinicians use: "PHQ-9" from "Patient Health Questionnaire (PHQ-9)". */
export const shortTitle = (title: string) => /\(([^()]+)\)\s*$/.exec(title)?.[1] ?? title;

/** "moderately severe" → "Moderately severe". */
export const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A date in the viewer's locale: "Nov 26, 2026". */
export const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** The score as a clinician reads it; an incomplete response is never shown as a number. */
export function scoreText(score: ScoreView): string {
  if (!score.valid) return 'Incomplete: not scored';
  if (score.total === null) return score.risk ? `${sentenceCase(score.risk)} risk` : 'Recorded';
  return `${score.total}${score.prorated ? ' (prorated)' : ''}`;
}

/** The severity band or risk level, in words. */
export const bandText = (score: ScoreView) =>
  score.valid ? sentenceCase(score.band ?? (score.risk ? `${score.risk} risk` : '—')) : '—';

/** "−8 (−44 %)": the sign always shown, lower is better on every shipped summed instrument. */
export function changeText(change: number, percentChange: number | null): string {
  const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');
  return percentChange === null
    ? signed(change)
    : `${signed(change)} (${signed(Math.round(percentChange))} %)`;
}

/** Patient-reported trends with at least one score, PHQ-9, GAD-7, PCL-5 first. */
export function chartedTrends(trends: InstrumentTrend[]): InstrumentTrend[] {
  const rank = (t: InstrumentTrend) => {
    const i = chartedOrder.indexOf(t.instrumentId);
    return i === -1 ? chartedOrder.length : i;
  };
  return trends
    .filter((t) => t.kind === 'patient-reported' && t.scores.length > 0)
    .sort((a, b) => rank(a) - rank(b));
}
