import { Alert, Anchor, Group, List, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Static } from 'typebox';
import type {
  InstrumentList,
  OutcomesGroup,
  OutcomesQuery,
  OutcomesReport,
} from '../../../src/measures/model';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';

type GroupBy = NonNullable<OutcomesQuery['groupBy']>;

const groupByLabels: Record<GroupBy, string> = {
  none: 'No grouping',
  route: 'Route',
  protocol: 'Protocol',
  diagnosis: 'Diagnosis',
};

/** "2026-03-01" in the viewer's time zone. */
const isoDay = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

/** The last 12 months, ending today. */
function lastTwelveMonths(): { from: string; to: string } {
  const today = new Date();
  const start = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1);
  return { from: isoDay(start), to: isoDay(today) };
}

/** A rate (0–1) as "42.9 %"; "—" when nobody was measured. */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

/**
 * Response and remission rates of the patients who started treatment in a period, by route, protocol or
 * diagnosis, with the definitions behind them and a CSV of the same figures (report.read in policy.ts).
 */
export function OutcomesReportView({ clinicId }: { clinicId: string }) {
  const [period, setPeriod] = useState(lastTwelveMonths);
  const [instrumentId, setInstrumentId] = useState('phq-9');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const instruments = useApi<Static<typeof InstrumentList>>(`/api/clinics/${clinicId}/instruments`);
  // Risk-rated instruments (the C-SSRS screener) have no total to compare; the server refuses them too.
  const choices = (instruments.data?.instruments ?? []).filter((i) => i.kind === 'patient-reported');
  const query = new URLSearchParams({ ...period, instrumentId, groupBy }).toString();
  const complete = Boolean(period.from && period.to);
  const report = useApi<OutcomesReport>(
    complete ? `/api/clinics/${clinicId}/reports/outcomes?${query}` : null,
  );
  const data = report.data;
  return (
    <Stack gap="md" component="section" aria-labelledby="outcomes-heading">
      <Title order={2} size="h4" id="outcomes-heading">
        Outcomes
      </Title>
      <Group align="flex-start" gap="md">
        <TextInput
          type="date"
          label="Started from"
          value={period.from}
          onChange={(e) => setPeriod((p) => ({ ...p, from: e.currentTarget.value }))}
          error={fieldError(report.error, '/query/from')}
        />
        <TextInput
          type="date"
          label="to"
          value={period.to}
          onChange={(e) => setPeriod((p) => ({ ...p, to: e.currentTarget.value }))}
          error={fieldError(report.error, '/query/to')}
        />
        <NativeSelect
          label="Instrument"
          value={instrumentId}
          onChange={(e) => setInstrumentId(e.currentTarget.value)}
          data={
            choices.length > 0
              ? choices.map((i) => ({ value: i.id, label: i.title }))
              : [{ value: 'phq-9', label: 'PHQ-9' }]
          }
          error={fieldError(report.error, '/query/instrumentId')}
        />
        <NativeSelect
          label="Group by"
          value={groupBy}
          onChange={(e) => setGroupBy(e.currentTarget.value as GroupBy)}
          data={Object.entries(groupByLabels).map(([value, label]) => ({ value, label }))}
        />
      </Group>
      <ProblemAlert error={report.error} title="The report cannot be shown" fieldsShown />
      {data && (
        <ReportBody report={data} csvHref={`/api/clinics/${clinicId}/reports/outcomes.csv?${query}`} />
      )}
    </Stack>
  );
}

function ReportBody({ report, csvHref }: { report: OutcomesReport; csvHref: string }) {
  const rows = [...report.groups, report.overall];
  const measured = report.groups.length > 0 ? report.groups : [report.overall];
  return (
    <Stack gap="md">
      {report.overall.patients === 0 ? (
        <Alert color="gray" title="No patients to report" role="status">
          No patient had a first dose between {report.from} and {report.to}, so there are no outcomes to
          report. Patients are counted from their first recorded dose; once treatment sessions are recorded in
          ketacare, they appear here.
        </Alert>
      ) : (
        <>
          <DataTable
            caption="Outcomes by group"
            rows={rows}
            rowKey={(g) => g.key}
            empty=""
            columns={[
              { header: 'Group', cell: (g) => <Text fw={g === report.overall ? 700 : 500}>{g.label}</Text> },
              { header: 'Patients', cell: (g) => g.patients },
              { header: 'Measured', cell: (g) => g.measured },
              { header: 'Responders', cell: (g) => g.responders },
              { header: 'Response rate', cell: (g) => percent(g.responseRate) },
              { header: 'Remitters', cell: (g) => g.remitters },
              { header: 'Remission rate', cell: (g) => percent(g.remissionRate) },
              {
                header: 'Median days to response',
                cell: (g) => (g.medianDaysToResponse === null ? '—' : String(g.medianDaysToResponse)),
              },
            ]}
          />
          <RatesChart groups={measured} />
        </>
      )}
      <Group>
        <Anchor href={csvHref} download>
          Download CSV
        </Anchor>
      </Group>
      <Stack gap={4}>
        <Title order={3} size="h5">
          How these figures are defined
        </Title>
        <List size="sm" spacing={4}>
          {report.definitions.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
        <Text size="sm" c="dimmed">
          The figures depend on the clinic’s thresholds (response, remission, non-response), set by the
          medical director in the clinic’s settings; a change there changes these figures.
        </Text>
      </Stack>
    </Stack>
  );
}

/** Response and remission rates per group as bars; the table above has the same numbers for a screen reader. */
function RatesChart({ groups }: { groups: OutcomesGroup[] }) {
  const data = groups
    .filter((g) => g.measured > 0)
    .map((g) => ({
      label: g.label,
      response: Math.round((g.responseRate ?? 0) * 1000) / 10,
      remission: Math.round((g.remissionRate ?? 0) * 1000) / 10,
    }));
  if (data.length === 0)
    return (
      <Text c="dimmed">
        Nobody in this period has a baseline and a later score yet, so there are no rates.
      </Text>
    );
  const description = data
    .map((d) => `${d.label}: response ${d.response} %, remission ${d.remission} %`)
    .join('; ');
  return (
    <div role="img" aria-label={`Response and remission rates. ${description}.`}>
      <BarChart
        responsive
        style={{ width: '100%', maxWidth: 720, height: 260 }}
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="2 4" vertical={false} />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis domain={[0, 100]} unit=" %" width={52} fontSize={12} />
        <Tooltip formatter={(value) => `${value} %`} />
        <Legend />
        <Bar dataKey="response" name="Response rate" fill="#0b7285" isAnimationActive={false} />
        <Bar dataKey="remission" name="Remission rate" fill="#e8590c" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
