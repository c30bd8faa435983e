import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { routes } from '../../../../src/screening/engine';
import type {
  ChecklistLineView,
  DecisionResult,
  EligibilityDecisionBody,
  FindingView,
  RouteEligibility,
  ScreeningView,
} from '../../../../src/screening/model';
import { formatInstant } from '../../admin/format';
import type { ApiError } from '../../api/client';
import { send } from '../../api/client';
import { useHasRole } from '../../session/session';
import { DataTable } from '../../ui/DataTable';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useStepUp } from '../../ui/StepUp';
import type { Loaded } from '../../ui/useApi';
import { useSubmit } from '../../ui/useApi';
import { eligibilityLabels, findingsFor, routeLabels, severityLabels } from './labels';
import { StatusBadge } from './StatusBadge';

type Route = (typeof routes)[number];

const triggerLabels: Record<string, string> = {
  intake_reviewed: 'after the intake review',
  medication_added: 'after a medication change',
  condition_added: 'after a diagnosis or history change',
  measurement_added: 'after a new measurement',
  allergy_added: 'after an allergy change',
  prior_treatment_added: 'after a prior-treatment change',
  profile_changed: 'after the registration details changed',
  requested: 'on request',
  rules_changed: 'after the rules changed',
};

const routesText = (list: readonly Route[]) =>
  list.length === routes.length ? 'All routes' : list.map((r) => routeLabels[r]).join(', ');

const severityRank = { absolute: 0, relative: 1, caution: 2 } as const;

/** Fired rules first, most serious first; then every rule that was checked and did not match. */
const checklistOrder = (lines: ChecklistLineView[]) =>
  [...lines].sort(
    (a, b) =>
      Number(b.fired) - Number(a.fired) ||
      (a.fired ? severityRank[a.severity] - severityRank[b.severity] : 0),
  );

/**
 * The explainable checklist (every rule, matched or not, with its evidence and source), the prescriber's
 * decision per route, and every decision so far. Decisions past relative findings ask for step-up.
 */
export function ScreeningTab({
  clinicId,
  patientId,
  screening,
}: {
  clinicId: string;
  patientId: string;
  screening: Loaded<ScreeningView>;
}) {
  const prescriber = useHasRole('prescriber'); // screening.decide
  const base = `/api/clinics/${clinicId}/patients/${patientId}`;
  const rerun = useSubmit(() => send<unknown>('POST', `${base}/screening/runs`));
  const { withStepUp, dialog } = useStepUp();
  const [recorded, setRecorded] = useState<string>();
  const view = screening.data;
  const run = view?.run ?? null;
  return (
    <Stack gap="lg">
      {dialog}
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} size="h4">
            Screening checklist
          </Title>
          {run && (
            <Text size="sm" c="dimmed" data-testid="screening-run">
              Screened {formatInstant(run.ranAt)} {triggerLabels[run.trigger] ?? `(${run.trigger})`}, rules
              version {run.ruleSetVersion}.
            </Text>
          )}
        </Stack>
        {prescriber && (
          <Button
            variant="default"
            loading={rerun.busy}
            onClick={async () => {
              setRecorded(undefined);
              if ((await rerun.run()) !== undefined) screening.reload();
            }}
          >
            {run ? 'Re-run screening' : 'Run screening now'}
          </Button>
        )}
      </Group>
      <ProblemAlert error={screening.error} title="Screening cannot be shown" />
      <ProblemAlert error={rerun.error} title="Screening did not run" />
      {run && !run.ruleSetCurrent && (
        <Alert color="orange" variant="light" role="status">
          The clinic’s screening rules have changed since this run. Re-run screening to check against the
          rules in force.
        </Alert>
      )}
      {view && !run && (
        <Text c="dimmed">
          Not screened yet. Screening runs when the intake is reviewed or a diagnosis, medication or
          measurement is recorded.
        </Text>
      )}
      {run && (
        <DataTable
          caption="Screening checklist"
          rows={checklistOrder(run.checklist)}
          rowKey={(l) => l.ruleId}
          empty="The rule set has no rules."
          columns={[
            {
              header: 'Rule',
              cell: (l) => (
                <Stack gap={0}>
                  <Text size="sm" fw={l.fired ? 700 : 400}>
                    {l.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {l.ruleId}
                  </Text>
                </Stack>
              ),
            },
            { header: 'Severity', cell: (l) => <StatusBadge label={severityLabels[l.severity]} /> },
            {
              header: 'Result',
              cell: (l) =>
                l.fired ? (
                  <Text size="sm" fw={700}>
                    Matches
                  </Text>
                ) : (
                  <Text size="sm">Clear</Text>
                ),
            },
            {
              header: 'Routes',
              cell: (l) => routesText(l.finding?.routes ?? l.routes),
            },
            {
              header: 'Evidence',
              cell: (l) => (
                <Stack gap={2}>
                  {(l.finding?.evidence ?? []).map((e) => (
                    <Text key={e} size="sm">
                      {e}
                    </Text>
                  ))}
                  {l.notes.map((n) => (
                    <Text key={n} size="sm" c="dimmed">
                      {n}
                    </Text>
                  ))}
                </Stack>
              ),
            },
            { header: 'Source', cell: (l) => <Text size="xs">{l.source}</Text> },
          ]}
        />
      )}
      {view && run && (
        <Stack gap="sm" component="section" aria-labelledby="decisions-heading">
          <Title order={2} size="h4" id="decisions-heading">
            Eligibility per route
          </Title>
          {!prescriber && (
            <Text size="sm" c="dimmed">
              Approving or declining a route is the prescriber’s decision.
            </Text>
          )}
          {recorded && (
            <Alert color="teal" variant="light" role="status">
              {recorded}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {routes.map((route) => (
              <RouteDecision
                key={route}
                route={route}
                view={view}
                runId={run.id}
                canDecide={prescriber}
                decide={(body) => withStepUp(() => send<DecisionResult>('POST', `${base}/eligibility`, body))}
                onDecided={(result) => {
                  setRecorded(
                    `${routeLabels[result.decision.route]}: ${result.decision.decision === 'approved' ? 'approved' : 'declined'}.`,
                  );
                  screening.reload();
                }}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}
      {view && <DecisionHistory view={view} />}
    </Stack>
  );
}

/** The form's fields, so a refusal at a field we show is not repeated above the buttons. */
const shownAt = (error: ApiError | undefined, paths: string[]) =>
  error !== undefined &&
  error.fieldErrors.length > 0 &&
  error.fieldErrors.every((f) => paths.includes(f.path));

function RouteDecision({
  route,
  view,
  runId,
  canDecide,
  decide,
  onDecided,
}: {
  route: Route;
  view: ScreeningView;
  runId: string;
  canDecide: boolean;
  decide: (body: EligibilityDecisionBody) => Promise<DecisionResult>;
  onDecided: (result: DecisionResult) => void;
}) {
  const eligibility: RouteEligibility = view.eligibility.find((e) => e.route === route) ?? {
    route,
    status: 'not_screened',
    decisionId: null,
    ruleIds: [],
  };
  const findings = findingsFor(view, route);
  const absolute = findings.filter((f) => f.severity === 'absolute');
  const relative = findings.filter((f) => f.severity === 'relative');
  const [deciding, setDeciding] = useState<'approved' | 'declined'>();
  const [rationale, setRationale] = useState('');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const submit = useSubmit(decide);
  const label = routeLabels[route];
  const blockedId = `blocked-${route}`;

  const start = (decision: 'approved' | 'declined') => {
    submit.clearError();
    setMissing([]);
    setDeciding(decision);
  };
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!deciding) return;
    const overrides =
      deciding === 'approved'
        ? relative.map((f) => ({ ruleId: f.ruleId, reason: (reasons[f.ruleId] ?? '').trim() }))
        : [];
    const empty = [
      ...(rationale.trim() ? [] : ['rationale']),
      ...overrides.filter((o) => !o.reason).map((o) => o.ruleId),
    ];
    setMissing(empty);
    if (empty.length > 0) return;
    const result = await submit.run({
      route,
      decision: deciding,
      rationale: rationale.trim(),
      screeningRunId: runId,
      ...(overrides.length > 0 ? { overrides } : {}),
    });
    if (result) {
      setDeciding(undefined);
      setRationale('');
      setReasons({});
      onDecided(result);
    }
  };
  const paths = ['/body/rationale', ...relative.map((_, i) => `/body/overrides/${i}/reason`)];

  return (
    <Card withBorder padding="md" component="article" aria-label={label}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            {label}
          </Title>
          <StatusBadge label={eligibilityLabels[eligibility.status]} size="md" />
        </Group>
        {eligibility.status === 'review_needed' && eligibility.ruleIds.length > 0 && (
          <Text size="sm" fw={600}>
            Review needed: {eligibility.ruleIds.join(', ')} matched since the last decision. No session can
            start until a prescriber decides again.
          </Text>
        )}
        {findings.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rule matched for this route.
          </Text>
        ) : (
          <List spacing={4} size="sm">
            {findings.map((f) => (
              <List.Item key={f.ruleId}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <StatusBadge label={severityLabels[f.severity]} size="xs" />
                  <Text size="sm">
                    {f.title} ({f.ruleId})
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {canDecide && absolute.length > 0 && (
          <Text size="sm" id={blockedId} c="red.9" fw={600}>
            Cannot be approved: {absolute.map((f) => `${f.ruleId} (${f.title})`).join(', ')}{' '}
            {absolute.length === 1 ? 'is an absolute contraindication' : 'are absolute contraindications'}.
          </Text>
        )}
        {canDecide && !deciding && (
          <Group gap="xs">
            <Button
              size="sm"
              disabled={absolute.length > 0}
              aria-describedby={absolute.length > 0 ? blockedId : undefined}
              onClick={() => start('approved')}
            >
              Approve {label}
            </Button>
            <Button size="sm" variant="default" onClick={() => start('declined')}>
              Decline {label}
            </Button>
          </Group>
        )}
        {deciding && (
          <form
            onSubmit={onSubmit}
            noValidate
            aria-label={`${deciding === 'approved' ? 'Approve' : 'Decline'} ${label}`}
          >
            <Stack gap="sm">
              <Textarea
                label="Rationale"
                description={
                  deciding === 'approved'
                    ? 'Why this route suits the patient, in a sentence or two.'
                    : 'Why this route is declined.'
                }
                autosize
                minRows={2}
                value={rationale}
                onChange={(e) => setRationale(e.currentTarget.value)}
                error={
                  missing.includes('rationale')
                    ? 'Write the rationale'
                    : fieldError(submit.error, '/body/rationale')
                }
                data-autofocus
              />
              {deciding === 'approved' &&
                relative.map((f, i) => (
                  <OverrideReason
                    key={f.ruleId}
                    finding={f}
                    value={reasons[f.ruleId] ?? ''}
                    onChange={(value) => setReasons((old) => ({ ...old, [f.ruleId]: value }))}
                    error={
                      missing.includes(f.ruleId)
                        ? 'Write why treatment may go ahead despite this finding'
                        : fieldError(submit.error, `/body/overrides/${i}/reason`)
                    }
                  />
                ))}
              {deciding === 'approved' && relative.length > 0 && (
                <Text size="sm" c="dimmed">
                  Overriding a relative contraindication asks you to confirm it is you (password and
                  authenticator code).
                </Text>
              )}
              <ProblemAlert
                error={submit.error}
                title={deciding === 'approved' ? 'Not approved' : 'Not declined'}
                fieldsShown={shownAt(submit.error, paths)}
              />
              <Group gap="xs">
                <Button type="submit" loading={submit.busy}>
                  {deciding === 'approved' ? 'Record approval' : 'Record decline'}
                </Button>
                <Button variant="default" onClick={() => setDeciding(undefined)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function OverrideReason({
  finding,
  value,
  onChange,
  error,
}: {
  finding: FindingView;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <Textarea
      label={`Override reason for ${finding.ruleId}`}
      description={`${finding.title}${finding.evidence.length > 0 ? ` — ${finding.evidence.join('; ')}` : ''}`}
      autosize
      minRows={2}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}

function DecisionHistory({ view }: { view: ScreeningView }) {
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Decisions
      </Title>
      <DataTable
        caption="Eligibility decisions, newest first"
        rows={view.decisions}
        rowKey={(d) => d.id}
        empty="No decision recorded yet."
        columns={[
          { header: 'When', cell: (d) => formatInstant(d.decidedAt) },
          { header: 'Route', cell: (d) => routeLabels[d.route] },
          { header: 'Decision', cell: (d) => (d.decision === 'approved' ? 'Approved' : 'Declined') },
          { header: 'By', cell: (d) => d.decidedBy.name },
          { header: 'Rationale', cell: (d) => d.rationale },
          {
            header: 'Overrides',
            cell: (d) =>
              d.overrides.length === 0 ? (
                ''
              ) : (
                <Stack gap={2}>
                  {d.overrides.map((o) => (
                    <Text key={o.ruleId} size="sm">
                      {o.ruleId}: {o.reason}
                    </Text>
                  ))}
                </Stack>
              ),
          },
        ]}
      />
    </Stack>
  );
}
