import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type {
  CoursePhase,
  CourseView,
  EndCourseBody,
  ReassessBody,
  ReassessmentDecision,
} from '../../../../src/course/model';
import { formatInstant } from '../../admin/format';
import { send } from '../../api/client';
import { DataTable } from '../../ui/DataTable';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useSubmit } from '../../ui/useApi';
import { formatDate } from '../measures';
import { routeLabels } from '../screening/labels';
import { Orders } from './Orders';

/** Phases in words and colour (never colour alone). */
export const phaseLabels: Record<CoursePhase, { label: string; color: string }> = {
  induction: { label: 'Induction', color: 'blue' },
  reassessment_due: { label: 'Reassessment due', color: 'orange' },
  maintenance: { label: 'Maintenance', color: 'teal' },
  completed: { label: 'Completed', color: 'gray' },
  discontinued: { label: 'Discontinued', color: 'gray' },
};

const decisionLabels: Record<ReassessmentDecision, string> = {
  continue: 'Continue into maintenance',
  extend: 'Extend induction',
  stop: 'Stop the course',
};

type Action = 'reassess' | 'completion' | 'discontinuation' | null;

/** One course: protocol, phase, dose step, induction progress, next booster, events, orders and the prescriber's actions. */
export function CourseCard({
  clinicId,
  course,
  canManage,
  onChanged,
}: {
  clinicId: string;
  course: CourseView;
  canManage: boolean;
  onChanged: () => void;
}) {
  const [action, setAction] = useState<Action>(null);
  const ended = course.phase === 'completed' || course.phase === 'discontinued';
  const { induction } = course;
  const phase = phaseLabels[course.phase];
  const base = `/api/clinics/${clinicId}/patients/${course.patientId}/courses/${course.id}`;
  const done = () => {
    setAction(null);
    onChanged();
  };
  return (
    <Card withBorder component="section" aria-labelledby={`course-${course.id}`} data-testid="course-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h5" id={`course-${course.id}`}>
              {course.protocol.name}, version {course.protocol.version}
            </Title>
            <Text size="sm" c="dimmed">
              {routeLabels[course.route]} · {course.diagnosis.code}
              {course.diagnosis.display ? ` ${course.diagnosis.display}` : ''} · planned by{' '}
              {course.plannedBy.name} on {formatInstant(course.plannedAt)}
            </Text>
          </Stack>
          <Badge color={phase.color} autoContrast variant="filled">
            {phase.label}
          </Badge>
        </Group>
        <Text size="sm">
          <strong>Goal:</strong> {course.goal}
        </Text>
        <Group gap="xl" align="flex-start">
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              Dose step
            </Text>
            <Text size="sm" fw={600}>
              {course.step.label ?? `Step ${course.step.index + 1} (not in the protocol)`} (step{' '}
              {course.step.index + 1} of {course.step.of})
            </Text>
          </Stack>
          <Stack gap={2} miw={220}>
            <Text size="xs" c="dimmed">
              Induction
            </Text>
            <Text size="sm" fw={600}>
              {induction.attended} of {induction.target} attended, {induction.booked} booked
              {induction.target !== induction.planned ? ` (planned ${induction.planned}, extended)` : ''},
              within {induction.withinDays} days
            </Text>
            <Progress.Root size="sm">
              <Progress.Section
                value={Math.min(100, (induction.attended / induction.target) * 100)}
                aria-label={`Induction: ${induction.attended} of ${induction.target} sessions attended`}
              />
            </Progress.Root>
          </Stack>
          {course.phase === 'maintenance' && (
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                Next booster
              </Text>
              <Text size="sm" fw={600}>
                {course.nextBoosterDate ? `due ${formatDate(`${course.nextBoosterDate}T12:00:00Z`)}` : '—'} (
                {course.boosters.attended} attended, {course.boosters.booked} booked; intervals{' '}
                {course.maintenanceIntervalsDays.join(', ')} days)
              </Text>
            </Stack>
          )}
        </Group>
        {ended && (
          <Text size="sm">
            {phase.label} {course.endedAt ? formatInstant(course.endedAt) : ''}
            {course.endReason ? `: ${course.endReason}` : ''}
          </Text>
        )}
        <DataTable
          caption="Course events"
          rows={course.events}
          rowKey={(e) => e.id}
          empty="No reassessment, dose change or end recorded yet."
          columns={[
            { header: 'When', cell: (e) => formatInstant(e.recordedAt) },
            { header: 'What', cell: (e) => e.summary },
            { header: 'Why', cell: (e) => e.reason ?? '' },
            { header: 'By', cell: (e) => e.recordedBy.name },
          ]}
        />
        {canManage && !ended && action === null && (
          <Group>
            <Button variant="default" onClick={() => setAction('reassess')}>
              Record reassessment
            </Button>
            <Button variant="default" onClick={() => setAction('completion')}>
              Complete course
            </Button>
            <Button variant="default" color="red" onClick={() => setAction('discontinuation')}>
              Discontinue course
            </Button>
          </Group>
        )}
        {action === 'reassess' && (
          <ReassessForm
            course={course}
            path={`${base}/reassessments`}
            onDone={done}
            onCancel={() => setAction(null)}
          />
        )}
        {(action === 'completion' || action === 'discontinuation') && (
          <EndForm kind={action} path={`${base}/${action}`} onDone={done} onCancel={() => setAction(null)} />
        )}
        <Orders clinicId={clinicId} patientId={course.patientId} courseId={course.id} onChanged={onChanged} />
      </Stack>
    </Card>
  );
}

/** The outcome measures' verdict in words: baseline, latest, change, response and remission. */
function MeasuresVerdictText({ course }: { course: CourseView }) {
  const m = course.measures;
  if (!m.baseline || !m.latest) return <Text size="sm">{m.note}</Text>;
  return (
    <Text size="sm">
      {m.instrument}: baseline {m.baseline.total} ({formatDate(m.baseline.effectiveAt)}), latest{' '}
      {m.latest.total} ({formatDate(m.latest.effectiveAt)})
      {m.percentChange === null ? '' : `, ${m.percentChange} %`}.{' '}
      <strong>{m.response ? 'Response' : 'No response'}</strong> (at least 50 % lower than baseline)
      {m.remission === null ? '' : m.remission ? ', remission' : ', no remission'}.
    </Text>
  );
}

function ReassessForm({
  course,
  path,
  onDone,
  onCancel,
}: {
  course: CourseView;
  path: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const maintenance = course.phase === 'maintenance';
  const [decision, setDecision] = useState<ReassessmentDecision>('continue');
  const [extendBy, setExtendBy] = useState<number | ''>(2);
  const [note, setNote] = useState('');
  const submit = useSubmit((body: ReassessBody) => send<CourseView>('POST', path, body));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body: ReassessBody = {
      decision,
      note,
      ...(decision === 'extend' && extendBy !== '' ? { extendInductionBy: extendBy } : {}),
    };
    if (await submit.run(body)) onDone();
  };
  const decisions = (Object.keys(decisionLabels) as ReassessmentDecision[]).filter(
    (d) => !(maintenance && d === 'extend'),
  );
  return (
    <form onSubmit={onSubmit} aria-label="Record reassessment">
      <Stack gap="sm">
        <Alert color="blue" variant="light" title="What the measures say">
          <MeasuresVerdictText course={course} />
        </Alert>
        <NativeSelect
          label="Decision"
          value={decision}
          onChange={(e) => setDecision(e.currentTarget.value as ReassessmentDecision)}
          data={decisions.map((d) => ({ value: d, label: decisionLabels[d] }))}
        />
        {decision === 'extend' && (
          <NumberInput
            label="Add induction sessions"
            min={1}
            max={6}
            value={extendBy}
            onChange={(v) => setExtendBy(typeof v === 'number' ? v : '')}
            error={fieldError(submit.error, '/body/extendInductionBy')}
          />
        )}
        <Textarea
          label="Note"
          description="Why this decision"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError(submit.error, '/body/note')}
          required
        />
        <ProblemAlert error={submit.error} title="The reassessment was not recorded" fieldsShown />
        <Group>
          <Button type="submit" loading={submit.busy}>
            Record reassessment
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EndForm({
  kind,
  path,
  onDone,
  onCancel,
}: {
  kind: 'completion' | 'discontinuation';
  path: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const submit = useSubmit((body: EndCourseBody) => send<CourseView>('POST', path, body));
  const verb = kind === 'completion' ? 'Complete' : 'Discontinue';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await submit.run({ reason })) onDone();
  };
  return (
    <form onSubmit={onSubmit} aria-label={`${verb} course`}>
      <Stack gap="sm">
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(submit.error, '/body/reason')}
          required
        />
        <ProblemAlert
          error={submit.error}
          title={`The course was not ${kind === 'completion' ? 'completed' : 'discontinued'}`}
          fieldsShown
        />
        <Group>
          <Button type="submit" color={kind === 'discontinuation' ? 'red' : undefined} loading={submit.busy}>
            {verb} course
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
