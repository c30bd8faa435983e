import {
  Anchor,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  type RegisteredPatient,
  type RegistrationDetails,
  sexesAtBirth,
  usStates,
} from '../../../src/intake/model';
import type { ApiError } from '../api/client';
import { send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';
import { InvitePatient } from './intake/InvitePatient';

const sexLabels: Record<(typeof sexesAtBirth)[number], string> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
  unknown: 'Not known',
};

/** Reads `prefix.field` inputs of a form; empty optional text is left out. */
const reader = (data: FormData) => {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const optional = (name: string) => text(name) || undefined;
  const person = (prefix: string) => ({
    name: text(`${prefix}.name`),
    phone: text(`${prefix}.phone`),
    relationship: text(`${prefix}.relationship`),
  });
  const clinician = (prefix: string) =>
    text(`${prefix}.name`)
      ? {
          name: text(`${prefix}.name`),
          ...(optional(`${prefix}.practice`) ? { practice: text(`${prefix}.practice`) } : {}),
          ...(optional(`${prefix}.phone`) ? { phone: text(`${prefix}.phone`) } : {}),
          ...(optional(`${prefix}.npi`) ? { npi: text(`${prefix}.npi`) } : {}),
        }
      : undefined;
  return { text, optional, person, clinician };
};

/** Input-name prefixes of a form's numbered rows (escort0, escort1…): rows are only ever added at the end. */
const rows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** Without undefined values: the request body is closed and exact. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Front desk registers a patient: legal and preferred names, birth date, sex at birth and gender identity,
 * contact and address with the US state (state rules read it), emergency contact, escorts who take the patient
 * home, payer, referring and treating clinicians. The server checks every field; its refusals show at the field.
 */
export function RegisterPatient({ clinicId }: { clinicId: string }) {
  const [escorts, setEscorts] = useState(1);
  const [plans, setPlans] = useState(1);
  const [payer, setPayer] = useState<'self_pay' | 'insurance'>('self_pay');
  const [registered, setRegistered] = useState<RegisteredPatient>();
  const register = useSubmit((body: RegistrationDetails) =>
    send<RegisteredPatient>('POST', `/api/clinics/${clinicId}/patients`, body),
  );
  const error = register.error;
  const err = (path: string) => fieldError(error, `/body/${path}`);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { text, optional, person, clinician } = reader(new FormData(event.currentTarget));
    const body: RegistrationDetails = defined({
      givenName: text('givenName'),
      familyName: text('familyName'),
      middleName: optional('middleName'),
      preferredName: optional('preferredName'),
      birthDate: text('birthDate'),
      sexAtBirth: text('sexAtBirth') as RegistrationDetails['sexAtBirth'],
      genderIdentity: optional('genderIdentity'),
      pronouns: optional('pronouns'),
      phone: text('phone'),
      email: optional('email'),
      address: defined({
        line1: text('address.line1'),
        line2: optional('address.line2'),
        city: text('address.city'),
        state: text('address.state'),
        postalCode: text('address.postalCode'),
      }),
      emergencyContact: person('emergency'),
      escorts: Array.from({ length: escorts }, (_, i) => person(`escort${i}`)).filter(
        (p) => p.name || p.phone || p.relationship,
      ),
      payer:
        payer === 'self_pay'
          ? { kind: 'self_pay' }
          : {
              kind: 'insurance',
              plans: Array.from({ length: plans }, (_, i) =>
                defined({
                  payerName: text(`plan${i}.payerName`),
                  memberId: text(`plan${i}.memberId`),
                  groupNumber: optional(`plan${i}.groupNumber`),
                  subscriberName: optional(`plan${i}.subscriberName`),
                }),
              ),
            },
      referringClinician: clinician('referring'),
      treatingPsychiatrist: clinician('psychiatrist'),
      treatingTherapist: clinician('therapist'),
    });
    const result = await register.run(body);
    if (result) setRegistered(result);
  };

  if (registered) {
    const { details } = registered.profile;
    return (
      <Stack gap="md">
        <Text role="status" fw={600}>
          {details.givenName} {details.familyName} is registered.{' '}
          <Anchor component={Link} to={`/patients/${registered.patientId}`}>
            Open the chart
          </Anchor>
        </Text>
        <Title order={3} size="h5">
          Invite to the portal
        </Title>
        <InvitePatient clinicId={clinicId} patientId={registered.patientId} email={details.email ?? ''} />
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Register a patient">
      <Stack gap="md">
        <Fieldset legend="Patient">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Legal first name"
              name="givenName"
              required
              error={err('givenName')}
              data-autofocus
            />
            <TextInput label="Legal last name" name="familyName" required error={err('familyName')} />
            <TextInput label="Middle name" name="middleName" error={err('middleName')} />
            <TextInput label="Preferred name" name="preferredName" error={err('preferredName')} />
            <TextInput label="Date of birth" name="birthDate" type="date" required error={err('birthDate')} />
            <NativeSelect
              label="Sex at birth"
              name="sexAtBirth"
              required
              data={sexesAtBirth.map((s) => ({ value: s, label: sexLabels[s] }))}
              error={err('sexAtBirth')}
            />
            <TextInput
              label="Gender identity"
              name="genderIdentity"
              description="In the patient’s own words"
              error={err('genderIdentity')}
            />
            <TextInput label="Pronouns" name="pronouns" error={err('pronouns')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Contact and address">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Phone" name="phone" type="tel" required error={err('phone')} />
            <TextInput label="Email" name="email" type="email" error={err('email')} />
            <TextInput label="Address" name="address.line1" required error={err('address/line1')} />
            <TextInput label="Address line 2" name="address.line2" error={err('address/line2')} />
            <TextInput label="City" name="address.city" required error={err('address/city')} />
            <Group grow align="flex-start">
              <NativeSelect
                label="State"
                name="address.state"
                required
                data={[{ value: '', label: 'Choose…' }, ...usStates]}
                error={err('address/state')}
              />
              <TextInput
                label="ZIP code"
                name="address.postalCode"
                required
                error={err('address/postalCode')}
              />
            </Group>
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Emergency contact">
          <PersonFields
            prefix="emergency"
            path="emergencyContact"
            error={error}
            required
            label="Emergency contact"
          />
        </Fieldset>
        <Fieldset legend="Escorts and drivers">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Adults who may take the patient home after a session (the patient may not drive that day).
            </Text>
            {rows('escort', escorts).map((prefix, i) => (
              <PersonFields
                key={prefix}
                prefix={prefix}
                path={`escorts/${i}`}
                error={error}
                label={`Escort ${i + 1}`}
              />
            ))}
            {escorts < 5 && (
              <Group>
                <Button variant="default" size="xs" onClick={() => setEscorts((n) => n + 1)}>
                  Add an escort
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
        <Fieldset legend="Payer">
          <Stack gap="sm">
            <Radio.Group
              label="Who pays"
              value={payer}
              onChange={(v) => setPayer(v as 'self_pay' | 'insurance')}
              error={err('payer')}
            >
              <Group mt={4}>
                <Radio value="self_pay" label="Self-pay" />
                <Radio value="insurance" label="Insurance" />
              </Group>
            </Radio.Group>
            {payer === 'insurance' &&
              rows('plan', plans).map((prefix, i) => (
                <SimpleGrid key={prefix} cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label={i === 0 ? 'Insurer (primary)' : `Insurer ${i + 1}`}
                    name={`plan${i}.payerName`}
                    required
                    error={err(`payer/plans/${i}/payerName`)}
                  />
                  <TextInput
                    label="Member ID"
                    name={`plan${i}.memberId`}
                    required
                    error={err(`payer/plans/${i}/memberId`)}
                  />
                  <TextInput
                    label="Group number"
                    name={`plan${i}.groupNumber`}
                    error={err(`payer/plans/${i}/groupNumber`)}
                  />
                  <TextInput
                    label="Subscriber (if not the patient)"
                    name={`plan${i}.subscriberName`}
                    error={err(`payer/plans/${i}/subscriberName`)}
                  />
                </SimpleGrid>
              ))}
            {payer === 'insurance' && plans < 3 && (
              <Group>
                <Button variant="default" size="xs" onClick={() => setPlans((n) => n + 1)}>
                  Add another plan
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
        <Fieldset legend="Clinicians">
          <Stack gap="md">
            <ClinicianFields
              prefix="referring"
              path="referringClinician"
              label="Referring clinician"
              error={error}
            />
            <ClinicianFields
              prefix="psychiatrist"
              path="treatingPsychiatrist"
              label="Treating psychiatrist"
              error={error}
            />
            <ClinicianFields
              prefix="therapist"
              path="treatingTherapist"
              label="Treating therapist"
              error={error}
            />
          </Stack>
        </Fieldset>
        <ProblemAlert error={error} title="Not registered" />
        <Group justify="flex-end">
          <Button type="submit" loading={register.busy}>
            Register patient
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PersonFields({
  prefix,
  path,
  error,
  label,
  required = false,
}: {
  prefix: string;
  path: string;
  error: ApiError | undefined;
  label?: string;
  required?: boolean;
}) {
  const named = (field: string) => (label ? `${field} (${label.toLowerCase()})` : field);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <TextInput
        label={named('Name')}
        name={`${prefix}.name`}
        required={required}
        error={fieldError(error, `/body/${path}/name`)}
      />
      <TextInput
        label={named('Phone')}
        name={`${prefix}.phone`}
        type="tel"
        required={required}
        error={fieldError(error, `/body/${path}/phone`)}
      />
      <TextInput
        label={named('Relationship')}
        name={`${prefix}.relationship`}
        required={required}
        error={fieldError(error, `/body/${path}/relationship`)}
      />
    </SimpleGrid>
  );
}

function ClinicianFields({
  prefix,
  path,
  label,
  error,
}: {
  prefix: string;
  path: string;
  label: string;
  error: ApiError | undefined;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 4 }}>
      <TextInput label={label} name={`${prefix}.name`} error={fieldError(error, `/body/${path}/name`)} />
      <TextInput
        label={`${label}: practice`}
        name={`${prefix}.practice`}
        error={fieldError(error, `/body/${path}/practice`)}
      />
      <TextInput
        label={`${label}: phone`}
        name={`${prefix}.phone`}
        type="tel"
        error={fieldError(error, `/body/${path}/phone`)}
      />
      <TextInput
        label={`${label}: NPI`}
        name={`${prefix}.npi`}
        error={fieldError(error, `/body/${path}/npi`)}
      />
    </SimpleGrid>
  );
}
