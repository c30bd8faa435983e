import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PortalAppointment } from '../../../../src/reminder/model';
import { EscortConfirmed, EscortForm } from './EscortForm';
import { Preparation } from './Preparation';

const statusWords: Record<PortalAppointment['status'], string> = {
  booked: 'Booked',
  attended: 'Attended',
  cancelled: 'Cancelled',
  no_show: 'Missed',
  rescheduled: 'Moved to another time',
};

/** One upcoming session: when, how to prepare, add to calendar, and the escort (confirmed, or the form). */
export function AppointmentCard({
  appointment,
  onChanged,
}: {
  appointment: PortalAppointment;
  onChanged: () => void;
}) {
  const [changing, setChanging] = useState(false);
  const headingId = `appointment-${appointment.id}`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>
          {appointment.when}
        </Title>
        <Text size="sm">
          Your {appointment.sessionName} at {appointment.clinicName}, {appointment.until}.
        </Text>
        <Preparation appointment={appointment} />
        <Group mt="sm">
          <Button component="a" href={appointment.calendarUrl} variant="default" size="md" download>
            Add to calendar
          </Button>
        </Group>
        <Title order={4} size="h5" mt="md">
          Who is taking you home
        </Title>
        {appointment.escort && !changing ? (
          <EscortConfirmed escort={appointment.escort} onChange={() => setChanging(true)} />
        ) : (
          <EscortForm
            appointmentId={appointment.id}
            onSaved={() => {
              setChanging(false);
              onChanged();
            }}
          />
        )}
        <Text size="sm" c="dimmed" mt="sm">
          Need to change the time? Call {appointment.clinicName} on {appointment.clinicPhone}.
        </Text>
      </Stack>
    </Card>
  );
}

/** A past or cancelled session, in one line. */
export function PastAppointment({ appointment }: { appointment: PortalAppointment }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm">
        {appointment.when}: {appointment.sessionName}
      </Text>
      <Badge variant="light" color="gray.8" autoContrast>
        {statusWords[appointment.status]}
      </Badge>
    </Group>
  );
}
