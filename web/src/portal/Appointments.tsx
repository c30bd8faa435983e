import { Text } from '@mantine/core';

/** The patient's appointments. */
export function Appointments() {
  return <Text>The patient's appointments.</Text>;
}
