import { Text } from '@mantine/core';

/** The medication orders of one course: sign, discontinue, request a change. */
export function Orders(_props: { clinicId: string; patientId: string; courseId: string }) {
  return <Text>Orders.</Text>;
}
