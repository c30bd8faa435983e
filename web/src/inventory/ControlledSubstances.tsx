import { Text } from '@mantine/core';

/** The Schedule III ledger. */
export function ControlledSubstances() {
  return <Text>The Schedule III ledger.</Text>;
}
