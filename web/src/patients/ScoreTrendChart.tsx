import { Group, Stack, Text } from '@mantine/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { InstrumentTrend, PatientMeasures } from '../../../src/measures/model';
import { formatDate, sentenceCase, shortTitle } from './measures';

type Marker = PatientMeasures['markers'][number];

/** Band shading from the mildest to the most severe band (Mantine green.0 … red.1); words label each band too. */
const bandShades = ['#ebfbee', '#f4fce3', '#fff9db', '#fff4e6', '#ffe8cc', '#ffe3e3', '#ffc9c9'];
const shadeFor = (index: number, count: number) =>
  bandShades[count <= 1 ? 0 : Math.round((index * (bandShades.length - 1)) / (count - 1))];

const DAY = 86_400_000;

/** The time span every small chart shares, so a session lines up across PHQ-9, GAD-7 and PCL-5. */
function sharedDomain(trends: InstrumentTrend[], markers: Marker[]): [number, number] {
  const times = [
    ...trends.flatMap((t) => t.scores.map((s) => Date.parse(s.effectiveAt))),
    ...markers.map((m) => Date.parse(m.at)),
  ];
  const first = Math.min(...times);
  const last = Math.max(...times);
  // One day either side keeps a lone point off the axis edge.
  return [first - DAY, last + DAY];
}

function summary(trend: InstrumentTrend): string {
  const valid = trend.scores.filter((s) => s.valid && s.total !== null);
  const name = shortTitle(trend.title);
  if (valid.length === 0) return `${name}: no complete scores yet.`;
  const first = valid[0]!;
  const last = valid[valid.length - 1]!;
  return valid.length === 1
    ? `${name}: ${first.total} on ${formatDate(first.effectiveAt)}.`
    : `${name}: from ${first.total} on ${formatDate(first.effectiveAt)} to ${last.total} on ${formatDate(last.effectiveAt)}, ${valid.length} scores.`;
}

/**
 * Scores over time as small multiples on one shared time axis, one per instrument (PHQ-9, GAD-7 and PCL-5 have
 * different ranges), severity bands shaded and labelled, sessions and dose changes as vertical lines. The
 * picture is one image to a screen reader, described in words; the score table beside it has every value.
 */
export function ScoreTrendChart({ trends, markers }: { trends: InstrumentTrend[]; markers: Marker[] }) {
  const domain = sharedDomain(trends, markers);
  const sessions = markers.filter((m) => m.kind === 'session').length;
  const doseChanges = markers.filter((m) => m.kind === 'dose_change').length;
  const incomplete = trends.reduce((n, t) => n + t.scores.filter((s) => !s.valid).length, 0);
  const description = [
    ...trends.map(summary),
    markers.length > 0
      ? `${sessions} sessions and ${doseChanges} dose changes marked.`
      : 'No sessions recorded yet.',
    'Every score is listed in the table of scores and ratings.',
  ].join(' ');
  return (
    <Stack gap="xs">
      <div role="img" aria-label={description} data-testid="score-trend-chart">
        {trends.map((trend) => (
          <TrendPanel key={trend.instrumentId} trend={trend} markers={markers} domain={domain} />
        ))}
      </div>
      <Group gap="lg">
        <Text size="xs" c="dimmed">
          Grey dashed lines: treatment sessions. Orange lines: dose changes.
        </Text>
        {incomplete > 0 && (
          <Text size="xs" c="dimmed">
            {incomplete} incomplete {incomplete === 1 ? 'response is' : 'responses are'} not plotted: they
            have no valid score.
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function TrendPanel({
  trend,
  markers,
  domain,
}: {
  trend: InstrumentTrend;
  markers: Marker[];
  domain: [number, number];
}) {
  const points = trend.scores
    .filter((s) => s.valid && s.total !== null)
    .map((s) => ({ at: Date.parse(s.effectiveAt), total: s.total }));
  const top = trend.maximum ?? Math.max(...points.map((p) => p.total ?? 0), 1);
  const name = shortTitle(trend.title);
  const bandMiddles = trend.bands.map((band) => ({
    at: (band.from + band.to) / 2,
    label: sentenceCase(band.label),
  }));
  return (
    <div>
      <Text size="sm" fw={600} aria-hidden>
        {name}
      </Text>
      <LineChart
        responsive
        style={{ width: '100%', height: 170 }}
        data={points}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="2 4" vertical={false} />
        {trend.bands.map((band, i, all) => (
          <ReferenceArea
            key={band.label}
            y1={band.from}
            y2={all[i + 1]?.from ?? band.to}
            fill={shadeFor(i, all.length)}
            fillOpacity={1}
            ifOverflow="hidden"
          />
        ))}
        {markers.map((m) => (
          <ReferenceLine
            key={`${m.kind}-${m.at}`}
            x={Date.parse(m.at)}
            stroke={m.kind === 'session' ? '#868e96' : '#e8590c'}
            strokeDasharray={m.kind === 'session' ? '3 3' : undefined}
            strokeWidth={m.kind === 'session' ? 1 : 2}
            ifOverflow="hidden"
          />
        ))}
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={domain}
          tickFormatter={(at: number) => formatDate(new Date(at).toISOString())}
          fontSize={11}
        />
        <YAxis domain={[0, top]} allowDecimals={false} width={32} fontSize={11} />
        {/* Band names on a right-hand axis, level with their shading and clear of the scores. */}
        <YAxis
          yAxisId="bands"
          orientation="right"
          domain={[0, top]}
          // No line is drawn against this axis: take the domain as given.
          allowDataOverflow
          ticks={bandMiddles.map((b) => b.at)}
          tickFormatter={(at: number) => bandMiddles.find((b) => b.at === at)?.label ?? ''}
          tickLine={false}
          axisLine={false}
          width={bandMiddles.length > 0 ? 120 : 0}
          fontSize={11}
          interval={0}
        />
        <Tooltip
          labelFormatter={(at) => formatDate(new Date(Number(at)).toISOString())}
          formatter={(value) => [String(value), name]}
        />
        <Line
          type="linear"
          dataKey="total"
          name={name}
          stroke="#0b7285"
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
