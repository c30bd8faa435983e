import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { MessageStatus, PatientMessageList, PatientMessageView } from '../../../src/reminder/model';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { formatInstant } from './format';

const kindLabels: Record<PatientMessageView['kind'], string> = {
  booking_confirmation: 'Booking confirmation',
  reminder: 'Reminder',
  escort_request: 'Escort request',
  questionnaire_due: 'Questionnaire due',
  follow_up: 'Next-day follow-up',
  cancellation: 'Cancellation',
};

/** Badge colours; rendered with autoContrast, so the light ones get dark text. */
const statusLabels: Record<MessageStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting to send', color: 'gray.7' },
  delivered: { label: 'Sent', color: 'teal.9' },
  failed: { label: 'Failed: gave up', color: 'red.9' },
  cancelled: { label: 'Not sent: no longer needed', color: 'gray.2' },
  captured: { label: 'Not sent: development mailbox', color: 'orange.2' },
};

/**
 * Messages to patients: what was sent, what is waiting, and — when no email or SMS transport is configured —
 * what would have been sent (the development mailbox).
 */
export function MessagesTab() {
  const { clinicId } = useSession();
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const messages = useApi<PatientMessageList>(
    `/api/clinics/${clinicId}/patient-messages?limit=100${status ? `&status=${status}` : ''}`,
  );
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="end">
        <Title order={2} size="h4">
          Patient messages
        </Title>
        <Group align="end">
          <Select
            label="Status"
            placeholder="All"
            clearable
            data={Object.entries(statusLabels).map(([value, s]) => ({ value, label: s.label }))}
            value={status}
            onChange={(value) => setStatus(value as MessageStatus | null)}
          />
          <Button variant="default" onClick={messages.reload} loading={messages.loading}>
            Refresh
          </Button>
        </Group>
      </Group>
      <Text size="sm">
        Booking confirmations, reminders with fasting and escort instructions, escort requests and follow-ups,
        exactly as written. Without an email server or SMS webhook configured, messages stay here and are not
        sent.
      </Text>
      <ProblemAlert error={messages.error} title="Messages cannot be shown" />
      {messages.data && (
        <DataTable
          caption="Patient messages"
          rows={messages.data.messages}
          rowKey={(m) => m.id}
          empty="No messages."
          columns={[
            { header: 'Send after', cell: (m) => formatInstant(m.sendAfter) },
            { header: 'Message', cell: (m) => kindLabels[m.kind] },
            { header: 'To', cell: (m) => `${m.channel === 'sms' ? 'Text' : 'Email'}: ${m.recipient}` },
            {
              header: 'Content',
              cell: (m) => (
                <details>
                  <summary>{m.subject}</summary>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {m.body}
                  </Text>
                </details>
              ),
            },
            {
              header: 'Status',
              cell: (m) => (
                <Badge color={statusLabels[m.status].color} autoContrast>
                  {statusLabels[m.status].label}
                </Badge>
              ),
            },
            {
              header: 'Sent or last error',
              cell: (m) => (m.deliveredAt ? formatInstant(m.deliveredAt) : (m.lastError ?? '')),
            },
          ]}
        />
      )}
    </Stack>
  );
}
