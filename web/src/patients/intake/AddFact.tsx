import { Button, Group, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import {
  adequateDoseAnswers,
  type ConditionCodeList,
  conditionCategories,
  drugClasses,
  type FactKind,
  type MedicationEntryList,
  measureKinds,
  measureUnits,
  priorTreatmentKinds,
  treatmentOutcomes,
} from '../../../../src/intake/model';
import type { ApiError } from '../../api/client';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { drugClassLabels, measureLabels, outcomeLabels, priorKindLabels } from './labels';

export const addTitles: Record<FactKind, string> = {
  conditions: 'Add a diagnosis or history item',
  medications: 'Add a medication',
  allergies: 'Add an allergy',
  'prior-treatments': 'Add a prior treatment',
  measurements: 'Add a measurement',
};

type Body = Record<string, unknown>;
const FREE_TEXT = '';

const options = <T extends string>(values: readonly T[], labels?: Partial<Record<T, string>>) =>
  values.map((value) => ({ value, label: labels?.[value] ?? value }));

/** Drops empty fields, so an optional field left blank is not sent as "". */
const compact = (body: Body): Body =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== undefined && v !== null));

const numberOrUndefined = (v: string | number) => (typeof v === 'number' ? v : undefined);

/** A new fact recorded by staff (POST …/{kind}); the server re-runs screening with it. */
export function AddFact({ kind, base, onAdded }: { kind: FactKind; base: string; onAdded: () => void }) {
  const submit = useSubmit((body: Body) => send<unknown>('POST', `${base}/${kind}`, body));
  const save = async (body: Body) => {
    if ((await submit.run(compact(body))) !== undefined) onAdded();
  };
  const props = {
    error: submit.error,
    busy: submit.busy,
    save,
    clinicBase: base.replace(/\/patients\/.*$/, ''),
  };
  switch (kind) {
    case 'conditions':
      return <ConditionForm {...props} />;
    case 'medications':
      return <MedicationForm {...props} />;
    case 'allergies':
      return <AllergyForm {...props} />;
    case 'prior-treatments':
      return <PriorTreatmentForm {...props} />;
    case 'measurements':
      return <MeasurementForm {...props} />;
  }
}

interface FormProps {
  error: ApiError | undefined;
  busy: boolean;
  save: (body: Body) => Promise<void>;
  /** `/api/clinics/:clinicId`, for the code lists. */
  clinicBase: string;
}

function Actions({ error, busy, label }: { error: ApiError | undefined; busy: boolean; label: string }) {
  return (
    <>
      <ProblemAlert error={error} title="Not recorded" fieldsShown />
      <Group justify="flex-end">
        <Button type="submit" loading={busy}>
          {label}
        </Button>
      </Group>
    </>
  );
}

function ConditionForm({ error, busy, save, clinicBase }: FormProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const codes = useApi<Static<typeof ConditionCodeList>>(
    debounced ? `${clinicBase}/codes/conditions?search=${encodeURIComponent(debounced)}` : null,
  );
  const [icd10, setIcd10] = useState('');
  const [category, setCategory] = useState<string>('history');
  const [onset, setOnset] = useState('');
  const found = codes.data?.codes ?? [];
  const chosen = icd10 || found[0]?.code || '';
  return (
    <form
      noValidate
      aria-label="Add a diagnosis or history item"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save({ icd10: chosen, category, onset });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Find in the code list"
          description="A word or an ICD-10-CM code, e.g. “aneurysm” or “F33”"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setIcd10('');
          }}
          data-autofocus
        />
        <NativeSelect
          label="Condition"
          value={chosen}
          onChange={(e) => setIcd10(e.currentTarget.value)}
          data={
            found.length > 0
              ? found.map((c) => ({ value: c.code, label: `${c.code} ${c.display}` }))
              : [{ value: '', label: debounced ? 'Nothing found' : 'Search first' }]
          }
          error={fieldError(error, '/body/icd10')}
        />
        <NativeSelect
          label="Category"
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
          data={options(conditionCategories, {
            diagnosis: 'Diagnosis (what is treated)',
            history: 'History (psychiatric, medical, substance use)',
          })}
          error={fieldError(error, '/body/category')}
        />
        <TextInput
          type="date"
          label="Onset (optional)"
          value={onset}
          onChange={(e) => setOnset(e.currentTarget.value)}
          error={fieldError(error, '/body/onset')}
          w={220}
        />
        <Actions error={error} busy={busy} label="Add condition" />
      </Stack>
    </form>
  );
}

function MedicationForm({ error, busy, save, clinicBase }: FormProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const table = useApi<Static<typeof MedicationEntryList>>(
    debounced ? `${clinicBase}/codes/medications?search=${encodeURIComponent(debounced)}` : null,
  );
  const found = (table.data?.medications ?? []).filter((m) => m.rxnorm !== null);
  const [rxnorm, setRxnorm] = useState<string>();
  const chosen = rxnorm ?? found[0]?.rxnorm ?? FREE_TEXT;
  const [drugClass, setDrugClass] = useState('');
  const [doseText, setDoseText] = useState('');
  const [dailyDoseMg, setDailyDoseMg] = useState<string | number>('');
  const freeText = chosen === FREE_TEXT;
  return (
    <form
      noValidate
      aria-label="Add a medication"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save({
          ...(freeText ? { name: search.trim(), drugClass } : { rxnorm: chosen }),
          doseText,
          dailyDoseMg: numberOrUndefined(dailyDoseMg),
        });
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Medication"
          description="Type the name: choose it from the clinic’s medication table, or keep it as typed"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setRxnorm(undefined);
          }}
          error={fieldError(error, '/body/name')}
          data-autofocus
        />
        <NativeSelect
          label="From the medication table"
          value={chosen}
          onChange={(e) => setRxnorm(e.currentTarget.value)}
          data={[
            ...found.map((m) => ({
              value: m.rxnorm ?? '',
              label: `${m.name} (${drugClassLabels[m.drugClass as keyof typeof drugClassLabels] ?? m.drugClass}, RxNorm ${m.rxnorm})`,
            })),
            { value: FREE_TEXT, label: 'Not in the table: record as typed' },
          ]}
          error={fieldError(error, '/body/rxnorm')}
        />
        {freeText && (
          <NativeSelect
            label="Class"
            description="The screening rules read the class; leave it for later if unsure (it shows as “Needs a class”)"
            value={drugClass}
            onChange={(e) => setDrugClass(e.currentTarget.value)}
            data={[{ value: '', label: 'Not classed yet' }, ...options(drugClasses, drugClassLabels)]}
            error={fieldError(error, '/body/drugClass')}
          />
        )}
        <TextInput
          label="Dose as prescribed"
          placeholder="e.g. 1 mg twice a day"
          value={doseText}
          onChange={(e) => setDoseText(e.currentTarget.value)}
          error={fieldError(error, '/body/doseText')}
        />
        <NumberInput
          label="Total per day (mg)"
          description="Benzodiazepine rules add up diazepam equivalents from it"
          value={dailyDoseMg}
          onChange={setDailyDoseMg}
          min={0}
          decimalScale={3}
          error={fieldError(error, '/body/dailyDoseMg')}
          w={220}
        />
        <Actions error={error} busy={busy} label="Add medication" />
      </Stack>
    </form>
  );
}

function AllergyForm({ error, busy, save }: FormProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    void save({
      substance: String(data.get('substance') ?? '').trim(),
      reaction: String(data.get('reaction') ?? '').trim(),
    });
  };
  return (
    <form noValidate aria-label="Add an allergy" onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Substance"
          name="substance"
          required
          error={fieldError(error, '/body/substance')}
          data-autofocus
        />
        <TextInput label="Reaction (optional)" name="reaction" error={fieldError(error, '/body/reaction')} />
        <Actions error={error} busy={busy} label="Add allergy" />
      </Stack>
    </form>
  );
}

function PriorTreatmentForm({ error, busy, save }: FormProps) {
  const [kind, setKind] = useState<string>('antidepressant');
  const [drugClass, setDrugClass] = useState('');
  const [outcome, setOutcome] = useState<string>('none');
  const [adequateDose, setAdequateDose] = useState<string>('');
  const [weeks, setWeeks] = useState<string | number>('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    void save({
      kind,
      name: String(data.get('name') ?? '').trim(),
      drugClass: kind === 'antidepressant' ? drugClass : '',
      doseText: String(data.get('doseText') ?? '').trim(),
      durationWeeks: numberOrUndefined(weeks),
      outcome,
      adequateDose,
    });
  };
  return (
    <form noValidate aria-label="Add a prior treatment" onSubmit={submit}>
      <Stack gap="sm">
        <NativeSelect
          label="Treatment"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value)}
          data={options(priorTreatmentKinds, priorKindLabels)}
          error={fieldError(error, '/body/kind')}
        />
        <TextInput
          label="Name or details"
          name="name"
          placeholder="e.g. sertraline, CBT 20 sessions"
          error={fieldError(error, '/body/name')}
        />
        {kind === 'antidepressant' && (
          <NativeSelect
            label="Class"
            value={drugClass}
            onChange={(e) => setDrugClass(e.currentTarget.value)}
            data={[{ value: '', label: 'Not classed yet' }, ...options(drugClasses, drugClassLabels)]}
            error={fieldError(error, '/body/drugClass')}
          />
        )}
        <TextInput label="Dose (optional)" name="doseText" error={fieldError(error, '/body/doseText')} />
        <NumberInput
          label="Duration (weeks)"
          value={weeks}
          onChange={setWeeks}
          min={0}
          allowDecimal={false}
          error={fieldError(error, '/body/durationWeeks')}
          w={220}
        />
        <NativeSelect
          label="Outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data={options(treatmentOutcomes, outcomeLabels)}
          error={fieldError(error, '/body/outcome')}
        />
        <NativeSelect
          label="Adequate dose"
          value={adequateDose}
          onChange={(e) => setAdequateDose(e.currentTarget.value)}
          data={[
            { value: '', label: 'Not recorded' },
            ...options(adequateDoseAnswers, { yes: 'Yes', no: 'No', unknown: 'Unknown' }),
          ]}
          error={fieldError(error, '/body/adequateDose')}
        />
        <Actions error={error} busy={busy} label="Add prior treatment" />
      </Stack>
    </form>
  );
}

const defaultUnits: Record<(typeof measureKinds)[number], (typeof measureUnits)[number]> = {
  weight: 'kg',
  height: 'cm',
  systolic: 'mm[Hg]',
  diastolic: 'mm[Hg]',
  heart_rate: '/min',
};

function MeasurementForm({ error, busy, save }: FormProps) {
  const [measure, setMeasure] = useState<(typeof measureKinds)[number]>('weight');
  const [unit, setUnit] = useState<string>(defaultUnits.weight);
  const [value, setValue] = useState<string | number>('');
  return (
    <form
      noValidate
      aria-label="Add a measurement"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save({ measure, unit, value: numberOrUndefined(value) });
      }}
    >
      <Stack gap="sm">
        <NativeSelect
          label="Measurement"
          value={measure}
          onChange={(e) => {
            const next = e.currentTarget.value as (typeof measureKinds)[number];
            setMeasure(next);
            setUnit(defaultUnits[next]);
          }}
          data={options(measureKinds, measureLabels)}
          error={fieldError(error, '/body/measure')}
        />
        <Group align="flex-start">
          <NumberInput
            label="Value"
            value={value}
            onChange={setValue}
            decimalScale={1}
            error={fieldError(error, '/body/value')}
            w={160}
            data-autofocus
          />
          <NativeSelect
            label="Unit"
            value={unit}
            onChange={(e) => setUnit(e.currentTarget.value)}
            data={options(measureUnits)}
            error={fieldError(error, '/body/unit')}
          />
        </Group>
        <Text size="xs" c="dimmed">
          Taken now. A weight or height of 0 is refused.
        </Text>
        <Actions error={error} busy={busy} label="Add measurement" />
      </Stack>
    </form>
  );
}
