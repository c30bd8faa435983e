import { Button, Checkbox, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import type {
  AssignBody,
  AssignmentReason,
  AssignmentView,
  InstrumentList,
} from '../../../src/measures/model';
import { send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';

export const reasonLabels: Record<AssignmentReason, string> = {
  baseline: 'Baseline (before the first dose)',
  pre_session: 'Before a treatment session',
  between_sessions: 'Between sessions',
  requested: 'Requested by the care team',
};

/** Ask the patient to fill a questionnaire in the portal: once, or every week during a course. */
export function AssignQuestionnaire({
  clinicId,
  patientId,
  onAssigned,
}: {
  clinicId: string;
  patientId: string;
  onAssigned: () => void;
}) {
  const instruments = useApi<Static<typeof InstrumentList>>(`/api/clinics/${clinicId}/instruments`);
  const submit = useSubmit((body: AssignBody) =>
    send<AssignmentView>('POST', `/api/clinics/${clinicId}/patients/${patientId}/assignments`, body),
  );
  const [instrumentId, setInstrumentId] = useState('phq-9');
  const [reason, setReason] = useState<AssignmentReason>('between_sessions');
  const [weekly, setWeekly] = useState(false);
  const [dueAt, setDueAt] = useState('');
  const questionnaires = (instruments.data?.instruments ?? []).filter((i) => i.kind === 'patient-reported');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const assigned = await submit.run({
      instrumentId,
      reason,
      ...(weekly ? { repeatEveryDays: 7 } : {}),
      ...(dueAt ? { dueAt: new Date(dueAt).toISOString() } : {}),
    });
    if (assigned) onAssigned();
  };

  return (
    <form onSubmit={onSubmit} aria-label="Assign a questionnaire">
      <Stack gap="md">
        <ProblemAlert error={instruments.error} title="Questionnaires cannot be shown" />
        <NativeSelect
          label="Questionnaire"
          value={instrumentId}
          onChange={(e) => setInstrumentId(e.currentTarget.value)}
          data={questionnaires.map((i) => ({ value: i.id, label: i.title }))}
          error={fieldError(submit.error, '/body/instrumentId')}
        />
        <NativeSelect
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value as AssignmentReason)}
          data={Object.entries(reasonLabels).map(([value, label]) => ({ value, label }))}
          error={fieldError(submit.error, '/body/reason')}
        />
        <Checkbox
          label="Repeat every week until ended"
          checked={weekly}
          onChange={(e) => setWeekly(e.currentTarget.checked)}
          error={fieldError(submit.error, '/body/repeatEveryDays')}
        />
        <TextInput
          type="datetime-local"
          label="Due"
          description="Leave empty for the clinic’s usual due window from now."
          value={dueAt}
          onChange={(e) => setDueAt(e.currentTarget.value)}
          error={fieldError(submit.error, '/body/dueAt')}
          w={260}
        />
        <ProblemAlert error={submit.error} title="Not assigned" fieldsShown />
        <Group>
          <Button type="submit" loading={submit.busy} disabled={questionnaires.length === 0}>
            Assign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
