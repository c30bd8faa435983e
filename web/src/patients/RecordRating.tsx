import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import type {
  AnswerEntry,
  InstrumentDefinition,
  InstrumentList,
  RecordedResponse,
  StaffResponseBody,
} from '../../../src/measures/model';
import { send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { bandText, scoreText, shortTitle } from './measures';

type Definition = Static<typeof InstrumentDefinition>;
type Item = Definition['items'][number];

/** A `datetime-local` value for an instant, in the viewer's time zone: "2026-03-01T14:05". */
export function localInputValue(at: Date): string {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Items asked given the answers so far (the C-SSRS asks 3–5 only after a yes to 2). */
const asked = (items: Item[], answers: Record<string, number>) =>
  items.filter((item) => (item.enableWhen ?? []).every((c) => answers[c.question] === c.answer));

/** Instruments to pick from: clinician ratings first, then questionnaires a patient filled on paper. */
export function instrumentOptions(list: Static<typeof InstrumentList> | undefined) {
  const of = (kind: string) =>
    (list?.instruments ?? []).filter((i) => i.kind === kind).map((i) => ({ value: i.id, label: i.title }));
  return [
    { value: '', label: 'Choose an instrument…' },
    { group: 'Clinician ratings', items: of('clinician-rated') },
    { group: 'Questionnaires filled on paper', items: of('patient-reported') },
  ];
}

/** Record a clinician rating (MOAA/S, dissociation, C-SSRS screener) or a paper questionnaire for this patient. */
export function RecordRating({
  clinicId,
  patientId,
  onRecorded,
  onClose,
}: {
  clinicId: string;
  patientId: string;
  onRecorded: () => void;
  onClose: () => void;
}) {
  const instruments = useApi<Static<typeof InstrumentList>>(`/api/clinics/${clinicId}/instruments`);
  const [instrumentId, setInstrumentId] = useState('');
  const definition = useApi<Definition>(
    instrumentId ? `/api/clinics/${clinicId}/instruments/${instrumentId}` : null,
  );
  const [result, setResult] = useState<RecordedResponse>();
  return (
    <Stack gap="md">
      <ProblemAlert error={instruments.error} title="Instruments cannot be shown" />
      {result ? (
        <RecordedResult
          result={result}
          onAnother={() => {
            setResult(undefined);
            setInstrumentId('');
          }}
          onClose={onClose}
        />
      ) : (
        <>
          <NativeSelect
            label="Instrument"
            value={instrumentId}
            onChange={(e) => setInstrumentId(e.currentTarget.value)}
            data={instrumentOptions(instruments.data)}
          />
          <ProblemAlert error={definition.error} title="This instrument cannot be shown" />
          {definition.data && definition.data.id === instrumentId && (
            <RatingForm
              key={definition.data.id}
              clinicId={clinicId}
              patientId={patientId}
              definition={definition.data}
              onRecorded={(recorded) => {
                setResult(recorded);
                onRecorded();
              }}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function RatingForm({
  clinicId,
  patientId,
  definition,
  onRecorded,
}: {
  clinicId: string;
  patientId: string;
  definition: Definition;
  onRecorded: (result: RecordedResponse) => void;
}) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [takenAt, setTakenAt] = useState(() => localInputValue(new Date()));
  // Untouched, the time is left to the server: "now" to the second, not to the minute shown.
  const [timeChanged, setTimeChanged] = useState(false);
  const [sent, setSent] = useState<AnswerEntry[]>([]);
  const submit = useSubmit((body: StaffResponseBody) =>
    send<RecordedResponse>('POST', `/api/clinics/${clinicId}/patients/${patientId}/responses`, body),
  );
  const items = asked(definition.items, answers);
  const set = (linkId: string, value: number | undefined) =>
    setAnswers(({ [linkId]: _, ...rest }) => (value === undefined ? rest : { ...rest, [linkId]: value }));

  /** A refusal names answers by their place in the list sent (`/body/answers/3/value`): find the item. */
  const linkIdAt = (path: string) => {
    const index = /^\/body\/answers\/(\d+)/.exec(path)?.[1];
    return index === undefined ? undefined : sent[Number(index)]?.linkId;
  };
  const errorForItem = (linkId: string) =>
    submit.error?.fieldErrors.find((f) => linkIdAt(f.path) === linkId)?.message;
  // Errors the form cannot place next to a field are said in the alert as well.
  const allPlaced = submit.error?.fieldErrors.every(
    (f) => f.path === '/body/authoredAt' || linkIdAt(f.path) !== undefined,
  );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entries = items
      .filter((item) => answers[item.linkId] !== undefined)
      .map((item) => ({ linkId: item.linkId, value: answers[item.linkId]! }));
    setSent(entries);
    const recorded = await submit.run({
      instrumentId: definition.id,
      instrumentVersion: definition.version,
      ...(timeChanged && takenAt ? { authoredAt: new Date(takenAt).toISOString() } : {}),
      answers: entries,
    });
    if (recorded) onRecorded(recorded);
  };

  return (
    <form onSubmit={onSubmit} aria-label={`Record ${shortTitle(definition.title)}`}>
      <Stack gap="md">
        {definition.instructions && <Text size="sm">{definition.instructions}</Text>}
        {items.map((item) => (
          <ItemInput
            key={item.linkId}
            item={item}
            value={answers[item.linkId]}
            onChange={(value) => set(item.linkId, value)}
            error={errorForItem(item.linkId)}
          />
        ))}
        <TextInput
          type="datetime-local"
          label="Taken at"
          description="When the rating was taken (or the paper form filled); not in the future."
          value={takenAt}
          onChange={(e) => {
            setTakenAt(e.currentTarget.value);
            setTimeChanged(true);
          }}
          error={fieldError(submit.error, '/body/authoredAt')}
          w={260}
        />
        <ProblemAlert error={submit.error} title="Not recorded" fieldsShown={allPlaced} />
        <Text size="xs" c="dimmed">
          {definition.copyright}
        </Text>
        <Group>
          <Button type="submit" loading={submit.busy}>
            Record {shortTitle(definition.title)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ItemInput({
  item,
  value,
  onChange,
  error,
}: {
  item: Item;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  error: string | undefined;
}) {
  const label = `${item.prefix ? `${item.prefix}. ` : ''}${item.text}`;
  if (item.answers) {
    const short = item.answers.every((a) => a.display.length <= 24);
    const options = item.answers.map((a) => (
      <Radio key={a.value} value={String(a.value)} label={`${a.display} (${a.value})`} />
    ));
    return (
      <Radio.Group
        label={label}
        value={value === undefined ? null : String(value)}
        onChange={(v) => onChange(v === '' ? undefined : Number(v))}
        error={error}
      >
        {short ? (
          <Group gap="md" mt={6}>
            {options}
          </Group>
        ) : (
          <Stack gap={6} mt={6}>
            {options}
          </Stack>
        )}
      </Radio.Group>
    );
  }
  return (
    <NumberInput
      label={label}
      description={
        item.range ? `A whole number from ${item.range.minimum} to ${item.range.maximum}` : undefined
      }
      min={item.range?.minimum}
      max={item.range?.maximum}
      allowDecimal={false}
      // An out-of-range number is refused by the server at the item, never silently changed here.
      clampBehavior="none"
      value={value ?? ''}
      onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
      error={error}
      w={260}
    />
  );
}

function RecordedResult({
  result,
  onAnother,
  onClose,
}: {
  result: RecordedResponse;
  onAnother: () => void;
  onClose: () => void;
}) {
  const score = result.score;
  return (
    <Stack gap="md">
      {result.safety.length > 0 && (
        <Alert color="red" variant="filled" title="Safety: act now" role="alert">
          <Stack gap={4}>
            {result.safety.map((s) => (
              <Text key={s.triggerId} size="sm">
                {s.message}
              </Text>
            ))}
            {result.alertIds.length > 0 && (
              <Text size="sm">
                {result.alertIds.length === 1 ? 'An alert was' : `${result.alertIds.length} alerts were`}{' '}
                raised for the care team.
              </Text>
            )}
          </Stack>
        </Alert>
      )}
      <Alert color="teal" title="Recorded" role="status">
        {score ? (
          <Text size="sm">
            Score: <strong>{scoreText(score)}</strong>
            {score.valid && bandText(score) !== '—' && <> · {bandText(score)}</>}
          </Text>
        ) : (
          <Text size="sm">The answers are recorded.</Text>
        )}
        {result.missing.length > 0 && (
          <Text size="sm">
            Unanswered: {result.missing.join(', ')}
            {score && !score.valid ? ', too many to score.' : '.'}
          </Text>
        )}
      </Alert>
      <Group>
        <Button onClick={onClose}>Done</Button>
        <Button variant="default" onClick={onAnother}>
          Record another
        </Button>
      </Group>
    </Stack>
  );
}
