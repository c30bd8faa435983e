import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { OrderOptionsView, OrderView, SignOrderBody, StepOption } from '../../../../src/order/model';
import { formatInstant } from '../../admin/format';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useStepUp } from '../../ui/StepUp';
import { useApi, useSubmit } from '../../ui/useApi';
import { formatMg } from './order-labels';

/** What the dialog starts from: a fresh order, a replacement, or the answer to a nurse's change request. */
export interface SignStart {
  kind?: OrderView['kind'];
  appointmentId?: string;
  resolvesChangeRequestId?: string;
  /** The nurse's request, shown above the form while answering it. */
  request?: string;
}

/** The order in force for the same slot (standing, or the same appointment): a new one replaces it. */
const inForceFor = (orders: OrderView[], kind: OrderView['kind'], appointmentId: string | null) =>
  orders.find((o) => o.validity.valid && o.kind === kind && o.appointmentId === appointmentId);

const doseText = (step: StepOption) =>
  step.calculation.ok
    ? `${formatMg(step.calculation.doseMcg)} (most allowed ${formatMg(step.calculation.maxDoseMcg)})`
    : `Not calculable: ${step.calculation.reason}`;

/**
 * The prescriber's signing dialog: the kind of order, the protocol step with the dose it gives this patient and
 * its working, instructions and validity. Signing asks for step-up when the server does.
 */
export function SignOrderDialog({
  clinicId,
  patientId,
  courseId,
  orders,
  start,
  sign,
  onClose,
  onSigned,
}: {
  clinicId: string;
  patientId: string;
  courseId: string;
  orders: OrderView[];
  start: SignStart;
  sign: (body: SignOrderBody) => Promise<OrderView>;
  onClose: () => void;
  onSigned: (order: OrderView) => void;
}) {
  const options = useApi<OrderOptionsView>(
    `/api/clinics/${clinicId}/patients/${patientId}/courses/${courseId}/order-options`,
  );
  const [kind, setKind] = useState<OrderView['kind']>(start.kind ?? 'standing');
  const [appointmentId, setAppointmentId] = useState<string | null>(start.appointmentId ?? null);
  const [stepIndex, setStepIndex] = useState<number>();
  const [instructions, setInstructions] = useState('');
  const [validUntil, setValidUntil] = useState('');
  // Rendered after the form's modal so it opens on top of it.
  const { withStepUp, dialog } = useStepUp();
  const submit = useSubmit((body: SignOrderBody) => withStepUp(() => sign(body)));
  const view = options.data;
  const step = view?.steps.find((s) => s.stepIndex === (stepIndex ?? view.currentStepIndex));
  const replaces = inForceFor(orders, kind, kind === 'session' ? appointmentId : null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!view || !step) return;
    const signed = await submit.run({
      courseId,
      kind,
      stepIndex: step.stepIndex,
      instructions: instructions.trim(),
      ...(kind === 'session' && appointmentId ? { appointmentId } : {}),
      ...(kind === 'standing' && validUntil ? { validUntil } : {}),
      ...(replaces ? { supersedesOrderId: replaces.id } : {}),
      ...(start.resolvesChangeRequestId ? { resolvesChangeRequestId: start.resolvesChangeRequestId } : {}),
    });
    if (signed) onSigned(signed);
  };

  return (
    <>
      <Modal opened onClose={onClose} title="Sign a medication order" size="lg">
        <ProblemAlert error={options.error} title="The order form cannot be shown" />
        {view && (
          <form onSubmit={onSubmit} noValidate aria-label="Sign a medication order">
            <Stack gap="md">
              <Text size="sm">
                {view.protocol.name} (version {view.protocol.version}). The course is at{' '}
                {view.steps[view.currentStepIndex]?.label ?? `step ${view.currentStepIndex + 1}`}.
              </Text>
              {start.request && (
                <Alert color="blue" variant="light" title="Answering the nurse’s request">
                  {start.request}
                </Alert>
              )}
              {view.blockers.length > 0 && (
                <Alert color="red" variant="light" title="No order can be signed now" role="alert">
                  <List size="sm">
                    {view.blockers.map((b) => (
                      <List.Item key={b}>{b}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <Stack gap={4}>
                <Text size="sm" fw={500} id="order-kind-label">
                  Kind of order
                </Text>
                <SegmentedControl
                  aria-labelledby="order-kind-label"
                  value={kind}
                  onChange={(value) => setKind(value as OrderView['kind'])}
                  data={[
                    { value: 'standing', label: 'Standing (every session of the course)' },
                    { value: 'session', label: 'One appointment' },
                  ]}
                />
              </Stack>
              {kind === 'session' && (
                <Select
                  label="Appointment"
                  placeholder={
                    view.appointments.length === 0 ? 'No booked appointments' : 'Choose the appointment'
                  }
                  data={view.appointments.map((a) => ({ value: a.id, label: formatInstant(a.startsAt) }))}
                  value={appointmentId}
                  onChange={setAppointmentId}
                  error={fieldError(submit.error, '/body/appointmentId')}
                />
              )}
              <Radio.Group
                label="Dose step"
                description="The dose goes up one protocol step at a time; any step down is allowed."
                value={String(step?.stepIndex ?? '')}
                onChange={(value) => setStepIndex(Number(value))}
                error={fieldError(submit.error, '/body/stepIndex')}
              >
                <Stack gap="xs" mt="xs">
                  {view.steps.map((s) => (
                    <Radio
                      key={s.stepIndex}
                      value={String(s.stepIndex)}
                      disabled={s.refusal !== null}
                      label={`${s.label[0]!.toUpperCase()}${s.label.slice(1)}: ${doseText(s)}`}
                      description={s.refusal ?? undefined}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              {step && (
                <Stack gap={2} component="section" aria-label="Dose working">
                  <Text size="sm" fw={600}>
                    Dose working ({step.label})
                  </Text>
                  <List size="sm" spacing={2}>
                    {step.calculation.working.map((line) => (
                      <List.Item key={line}>{line}</List.Item>
                    ))}
                  </List>
                </Stack>
              )}
              <Textarea
                label="Instructions"
                description="How to give it, what to hold for and when to call the prescriber."
                autosize
                minRows={2}
                value={instructions}
                onChange={(e) => setInstructions(e.currentTarget.value)}
                error={fieldError(submit.error, '/body/instructions')}
                required
              />
              {kind === 'standing' && (
                <TextInput
                  type="date"
                  label="Last day"
                  description={`Leave empty for the longest a standing order may run: ${view.standingOrderMaxDays} days, to ${view.latestStandingDate}.`}
                  min={view.today}
                  max={view.latestStandingDate}
                  value={validUntil}
                  onChange={(e) => setValidUntil(e.currentTarget.value)}
                  error={fieldError(submit.error, '/body/validUntil')}
                />
              )}
              {replaces && (
                <Text size="sm">
                  Replaces the order in force: {replaces.stepLabel}, signed {formatInstant(replaces.signedAt)}{' '}
                  by {replaces.signedBy.name}.
                </Text>
              )}
              <Text size="sm" c="dimmed">
                Signing asks you to confirm it is you (password and authenticator code).
              </Text>
              <ProblemAlert error={submit.error} title="Not signed" />
              <Group gap="xs">
                <Button type="submit" loading={submit.busy} disabled={view.blockers.length > 0 || !step}>
                  Sign order
                </Button>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      {dialog}
    </>
  );
}
