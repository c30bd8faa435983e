import {
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import {
  type IntakeContent,
  type MedicalHistoryItem,
  medicalHistoryItems,
  type treatmentOutcomes,
  type whenAnswers,
  type yesNoUnsure,
} from '../../../../src/intake/model';
import { Choice, ConditionSearch, type FieldErrors, MedicationSearch, plainError } from './fields';

type Update = (change: (content: IntakeContent) => IntakeContent) => void;
export interface StepProps {
  content: IntakeContent;
  update: Update;
  errors: FieldErrors;
}

export interface IntakeStep {
  id: string;
  title: string;
  /** One line under the title: why the clinic asks. */
  why: string;
  /** The content paths this step answers (a server refusal under one of them brings the patient here). */
  owns: RegExp;
  /** Whether the patient has answered anything here yet (to resume at the first step with nothing). */
  started: (content: IntakeContent) => boolean;
  Body: (props: StepProps) => ReactNode;
}

type Outcome = (typeof treatmentOutcomes)[number];
type YesNo = (typeof yesNoUnsure)[number];
type When = (typeof whenAnswers)[number];

const outcomeOptions: { value: Outcome; label: string }[] = [
  { value: 'remission', label: 'I felt well again' },
  { value: 'response', label: 'It helped a lot (about half better or more)' },
  { value: 'partial', label: 'It helped a little' },
  { value: 'none', label: 'It did not help' },
  { value: 'not_tolerated', label: 'I stopped because of side effects' },
  { value: 'unknown', label: 'I am not sure' },
];
const yesNoOptions: { value: YesNo; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unsure', label: 'Not sure' },
];
const whenOptions: { value: When; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: 'past', label: 'In the past' },
  { value: 'current', label: 'Now' },
  { value: 'unsure', label: 'Not sure' },
];

/** A number field that keeps exactly what was typed, empty as "not answered". */
const numberOrUndefined = (v: string | number) => (typeof v === 'number' ? v : undefined);

/** Sets `key` in an object, leaving the key out altogether when the value is empty (the schema is closed). */
function withField<T extends object, K extends keyof T>(
  object: T | undefined,
  key: K,
  value: T[K] | undefined,
): T {
  const { [key]: _, ...rest } = (object ?? {}) as T;
  return (value === undefined || value === '' ? rest : { ...rest, [key]: value }) as T;
}

function ListItem({
  title,
  onRemove,
  children,
}: {
  title: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md" component="fieldset">
      <Text component="legend" fw={700} px={4}>
        {title}
      </Text>
      <Stack gap="sm">
        {children}
        <Button variant="outline" color="red.9" onClick={onRemove} aria-label={`Remove ${title}`}>
          Remove
        </Button>
      </Stack>
    </Card>
  );
}

function Diagnoses({ content, update, errors }: StepProps) {
  const list = content.diagnoses ?? [];
  const set = (next: typeof list) => update((c) => withField(c, 'diagnoses', next.length ? next : undefined));
  return (
    <Stack gap="md">
      <Text>
        Add each diagnosis a doctor or therapist has given you, for example depression, anxiety or PTSD. If
        you know of none, go on to the next step.
      </Text>
      {list.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an answer's place is its identity (and its error path)
        <ListItem key={i} title={`Diagnosis ${i + 1}`} onRemove={() => set(list.filter((_, j) => j !== i))}>
          <ConditionSearch
            label="Diagnosis"
            value={{ code: d.icd10 ?? null, name: d.text ?? '' }}
            onChange={({ code, name }) =>
              set(
                list.map((x, j) =>
                  j === i ? withField(withField(x, 'icd10', code ?? undefined), 'text', name) : x,
                ),
              )
            }
            error={errors[`/content/diagnoses/${i}/icd10`] ?? errors[`/content/diagnoses/${i}/text`]}
          />
          <NumberInput
            label="Year first diagnosed (if you know)"
            size="md"
            allowDecimal={false}
            value={d.sinceYear ?? ''}
            onChange={(v) =>
              set(list.map((x, j) => (j === i ? withField(x, 'sinceYear', numberOrUndefined(v)) : x)))
            }
            error={plainError(errors[`/content/diagnoses/${i}/sinceYear`])}
          />
        </ListItem>
      ))}
      <Button variant="default" size="md" onClick={() => set([...list, {}])}>
        Add a diagnosis
      </Button>
    </Stack>
  );
}

function Antidepressants({ content, update, errors }: StepProps) {
  const prior = content.priorTreatments ?? {};
  const list = prior.antidepressants ?? [];
  const set = (next: typeof list) =>
    update((c) => ({
      ...c,
      priorTreatments: withField(c.priorTreatments, 'antidepressants', next.length ? next : undefined),
    }));
  const setItem = (i: number, change: (t: (typeof list)[number]) => (typeof list)[number]) =>
    set(list.map((x, j) => (j === i ? change(x) : x)));
  const at = (i: number, field: string) => errors[`/content/priorTreatments/antidepressants/${i}/${field}`];
  return (
    <Stack gap="md">
      <Text>
        Add each antidepressant medicine you have taken for depression, now or in the past. Your best guess is
        fine.
      </Text>
      {list.map((t, i) => (
        <ListItem
          // biome-ignore lint/suspicious/noArrayIndexKey: an answer's place is its identity (and its error path)
          key={i}
          title={`Medicine tried ${i + 1}`}
          onRemove={() => set(list.filter((_, j) => j !== i))}
        >
          <MedicationSearch
            label="Medicine"
            value={{ code: t.rxnorm ?? null, name: t.name ?? '' }}
            onChange={({ code, name }) =>
              setItem(i, (x) => withField(withField(x, 'rxnorm', code ?? undefined), 'name', name))
            }
            error={at(i, 'rxnorm') ?? at(i, 'name')}
          />
          <TextInput
            label="Highest dose (for example 100 mg a day)"
            size="md"
            value={t.dose ?? ''}
            onChange={(e) => setItem(i, (x) => withField(x, 'dose', e.currentTarget.value))}
            error={plainError(at(i, 'dose'))}
          />
          <NumberInput
            label="For how many weeks?"
            size="md"
            min={0}
            allowDecimal={false}
            value={t.durationWeeks ?? ''}
            onChange={(v) => setItem(i, (x) => withField(x, 'durationWeeks', numberOrUndefined(v)))}
            error={plainError(at(i, 'durationWeeks'))}
          />
          <Select
            label="How did it go?"
            size="md"
            data={outcomeOptions}
            value={t.outcome ?? null}
            onChange={(v) =>
              setItem(i, (x) => withField(x, 'outcome', (v ?? undefined) as Outcome | undefined))
            }
            error={plainError(at(i, 'outcome'))}
            allowDeselect={false}
          />
        </ListItem>
      ))}
      <Button variant="default" size="md" onClick={() => set([...list, {}])}>
        Add a medicine I tried
      </Button>
    </Stack>
  );
}

const otherTreatments = [
  {
    key: 'psychotherapy',
    label: 'Talking therapy (psychotherapy), for example CBT',
    details: 'What kind, and how many sessions?',
  },
  { key: 'tms', label: 'TMS (magnetic stimulation of the brain)', details: 'How many treatments?' },
  { key: 'ect', label: 'ECT (electroconvulsive therapy)', details: 'How many treatments?' },
  {
    key: 'ketamine',
    label: 'Ketamine treatment',
    details: 'How was it given (infusion, injection, tablets) and how many times?',
  },
  { key: 'esketamine', label: 'Esketamine (Spravato) nasal spray', details: 'How many treatments?' },
] as const;

function OtherTreatments({ content, update, errors }: StepProps) {
  const prior = content.priorTreatments ?? {};
  return (
    <Stack gap="lg">
      {otherTreatments.map(({ key, label, details }) => {
        const t = prior[key] ?? {};
        const set = (change: (x: typeof t) => typeof t) =>
          update((c) => ({
            ...c,
            priorTreatments: { ...c.priorTreatments, [key]: change(c.priorTreatments?.[key] ?? {}) },
          }));
        const at = (field: string) => errors[`/content/priorTreatments/${key}/${field}`];
        return (
          <Card key={key} withBorder radius="md" padding="md">
            <Stack gap="sm">
              <Choice
                label={`Have you had ${label.charAt(0).toLowerCase()}${label.slice(1)}?`}
                options={yesNoOptions}
                value={t.tried}
                onChange={(v) => set((x) => ({ ...x, tried: v }))}
                error={at('tried')}
              />
              {t.tried === 'yes' && (
                <>
                  <Textarea
                    label={details}
                    size="md"
                    autosize
                    minRows={2}
                    value={t.details ?? ''}
                    onChange={(e) => set((x) => withField(x, 'details', e.currentTarget.value))}
                    error={plainError(at('details'))}
                  />
                  <NumberInput
                    label="Over how many weeks?"
                    size="md"
                    min={0}
                    allowDecimal={false}
                    value={t.durationWeeks ?? ''}
                    onChange={(v) => set((x) => withField(x, 'durationWeeks', numberOrUndefined(v)))}
                    error={plainError(at('durationWeeks'))}
                  />
                  <Select
                    label="How did it go?"
                    size="md"
                    data={outcomeOptions}
                    value={t.outcome ?? null}
                    onChange={(v) =>
                      set((x) => withField(x, 'outcome', (v ?? undefined) as Outcome | undefined))
                    }
                    error={plainError(at('outcome'))}
                    allowDeselect={false}
                  />
                </>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

/** A list of never / in the past / now questions, each with its own error. */
function WhenQuestions<K extends string>({
  questions,
  values,
  onChange,
  errorAt,
}: {
  questions: readonly { key: K; label: string; description?: string }[];
  values: Partial<Record<K, When>>;
  onChange: (key: K, value: When) => void;
  errorAt: (key: K) => string | undefined;
}) {
  return (
    <Stack gap="lg">
      {questions.map((q) => (
        <Choice
          key={q.key}
          label={q.label}
          {...(q.description ? { description: q.description } : {})}
          options={whenOptions}
          value={values[q.key] as When | undefined}
          onChange={(v) => onChange(q.key, v)}
          error={errorAt(q.key)}
        />
      ))}
    </Stack>
  );
}

const psychiatricQuestions = [
  {
    key: 'psychosis',
    label: 'Psychosis',
    description: 'Hearing or seeing things other people do not, or beliefs others found were not real.',
  },
  {
    key: 'mania',
    label: 'Mania or hypomania',
    description: 'Days of unusually high energy or mood, needing little sleep, racing thoughts.',
  },
  {
    key: 'dissociativeDisorder',
    label: 'A dissociative disorder',
    description: 'For example losing time, or feeling you are outside your body, diagnosed by a clinician.',
  },
] as const;

function PsychiatricHistory({ content, update, errors }: StepProps) {
  const history = content.psychiatricHistory ?? {};
  return (
    <Stack gap="lg">
      <WhenQuestions
        questions={psychiatricQuestions}
        values={history}
        onChange={(key, v) =>
          update((c) => ({ ...c, psychiatricHistory: { ...c.psychiatricHistory, [key]: v } }))
        }
        errorAt={(key) => errors[`/content/psychiatricHistory/${key}`]}
      />
      <Textarea
        label="Anything else you want your care team to know (optional)"
        size="md"
        autosize
        minRows={2}
        value={history.details ?? ''}
        onChange={(e) =>
          update((c) => ({
            ...c,
            psychiatricHistory: withField(c.psychiatricHistory, 'details', e.currentTarget.value),
          }))
        }
      />
    </Stack>
  );
}

const substanceQuestions = [
  { key: 'alcohol', label: 'Alcohol: more than you meant to, or it caused problems' },
  { key: 'cannabis', label: 'Cannabis (marijuana)' },
  {
    key: 'stimulants',
    label: 'Stimulants such as cocaine or methamphetamine, or ADHD medicine not as prescribed',
  },
  { key: 'opioids', label: 'Opioids such as heroin, fentanyl or pain pills not as prescribed' },
  { key: 'sedatives', label: 'Sedatives such as Xanax or Valium not as prescribed' },
  { key: 'ketamineMisuse', label: 'Ketamine, other than as prescribed' },
  { key: 'other', label: 'Other drugs' },
] as const;

function SubstanceUse({ content, update, errors }: StepProps) {
  const use = content.substanceUse ?? {};
  return (
    <Stack gap="lg">
      <Text>
        Your answers help keep treatment safe. They are part of your medical record, not shared with anyone
        else.
      </Text>
      <WhenQuestions
        questions={substanceQuestions}
        values={use}
        onChange={(key, v) => update((c) => ({ ...c, substanceUse: { ...c.substanceUse, [key]: v } }))}
        errorAt={(key) => errors[`/content/substanceUse/${key}`]}
      />
      <Textarea
        label="Details (optional)"
        size="md"
        autosize
        minRows={2}
        value={use.details ?? ''}
        onChange={(e) =>
          update((c) => ({ ...c, substanceUse: withField(c.substanceUse, 'details', e.currentTarget.value) }))
        }
      />
    </Stack>
  );
}

export const medicalHistoryLabels: Record<MedicalHistoryItem, string> = {
  hypertension: 'High blood pressure',
  heartDisease: 'Heart disease',
  heartAttack: 'A heart attack',
  stroke: 'A stroke',
  aneurysm: 'An aneurysm',
  arteriovenousMalformation: 'An arteriovenous malformation (AVM)',
  intracranialBleed: 'Bleeding in or around the brain',
  raisedIntracranialPressure: 'Raised pressure inside the head',
  brainTumour: 'A brain tumour',
  glaucoma: 'Glaucoma',
  seizures: 'Seizures or epilepsy',
  liverDisease: 'Liver disease',
  hyperthyroidism: 'An overactive thyroid',
  porphyria: 'Porphyria',
  interstitialCystitis: 'Interstitial cystitis or bladder pain',
  sleepApnoea: 'Sleep apnoea',
  pregnant: 'Are you pregnant, or could you be?',
  breastFeeding: 'Are you breast-feeding?',
};

function MedicalHistory({ content, update, errors }: StepProps) {
  const history = content.medicalHistory ?? {};
  return (
    <Stack gap="lg">
      <Text>Have you ever had any of these?</Text>
      {medicalHistoryItems.map((item) => (
        <Choice
          key={item}
          label={medicalHistoryLabels[item]}
          options={yesNoOptions}
          value={history[item]}
          onChange={(v) => update((c) => ({ ...c, medicalHistory: { ...c.medicalHistory, [item]: v } }))}
          error={errors[`/content/medicalHistory/${item}`]}
        />
      ))}
      <Textarea
        label="Other illnesses, operations or details (optional)"
        size="md"
        autosize
        minRows={2}
        value={history.details ?? ''}
        onChange={(e) =>
          update((c) => ({
            ...c,
            medicalHistory: withField(c.medicalHistory, 'details', e.currentTarget.value),
          }))
        }
      />
    </Stack>
  );
}

function Medications({ content, update, errors }: StepProps) {
  const list = content.medications ?? [];
  const set = (next: typeof list) =>
    update((c) => withField(c, 'medications', next.length ? next : undefined));
  const setItem = (i: number, change: (m: (typeof list)[number]) => (typeof list)[number]) =>
    set(list.map((x, j) => (j === i ? change(x) : x)));
  const at = (i: number, field: string) => errors[`/content/medications/${i}/${field}`];
  return (
    <Stack gap="md">
      <Text>
        Every medicine you take now: prescriptions, over-the-counter medicines and supplements. Some medicines
        change how ketamine works, so please include them all.
      </Text>
      {list.length === 0 && (
        <Checkbox
          size="md"
          label="I take no medicines at all"
          checked={content.noMedications ?? false}
          onChange={(e) => update((c) => withField(c, 'noMedications', e.currentTarget.checked || undefined))}
          error={plainError(errors['/content/medications'])}
        />
      )}
      {list.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an answer's place is its identity (and its error path)
        <ListItem key={i} title={`Medicine ${i + 1}`} onRemove={() => set(list.filter((_, j) => j !== i))}>
          <MedicationSearch
            label="Medicine"
            value={{ code: m.rxnorm ?? null, name: m.name ?? '' }}
            onChange={({ code, name }) =>
              setItem(i, (x) => withField(withField(x, 'rxnorm', code ?? undefined), 'name', name))
            }
            error={at(i, 'rxnorm') ?? at(i, 'name')}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="mg each time"
              size="md"
              min={0}
              value={m.doseMg ?? ''}
              onChange={(v) => setItem(i, (x) => withField(x, 'doseMg', numberOrUndefined(v)))}
              error={plainError(at(i, 'doseMg'))}
            />
            <NumberInput
              label="Times a day"
              size="md"
              min={1}
              allowDecimal={false}
              value={m.timesPerDay ?? ''}
              onChange={(v) => setItem(i, (x) => withField(x, 'timesPerDay', numberOrUndefined(v)))}
              error={plainError(at(i, 'timesPerDay'))}
            />
          </Group>
          <Checkbox
            size="md"
            label="Only when I need it"
            checked={m.asNeeded ?? false}
            onChange={(e) =>
              setItem(i, (x) => withField(x, 'asNeeded', e.currentTarget.checked || undefined))
            }
          />
          <TextInput
            label="Anything else about how you take it (optional)"
            size="md"
            value={m.doseText ?? ''}
            onChange={(e) => setItem(i, (x) => withField(x, 'doseText', e.currentTarget.value))}
          />
        </ListItem>
      ))}
      <Button
        variant="default"
        size="md"
        onClick={() =>
          update((c) => ({
            ...withField(c, 'noMedications', undefined),
            medications: [...(c.medications ?? []), {}],
          }))
        }
      >
        Add a medicine
      </Button>
    </Stack>
  );
}

function Allergies({ content, update, errors }: StepProps) {
  const list = content.allergies ?? [];
  const set = (next: typeof list) => update((c) => withField(c, 'allergies', next.length ? next : undefined));
  const at = (i: number, field: string) => errors[`/content/allergies/${i}/${field}`];
  return (
    <Stack gap="md">
      <Text>Medicines, foods, latex or anything else that has given you a reaction.</Text>
      {list.length === 0 && (
        <Checkbox
          size="md"
          label="I have no known allergies"
          checked={content.noKnownAllergies ?? false}
          onChange={(e) =>
            update((c) => withField(c, 'noKnownAllergies', e.currentTarget.checked || undefined))
          }
          error={plainError(errors['/content/allergies'])}
        />
      )}
      {list.map((a, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an answer's place is its identity (and its error path)
        <ListItem key={i} title={`Allergy ${i + 1}`} onRemove={() => set(list.filter((_, j) => j !== i))}>
          <TextInput
            label="Allergic to"
            size="md"
            value={a.substance ?? ''}
            onChange={(e) =>
              set(list.map((x, j) => (j === i ? withField(x, 'substance', e.currentTarget.value) : x)))
            }
            error={plainError(at(i, 'substance'))}
          />
          <TextInput
            label="What happened (for example rash, swelling)"
            size="md"
            value={a.reaction ?? ''}
            onChange={(e) =>
              set(list.map((x, j) => (j === i ? withField(x, 'reaction', e.currentTarget.value) : x)))
            }
            error={plainError(at(i, 'reaction'))}
          />
        </ListItem>
      ))}
      <Button
        variant="default"
        size="md"
        onClick={() =>
          update((c) => ({
            ...withField(c, 'noKnownAllergies', undefined),
            allergies: [...(c.allergies ?? []), {}],
          }))
        }
      >
        Add an allergy
      </Button>
    </Stack>
  );
}

function Body({ content, update, errors }: StepProps) {
  const height = content.height ?? { unit: 'in' as const };
  const weight = content.weight ?? { unit: 'lb' as const };
  const inches = height.unit === 'in' && height.value !== undefined ? height.value : undefined;
  const feetPart = inches === undefined ? '' : Math.floor(inches / 12);
  const inchPart = inches === undefined ? '' : Math.round((inches % 12) * 10) / 10;
  const setHeight = (value: number | undefined, unit: 'cm' | 'in') =>
    update((c) => ({
      ...c,
      height: withField<{ value?: number; unit: 'cm' | 'in' }, 'value'>({ unit }, 'value', value),
    }));
  const setFeetInches = (feet: number | '', inch: number | '') =>
    setHeight(feet === '' && inch === '' ? undefined : Number(feet || 0) * 12 + Number(inch || 0), 'in');
  const heightError = plainError(errors['/content/height/value'] ?? errors['/content/height/unit']);
  const weightError = plainError(errors['/content/weight/value'] ?? errors['/content/weight/unit']);
  return (
    <Stack gap="lg">
      <Text>
        Your care team uses your weight to work out your dose. It will be checked at the clinic too.
      </Text>
      <Choice
        label="Height in"
        options={[
          { value: 'in', label: 'Feet and inches' },
          { value: 'cm', label: 'Centimetres' },
        ]}
        value={height.unit}
        onChange={(unit) => setHeight(undefined, unit as 'cm' | 'in')}
      />
      {height.unit === 'cm' ? (
        <NumberInput
          label="Height (cm)"
          size="md"
          min={0}
          value={height.value ?? ''}
          onChange={(v) => setHeight(numberOrUndefined(v), 'cm')}
          error={heightError}
        />
      ) : (
        <Group grow align="flex-start">
          <NumberInput
            label="Feet"
            size="md"
            min={0}
            allowDecimal={false}
            value={feetPart}
            onChange={(v) => setFeetInches(typeof v === 'number' ? v : '', inchPart)}
            error={heightError}
          />
          <NumberInput
            label="Inches"
            size="md"
            min={0}
            max={11.9}
            value={inchPart}
            onChange={(v) => setFeetInches(feetPart, typeof v === 'number' ? v : '')}
          />
        </Group>
      )}
      <Choice
        label="Weight in"
        options={[
          { value: 'lb', label: 'Pounds' },
          { value: 'kg', label: 'Kilograms' },
        ]}
        value={weight.unit}
        onChange={(unit) => update((c) => ({ ...c, weight: { unit: unit as 'kg' | 'lb' } }))}
      />
      <NumberInput
        label={weight.unit === 'kg' ? 'Weight (kg)' : 'Weight (lb)'}
        size="md"
        min={0}
        value={weight.value ?? ''}
        onChange={(v) =>
          update((c) => ({
            ...c,
            weight: withField<{ value?: number; unit: 'kg' | 'lb' }, 'value'>(
              { unit: weight.unit ?? 'lb' },
              'value',
              numberOrUndefined(v),
            ),
          }))
        }
        error={weightError}
      />
    </Stack>
  );
}

const has = (value: object | undefined) => value !== undefined && Object.keys(value).length > 0;

/** The intake, one short step per screen. */
export const intakeSteps: IntakeStep[] = [
  {
    id: 'diagnoses',
    title: 'Diagnoses you know of',
    why: 'What you have been told you have, in your words or from the list.',
    owns: /^\/content\/diagnoses/,
    started: (c) => has(c.diagnoses),
    Body: Diagnoses,
  },
  {
    id: 'antidepressants',
    title: 'Antidepressants you have tried',
    why: 'Ketamine is usually for depression that other medicines have not helped enough.',
    owns: /^\/content\/priorTreatments\/antidepressants/,
    started: (c) => has(c.priorTreatments?.antidepressants),
    Body: Antidepressants,
  },
  {
    id: 'other-treatments',
    title: 'Other treatments',
    why: 'Therapy, TMS, ECT, ketamine or esketamine you have had before.',
    owns: /^\/content\/priorTreatments\/(psychotherapy|tms|ect|ketamine|esketamine)/,
    started: (c) =>
      ['psychotherapy', 'tms', 'ect', 'ketamine', 'esketamine'].some((k) =>
        has(c.priorTreatments?.[k as 'tms']),
      ),
    Body: OtherTreatments,
  },
  {
    id: 'psychiatric-history',
    title: 'Mental-health history',
    why: 'Some experiences change whether ketamine is safe for you.',
    owns: /^\/content\/psychiatricHistory/,
    started: (c) => has(c.psychiatricHistory),
    Body: PsychiatricHistory,
  },
  {
    id: 'substance-use',
    title: 'Alcohol and drugs',
    why: 'Some substances do not mix safely with ketamine.',
    owns: /^\/content\/substanceUse/,
    started: (c) => has(c.substanceUse),
    Body: SubstanceUse,
  },
  {
    id: 'medical-history',
    title: 'Medical history',
    why: 'Ketamine raises blood pressure for a while, so some conditions need care.',
    owns: /^\/content\/medicalHistory/,
    started: (c) => has(c.medicalHistory),
    Body: MedicalHistory,
  },
  {
    id: 'medications',
    title: 'Medicines you take now',
    why: 'With the dose, so your care team can check how they mix with ketamine.',
    owns: /^\/content\/(medications|noMedications)/,
    started: (c) => has(c.medications) || c.noMedications === true,
    Body: Medications,
  },
  {
    id: 'allergies',
    title: 'Allergies',
    why: 'So nothing you react to is given to you.',
    owns: /^\/content\/(allergies|noKnownAllergies)/,
    started: (c) => has(c.allergies) || c.noKnownAllergies === true,
    Body: Allergies,
  },
  {
    id: 'body',
    title: 'Height and weight',
    why: 'Your dose depends on your weight.',
    owns: /^\/content\/(height|weight)/,
    started: (c) => c.height?.value !== undefined || c.weight?.value !== undefined,
    Body: Body,
  },
];
