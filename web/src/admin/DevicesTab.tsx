import { Badge, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import { deviceScopes } from '../../../src/identity/core';
import type { DeviceList, DeviceView, NewDeviceResult } from '../../../src/identity/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { OnceSecret } from '../ui/OnceSecret';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { formatInstant } from './format';

type Device = Static<typeof DeviceView>;

const scopeLabels: Record<string, string> = { 'vitals:write': 'Post vital signs (monitors)' };

/** Device tokens: monitors and kiosks that call the API without a person signing in. */
export function DevicesTab() {
  const { clinicId } = useSession();
  const list = useApi<Static<typeof DeviceList>>(`/api/clinics/${clinicId}/devices`);
  const [issued, setIssued] = useState<Static<typeof NewDeviceResult>>();
  const [scopes, setScopes] = useState<string[]>([...deviceScopes]);
  const [revoking, setRevoking] = useState<Device>();
  const issue = useSubmit((body: { name: string; scopes: string[] }) =>
    send<Static<typeof NewDeviceResult>>('POST', `/api/clinics/${clinicId}/devices`, body),
  );
  const revoke = useSubmit((id: string) =>
    send<Device>('POST', `/api/clinics/${clinicId}/devices/${id}/revoke`),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get('name') ?? '').trim();
    const result = await issue.run({ name, scopes });
    if (result) {
      setIssued(result);
      formElement.reset();
      list.reload();
    }
  };

  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate aria-label="Issue a device token">
        <Stack gap="sm" maw={560}>
          <Title order={2} size="h4">
            Issue a device token
          </Title>
          <TextInput
            label="Device name"
            name="name"
            description="Where it is, so you can recognise it later, e.g. “Chair 2 monitor”"
            required
            error={fieldError(issue.error, '/body/name')}
          />
          <Checkbox.Group
            label="May"
            value={scopes}
            onChange={setScopes}
            error={fieldError(issue.error, '/body/scopes')}
          >
            <Group mt="xs">
              {deviceScopes.map((s) => (
                <Checkbox key={s} value={s} label={scopeLabels[s] ?? s} />
              ))}
            </Group>
          </Checkbox.Group>
          <ProblemAlert error={issue.error} fieldsShown />
          <Group>
            <Button type="submit" loading={issue.busy}>
              Issue token
            </Button>
          </Group>
        </Stack>
      </form>
      {issued && (
        <OnceSecret
          label={`Token for ${issued.device.name}`}
          value={issued.token}
          note="Enter it in the device now. It is shown only once; if it is lost, revoke it and issue a new one."
        />
      )}
      <Title order={2} size="h4">
        Devices
      </Title>
      <ProblemAlert error={list.error ?? revoke.error} />
      {list.data && (
        <DataTable
          caption="Device tokens"
          rows={list.data.devices}
          rowKey={(d) => d.id}
          empty="No device tokens issued yet."
          columns={[
            { header: 'Name', cell: (d) => d.name },
            { header: 'May', cell: (d) => d.scopes.map((s) => scopeLabels[s] ?? s).join(', ') },
            { header: 'Token starts', cell: (d) => <Text ff="monospace">{d.tokenPrefix}…</Text> },
            { header: 'Issued', cell: (d) => formatInstant(d.createdAt) },
            { header: 'Last used', cell: (d) => (d.lastUsedAt ? formatInstant(d.lastUsedAt) : 'Never') },
            {
              header: 'Status',
              cell: (d) =>
                d.revokedAt ? (
                  <Badge color="gray.7">Revoked {formatInstant(d.revokedAt)}</Badge>
                ) : (
                  <Group gap="xs" wrap="nowrap">
                    <Badge color="teal.9">Active</Badge>
                    <Button
                      size="xs"
                      variant="outline"
                      color="red.9"
                      onClick={() => setRevoking(d)}
                      aria-label={`Revoke ${d.name}`}
                    >
                      Revoke
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
      )}
      <Modal
        opened={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        title={`Revoke ${revoking?.name ?? ''}?`}
        centered
      >
        <Text mb="md">
          The device stops working at once. This cannot be undone; a new token can be issued.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setRevoking(undefined)}>
            Cancel
          </Button>
          <Button
            color="red.9"
            loading={revoke.busy}
            onClick={async () => {
              if (revoking && (await revoke.run(revoking.id))) list.reload();
              setRevoking(undefined);
            }}
          >
            Revoke token
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
