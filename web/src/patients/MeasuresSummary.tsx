import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type {
  AssignmentView,
  InstrumentTrend,
  PatientMeasures,
  ScoreView,
} from '../../../src/measures/model';
import { formatInstant } from '../admin/format';
import { send } from '../api/client';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { AssignQuestionnaire, reasonLabels } from './AssignQuestionnaire';
import { bandText, changeText, chartedTrends, formatDate, scoreText, shortTitle } from './measures';
import { RecordRating } from './RecordRating';
import { ScoreTrendChart } from './ScoreTrendChart';

type Dialog = 'rating' | 'assign';
const RECENT_SCORES = 15;

/**
 * The chart's summary of measurement-based care: what needs the prescriber (non-response, relapse), baseline
 * against latest per instrument with response and remission, the trend, every score, check-ins and what the
 * patient has been asked to fill. For clinical roles (measures.read and measures.record in policy.ts).
 */
export function MeasuresSummary({
  clinicId,
  patientId,
  prescriber,
}: {
  clinicId: string;
  patientId: string;
  prescriber: boolean;
}) {
  const measures = useApi<PatientMeasures>(`/api/clinics/${clinicId}/patients/${patientId}/measures`);
  const [dialog, setDialog] = useState<Dialog>();
  const [opened, setOpened] = useState(false);
  const show = (d: Dialog) => {
    setDialog(d);
    setOpened(true);
  };
  const close = () => setOpened(false);
  const data = measures.data;
  const charted = data ? chartedTrends(data.trends) : [];
  return (
    <Stack gap="md" component="section" aria-labelledby="measures-heading">
      <Group justify="space-between">
        <Title order={2} size="h4" id="measures-heading">
          Scores and outcomes
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => show('assign')}>
            Assign a questionnaire
          </Button>
          <Button onClick={() => show('rating')}>Record a rating</Button>
        </Group>
      </Group>
      <ProblemAlert error={measures.error} title="Scores cannot be shown" />
      {data && (
        <>
          <PrescriberAlerts measures={data} prescriber={prescriber} />
          {charted.length === 0 ? (
            <Text c="dimmed">No questionnaire scores yet.</Text>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                {charted.map((trend) => (
                  <OutcomeCard key={trend.instrumentId} trend={trend} />
                ))}
              </SimpleGrid>
              <ScoreTrendChart trends={charted} markers={data.markers} />
            </>
          )}
          <ScoresTable trends={data.trends} />
          <CheckIns checkIns={data.checkIns} />
          <Assignments
            clinicId={clinicId}
            patientId={patientId}
            assignments={data.assignments}
            onEnded={measures.reload}
          />
        </>
      )}
      <Modal
        opened={opened}
        onClose={close}
        size="lg"
        title={dialog === 'assign' ? 'Assign a questionnaire' : 'Record a rating'}
      >
        {dialog === 'rating' && (
          <RecordRating
            clinicId={clinicId}
            patientId={patientId}
            onRecorded={measures.reload}
            onClose={close}
          />
        )}
        {dialog === 'assign' && (
          <AssignQuestionnaire
            clinicId={clinicId}
            patientId={patientId}
            onAssigned={() => {
              measures.reload();
              close();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

const scoreLine = (score: ScoreView) => `${scoreText(score)} on ${formatDate(score.effectiveAt)}`;

/** Orange and bordered to stand out; the title in body colour, as orange text on orange fails contrast. */
const prominent = {
  color: 'orange',
  variant: 'light',
  styles: {
    root: { border: '2px solid var(--mantine-color-orange-6)' },
    title: { color: 'var(--mantine-color-text)' },
  },
} as const;

/** Non-response and relapse watch, said to the prescriber with the scores behind them. */
function PrescriberAlerts({ measures, prescriber }: { measures: PatientMeasures; prescriber: boolean }) {
  const { nonResponse, relapse } = measures;
  const allScores = measures.trends.flatMap((t) => t.scores.map((s) => ({ trend: t, score: s })));
  const behind = relapse ? allScores.filter(({ score }) => relapse.scoreIds.includes(score.id)) : [];
  const instrument = behind[0] ? shortTitle(behind[0].trend.title) : 'The score';
  return (
    <>
      {nonResponse.flagged && (
        <Alert
          {...prominent}
          role="alert"
          title={`No response after ${nonResponse.inductionSessionsDone} induction sessions`}
        >
          {prescriber ? 'Review the treatment plan: ' : 'For the prescriber: '}
          no score has fallen by half from baseline after {nonResponse.inductionSessionsDone} induction
          sessions (the clinic reviews at {nonResponse.threshold}).
        </Alert>
      )}
      {relapse && (
        <Alert
          {...prominent}
          role="alert"
          title={`Scores are climbing back: ${prescriber ? 'consider a booster' : 'the prescriber may consider a booster'} — ${instrument} went from ${relapse.referenceTotal} to ${relapse.latestTotal}`}
        >
          <Text size="sm">{relapse.reason}</Text>
          {behind.length > 0 && (
            <Text size="sm" mt={4}>
              Scores behind it: {behind.map(({ score }) => scoreLine(score)).join(' · ')}
            </Text>
          )}
        </Alert>
      )}
    </>
  );
}

/** Baseline against latest with response and remission, in words as well as badges. */
function OutcomeCard({ trend }: { trend: InstrumentTrend }) {
  const name = shortTitle(trend.title);
  const { baseline, latest, outcome } = trend;
  return (
    <Card withBorder padding="md" component="article" aria-label={name}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h5" flex="none">
          {name}
        </Title>
        {outcome && (
          <Group gap={4}>
            <Badge color={outcome.response ? 'teal.8' : 'gray.7'} tt="none">
              {outcome.response ? 'Response' : 'No response yet'}
            </Badge>
            {outcome.remission !== null && (
              <Badge color={outcome.remission ? 'teal.8' : 'gray.7'} tt="none">
                {outcome.remission ? 'Remission' : 'Not in remission'}
              </Badge>
            )}
          </Group>
        )}
      </Group>
      <Stack gap={6} mt="sm">
        {latest && (
          <div>
            <Text size="xs" c="dimmed">
              Latest · {formatDate(latest.effectiveAt)}
            </Text>
            <Text fw={700} size="xl" data-testid={`latest-${trend.instrumentId}`}>
              {scoreText(latest)}
              {latest.valid && latest.band && (
                <Text span fw={500} size="md">
                  {' '}
                  · {bandText(latest)}
                </Text>
              )}
            </Text>
          </div>
        )}
        {baseline && (
          <div>
            <Text size="xs" c="dimmed">
              Baseline · {formatDate(baseline.effectiveAt)}
            </Text>
            <Text fw={600}>
              {scoreText(baseline)}
              {baseline.band && ` · ${bandText(baseline)}`}
            </Text>
          </div>
        )}
        {outcome ? (
          <Text size="sm">Change: {changeText(outcome.change, outcome.percentChange)}</Text>
        ) : (
          trend.outcomeNote && (
            <Text size="sm" c="dimmed">
              {trend.outcomeNote}
            </Text>
          )
        )}
      </Stack>
    </Card>
  );
}

/** Every score and rating, newest first: the chart's values for a screen reader, and the clinician ratings. */
function ScoresTable({ trends }: { trends: InstrumentTrend[] }) {
  const [all, setAll] = useState(false);
  const baselines = new Set(trends.flatMap((t) => (t.baseline ? [t.baseline.id] : [])));
  const rows = trends
    .flatMap((t) => t.scores.map((score) => ({ score, name: shortTitle(t.title) })))
    .sort((a, b) => Date.parse(b.score.effectiveAt) - Date.parse(a.score.effectiveAt));
  const shown = all ? rows : rows.slice(0, RECENT_SCORES);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Scores and ratings
      </Title>
      <DataTable
        caption="Scores and ratings, newest first"
        rows={shown}
        rowKey={(r) => r.score.id}
        empty="Nothing recorded yet."
        columns={[
          { header: 'When', cell: (r) => formatInstant(r.score.effectiveAt) },
          { header: 'Instrument', cell: (r) => r.name },
          {
            header: 'Score',
            cell: (r) => (
              <Group gap={6}>
                <Text size="sm" fw={r.score.valid ? 600 : 400} c={r.score.valid ? undefined : 'dimmed'}>
                  {scoreText(r.score)}
                </Text>
                {baselines.has(r.score.id) && (
                  <Badge size="sm" variant="outline" color="dark.4" tt="none">
                    Baseline
                  </Badge>
                )}
              </Group>
            ),
          },
          { header: 'Band or risk', cell: (r) => bandText(r.score) },
          { header: 'Entered by', cell: (r) => (r.score.source === 'patient' ? 'Patient' : 'Staff') },
        ]}
      />
      {rows.length > RECENT_SCORES && (
        <Group>
          <Button variant="default" size="xs" onClick={() => setAll((a) => !a)}>
            {all ? 'Show recent only' : `Show all ${rows.length}`}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CheckIns({ checkIns }: { checkIns: PatientMeasures['checkIns'] }) {
  const recent = [...checkIns]
    .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
    .slice(0, 7);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Recent mood check-ins
      </Title>
      <DataTable
        caption="Recent mood check-ins"
        rows={recent}
        rowKey={(c) => c.id}
        empty="No mood check-ins from the portal yet."
        columns={[
          { header: 'When', cell: (c) => formatInstant(c.recordedAt) },
          { header: 'Mood (0–10)', cell: (c) => (c.mood === null ? 'Not given' : String(c.mood)) },
          { header: 'Journal', cell: (c) => c.journal ?? '' },
        ]}
      />
    </Stack>
  );
}

function Assignments({
  clinicId,
  patientId,
  assignments,
  onEnded,
}: {
  clinicId: string;
  patientId: string;
  assignments: AssignmentView[];
  onEnded: () => void;
}) {
  const end = useSubmit((id: string) =>
    send<AssignmentView>('POST', `/api/clinics/${clinicId}/patients/${patientId}/assignments/${id}/end`),
  );
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Questionnaires assigned
      </Title>
      <ProblemAlert error={end.error} title="The assignment was not ended" />
      <DataTable
        caption="Questionnaires assigned"
        rows={assignments}
        rowKey={(a) => a.id}
        empty="No questionnaires assigned."
        columns={[
          { header: 'Questionnaire', cell: (a) => shortTitle(a.title) },
          { header: 'Reason', cell: (a) => reasonLabels[a.reason] },
          { header: 'Due', cell: (a) => formatInstant(a.dueAt) },
          {
            header: 'Repeats',
            cell: (a) => (a.repeatEveryDays ? `Every ${a.repeatEveryDays} days` : 'Once'),
          },
          {
            header: 'Status',
            cell: (a) =>
              a.endedAt ? (
                `Ended ${formatDate(a.endedAt)}`
              ) : (
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">Active</Text>
                  <Button
                    size="xs"
                    variant="default"
                    loading={end.busy}
                    aria-label={`End ${shortTitle(a.title)} assignment`}
                    onClick={async () => {
                      if ((await end.run(a.id)) !== undefined) onEnded();
                    }}
                  >
                    End
                  </Button>
                </Group>
              ),
          },
        ]}
      />
    </Stack>
  );
}
