import './portal.css';
import { Alert, Button, Card, NumberInput, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Item } from '../../../src/measures/instrument';
import type {
  AnswerEntry,
  InstrumentDefinition,
  PortalResponseBody,
  PortalResponseResult,
} from '../../../src/measures/model';
import { type ApiError, send } from '../api/client';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { CrisisScreen } from './CrisisScreen';
import { PortalNotice } from './PortalNotice';

type Answers = Record<string, number>;

/**
 * The items the patient is asked, in order: an item with `enableWhen` only once every condition holds on the
 * answers to asked items (C-SSRS: questions 3–5 only after a yes to question 2), the same rule the server scores by.
 */
export function askedItems(items: readonly Item[], answers: Answers): Item[] {
  const given: Answers = {};
  return items.filter((item) => {
    const asked = item.enableWhen?.every((c) => given[c.question] === c.answer) ?? true;
    if (asked && answers[item.linkId] !== undefined) given[item.linkId] = answers[item.linkId]!;
    return asked;
  });
}

/** `/portal/questionnaires/:instrumentId?assignment=…`: one questionnaire, then thanks or crisis resources. */
export function Questionnaire() {
  const { instrumentId = '' } = useParams();
  const [search] = useSearchParams();
  const assignmentId = search.get('assignment') ?? undefined;
  const { data: definition, error } = useApi<InstrumentDefinition>(
    `/api/portal/instruments/${encodeURIComponent(instrumentId)}`,
  );
  const [result, setResult] = useState<PortalResponseResult>();

  if (result) return result.crisis ? <CrisisScreen /> : <ThankYou message={result.message} />;
  if (!definition)
    return (
      <Page title="Questionnaire">
        {error ? <ProblemAlert error={error} /> : <Text>Loading the questionnaire…</Text>}
        <Button component={Link} to="/portal" variant="default">
          Back to home
        </Button>
      </Page>
    );
  return <QuestionnaireForm definition={definition} assignmentId={assignmentId} onSent={setResult} />;
}

/** Server refusals about one answer (`/body/answers/3/value`), by the item they name; the rest stay general. */
function errorsByItem(error: ApiError | undefined, sent: readonly AnswerEntry[]) {
  const byItem: Record<string, string> = {};
  const general: string[] = [];
  for (const field of error?.fieldErrors ?? []) {
    const index = /^\/body\/answers\/(\d+)(\/|$)/.exec(field.path)?.[1];
    const linkId = index === undefined ? undefined : sent[Number(index)]?.linkId;
    if (linkId) byItem[linkId] = field.message;
    else general.push(field.message);
  }
  return { byItem, general };
}

const focusItem = (linkId: string) =>
  document.getElementById(`item-${linkId}`)?.querySelector<HTMLInputElement>('input')?.focus();

function QuestionnaireForm({
  definition,
  assignmentId,
  onSent,
}: {
  definition: InstrumentDefinition;
  assignmentId: string | undefined;
  onSent: (result: PortalResponseResult) => void;
}) {
  const [answers, setAnswers] = useState<Answers>({});
  const [unanswered, setUnanswered] = useState<string[]>([]);
  const [sent, setSent] = useState<AnswerEntry[]>([]);
  const submit = useSubmit((body: PortalResponseBody) =>
    send<PortalResponseResult>('POST', '/api/portal/responses', body),
  );
  const asked = askedItems(definition.items, answers);
  const answered = asked.filter((item) => answers[item.linkId] !== undefined).length;
  const refusal = errorsByItem(submit.error, sent);
  const firstRefused = sent.find((entry) => refusal.byItem[entry.linkId])?.linkId;

  useEffect(() => {
    if (firstRefused) focusItem(firstRefused);
  }, [firstRefused]);

  const answer = (linkId: string, value: number | undefined) => {
    setAnswers(({ [linkId]: _, ...rest }) => (value === undefined ? rest : { ...rest, [linkId]: value }));
    setUnanswered((ids) => ids.filter((id) => id !== linkId));
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A validated questionnaire is only comparable when complete: every question asked gets an answer.
    const missing = asked.filter((item) => answers[item.linkId] === undefined).map((item) => item.linkId);
    setUnanswered(missing);
    if (missing[0]) {
      focusItem(missing[0]);
      return;
    }
    const entries = asked.map((item) => ({ linkId: item.linkId, value: answers[item.linkId]! }));
    setSent(entries);
    const result = await submit.run({
      instrumentId: definition.id,
      instrumentVersion: definition.version,
      ...(assignmentId ? { assignmentId } : {}),
      answers: entries,
    });
    if (result) onSent(result);
  };

  return (
    <Page title={definition.title}>
      <form onSubmit={onSubmit} noValidate aria-label={definition.title}>
        <Stack gap="md">
          {definition.instructions && (
            <Text size="lg" fw={600}>
              {definition.instructions}
            </Text>
          )}
          <div>
            <Text size="sm" id="answered-count">
              {answered} of {asked.length} answered
            </Text>
            <Progress
              value={asked.length === 0 ? 0 : (100 * answered) / asked.length}
              aria-label="Questions answered"
              size="md"
              mt={4}
            />
          </div>
          {asked.map((item) => (
            <ItemCard
              key={item.linkId}
              item={item}
              value={answers[item.linkId]}
              onChange={(value) => answer(item.linkId, value)}
              error={
                refusal.byItem[item.linkId] ??
                (unanswered.includes(item.linkId) ? 'Please choose an answer.' : undefined)
              }
            />
          ))}
          {unanswered.length > 0 && (
            <Alert color="red" role="alert" title="Some questions have no answer yet">
              Please answer every question before sending ({unanswered.length} left).
            </Alert>
          )}
          {refusal.general.length > 0 && (
            <Alert color="red" role="alert" title="Your answers were not sent">
              {refusal.general.join(' ')}
            </Alert>
          )}
          {submit.error && submit.error.fieldErrors.length === 0 && (
            <ProblemAlert error={submit.error} title="Your answers were not sent" />
          )}
          {submit.error && (
            // Unsent answers reach no one: the patient must not be left waiting for a call that will not come.
            <Text fw={600}>
              Your care team has not seen these answers yet. If you are having thoughts of harming yourself,
              call or text 988 now, or call 911.
            </Text>
          )}
          <Button type="submit" size="lg" loading={submit.busy} fullWidth>
            Send my answers
          </Button>
          <Text size="xs" c="dimmed">
            {definition.copyright}
          </Text>
          <PortalNotice />
        </Stack>
      </form>
    </Page>
  );
}

/** One question per card: the published wording exactly as served, answers as large radio buttons. */
function ItemCard({
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
  return (
    <Card withBorder radius="md" padding="md" id={`item-${item.linkId}`}>
      {item.answers ? (
        <Radio.Group
          label={label}
          labelProps={{ fw: 600, mb: 'sm', size: 'md' }}
          value={value === undefined ? '' : String(value)}
          onChange={(v) => onChange(Number(v))}
          error={error}
          size="md"
        >
          <Stack gap="xs">
            {item.answers.map((option) => (
              <Radio
                key={option.value}
                value={String(option.value)}
                label={option.display}
                size="md"
                classNames={{
                  root: 'answer-option',
                  body: 'answer-option-body',
                  labelWrapper: 'answer-option-label-wrapper',
                  label: 'answer-option-label',
                }}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : (
        <NumberInput
          label={label}
          labelProps={{ fw: 600, mb: 'sm' }}
          description={
            item.range ? `A whole number from ${item.range.minimum} to ${item.range.maximum}` : undefined
          }
          min={item.range?.minimum}
          max={item.range?.maximum}
          allowDecimal={false}
          value={value ?? ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
          error={error}
          size="md"
        />
      )}
    </Card>
  );
}

function ThankYou({ message }: { message: string }) {
  useDocumentTitle('Thank you — ketacare');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, []);
  return (
    <Stack gap="md">
      <Title order={1} size="h2" ref={heading} tabIndex={-1}>
        Thank you
      </Title>
      <Text size="lg">{message}</Text>
      <Text>Your care team will look at your answers. You can see how you are doing in My progress.</Text>
      <Button component={Link} to="/portal" size="md">
        Back to home
      </Button>
      <Button component={Link} to="/portal/progress" variant="default" size="md">
        See my progress
      </Button>
    </Stack>
  );
}
