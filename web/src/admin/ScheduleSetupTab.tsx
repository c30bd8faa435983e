import { Text } from '@mantine/core';

/** Chairs, clinic hours and staff shifts. */
export function ScheduleSetupTab() {
  return <Text>Chairs, clinic hours and staff shifts.</Text>;
}
