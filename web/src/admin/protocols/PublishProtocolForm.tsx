import { Button, Card, Checkbox, Group, List, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { ProtocolDefinition } from '../../../../src/protocol/definition';
import type { ProtocolView, PublishProtocolBody } from '../../../../src/protocol/model';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useStepUp } from '../../ui/StepUp';
import { useSubmit } from '../../ui/useApi';
import { readablePath } from './describe';

/**
 * A new protocol, or the next version of one, edited as the definition's JSON (quantities in mcg, microlitres,
 * minutes). The server checks it and names each field it refuses; publishing needs step-up.
 */
export function PublishProtocolForm({
  path,
  current,
  template,
  onCancel,
  onPublished,
}: {
  path: string;
  /** The version this one replaces; none for a new protocol. */
  current: ProtocolView | undefined;
  /** The definition to start from. */
  template: ProtocolDefinition;
  onCancel: () => void;
  onPublished: (published: ProtocolView) => void;
}) {
  const [key, setKey] = useState(current?.key ?? '');
  const [name, setName] = useState(current?.name ?? '');
  const [active, setActive] = useState(current?.active ?? true);
  const [reason, setReason] = useState('');
  const [json, setJson] = useState(() => JSON.stringify(template, null, 2));
  const [jsonError, setJsonError] = useState<string>();
  const { withStepUp, dialog } = useStepUp();
  const publish = useSubmit((body: PublishProtocolBody) =>
    withStepUp(() => send<ProtocolView>('POST', path, body)),
  );
  const definitionErrors = (publish.error?.fieldErrors ?? []).filter((e) =>
    e.path.startsWith('/body/definition'),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    let definition: ProtocolDefinition;
    try {
      definition = JSON.parse(json) as ProtocolDefinition;
      setJsonError(undefined);
    } catch (error) {
      setJsonError(`The definition is not valid JSON: ${(error as Error).message}`);
      return;
    }
    const result = await publish.run({
      key: key.trim(),
      name: name.trim(),
      definition,
      active,
      reason: reason.trim(),
    });
    if (result) onPublished(result);
  };

  const title = current
    ? `New version of ${current.name} (replaces version ${current.version})`
    : 'New protocol';
  return (
    <Card withBorder padding="lg">
      {dialog}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="sm">
          <Title order={3} size="h4">
            {title}
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label="Key"
              description="Lower case and hyphens; names the protocol across versions"
              value={key}
              disabled={current !== undefined}
              onChange={(e) => setKey(e.currentTarget.value)}
              error={fieldError(publish.error, '/body/key')}
            />
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(publish.error, '/body/name')}
            />
          </Group>
          <Checkbox
            label="Active (offered for new courses; clear to retire the protocol)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          <Textarea
            label="Definition (JSON)"
            description="Doses in micrograms (mcg), volumes in microlitres, times in minutes: 0.5 mg/kg is 500, 1 mg/mL is 1000, 0.1 mL/h is 100."
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            autosize
            minRows={12}
            maxRows={30}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
            error={jsonError ?? (definitionErrors.length > 0 ? 'See the problems below' : undefined)}
          />
          {definitionErrors.length > 0 && (
            <div role="alert" aria-label="Problems in the definition">
              <List size="sm" c="red.9">
                {definitionErrors.map((e) => (
                  <List.Item key={`${e.path}: ${e.message}`}>
                    {readablePath(e.path)}: {e.message}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          <Textarea
            label="Reason for this version"
            description="Shown in the version history"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            error={fieldError(publish.error, '/body/reason')}
          />
          <Text size="sm" c="dimmed">
            Courses and orders already planned keep the version they were planned under.
          </Text>
          <ProblemAlert error={publish.error} title="Not published" fieldsShown />
          <Group>
            <Button type="submit" loading={publish.busy}>
              {current ? `Publish version ${current.version + 1}` : 'Publish version 1'}
            </Button>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
