import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { MisuseRiskView } from '../../../../src/course/model';
import { formatInstant } from '../../admin/format';
import { DataTable } from '../../ui/DataTable';

/**
 * The prescriber's misuse-risk view: dose escalations, intervals between sessions, sessions the patient asked for
 * or moved earlier, and planned mg per month — each with the entries behind it. Flags are words, not only colour.
 */
export function MisuseRiskPanel({ view }: { view: MisuseRiskView }) {
  const { doseEscalation, intervals, earlierRequests, monthlyExposure } = view;
  return (
    <Stack gap="md" component="section" aria-labelledby="misuse-risk-heading">
      <Title order={2} size="h4" id="misuse-risk-heading">
        Misuse-risk signals
      </Title>
      <Signal title="Dose escalation" flagged={doseEscalation.flagged} summary={doseEscalation.summary}>
        <DataTable
          caption="Dose increases"
          rows={doseEscalation.entries}
          rowKey={(e) => `${e.courseId}-${e.at}`}
          empty="No dose increases."
          columns={[
            { header: 'When', cell: (e) => formatInstant(e.at) },
            { header: 'From', cell: (e) => e.from ?? '—' },
            { header: 'To', cell: (e) => e.to ?? '—' },
            { header: 'Steps', cell: (e) => e.steps },
          ]}
        />
      </Signal>
      <Signal title="Intervals between sessions" flagged={intervals.flagged} summary={intervals.summary}>
        <DataTable
          caption="Intervals between sessions"
          rows={intervals.entries}
          rowKey={(e) => e.to}
          empty="Fewer than two sessions."
          columns={[
            { header: 'From', cell: (e) => formatInstant(e.from) },
            { header: 'To', cell: (e) => formatInstant(e.to) },
            {
              header: 'Interval',
              cell: (e) => `${e.hours} h (${Math.round((e.hours / 24) * 10) / 10} days)`,
            },
            { header: 'Shorter than the one before', cell: (e) => (e.shorter ? 'Yes' : 'No') },
          ]}
        />
      </Signal>
      <Signal
        title="Earlier sessions asked for"
        flagged={earlierRequests.flagged}
        summary={earlierRequests.summary}
      >
        <DataTable
          caption="Sessions asked for by the patient or moved earlier"
          rows={earlierRequests.entries}
          rowKey={(e) => e.appointmentId}
          empty="None."
          columns={[
            { header: 'Session', cell: (e) => formatInstant(e.startsAt) },
            { header: 'Status', cell: (e) => e.status },
            { header: 'Asked for by', cell: (e) => (e.requestedBy === 'patient' ? 'Patient' : 'Clinic') },
            {
              header: 'Moved earlier',
              cell: (e) => (e.movedEarlierByHours === null ? '—' : `by ${e.movedEarlierByHours} h`),
            },
          ]}
        />
      </Signal>
      <Signal
        title="Planned mg per month"
        flagged={monthlyExposure.flagged}
        summary={monthlyExposure.summary}
      >
        <ExposureChart exposure={monthlyExposure} />
        <DataTable
          caption="Planned mg per month"
          rows={monthlyExposure.entries}
          rowKey={(e) => e.month}
          empty="No sessions booked or attended."
          columns={[
            { header: 'Month', cell: (e) => e.month },
            { header: 'Racemic ketamine', cell: (e) => `${e.ketamineMg} mg` },
            { header: 'Esketamine', cell: (e) => `${e.esketamineMg} mg` },
          ]}
        />
      </Signal>
    </Stack>
  );
}

function Signal({
  title,
  flagged,
  summary,
  children,
}: {
  title: string;
  flagged: boolean;
  summary: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group gap="sm">
          <Title order={3} size="h5">
            {title}
          </Title>
          <Badge color={flagged ? 'orange' : 'gray'} autoContrast variant={flagged ? 'filled' : 'light'}>
            {flagged ? 'Flagged' : 'Not flagged'}
          </Badge>
        </Group>
        <Text size="sm">{summary}</Text>
        {children}
      </Stack>
    </Card>
  );
}

function ExposureChart({ exposure }: { exposure: MisuseRiskView['monthlyExposure'] }) {
  if (exposure.entries.length === 0) return null;
  const description = exposure.entries
    .map((e) => `${e.month}: ketamine ${e.ketamineMg} mg, esketamine ${e.esketamineMg} mg`)
    .join('; ');
  return (
    <div role="img" aria-label={`Planned mg per month. ${description}.`} data-testid="exposure-chart">
      <BarChart
        responsive
        style={{ width: '100%', maxWidth: 640, height: 220 }}
        data={exposure.entries}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="2 4" vertical={false} />
        <XAxis dataKey="month" fontSize={12} />
        <YAxis unit=" mg" width={64} fontSize={12} />
        <Tooltip formatter={(value) => `${value} mg`} />
        <Legend />
        <Bar dataKey="ketamineMg" name="Racemic ketamine" fill="#0b7285" isAnimationActive={false} />
        <Bar dataKey="esketamineMg" name="Esketamine" fill="#e8590c" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
