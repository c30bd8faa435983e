import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { CourseList, MisuseRiskView } from '../../../../src/course/model';
import { useHasRole } from '../../session/session';
import { ProblemAlert } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';
import { CourseCard } from './CourseCard';
import { MisuseRiskPanel } from './MisuseRiskPanel';
import { PlanCourseForm } from './PlanCourseForm';

/** The patient's treatment courses (newest first) with their orders, planning a course, and the misuse-risk view. */
export function CourseTab({ clinicId, patientId }: { clinicId: string; patientId: string }) {
  const canManage = useHasRole('prescriber'); // course.manage
  const base = `/api/clinics/${clinicId}/patients/${patientId}`;
  const courses = useApi<CourseList>(`${base}/courses`);
  const misuse = useApi<MisuseRiskView>(`${base}/misuse-risk`);
  const [planning, setPlanning] = useState(false);
  const [planned, setPlanned] = useState<string>();
  const list = [...(courses.data?.courses ?? [])].reverse();
  const reload = () => {
    courses.reload();
    misuse.reload();
  };
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Treatment courses
        </Title>
        {canManage && !planning && (
          <Button
            onClick={() => {
              setPlanned(undefined);
              setPlanning(true);
            }}
          >
            Plan a course
          </Button>
        )}
      </Group>
      <ProblemAlert error={courses.error} title="The courses cannot be shown" />
      {planned && (
        <Alert color="teal" variant="light" role="status">
          {planned}
        </Alert>
      )}
      {planning && (
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            Plan a course
          </Title>
          <PlanCourseForm
            clinicId={clinicId}
            patientId={patientId}
            onCancel={() => setPlanning(false)}
            onPlanned={(course) => {
              setPlanning(false);
              setPlanned(`Course planned: ${course.protocol.name}, version ${course.protocol.version}.`);
              reload();
            }}
          />
        </Card>
      )}
      {courses.data && list.length === 0 && (
        <Text c="dimmed">
          No course planned yet. A course needs the patient approved for its route in Screening.
        </Text>
      )}
      {list.map((course) => (
        <CourseCard
          key={course.id}
          clinicId={clinicId}
          course={course}
          canManage={canManage}
          onChanged={reload}
        />
      ))}
      <ProblemAlert error={misuse.error} title="The misuse-risk signals cannot be shown" />
      {misuse.data && <MisuseRiskPanel view={misuse.data} />}
    </Stack>
  );
}
