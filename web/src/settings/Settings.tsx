import { Alert, Button, Card, Group, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { SettingsHistory, SettingsView } from '../../../src/settings/model';
import { formatInstant } from '../admin/format';
import { send } from '../api/client';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';

/** The registered settings groups (src/settings): each is shown and changed on its own. */
const groups = ['measures', 'consent'] as const;

type Field = SettingsView['fields'][number];
type Values = Record<string, number | string>;

const withUnit = (value: unknown, unit: string | null) => `${String(value)}${unit ? ` ${unit}` : ''}`;

/** The clinic's clinical thresholds: value, default and source; changes need a reason and a step-up. */
export function Settings() {
  // settings.manage in src/identity/policy.ts.
  const canManage = useHasRole('owner', 'prescriber');
  return (
    <Page
      title="Settings"
      purpose="The clinic’s clinical thresholds, with their defaults, sources and every change."
    >
      <Alert color="orange" variant="light" role="note">
        <Text fw={600}>
          These thresholds are clinical decisions of the clinic: the medical director is responsible for
          reviewing them.
        </Text>
      </Alert>
      {!canManage && (
        <Text size="sm" c="dimmed">
          Only a prescriber or the owner can change these thresholds.
        </Text>
      )}
      {groups.map((group) => (
        <SettingsGroup key={group} group={group} canManage={canManage} />
      ))}
    </Page>
  );
}

function SettingsGroup({ group, canManage }: { group: string; canManage: boolean }) {
  const { clinicId } = useSession();
  const path = `/api/clinics/${clinicId}/settings/${group}`;
  const current = useApi<SettingsView>(path);
  const history = useApi<Static<typeof SettingsHistory>>(`${path}/history`);
  const [shown, setShown] = useState<SettingsView>();
  const [values, setValues] = useState<Values>({});
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  const { withStepUp, dialog } = useStepUp();
  const save = useSubmit((body: { values: Values; reason: string }) =>
    withStepUp(() => send<SettingsView>('PUT', path, body)),
  );

  const show = useCallback((view: SettingsView) => {
    setShown(view);
    setValues(Object.fromEntries(view.fields.map((f) => [f.key, f.value as number])));
  }, []);
  useEffect(() => {
    if (current.data) show(current.data);
  }, [current.data, show]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const why = reason.trim();
    setReasonMissing(!why);
    if (!why) return;
    const result = await save.run({ values, reason: why });
    if (result) {
      show(result);
      setReason('');
      setSaved(true);
      history.reload();
    }
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label={shown?.title ?? group}>
      <Stack gap="md">
        <ProblemAlert error={current.error} title="The settings cannot be shown" />
        {shown && (
          <>
            <div>
              <Title order={2} size="h3">
                {shown.title}
              </Title>
              <Text size="sm" data-testid={`settings-version-${group}`}>
                {shown.version === 0
                  ? 'Version 0: the shipped defaults, never changed at this clinic.'
                  : `Version ${shown.version}, changed by ${shown.changedBy ?? 'unknown'}${
                      shown.changedAt ? ` on ${formatInstant(shown.changedAt)}` : ''
                    }. Reason: ${shown.reason ?? 'not given'}`}
              </Text>
            </div>
            <form onSubmit={submit} noValidate aria-label={shown.title}>
              <Stack gap="md" maw={640}>
                {shown.fields.map((field) => (
                  <NumberInput
                    key={field.key}
                    label={field.label}
                    description={`Default ${withUnit(field.default, field.unit)}. Source: ${field.source}`}
                    rightSection={field.unit ? <Text size="xs">{field.unit}</Text> : undefined}
                    rightSectionWidth={field.unit ? 72 : undefined}
                    allowDecimal={false}
                    value={values[field.key] ?? ''}
                    disabled={!canManage}
                    onChange={(v) => setValues((old) => ({ ...old, [field.key]: v }))}
                    error={fieldError(save.error, `/body/values/${field.key}`)}
                  />
                ))}
                {canManage && (
                  <>
                    <Textarea
                      label="Reason for change"
                      description="Why the clinic is changing these thresholds; kept with this version."
                      required
                      autosize
                      minRows={2}
                      value={reason}
                      onChange={(e) => setReason(e.currentTarget.value)}
                      error={
                        reasonMissing
                          ? 'Say why these thresholds are changing'
                          : fieldError(save.error, '/body/reason')
                      }
                    />
                    <ProblemAlert error={save.error} fieldsShown />
                    {saved && (
                      <Alert color="teal" role="status">
                        Saved as version {shown.version}. New measurements follow these thresholds.
                      </Alert>
                    )}
                    <Group>
                      <Button type="submit" loading={save.busy}>
                        Save thresholds
                      </Button>
                    </Group>
                  </>
                )}
              </Stack>
            </form>
          </>
        )}
        <Title order={3} size="h4">
          History
        </Title>
        <ProblemAlert error={history.error} title="The history cannot be shown" />
        {history.data && shown && (
          <History title={shown.title} versions={history.data.versions} fields={shown.fields} />
        )}
      </Stack>
      {dialog}
    </Card>
  );
}

/** Every version, newest first, with what it changed from the one before (or from the defaults). */
function History({ title, versions, fields }: { title: string; versions: SettingsView[]; fields: Field[] }) {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  const rows = ordered
    .map((version, index) => {
      const before = ordered[index - 1];
      const changes = version.fields.flatMap((field) => {
        const was = before
          ? before.fields.find((f) => f.key === field.key)?.value
          : fields.find((f) => f.key === field.key)?.default;
        return was === field.value
          ? []
          : [`${field.label}: ${withUnit(was, field.unit)} → ${withUnit(field.value, field.unit)}`];
      });
      return { version, changes };
    })
    .filter((row) => row.version.version > 0)
    .reverse();
  return (
    <DataTable
      caption={`Settings history: ${title}`}
      rows={rows}
      rowKey={(r) => String(r.version.version)}
      empty="Never changed: the shipped defaults apply."
      columns={[
        { header: 'Version', cell: (r) => r.version.version },
        { header: 'When', cell: (r) => (r.version.changedAt ? formatInstant(r.version.changedAt) : '') },
        { header: 'By', cell: (r) => r.version.changedBy },
        { header: 'Reason', cell: (r) => r.version.reason },
        {
          header: 'Changed',
          cell: (r) =>
            r.changes.length === 0 ? (
              <Text size="sm">No values changed</Text>
            ) : (
              <Stack gap={2}>
                {r.changes.map((c) => (
                  <Text key={c} size="sm">
                    {c}
                  </Text>
                ))}
              </Stack>
            ),
        },
      ]}
    />
  );
}
