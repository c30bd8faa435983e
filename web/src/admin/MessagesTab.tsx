import { Text } from '@mantine/core';

/** Messages sent to patients. */
export function MessagesTab() {
  return <Text>Messages sent to patients.</Text>;
}
