import { Button, Group, NativeSelect, NumberInput, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { stepCount, stepLabel } from '../../../../src/course/core';
import type { CourseView, PlanCourseBody } from '../../../../src/course/model';
import type { ProtocolList } from '../../../../src/protocol/model';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { routeLabels } from '../screening/labels';

/**
 * The prescriber plans a course: one of the clinic's active protocols (current version), the ICD-10-CM code
 * treated, the induction series (the protocol's defaults), the starting dose step and the goal and end point.
 * The server refuses a route the patient is not approved for, naming the rule.
 */
export function PlanCourseForm({
  clinicId,
  patientId,
  onPlanned,
  onCancel,
}: {
  clinicId: string;
  patientId: string;
  onPlanned: (course: CourseView) => void;
  onCancel: () => void;
}) {
  const protocols = useApi<ProtocolList>(`/api/clinics/${clinicId}/protocols`);
  const active = (protocols.data?.protocols ?? []).filter((p) => p.active);
  const [protocolId, setProtocolId] = useState('');
  const chosen = active.find((p) => p.id === protocolId) ?? active[0];
  const [diagnosisCode, setDiagnosisCode] = useState('');
  const [sessions, setSessions] = useState<number | ''>('');
  const [withinDays, setWithinDays] = useState<number | ''>('');
  const [step, setStep] = useState('0');
  const [goal, setGoal] = useState('');
  const submit = useSubmit((body: PlanCourseBody) =>
    send<CourseView>('POST', `/api/clinics/${clinicId}/patients/${patientId}/courses`, body),
  );

  const dosing = chosen?.definition.dosing;
  const steps = dosing
    ? Array.from({ length: stepCount(dosing) }, (_, i) => ({
        value: String(i),
        label: `Step ${i + 1}: ${stepLabel(dosing, i)}`,
      }))
    : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const planned = await submit.run({
      protocolId: chosen.id,
      diagnosisCode: diagnosisCode.trim(),
      ...(sessions === '' ? {} : { plannedInductionSessions: sessions }),
      ...(withinDays === '' ? {} : { inductionWithinDays: withinDays }),
      startingStepIndex: Number(step),
      goal,
    });
    if (planned) onPlanned(planned);
  };
  const course = chosen?.definition.course;
  return (
    <form onSubmit={onSubmit} aria-label="Plan a course">
      <Stack gap="sm">
        <ProblemAlert error={protocols.error} title="The protocols cannot be shown" />
        <NativeSelect
          label="Protocol"
          value={chosen?.id ?? ''}
          onChange={(e) => {
            setProtocolId(e.currentTarget.value);
            setStep('0');
          }}
          data={active.map((p) => ({
            value: p.id,
            label: `${p.name} (version ${p.version}, ${routeLabels[p.route]})`,
          }))}
          error={fieldError(submit.error, '/body/protocolId')}
          required
        />
        <TextInput
          label="Diagnosis (ICD-10-CM code)"
          description="The condition this course treats, e.g. F33.2"
          value={diagnosisCode}
          onChange={(e) => setDiagnosisCode(e.currentTarget.value)}
          error={fieldError(submit.error, '/body/diagnosisCode')}
          required
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Induction sessions"
            description={course ? `Protocol: ${course.inductionSessions}` : undefined}
            placeholder={course ? String(course.inductionSessions) : undefined}
            min={1}
            max={20}
            value={sessions}
            onChange={(v) => setSessions(typeof v === 'number' ? v : '')}
            error={fieldError(submit.error, '/body/plannedInductionSessions')}
          />
          <NumberInput
            label="Within (days)"
            description={course ? `Protocol: ${course.inductionWithinDays} days` : undefined}
            placeholder={course ? String(course.inductionWithinDays) : undefined}
            min={1}
            max={90}
            value={withinDays}
            onChange={(v) => setWithinDays(typeof v === 'number' ? v : '')}
            error={fieldError(submit.error, '/body/inductionWithinDays')}
          />
        </Group>
        <NativeSelect
          label="Starting dose step"
          value={step}
          onChange={(e) => setStep(e.currentTarget.value)}
          data={steps}
          error={fieldError(submit.error, '/body/startingStepIndex')}
        />
        <Textarea
          label="Goal and end point"
          description="What the course aims for and when it ends (a defined end is a dependence safeguard)"
          value={goal}
          onChange={(e) => setGoal(e.currentTarget.value)}
          error={fieldError(submit.error, '/body/goal')}
          autosize
          minRows={2}
          required
        />
        <ProblemAlert error={submit.error} title="The course was not planned" fieldsShown />
        <Group>
          <Button type="submit" loading={submit.busy} disabled={!chosen}>
            Plan course
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
