import '../portal.css';
import { Autocomplete, Group, Radio, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConditionCodeView, MedicationEntryView } from '../../../../src/intake/model';
import { api } from '../../api/client';

/** Server refusals by JSON pointer (`/content/medications/2/doseMg`). */
export type FieldErrors = Record<string, string>;

/** The server's words at a field, with "is required" said as a request to the patient. */
export const plainError = (message: string | undefined) =>
  message === 'is required' ? 'Please answer this.' : message;

/** One question answered by tapping one of a few choices (large targets, keyboard reachable). */
export function Choice<V extends string>({
  label,
  description,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  options: readonly { value: V; label: string }[];
  value: V | undefined;
  onChange: (value: V) => void;
  error?: string | undefined;
}) {
  return (
    <Radio.Group
      label={label}
      description={description}
      labelProps={{ fw: 600, size: 'md' }}
      value={value ?? ''}
      onChange={(v) => onChange(v as V)}
      error={plainError(error)}
      size="md"
    >
      <Group gap="xs" mt="xs">
        {options.map((option) => (
          <Radio
            key={option.value}
            value={option.value}
            label={option.label}
            size="md"
            classNames={{
              root: 'answer-option',
              body: 'answer-option-body',
              labelWrapper: 'answer-option-label-wrapper',
              label: 'answer-option-label',
            }}
          />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** Results of a code-list search, a moment after the patient stops typing. */
function useCodeSearch<T>(path: string, search: string, pick: (body: unknown) => T[]): T[] {
  const [results, setResults] = useState<T[]>([]);
  const term = search.trim();
  // biome-ignore lint/correctness/useExhaustiveDependencies: pick is a pure accessor
  useEffect(() => {
    if (term.length < 2) {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api<unknown>(`${path}?search=${encodeURIComponent(term)}`).then(
        (body) => live && setResults(pick(body)),
        () => live && setResults([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path, term]);
  return results;
}

export interface Coded {
  /** The code when chosen from the list; null when typed ("not in the list"). */
  code: string | null;
  name: string;
}

/**
 * A medicine: typed, with the clinic's medication table offered as the patient types. Choosing one keeps its
 * RxNorm code; anything else is kept as typed for the care team to check.
 */
export function MedicationSearch({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Coded;
  onChange: (value: Coded) => void;
  error?: string | undefined;
}) {
  const results = useCodeSearch<MedicationEntryView>(
    '/api/portal/codes/medications',
    value.code ? '' : value.name,
    (body) => (body as { medications: MedicationEntryView[] }).medications,
  );
  return (
    <CodedInput
      label={label}
      value={value}
      onChange={onChange}
      error={error}
      options={results.map((m) => ({ code: m.rxnorm, name: m.name }))}
      notListed="Not in the list: your care team will check this medicine."
    />
  );
}

/** A diagnosis: typed, with the clinic's ICD-10-CM list offered as the patient types. */
export function ConditionSearch({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Coded;
  onChange: (value: Coded) => void;
  error?: string | undefined;
}) {
  const results = useCodeSearch<ConditionCodeView>(
    '/api/portal/codes/conditions',
    value.code ? '' : value.name,
    (body) => (body as { codes: ConditionCodeView[] }).codes,
  );
  return (
    <CodedInput
      label={label}
      value={value}
      onChange={onChange}
      error={error}
      options={results.map((c) => ({ code: c.code, name: c.display }))}
      notListed="Not in the list: your care team will check it with you."
    />
  );
}

function CodedInput({
  label,
  value,
  onChange,
  error,
  options,
  notListed,
}: {
  label: string;
  value: Coded;
  onChange: (value: Coded) => void;
  error: string | undefined;
  options: { code: string | null; name: string }[];
  notListed: string;
}) {
  // Names are the options' values; codes are looked up when one is chosen.
  const unique = [...new Map(options.map((o) => [o.name, o])).values()];
  return (
    <div>
      <Autocomplete
        label={label}
        description="Start typing, then choose from the list, or keep what you typed."
        size="md"
        value={value.name}
        data={unique.map((o) => o.name)}
        filter={({ options: all }) => all}
        // A choice from the list, or typing a listed name exactly, keeps its code; anything else is text.
        onChange={(name) => onChange({ code: unique.find((o) => o.name === name)?.code ?? null, name })}
        error={plainError(error)}
        limit={20}
      />
      {value.name.trim() && (
        <Text size="sm" c="dimmed" mt={4}>
          {value.code ? 'From the clinic’s list.' : notListed}
        </Text>
      )}
    </div>
  );
}
