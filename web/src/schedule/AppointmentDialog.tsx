import { Button, Divider, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { AppointmentView, ChairView } from '../../../src/schedule/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { fieldError } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';
import { Refusal } from './Refusal';
import { clinicInstant, routeNames, statusNames } from './time';

/** One appointment: what it is, and for a booked one cancel (with a reason), no-show and reschedule. */
export function AppointmentDialog({
  appointment,
  chairs,
  timeZone,
  canBook,
  onClose,
  onChanged,
}: {
  appointment: AppointmentView | undefined;
  chairs: ChairView[];
  timeZone: string;
  canBook: boolean;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const { clinicId } = useSession();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [chairId, setChairId] = useState<string | null>(null);
  const base = appointment ? `/api/clinics/${clinicId}/appointments/${appointment.id}` : '';
  const change = useSubmit(async (what: 'cancel' | 'no-show' | 'reschedule') => {
    if (what === 'cancel')
      return send<AppointmentView>('POST', `${base}/cancellation`, { reason: reason.trim() });
    if (what === 'no-show') return send<AppointmentView>('POST', `${base}/no-show`, {});
    return send<AppointmentView>('POST', `${base}/reschedule`, {
      startsAt: clinicInstant(date || appointment!.date, time || appointment!.startTime, timeZone),
      ...(chairId ? { chairId } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  });
  const close = () => {
    setReason('');
    setDate('');
    setTime('');
    setChairId(null);
    change.clearError();
    onClose();
  };
  const act = async (what: 'cancel' | 'no-show' | 'reschedule') => {
    const done = await change.run(what);
    if (done) {
      close();
      onChanged(
        what === 'reschedule'
          ? `Moved to ${done.date} ${done.startTime}–${done.endTime} in ${done.chair.name}.`
          : `${done.patient.name}, ${done.date} ${done.startTime}: ${statusNames[done.status].toLowerCase()}.`,
      );
    }
  };
  const a = appointment;
  return (
    <Modal
      opened={a !== undefined}
      onClose={close}
      title={a ? `${a.patient.name} — ${a.date} ${a.startTime}` : ''}
      centered
    >
      {a && (
        <Stack gap="sm">
          <Text>
            {routeNames[a.route]} session, {a.startTime}–{a.endTime} (clinic time) in {a.chair.name}. Status:{' '}
            {statusNames[a.status]}
            {a.statusReason ? ` (${a.statusReason})` : ''}.
          </Text>
          {a.status === 'booked' && canBook && (
            <>
              <Textarea
                label="Reason (needed to cancel; optional when moving)"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldError(change.error, '/body/reason')}
                autosize
                minRows={2}
              />
              <Group>
                <Button
                  color="red.8"
                  onClick={() => act('cancel')}
                  loading={change.busy}
                  disabled={reason.trim().length < 3}
                >
                  Cancel the session
                </Button>
                <Button variant="default" onClick={() => act('no-show')} loading={change.busy}>
                  Record a no-show
                </Button>
              </Group>
              <Divider label="Reschedule" labelPosition="left" />
              <Group align="flex-end" wrap="wrap">
                <TextInput
                  type="date"
                  label="New date"
                  value={date || a.date}
                  onChange={(e) => setDate(e.currentTarget.value)}
                />
                <TextInput
                  type="time"
                  label="New start (clinic time)"
                  value={time || a.startTime}
                  onChange={(e) => setTime(e.currentTarget.value)}
                  error={fieldError(change.error, '/body/startsAt')}
                />
                <NativeSelect
                  label="Chair"
                  data={chairs
                    .filter((c) => c.retiredAt === null && c.routes.includes(a.route))
                    .map((c) => ({ value: c.id, label: c.name }))}
                  value={chairId ?? a.chair.id}
                  onChange={(e) => setChairId(e.currentTarget.value)}
                  error={fieldError(change.error, '/body/chairId')}
                />
                <Button onClick={() => act('reschedule')} loading={change.busy}>
                  Move the session
                </Button>
              </Group>
            </>
          )}
          <Refusal error={change.error} />
        </Stack>
      )}
    </Modal>
  );
}
