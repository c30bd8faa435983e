import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import {
  type CorrectionKind,
  conditionCategories,
  drugClasses,
  type FactKind,
  measureUnits,
  treatmentOutcomes,
} from '../../../../src/intake/model';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useSubmit } from '../../ui/useApi';
import { drugClassLabels, outcomeLabels } from './labels';

/** The fields a correction may change, per kind of fact (others are kept from the fact it replaces). */
const amendable: Record<
  FactKind,
  { name: string; label: string; options?: { value: string; label: string }[]; number?: boolean }[]
> = {
  conditions: [
    {
      name: 'category',
      label: 'Category',
      options: conditionCategories.map((c) => ({
        value: c,
        label: c === 'diagnosis' ? 'Diagnosis' : 'History',
      })),
    },
    { name: 'onset', label: 'Onset (YYYY-MM-DD)' },
  ],
  medications: [
    { name: 'doseText', label: 'Dose as prescribed' },
    { name: 'dailyDoseMg', label: 'Total per day (mg)', number: true },
    {
      name: 'drugClass',
      label: 'Class',
      options: drugClasses.map((c) => ({ value: c, label: drugClassLabels[c] })),
    },
  ],
  allergies: [{ name: 'reaction', label: 'Reaction' }],
  'prior-treatments': [
    {
      name: 'outcome',
      label: 'Outcome',
      options: treatmentOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] })),
    },
    { name: 'durationWeeks', label: 'Duration (weeks)', number: true },
  ],
  measurements: [
    { name: 'value', label: 'Value', number: true },
    { name: 'unit', label: 'Unit', options: measureUnits.map((u) => ({ value: u, label: u })) },
  ],
};

/**
 * A correction is a new record naming the one it replaces (the old one stays): correct some fields, mark it
 * stopped, or retract it as entered in error. Always with a reason.
 */
export function CorrectFact({
  kind,
  path,
  what,
  onDone,
}: {
  kind: FactKind;
  /** …/{kind}/:factId/corrections */
  path: string;
  what: string;
  onDone: () => void;
}) {
  const stoppable = kind !== 'measurements';
  const [correction, setCorrection] = useState<CorrectionKind>('amend');
  const [values, setValues] = useState<Record<string, string | number>>({});
  const submit = useSubmit((body: Record<string, unknown>) => send<unknown>('POST', path, body));
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const changes =
      correction === 'amend' ? Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')) : {};
    if ((await submit.run({ kind: correction, reason, ...changes })) !== undefined) onDone();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Correct ${what}`}>
      <Stack gap="sm">
        <Text size="sm">
          {what}. The record stays in the history; the correction replaces it from now on.
        </Text>
        <Radio.Group
          label="Correction"
          value={correction}
          onChange={(v) => setCorrection(v as CorrectionKind)}
          error={fieldError(submit.error, '/body/kind')}
        >
          <Stack gap={6} mt={4}>
            <Radio value="amend" label="Correct details" />
            {stoppable && <Radio value="stop" label="Stopped or resolved" />}
            <Radio value="entered-in-error" label="Entered in error (retract it)" />
          </Stack>
        </Radio.Group>
        {correction === 'amend' &&
          amendable[kind].map((field) =>
            field.options ? (
              <NativeSelect
                key={field.name}
                label={field.label}
                value={String(values[field.name] ?? '')}
                onChange={(e) => setValues((old) => ({ ...old, [field.name]: e.currentTarget.value }))}
                data={[{ value: '', label: 'Unchanged' }, ...field.options]}
                error={fieldError(submit.error, `/body/${field.name}`)}
              />
            ) : field.number ? (
              <NumberInput
                key={field.name}
                label={field.label}
                description="Leave empty to keep it"
                value={values[field.name] ?? ''}
                onChange={(v) => setValues((old) => ({ ...old, [field.name]: v }))}
                error={fieldError(submit.error, `/body/${field.name}`)}
                w={220}
              />
            ) : (
              <TextInput
                key={field.name}
                label={field.label}
                description="Leave empty to keep it"
                value={String(values[field.name] ?? '')}
                onChange={(e) => setValues((old) => ({ ...old, [field.name]: e.currentTarget.value }))}
                error={fieldError(submit.error, `/body/${field.name}`)}
              />
            ),
          )}
        <Textarea
          label="Reason"
          name="reason"
          autosize
          minRows={2}
          required
          error={fieldError(submit.error, '/body/reason')}
        />
        <ProblemAlert error={submit.error} title="Not corrected" fieldsShown />
        <Group justify="flex-end">
          <Button type="submit" loading={submit.busy}>
            Record correction
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
