import { Text } from '@mantine/core';

/** The patient's treatment courses and medication orders. */
export function CourseTab(_props: { clinicId: string; patientId: string }) {
  return <Text>Courses and orders.</Text>;
}
