import { Text } from '@mantine/core';

/** The clinic's treatment protocols. */
export function ProtocolsTab() {
  return <Text>The clinic's treatment protocols.</Text>;
}
