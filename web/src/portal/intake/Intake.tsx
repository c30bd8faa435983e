import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PortalIntake } from '../../../../src/intake/model';
import { ApiError, send } from '../../api/client';
import { Page } from '../../ui/Page';
import { ProblemAlert } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';
import { dateInWords, useClinicTimeZone } from '../format';
import type { FieldErrors } from './fields';
import { intakeSteps } from './steps';
import { type SaveState, useAutosave } from './useAutosave';

/** `/portal/intake`: the clinical intake, one step per screen, saved as the patient goes. */
export function Intake() {
  const intake = useApi<PortalIntake>('/api/portal/intake');
  const [editing, setEditing] = useState(false);
  if (!intake.data)
    return (
      <Page title="Your intake">
        {intake.error ? <ProblemAlert error={intake.error} /> : <Text>Loading your answers…</Text>}
      </Page>
    );
  const sent = intake.data.status === 'submitted' || intake.data.status === 'reviewed';
  if (sent && !editing) return <Sent intake={intake.data} onChange={() => setEditing(true)} />;
  return (
    <Wizard
      initial={intake.data}
      onSubmitted={() => {
        setEditing(false);
        intake.reload();
      }}
    />
  );
}

function Sent({ intake, onChange }: { intake: PortalIntake; onChange: () => void }) {
  const timeZone = useClinicTimeZone();
  return (
    <Page title="Your intake">
      <Alert color="teal" title="Sent to your care team" role="status">
        {intake.submittedAt && `You sent your intake on ${dateInWords(intake.submittedAt, timeZone)}. `}
        {intake.status === 'reviewed'
          ? 'Your care team has gone through it.'
          : 'Your care team will go through it and contact you if they have questions.'}
      </Alert>
      <Button component={Link} to="/portal" size="lg">
        Back to home
      </Button>
      <Button variant="default" size="md" onClick={onChange}>
        Something changed? Update my answers
      </Button>
    </Page>
  );
}

const saveWords: Record<SaveState, string> = {
  saved: 'Saved',
  unsaved: 'Saving soon…',
  saving: 'Saving…',
  failed: 'Not saved: check your connection. We will try again when you continue.',
};

/** Server refusals by path, each at the step that asks it. */
function errorsOf(error: ApiError | undefined): FieldErrors {
  return Object.fromEntries((error?.fieldErrors ?? []).map((f) => [f.path, f.message]));
}

const REVIEW = intakeSteps.length;

function Wizard({ initial, onSubmitted }: { initial: PortalIntake; onSubmitted: () => void }) {
  const { content, update, save, state, conflict, dismissConflict } = useAutosave(initial);
  const [params, setParams] = useSearchParams();
  const resumeAt = Math.max(
    0,
    intakeSteps.findIndex((s) => !s.started(initial.content)),
  );
  const requested = Number(params.get('step'));
  // The step is in the address, so a reload comes back to it.
  const index =
    Number.isInteger(requested) && requested >= 1 && requested <= REVIEW + 1 ? requested - 1 : resumeAt;
  const [submitError, setSubmitError] = useState<ApiError>();
  const [submitting, setSubmitting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const errors = errorsOf(submitError);
  const step = intakeSteps[index];
  useDocumentTitle(`${step ? step.title : 'Check and send'} — Your intake — ketacare`);

  const go = async (to: number) => {
    await save();
    setParams({ step: String(to + 1) });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, [index]);

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      await save();
      await send('POST', '/api/portal/intake/submit');
      onSubmitted();
    } catch (error) {
      const refusal = error instanceof ApiError ? error : undefined;
      setSubmitError(refusal);
      const first = refusal?.fieldErrors[0]?.path;
      const at = first === undefined ? -1 : intakeSteps.findIndex((s) => s.owns.test(first));
      if (at >= 0) setParams({ step: String(at + 1) });
    } finally {
      setSubmitting(false);
    }
  };

  const stepErrors = step ? Object.entries(errors).filter(([path]) => step.owns.test(path)) : [];
  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" fw={600}>
          {step ? `Step ${index + 1} of ${REVIEW}` : 'Last step'}
        </Text>
        <Progress value={(100 * index) / REVIEW} aria-label="Intake progress" size="md" mt={4} />
      </div>
      <div>
        <Title order={1} size="h2" ref={heading} tabIndex={-1}>
          {step ? step.title : 'Check and send'}
        </Title>
        <Text c="dimmed">
          {step ? step.why : 'Look over each part, then send your intake to your care team.'}
        </Text>
      </div>
      <Text role="status" size="sm" fw={600} c={state === 'failed' ? 'red.9' : 'teal.9'} aria-live="polite">
        {saveWords[state]}
      </Text>
      {conflict && (
        <Alert
          color="orange"
          title="Your answers were changed somewhere else"
          role="alert"
          withCloseButton
          onClose={dismissConflict}
        >
          Your intake was saved from another window or device. We have loaded the latest saved answers: please
          check this step.
        </Alert>
      )}
      {stepErrors.length > 0 && (
        <Alert color="red" title="Some answers here need a change" role="alert">
          {stepErrors.length === 1
            ? 'One answer is marked below.'
            : `${stepErrors.length} answers are marked below.`}
        </Alert>
      )}
      {step ? (
        <step.Body content={content} update={update} errors={errors} />
      ) : (
        <Review content={content} errors={errors} onEdit={(i) => void go(i)} />
      )}
      {!step && submitError && submitError.fieldErrors.length === 0 && (
        <ProblemAlert error={submitError} title="Your intake was not sent" />
      )}
      <Group grow>
        {index > 0 && (
          <Button variant="default" size="lg" onClick={() => void go(index - 1)}>
            Back
          </Button>
        )}
        {step ? (
          <Button size="lg" onClick={() => void go(index + 1)}>
            Continue
          </Button>
        ) : (
          <Button size="lg" onClick={() => void submit()} loading={submitting}>
            Send my intake
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Your answers are saved as you go: you can stop and come back later. ketacare is not for emergencies:
        if you are in danger, call 911.
      </Text>
    </Stack>
  );
}

function Review({
  content,
  errors,
  onEdit,
}: {
  content: PortalIntake['content'];
  errors: FieldErrors;
  onEdit: (step: number) => void;
}) {
  return (
    <Stack gap="sm">
      {intakeSteps.map((s, i) => {
        const count = Object.keys(errors).filter((path) => s.owns.test(path)).length;
        return (
          <Card key={s.id} withBorder radius="md" padding="md">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={700}>{s.title}</Text>
                <Text size="sm" c={count ? 'red.9' : 'dimmed'}>
                  {count ? `${count} to change` : s.started(content) ? 'Answered' : 'Nothing entered yet'}
                </Text>
              </div>
              <Button variant="default" size="md" onClick={() => onEdit(i)} aria-label={`Change ${s.title}`}>
                Change
              </Button>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
