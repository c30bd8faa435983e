import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  NativeSelect,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { Static } from 'typebox';
import {
  drugClasses,
  type FactKind,
  type MedicationView,
  medicalHistoryItems,
  type ReviewResult,
  type StaffIntakeView,
  type SubmissionView,
} from '../../../../src/intake/model';
import { formatInstant } from '../../admin/format';
import { send } from '../../api/client';
import { useHasRole } from '../../session/session';
import type { Column } from '../../ui/DataTable';
import { DataTable } from '../../ui/DataTable';
import { ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { AddFact, addTitles } from './AddFact';
import { CorrectFact } from './CorrectFact';
import {
  classLabel,
  dailyDoseText,
  drugClassLabels,
  measureLabels,
  measurementText,
  outcomeLabels,
  priorKindLabels,
  statusText,
} from './labels';

type Dialog = { kind: FactKind; correct?: { id: string; what: string } };

/**
 * The patient's intake for the care team: the latest portal submission (reviewed into coded facts by a nurse
 * or prescriber), and the facts screening reads — each added, corrected, stopped or retracted as a new record.
 */
export function IntakeTab({
  clinicId,
  patientId,
  onFactsChanged,
}: {
  clinicId: string;
  patientId: string;
  /** Every fact change re-runs screening: the header and the screening tab reload. */
  onFactsChanged: () => void;
}) {
  const canReview = useHasRole('prescriber', 'nurse'); // intake.review
  const base = `/api/clinics/${clinicId}/patients/${patientId}`;
  const intake = useApi<StaffIntakeView>(`${base}/intake`);
  const [dialog, setDialog] = useState<Dialog>();
  const [opened, setOpened] = useState(false);
  const show = (d: Dialog) => {
    setDialog(d);
    setOpened(true);
  };
  const changed = () => {
    setOpened(false);
    intake.reload();
    onFactsChanged();
  };
  const facts = intake.data?.facts;
  const latest = intake.data?.submissions[0];

  const section = <T extends { id: string; status: string }>(
    kind: FactKind,
    title: string,
    rows: T[] | undefined,
    columns: Column<T>[],
    describe: (row: T) => string,
  ) => (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {title}
        </Title>
        {canReview && (
          <Button size="xs" variant="default" onClick={() => show({ kind })}>
            {addTitles[kind]}
          </Button>
        )}
      </Group>
      {rows && (
        <DataTable
          caption={title}
          rows={rows}
          rowKey={(r) => r.id}
          empty="None recorded."
          columns={[
            ...columns,
            { header: 'Status', cell: (r) => statusText(r.status) },
            ...(canReview
              ? [
                  {
                    header: 'Change',
                    cell: (r: T) => (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Correct ${describe(r)}`}
                        onClick={() => show({ kind, correct: { id: r.id, what: describe(r) } })}
                      >
                        Correct
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Stack>
  );

  return (
    <Stack gap="lg">
      <Title order={2} size="h4">
        Intake
      </Title>
      <ProblemAlert error={intake.error} title="The intake cannot be shown" />
      {intake.data && (
        <LatestSubmission
          submission={latest}
          count={intake.data.submissions.length}
          canReview={canReview}
          reviewPath={latest ? `${base}/intake/${latest.id}/review` : ''}
          onReviewed={changed}
        />
      )}
      {facts && (
        <>
          {section(
            'conditions',
            'Diagnoses and history',
            facts.conditions,
            [
              { header: 'Code', cell: (c) => c.icd10 },
              { header: 'Condition', cell: (c) => c.display },
              { header: 'Category', cell: (c) => (c.category === 'diagnosis' ? 'Diagnosis' : 'History') },
              { header: 'Onset', cell: (c) => c.onset ?? '' },
            ],
            (c) => `${c.icd10} ${c.display}`,
          )}
          {section(
            'medications',
            'Medications',
            facts.medications,
            [
              {
                header: 'Medication',
                cell: (m) => (
                  <Stack gap={0}>
                    <Text size="sm" fw={600}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.rxnorm ? `RxNorm ${m.rxnorm}` : 'As typed (not in the medication table)'}
                    </Text>
                  </Stack>
                ),
              },
              {
                header: 'Class',
                cell: (m) =>
                  m.drugClass === null ? (
                    <NeedsClass
                      medication={m}
                      path={`${base}/medications/${m.id}/corrections`}
                      canClass={canReview}
                      onClassed={changed}
                    />
                  ) : (
                    classLabel(m.drugClass)
                  ),
              },
              { header: 'Dose', cell: (m) => m.doseText ?? '' },
              { header: 'Per day', cell: (m) => dailyDoseText(m.dailyDoseMicrograms) },
            ],
            (m) => m.name,
          )}
          {section(
            'allergies',
            'Allergies',
            facts.allergies,
            [
              { header: 'Substance', cell: (a) => a.substance },
              { header: 'Reaction', cell: (a) => a.reaction ?? '' },
            ],
            (a) => `allergy to ${a.substance}`,
          )}
          {section(
            'prior-treatments',
            'Prior treatments',
            facts.priorTreatments,
            [
              {
                header: 'Treatment',
                cell: (p) => priorKindLabels[p.kind as keyof typeof priorKindLabels] ?? p.kind,
              },
              {
                header: 'Name',
                cell: (p) => `${p.name}${p.drugClass ? ` (${classLabel(p.drugClass)})` : ''}`,
              },
              {
                header: 'Duration',
                cell: (p) => (p.durationWeeks === null ? '' : `${p.durationWeeks} weeks`),
              },
              {
                header: 'Outcome',
                cell: (p) => outcomeLabels[p.outcome as keyof typeof outcomeLabels] ?? p.outcome,
              },
              { header: 'Adequate dose', cell: (p) => p.adequateDose ?? '' },
            ],
            (p) => p.name,
          )}
          {section(
            'measurements',
            'Measurements',
            facts.measurements,
            [
              { header: 'Measurement', cell: (m) => measureLabels[m.measure] },
              { header: 'Value', cell: (m) => measurementText(m) },
              { header: 'Taken', cell: (m) => formatInstant(m.effectiveAt) },
            ],
            (m) => `${measureLabels[m.measure]} ${measurementText(m)}`,
          )}
        </>
      )}
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        size="lg"
        title={dialog?.correct ? 'Correct a record' : dialog ? addTitles[dialog.kind] : ''}
      >
        {dialog &&
          (dialog.correct ? (
            <CorrectFact
              kind={dialog.kind}
              path={`${base}/${dialog.kind}/${dialog.correct.id}/corrections`}
              what={dialog.correct.what}
              onDone={changed}
            />
          ) : (
            <AddFact kind={dialog.kind} base={base} onAdded={changed} />
          ))}
      </Modal>
    </Stack>
  );
}

/** A medication entered as text has no class until staff give it one: the rules cannot read it until then. */
function NeedsClass({
  medication,
  path,
  canClass,
  onClassed,
}: {
  medication: MedicationView;
  path: string;
  canClass: boolean;
  onClassed: () => void;
}) {
  const [drugClass, setDrugClass] = useState('');
  const submit = useSubmit((chosen: string) =>
    send<unknown>('POST', path, { kind: 'amend', reason: 'Classed by staff', drugClass: chosen }),
  );
  return (
    <Stack gap={4}>
      <Badge color="orange.3" autoContrast tt="none" size="sm">
        Needs a class
      </Badge>
      {canClass && (
        <Group gap={4} wrap="nowrap">
          <NativeSelect
            size="xs"
            aria-label={`Class of ${medication.name}`}
            value={drugClass}
            onChange={(e) => setDrugClass(e.currentTarget.value)}
            data={[
              { value: '', label: 'Choose…' },
              ...drugClasses.map((c) => ({ value: c, label: drugClassLabels[c] })),
            ]}
          />
          <Button
            size="xs"
            disabled={!drugClass}
            loading={submit.busy}
            onClick={async () => {
              if ((await submit.run(drugClass)) !== undefined) onClassed();
            }}
          >
            Set class
          </Button>
        </Group>
      )}
      <ProblemAlert error={submit.error} title="Not classed" />
    </Stack>
  );
}

const whenLabels: Record<string, string> = { past: 'in the past', current: 'now', unsure: 'not sure' };

/** What the patient answered that staff should read before recording it: history, substance use, details. */
function answersOf(submission: SubmissionView): string[] {
  const c = submission.content;
  const lines: string[] = [];
  const when = (label: string, value: string | undefined) => {
    if (value && value !== 'never') lines.push(`${label}: ${whenLabels[value] ?? value}`);
  };
  when('Psychosis', c.psychiatricHistory?.psychosis);
  when('Mania', c.psychiatricHistory?.mania);
  when('Dissociative disorder', c.psychiatricHistory?.dissociativeDisorder);
  for (const [key, value] of Object.entries(c.substanceUse ?? {}))
    if (key !== 'details')
      when(`Substance use — ${key === 'ketamineMisuse' ? 'ketamine misuse' : key}`, value);
  const yes = medicalHistoryItems.filter((item) => c.medicalHistory?.[item] === 'yes');
  if (yes.length > 0) lines.push(`Medical history: ${yes.join(', ')}`);
  for (const details of [c.psychiatricHistory?.details, c.substanceUse?.details, c.medicalHistory?.details])
    if (details) lines.push(`“${details}”`);
  if (c.noMedications) lines.push('Takes no medicines');
  if (c.noKnownAllergies) lines.push('No known allergies');
  return lines;
}

function LatestSubmission({
  submission,
  count,
  canReview,
  reviewPath,
  onReviewed,
}: {
  submission: SubmissionView | undefined;
  count: number;
  canReview: boolean;
  reviewPath: string;
  onReviewed: () => void;
}) {
  const review = useSubmit(() => send<Static<typeof ReviewResult>>('POST', reviewPath, {}));
  if (!submission) return <Text c="dimmed">The patient has not submitted an intake in the portal yet.</Text>;
  const proposed = submission.proposed;
  const proposedLines: [string, string[]][] = proposed
    ? [
        ['Diagnoses and history', proposed.conditions.map((c) => `${c.icd10} (${c.category})`)],
        [
          'Medications',
          proposed.medications.map(
            (m) => `${m.name ?? `RxNorm ${m.rxnorm}`}${m.doseText ? `, ${m.doseText}` : ''}`,
          ),
        ],
        ['Allergies', proposed.allergies.map((a) => a.substance)],
        [
          'Prior treatments',
          proposed.priorTreatments.map(
            (p) => `${priorKindLabels[p.kind]}${p.name ? `: ${p.name}` : ''} — ${outcomeLabels[p.outcome]}`,
          ),
        ],
        [
          'Measurements',
          proposed.measurements.map((m) => `${measureLabels[m.measure]} ${m.value} ${m.unit}`),
        ],
      ]
    : [];
  const answers = answersOf(submission);
  return (
    <Card withBorder padding="md" component="section" aria-label="Latest intake submission">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Intake submitted {formatInstant(submission.submittedAt)}
            {count > 1 && ` (${count} submissions)`}
          </Title>
          {submission.reviewedAt ? (
            <Badge color="teal.9" tt="none">
              Reviewed {formatInstant(submission.reviewedAt)}
            </Badge>
          ) : (
            <Badge color="orange.3" autoContrast tt="none">
              Not reviewed yet
            </Badge>
          )}
        </Group>
        {answers.length > 0 && (
          <Details title="The patient’s answers to read">
            {answers.map((a) => (
              <List.Item key={a}>{a}</List.Item>
            ))}
          </Details>
        )}
        {!submission.reviewedAt && proposed && (
          <>
            <Text size="sm">Reviewing records these facts (then screening runs on them):</Text>
            {proposedLines
              .filter(([, items]) => items.length > 0)
              .map(([title, items]) => (
                <Details key={title} title={title}>
                  {items.map((item, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: two answers may read alike
                    <List.Item key={i}>{item}</List.Item>
                  ))}
                </Details>
              ))}
            <ProblemAlert error={review.error} title="The intake was not recorded" />
            {canReview ? (
              <Group>
                <Button
                  loading={review.busy}
                  onClick={async () => {
                    if ((await review.run()) !== undefined) onReviewed();
                  }}
                >
                  Review and record
                </Button>
              </Group>
            ) : (
              <Alert color="gray" variant="light">
                A nurse or prescriber reviews the intake.
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function Details({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm" spacing={2}>
        {children}
      </List>
    </Stack>
  );
}
