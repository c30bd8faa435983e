import { List, Text } from '@mantine/core';
import type { PortalAppointment } from '../../../../src/reminder/model';

/** How to prepare for one session, line by line (fasting, the clinic's note, escort, no driving). */
export function Preparation({ appointment }: { appointment: PortalAppointment }) {
  return (
    <>
      <Text fw={700} mt="sm">
        How to prepare
      </Text>
      <List spacing={4} size="sm">
        {appointment.preparation.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
    </>
  );
}
