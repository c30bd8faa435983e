import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import type { PortalProgress } from '../../../src/measures/model';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { dateInWords, shortDate, useClinicTimeZone } from './format';
import { PortalNotice } from './PortalNotice';

interface TrendPoint {
  at: string;
  value: number;
  label?: string | null;
}

/** The patient's own trends, in plain language: one chart per questionnaire, then their mood check-ins. */
export function Progress() {
  const timeZone = useClinicTimeZone();
  const { data, error } = useApi<PortalProgress>('/api/portal/progress');
  const moods = (data?.moods ?? []).map((m) => ({ at: m.at, value: m.mood }));
  const latestMood = moods.at(-1);
  return (
    <Page title="My progress" purpose="How your answers have changed over time.">
      <ProblemAlert error={error} />
      {!data && !error && <Text>Loading…</Text>}
      {data && (
        <>
          <Text>On each of these questionnaires a lower score means fewer symptoms: lower is better.</Text>
          {data.series.length === 0 && (
            <Text>No scores yet. After you fill in a questionnaire, your trend appears here.</Text>
          )}
          {data.series.map((s) => (
            <Trend
              key={s.instrumentId}
              title={s.title}
              summary={s.summary}
              points={s.points.map((p) => ({ at: p.at, value: p.total, label: p.label }))}
              maximum={s.maximum}
              valueName={`Score (0 to ${s.maximum})`}
              scale={`Scores run from 0 to ${s.maximum}; lower is better.`}
              timeZone={timeZone}
            />
          ))}
          {latestMood ? (
            <Trend
              title="Your mood"
              summary={`Your latest mood was ${latestMood.value} out of 10 (10 is the best), on ${dateInWords(latestMood.at, timeZone)}. You have checked in ${moods.length} ${moods.length === 1 ? 'time' : 'times'}.`}
              points={moods}
              maximum={10}
              valueName="Mood (0 to 10)"
              scale="Mood runs from 0 to 10; higher is better."
              timeZone={timeZone}
            />
          ) : (
            <Text>No mood check-ins yet. You can check in on the Home page.</Text>
          )}
        </>
      )}
      <PortalNotice />
    </Page>
  );
}

/** One trend: the plain-language summary, a chart with that summary as its text alternative, and its numbers. */
function Trend({
  title,
  summary,
  points,
  maximum,
  valueName,
  scale,
  timeZone,
}: {
  title: string;
  summary: string;
  points: TrendPoint[];
  maximum: number;
  valueName: string;
  scale: string;
  timeZone: string;
}) {
  const [tableShown, table] = useDisclosure(false);
  const tableId = useId();
  const data = points.map((p) => ({ t: new Date(p.at).getTime(), value: p.value }));
  const withLabels = points.some((p) => p.label);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Text>{summary}</Text>
        <Text size="sm" c="dimmed">
          {scale}
        </Text>
        {/* The chart is a picture of the sentence above; screen readers get the sentence and the table. */}
        <div role="img" aria-label={summary}>
          <LineChart
            responsive
            style={{ width: '100%', height: 220 }}
            data={data}
            accessibilityLayer={false}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              padding={{ left: 16, right: 16 }}
              tickFormatter={(t: number) => shortDate(t, timeZone)}
              minTickGap={24}
            />
            <YAxis domain={[0, maximum]} allowDecimals={false} width={32} />
            <Line
              dataKey="value"
              stroke="var(--mantine-color-teal-9)"
              strokeWidth={2}
              dot={{ r: 4, fill: 'var(--mantine-color-teal-9)' }}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
        <Button
          variant="default"
          onClick={table.toggle}
          aria-expanded={tableShown}
          aria-controls={tableId}
          size="sm"
          style={{ alignSelf: 'flex-start' }}
        >
          {tableShown ? 'Hide the numbers' : 'Show the numbers as a table'}
        </Button>
        <div id={tableId} hidden={!tableShown}>
          <Table striped>
            <Table.Caption>{title}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">{valueName}</Table.Th>
                {withLabels && <Table.Th scope="col">What it means</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.at}>
                  <Table.Td>{dateInWords(p.at, timeZone)}</Table.Td>
                  <Table.Td>{p.value}</Table.Td>
                  {withLabels && <Table.Td>{p.label ?? ''}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Card>
  );
}
