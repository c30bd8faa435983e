import { Alert, Text } from '@mantine/core';
import type { ApiError } from '../api/client';
import { ProblemAlert } from '../ui/Problem';

/** Rule ids a clinician will meet when booking, in their words (the server's detail says what would satisfy it). */
const ruleNames: Record<string, string> = {
  'COURSE-MIN-INTERVAL': 'Minimum interval between sessions',
  'COURSE-MAX-SESSIONS-28D': 'Sessions per 28 days',
  'COURSE-KETAMINE-MG-28D': 'Ketamine mg per 28 days',
  'COURSE-ESKETAMINE-MG-28D': 'Esketamine mg per 28 days',
  'COURSE-INDUCTION-FULL': 'Induction series complete',
  'COURSE-REASSESSMENT-DUE': 'Reassessment due',
  'COURSE-ENDED': 'Course ended',
  'COURSE-DOSE-STEP': 'Dose step',
  'SCHED-IN-PAST': 'Time has passed',
  'SCHED-CLOSED': 'Clinic hours',
  'SCHED-CHAIR-RETIRED': 'Chair retired',
  'SCHED-CHAIR-ROUTE': 'Chair equipment',
  'SCHED-CHAIR-TAKEN': 'Chair taken',
  'SCHED-PATIENT-OVERLAP': 'Patient already booked',
  'SCHED-NURSE-COVERAGE': 'Nurse coverage',
  'SCHED-PRESCRIBER-COVERAGE': 'Prescriber on site',
};

/** A booking refusal: which rule (named and with its id) and the server's words on what would satisfy it. */
export function Refusal({ error }: { error: ApiError | undefined }) {
  if (!error?.rule) return <ProblemAlert error={error} />;
  return (
    <Alert color="red" role="alert" title={`Refused: ${ruleNames[error.rule] ?? error.title}`}>
      <Text size="sm">{error.detail}</Text>
      <Text size="xs" mt={4}>
        Rule {error.rule}
      </Text>
    </Alert>
  );
}
