import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { type AlertAction, type AlertView, alertActions } from '../../../src/alert/model';
import { ApiError, send } from '../api/client';
import { useSession } from '../session/session';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';
import { alertPatient } from './format';

/** What came of an acknowledgement: done, or someone else had acknowledged the alert first (409). */
export type Acknowledged = { alert: AlertView } | { alreadyAcknowledged: ApiError };

/** Acknowledge with a documented action: what was done (from the fixed list) and a note in the clinician's words. */
export function AcknowledgeDialog({
  alert,
  onDone,
  onClose,
}: {
  alert: AlertView | undefined;
  onDone: (outcome: Acknowledged) => void;
  onClose: () => void;
}) {
  const { clinicId } = useSession();
  const [action, setAction] = useState<AlertAction | ''>('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<{ action?: string; note?: string }>({});
  const acknowledge = useSubmit(
    async (id: string, body: { action: AlertAction; note: string }): Promise<Acknowledged> => {
      try {
        return {
          alert: await send<AlertView>('POST', `/api/clinics/${clinicId}/alerts/${id}/acknowledgement`, body),
        };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return { alreadyAcknowledged: error };
        throw error;
      }
    },
  );
  const close = () => {
    setAction('');
    setNote('');
    setMissing({});
    acknowledge.clearError();
    onClose();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!alert) return;
    const trimmed = note.trim();
    const problems = {
      ...(action ? {} : { action: 'Choose what was done' }),
      ...(trimmed ? {} : { note: 'Write a note: what was done, with whom, and what happens next' }),
    };
    setMissing(problems);
    if (!action || !trimmed) return;
    const outcome = await acknowledge.run(alert.id, { action, note: trimmed });
    if (outcome) {
      close();
      onDone(outcome);
    }
  };
  return (
    <Modal
      opened={alert !== undefined}
      onClose={close}
      title={alert ? `Acknowledge: ${alert.title} — ${alertPatient(alert)}` : ''}
      centered
      size="lg"
    >
      {alert && (
        <form onSubmit={submit} noValidate aria-label="Acknowledge the alert">
          <Stack gap="md">
            <Text size="sm">{alert.detail}</Text>
            <Radio.Group
              label="What was done"
              required
              value={action}
              onChange={(value) => {
                setAction(value as AlertAction);
                setMissing((m) => ({ ...m, action: undefined }));
              }}
              error={missing.action ?? fieldError(acknowledge.error, '/body/action')}
            >
              <Stack gap="xs" mt="xs">
                {(Object.entries(alertActions) as [AlertAction, string][]).map(([value, label]) => (
                  <Radio key={value} value={value} label={label} />
                ))}
              </Stack>
            </Radio.Group>
            <Textarea
              label="Note"
              description="Required. What was done, with whom, and what happens next."
              required
              autosize
              minRows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => {
                setNote(e.currentTarget.value);
                setMissing((m) => ({ ...m, note: undefined }));
              }}
              error={missing.note ?? fieldError(acknowledge.error, '/body/note')}
            />
            <ProblemAlert error={acknowledge.error} fieldsShown />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red.9" loading={acknowledge.busy}>
                Acknowledge alert
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
