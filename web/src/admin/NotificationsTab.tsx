import { Alert, Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import type {
  ChannelSaved,
  ChannelView,
  NotificationList,
  NotificationStatus,
  TestNoticeQueued,
} from '../../../src/notification/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { OnceSecret } from '../ui/OnceSecret';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { formatInstant } from './format';

const topicLabels: Record<string, string> = {
  'alert.raised': 'Safety alert raised',
  'alert.acknowledged': 'Alert acknowledged',
  'notification.test': 'Test notice',
};

/** Badge colours; rendered with autoContrast, so the light ones get dark text. */
const statusLabels: Record<NotificationStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting to send', color: 'gray.7' },
  delivered: { label: 'Delivered', color: 'teal.9' },
  failed: { label: 'Failed: gave up', color: 'red.9' },
  no_channel: { label: 'Not sent: no channel set', color: 'orange.2' },
};

/**
 * Where the clinic's notices go (its paging or chat system's webhook). Notices carry ids and plain words,
 * never patient data: the receiver signs in to see who.
 */
export function NotificationsTab() {
  const { clinicId } = useSession();
  const base = `/api/clinics/${clinicId}`;
  const channel = useApi<ChannelView>(`${base}/notification-channel`);
  const messages = useApi<NotificationList>(`${base}/notifications`);
  const [saved, setSaved] = useState<ChannelSaved>();
  const [testQueued, setTestQueued] = useState(false);
  const save = useSubmit((body: { url: string }) =>
    send<ChannelSaved>('PUT', `${base}/notification-channel`, body),
  );
  const test = useSubmit(() =>
    send<Static<typeof TestNoticeQueued>>('POST', `${base}/notification-channel/test`),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTestQueued(false);
    const url = String(new FormData(event.currentTarget).get('url') ?? '').trim();
    const result = await save.run({ url });
    if (result) {
      setSaved(result);
      channel.reload();
    }
  };

  return (
    <Stack gap="lg">
      <Stack gap="sm" maw={640}>
        <Title order={2} size="h4">
          Notification channel
        </Title>
        <Text size="sm">
          New safety alerts are sent to this address at once (a webhook of the clinic’s paging or chat
          system), signed so the receiver can check they came from ketacare. Notices name no patient: staff
          sign in to see who.
        </Text>
        <ProblemAlert error={channel.error} title="The channel cannot be shown" />
        {channel.data && (
          <Text size="sm" data-testid="channel-state">
            {channel.data.configured && channel.data.url
              ? `Sending to ${channel.data.url}${channel.data.updatedAt ? ` since ${formatInstant(channel.data.updatedAt)}` : ''}.`
              : 'No channel set: alerts show only on screen until one is.'}
          </Text>
        )}
        {channel.data && (
          <form onSubmit={submit} noValidate aria-label="Notification channel">
            <Stack gap="sm">
              <TextInput
                key={channel.data.url ?? ''}
                label="Webhook address"
                name="url"
                type="url"
                description="https:// address (http:// only for localhost). Saving makes a new signing secret."
                defaultValue={channel.data.url ?? ''}
                required
                error={fieldError(save.error, '/body/url')}
              />
              <ProblemAlert error={save.error} fieldsShown />
              <Group>
                <Button type="submit" loading={save.busy}>
                  Save channel
                </Button>
                <Button
                  variant="default"
                  loading={test.busy}
                  disabled={!channel.data.configured}
                  onClick={async () => {
                    setTestQueued(false);
                    if (await test.run()) {
                      setTestQueued(true);
                      messages.reload();
                    }
                  }}
                >
                  Send test
                </Button>
              </Group>
              <ProblemAlert error={test.error} title="The test notice was not queued" />
              {testQueued && (
                <Alert color="teal" role="status">
                  Test notice queued. Its delivery shows in the list below.
                </Alert>
              )}
            </Stack>
          </form>
        )}
        {saved && (
          <OnceSecret
            label="Signing secret"
            value={saved.signingSecret}
            note="Enter it in the receiving system now: it checks the X-Ketacare-Signature header with it. It is shown only once; saving the channel again makes a new one."
          />
        )}
      </Stack>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Recent notices
          </Title>
          <Button variant="default" size="xs" onClick={messages.reload} loading={messages.loading}>
            Refresh
          </Button>
        </Group>
        <ProblemAlert error={messages.error} title="Notices cannot be shown" />
        {messages.data && (
          <DataTable
            caption="Recent notices"
            rows={messages.data.messages}
            rowKey={(m) => m.id}
            empty="No notices yet."
            columns={[
              { header: 'Notice', cell: (m) => topicLabels[m.topic] ?? m.topic },
              { header: 'Queued', cell: (m) => formatInstant(m.createdAt) },
              {
                header: 'Status',
                cell: (m) => (
                  <Badge color={statusLabels[m.status].color} autoContrast>
                    {statusLabels[m.status].label}
                  </Badge>
                ),
              },
              { header: 'Tries', cell: (m) => m.attempts },
              {
                header: 'Delivered or next try',
                cell: (m) =>
                  m.deliveredAt
                    ? formatInstant(m.deliveredAt)
                    : m.status === 'pending'
                      ? `Next try ${formatInstant(m.nextAttemptAt)}`
                      : '',
              },
              { header: 'Last error', cell: (m) => m.lastError ?? '' },
            ]}
          />
        )}
      </Stack>
    </Stack>
  );
}
