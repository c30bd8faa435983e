import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { ProtocolDefinition } from '../../../../src/protocol/definition';
import type { DoseCalculationView, DosePreviewBody, ProtocolView } from '../../../../src/protocol/model';
import { devices, mg, mgPerKg } from '../../../../src/protocol/units';
import { send } from '../../api/client';
import { ProblemAlert } from '../../ui/Problem';
import { useSubmit } from '../../ui/useApi';

/** "82.5" with 3 decimals → 82500, exactly (no float), or null when it is not a plain positive decimal. */
export function toSmallestUnit(text: string, decimals: number): number | null {
  const match = /^\s*(\d{1,4})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match || (match[2]?.length ?? 0) > decimals) return null;
  return Number(match[1]) * 10 ** decimals + Number((match[2] ?? '').padEnd(decimals, '0'));
}

function stepLabels({ dosing }: ProtocolDefinition): string[] {
  switch (dosing.kind) {
    case 'per_kg':
      return dosing.stepsMcgPerKg.map(mgPerKg);
    case 'devices':
      return dosing.stepsDevices.map((n) => `${devices(n)} (${mg(n * dosing.mcgPerDevice)})`);
    case 'fixed':
      return dosing.stepsMcg.map((n) => mg(n));
  }
}

/** Works a dose out on the server's calculation for figures typed in, and shows the working line by line. */
export function DoseCalculator({ protocol, path }: { protocol: ProtocolView; path: string }) {
  const { definition } = protocol;
  const { dosing } = definition;
  const perKg = dosing.kind === 'per_kg';
  const needsHeight = dosing.kind === 'per_kg' && dosing.weightRule.kind !== 'actual';
  const [step, setStep] = useState('0');
  const [weight, setWeight] = useState('');
  const [height, setHeight] = useState('');
  const [sex, setSex] = useState('');
  const [firstSession, setFirstSession] = useState(false);
  const [inputError, setInputError] = useState<string>();
  const [result, setResult] = useState<DoseCalculationView>();
  const calculate = useSubmit((body: DosePreviewBody) =>
    send<DoseCalculationView>('POST', `${path}/${protocol.id}/dose-preview`, body),
  );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setResult(undefined);
    const weightGrams = weight.trim() ? toSmallestUnit(weight, 3) : null;
    const heightMm = height.trim() ? toSmallestUnit(height, 1) : null;
    if ((weight.trim() && weightGrams === null) || (height.trim() && heightMm === null)) {
      setInputError('Enter weight in kg and height in cm as plain numbers, e.g. 82.5');
      return;
    }
    setInputError(undefined);
    const answer = await calculate.run({
      stepIndex: Number(step),
      weightGrams,
      heightMm,
      sexAtBirth: sex === 'female' || sex === 'male' ? sex : null,
      firstSession,
    });
    if (answer) setResult(answer);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-label="Dose calculator">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Dose calculator
        </Title>
        <Text size="sm" c="dimmed">
          Works the dose out as a session would, with every step shown so it can be checked by hand. Nothing
          is saved.
        </Text>
        <form onSubmit={submit} noValidate aria-label="Calculate a dose">
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label="Step"
              value={step}
              onChange={(e) => setStep(e.currentTarget.value)}
              data={stepLabels(definition).map((label, i) => ({
                value: String(i),
                label: `${i + 1}: ${label}`,
              }))}
            />
            {perKg && (
              <TextInput
                label="Weight (kg)"
                inputMode="decimal"
                value={weight}
                onChange={(e) => setWeight(e.currentTarget.value)}
                w={120}
              />
            )}
            {needsHeight && (
              <>
                <TextInput
                  label="Height (cm)"
                  inputMode="decimal"
                  value={height}
                  onChange={(e) => setHeight(e.currentTarget.value)}
                  w={120}
                />
                <NativeSelect
                  label="Sex at birth"
                  value={sex}
                  onChange={(e) => setSex(e.currentTarget.value)}
                  data={[
                    { value: '', label: 'Not known' },
                    { value: 'female', label: 'Female' },
                    { value: 'male', label: 'Male' },
                  ]}
                />
              </>
            )}
            {dosing.kind === 'devices' && (
              <Checkbox
                label="First session of the course"
                checked={firstSession}
                onChange={(e) => setFirstSession(e.currentTarget.checked)}
                mb={8}
              />
            )}
            <Button type="submit" loading={calculate.busy}>
              Calculate
            </Button>
          </Group>
        </form>
        {inputError && (
          <Text c="red.9" size="sm" role="alert">
            {inputError}
          </Text>
        )}
        <ProblemAlert error={calculate.error} title="Not calculated" />
        {result && (
          <Stack gap="xs" aria-live="polite">
            {result.ok ? (
              <Text fw={700} size="lg">
                Dose {mg(result.doseMcg)}
                <Text span c="dimmed" size="sm" fw={400}>
                  {' '}
                  (maximum for this session {mg(result.maxDoseMcg)})
                </Text>
              </Text>
            ) : (
              <Alert color="red" title="No dose" role="alert">
                {result.reason}
              </Alert>
            )}
            {result.working.length > 0 && (
              <>
                <Text fw={600} size="sm">
                  Working
                </Text>
                <List type="ordered" size="sm" aria-label="Working">
                  {result.working.map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
