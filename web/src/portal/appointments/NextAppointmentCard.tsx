import { Button, Card, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PortalAppointment } from '../../../../src/reminder/model';
import { Preparation } from './Preparation';

/** Home's "Next appointment" card, with how to prepare. */
export function NextAppointmentCard({ appointment }: { appointment: PortalAppointment }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Text fw={700} size="lg">
        {appointment.when}
      </Text>
      <Text size="sm" mt={4}>
        Your {appointment.sessionName} at {appointment.clinicName}.
      </Text>
      <Preparation appointment={appointment} />
      <Button component={Link} to="/portal/appointments" variant="default" size="md" fullWidth mt="md">
        See my appointments
      </Button>
    </Card>
  );
}

/** Home's "Confirm your escort" task, once the clinic asks for it and none is confirmed. */
export function EscortTaskCard({ appointment }: { appointment: PortalAppointment }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Text fw={700} size="lg">
        Confirm your escort
      </Text>
      <Text size="sm" mt={4}>
        Tell us who will take you home after your session on {appointment.when}. We cannot start without it.
      </Text>
      <Button component={Link} to="/portal/appointments" size="lg" fullWidth mt="md">
        Confirm my escort
      </Button>
    </Card>
  );
}
