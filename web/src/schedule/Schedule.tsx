import { Text } from '@mantine/core';

/** The day and week calendar by chair. */
export function Schedule() {
  return <Text>The day and week calendar by chair.</Text>;
}
