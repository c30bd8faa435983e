import { Alert, Button, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { RuleSetChangeBody, RuleSetHistory, RuleSetView, StateRule } from '../../../src/screening/model';
import { send } from '../api/client';
import { routeLabels, severityLabels } from '../patients/screening/labels';
import { StatusBadge } from '../patients/screening/StatusBadge';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';
import { formatInstant } from './format';

const licenceLabels: Record<string, string> = {
  physician: 'Physician',
  nurse_practitioner: 'NP',
  physician_assistant: 'PA',
  registered_nurse: 'RN',
  crna: 'CRNA',
  lpn: 'LPN',
  other: 'Other',
};

type StateRow = Omit<StateRule, 'state'> & { state: string };

/**
 * The clinic's screening rules and state rules as data: each rule with its severity, routes and source; a new
 * version is the whole set edited as JSON with a reason (step-up). Past screenings keep the version they used.
 */
export function ScreeningRulesTab({ canChange }: { canChange: boolean }) {
  const { clinicId } = useSession();
  const path = `/api/clinics/${clinicId}/screening/rules`;
  const current = useApi<RuleSetView>(path);
  const history = useApi<RuleSetHistory>(`${path}/history`);
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<number>();
  const { withStepUp, dialog } = useStepUp();
  const save = useSubmit((body: RuleSetChangeBody) => withStepUp(() => send<RuleSetView>('PUT', path, body)));
  const [parseError, setParseError] = useState<string>();
  const view = current.data;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setParseError(undefined);
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    let content: Pick<RuleSetChangeBody, 'rules' | 'stateRules'>;
    try {
      content = JSON.parse(editing ?? '') as typeof content;
    } catch (error) {
      setParseError(`The rules are not valid JSON: ${(error as Error).message}`);
      return;
    }
    const result = await save.run({ rules: content.rules, stateRules: content.stateRules, reason });
    if (result) {
      setEditing(undefined);
      setSaved(result.version);
      current.reload();
      history.reload();
    }
  };

  const stateRows: StateRow[] = view
    ? [{ state: 'Default', ...view.stateRules.default }, ...view.stateRules.states]
    : [];
  return (
    <Stack gap="lg">
      {dialog}
      <Alert color="orange" variant="light" role="note">
        <Text fw={600}>
          Screening rules are clinical decisions of the clinic: the medical director is responsible for them.
        </Text>
      </Alert>
      <ProblemAlert error={current.error} title="The rules cannot be shown" />
      {saved !== undefined && (
        <Alert color="teal" role="status">
          Saved as version {saved}. Patients are screened with it from their next screening.
        </Alert>
      )}
      {view && (
        <>
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Title order={2} size="h4">
                Screening rules
              </Title>
              <Text size="sm" data-testid="rules-version">
                {view.version === 0
                  ? 'Version 0: the shipped defaults from the clinical reference, never changed at this clinic.'
                  : `Version ${view.version}, changed by ${view.changedBy?.name ?? 'unknown'}${view.changedAt ? ` on ${formatInstant(view.changedAt)}` : ''}. Reason: ${view.reason ?? 'not given'}`}
              </Text>
            </Stack>
            {canChange && editing === undefined && (
              <Button
                variant="default"
                onClick={() => {
                  save.clearError();
                  setEditing(JSON.stringify({ rules: view.rules, stateRules: view.stateRules }, null, 2));
                }}
              >
                Edit rules
              </Button>
            )}
          </Group>
          {editing !== undefined && (
            <form onSubmit={submit} noValidate aria-label="Edit the screening rules">
              <Stack gap="sm">
                <Textarea
                  label="Rules and state rules (JSON)"
                  description="The whole rule set; the server checks it and names any problem by its place in the JSON."
                  value={editing}
                  onChange={(e) => setEditing(e.currentTarget.value)}
                  autosize
                  minRows={12}
                  maxRows={30}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                  spellCheck={false}
                />
                {parseError && (
                  <Alert color="red" role="alert">
                    {parseError}
                  </Alert>
                )}
                {save.error && save.error.fieldErrors.length > 0 && (
                  <Alert color="red" role="alert" title="The rules were not saved">
                    <List size="sm" spacing={2}>
                      {save.error.fieldErrors.map((f) => (
                        <List.Item key={`${f.path}:${f.message}`}>
                          <Text span ff="monospace" size="sm">
                            {f.path.replace(/^\/body/, '') || '/'}
                          </Text>
                          : {f.message}
                        </List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                <ProblemAlert error={save.error} title="The rules were not saved" fieldsShown />
                <Textarea label="Reason for change" name="reason" autosize minRows={2} required />
                <Group>
                  <Button type="submit" loading={save.busy}>
                    Save as a new version
                  </Button>
                  <Button variant="default" onClick={() => setEditing(undefined)}>
                    Cancel
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          <DataTable
            caption="Screening rules"
            rows={view.rules}
            rowKey={(r) => r.id}
            empty="No rules."
            columns={[
              { header: 'Rule', cell: (r) => r.id },
              { header: 'Title', cell: (r) => r.title },
              { header: 'Severity', cell: (r) => <StatusBadge label={severityLabels[r.severity]} /> },
              { header: 'Routes', cell: (r) => r.routes.map((x) => routeLabels[x]).join(', ') },
              { header: 'Source', cell: (r) => <Text size="xs">{r.source}</Text> },
            ]}
          />
          <Title order={2} size="h4">
            State rules
          </Title>
          <DataTable
            caption="State rules"
            rows={stateRows}
            rowKey={(s) => s.state}
            empty="No state rules."
            columns={[
              { header: 'State', cell: (s) => s.state },
              { header: 'Minimum age', cell: (s) => s.minimumAge },
              {
                header: 'May administer',
                cell: (s) => (
                  <Stack gap={0}>
                    {(['iv', 'im', 'intranasal', 'oral'] as const).map((r) => (
                      <Text key={r} size="xs">
                        {routeLabels[r]}:{' '}
                        {s.administer[r].map((l) => licenceLabels[l] ?? l).join(', ') || 'nobody'}
                      </Text>
                    ))}
                  </Stack>
                ),
              },
              {
                header: 'Telehealth follow-up',
                cell: (s) => (s.telehealthFollowUp ? 'Allowed' : 'Not allowed'),
              },
              { header: 'Note', cell: (s) => <Text size="xs">{s.note}</Text> },
            ]}
          />
        </>
      )}
      <Title order={2} size="h4">
        Versions
      </Title>
      <ProblemAlert error={history.error} title="The history cannot be shown" />
      {history.data && (
        <DataTable
          caption="Screening rule versions"
          rows={history.data.versions}
          rowKey={(v) => String(v.version)}
          empty="Never changed: the shipped defaults are in force."
          columns={[
            { header: 'Version', cell: (v) => v.version },
            { header: 'When', cell: (v) => (v.changedAt ? formatInstant(v.changedAt) : '') },
            { header: 'By', cell: (v) => v.changedBy?.name ?? '' },
            { header: 'Reason', cell: (v) => v.reason ?? '' },
            { header: 'Rules', cell: (v) => v.rules.length },
          ]}
        />
      )}
    </Stack>
  );
}
