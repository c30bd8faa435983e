import {
  Alert,
  Button,
  Card,
  Group,
  PasswordInput,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import type { LoginResult } from '../../../src/identity/model';
import {
  type AcceptInvitationBody,
  type InvitationView,
  type RegistrationDetails,
  sexesAtBirth,
  usStates,
} from '../../../src/intake/model';
import { send, setCsrfToken } from '../api/client';
import { useSessionContext } from '../session/session';
import { Page } from '../ui/Page';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { dateInWords } from './format';
import { plainError } from './intake/fields';

interface Person {
  name: string;
  phone: string;
  relationship: string;
}
const noPerson: Person = { name: '', phone: '', relationship: '' };

/** The form as typed: text everywhere, turned into RegistrationDetails on submit. */
interface Form {
  givenName: string;
  middleName: string;
  familyName: string;
  preferredName: string;
  birthDate: string;
  sexAtBirth: string;
  gender: string;
  genderOwnWords: string;
  pronouns: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  emergencyContact: Person;
  escorts: Person[];
  payer: 'self_pay' | 'insurance' | '';
  payerName: string;
  memberId: string;
  groupNumber: string;
  password: string;
}

const sexWords: Record<(typeof sexesAtBirth)[number], string> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
  unknown: 'Not known',
};
const genderChoices = ['Woman', 'Man', 'Non-binary', 'In my own words', 'Prefer not to say'];

const optional = (value: string) => (value.trim() ? value.trim() : undefined);
const person = (p: Person) => ({
  name: p.name.trim(),
  phone: p.phone.trim(),
  relationship: p.relationship.trim(),
});

function detailsOf(form: Form, email: string): RegistrationDetails {
  const gender = form.gender === 'In my own words' ? optional(form.genderOwnWords) : optional(form.gender);
  const details: Record<string, unknown> = {
    givenName: form.givenName.trim(),
    familyName: form.familyName.trim(),
    middleName: optional(form.middleName),
    preferredName: optional(form.preferredName),
    birthDate: form.birthDate,
    sexAtBirth: form.sexAtBirth,
    genderIdentity: gender,
    pronouns: optional(form.pronouns),
    phone: form.phone.trim(),
    email,
    address: {
      line1: form.line1.trim(),
      line2: optional(form.line2),
      city: form.city.trim(),
      state: form.state,
      postalCode: form.postalCode.trim(),
    },
    emergencyContact: person(form.emergencyContact),
    escorts: form.escorts.map(person),
    payer:
      form.payer === 'insurance'
        ? {
            kind: 'insurance',
            plans: [
              {
                payerName: form.payerName.trim(),
                memberId: form.memberId.trim(),
                groupNumber: optional(form.groupNumber),
              },
            ],
          }
        : { kind: 'self_pay' },
  };
  // The schema is closed and optional fields are absent, not empty: drop what was left blank.
  return JSON.parse(JSON.stringify(details)) as RegistrationDetails;
}

/** `/portal/join/:token` (or `?token=`): someone invited by the clinic registers and creates their portal sign-in. */
export function Join() {
  const { token: fromPath } = useParams();
  const [params] = useSearchParams();
  const token = fromPath ?? params.get('token') ?? '';
  const invitation = useApi<InvitationView>(
    token ? `/api/portal/invitations/${encodeURIComponent(token)}` : null,
  );
  if (!token || invitation.error)
    return (
      <Page title="Join your clinic">
        <Alert color="orange" title="This invitation cannot be used" role="alert">
          {invitation.error?.status === 410
            ? 'It has expired or has been used already. Ask your clinic to send you a new one.'
            : 'The link is not complete or not known. Open the link from your invitation again, or ask your clinic for a new one.'}
        </Alert>
      </Page>
    );
  if (!invitation.data)
    return (
      <Page title="Join your clinic">
        <Text>Loading your invitation…</Text>
      </Page>
    );
  return <JoinForm token={token} invitation={invitation.data} />;
}

function Section({ title, children, intro }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            {title}
          </Title>
          {intro && (
            <Text size="sm" mt={4}>
              {intro}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

function JoinForm({ token, invitation }: { token: string; invitation: InvitationView }) {
  const navigate = useNavigate();
  const { refresh } = useSessionContext();
  const [form, setForm] = useState<Form>({
    givenName: invitation.prefill?.givenName ?? '',
    middleName: '',
    familyName: invitation.prefill?.familyName ?? '',
    preferredName: invitation.prefill?.preferredName ?? '',
    birthDate: '',
    sexAtBirth: '',
    gender: '',
    genderOwnWords: '',
    pronouns: '',
    phone: '',
    line1: '',
    line2: '',
    city: '',
    state: '',
    postalCode: '',
    emergencyContact: noPerson,
    escorts: [noPerson],
    payer: '',
    payerName: '',
    memberId: '',
    groupNumber: '',
    password: '',
  });
  const [tried, setTried] = useState(false);
  const accept = useSubmit((body: AcceptInvitationBody) =>
    send<Static<typeof LoginResult>>(
      'POST',
      `/api/portal/invitations/${encodeURIComponent(token)}/accept`,
      body,
    ),
  );
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof Form) => ({
    value: form[key] as string,
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value as never),
  });
  const err = (path: string) => plainError(fieldError(accept.error, `/body/details${path}`));
  // Shape errors (a field left empty) are reported by the server at the field too.
  const needed = (value: string, path: string) =>
    tried && !value.trim() ? 'Please fill this in.' : err(path);
  const setPerson = (index: number | 'emergency', key: keyof Person, value: string) =>
    setForm((f) =>
      index === 'emergency'
        ? { ...f, emergencyContact: { ...f.emergencyContact, [key]: value } }
        : { ...f, escorts: f.escorts.map((p, i) => (i === index ? { ...p, [key]: value } : p)) },
    );
  const noEscort = !form.escorts.some((e) => e.name.trim() && e.phone.trim());

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (noEscort || !form.sexAtBirth || !form.payer) return;
    const result = await accept.run({ details: detailsOf(form, invitation.email), password: form.password });
    if (!result) return;
    setCsrfToken(result.csrfToken);
    await refresh();
    navigate('/portal', { replace: true });
  };

  const personFields = (index: number | 'emergency', p: Person, base: string, label: string) => (
    <>
      <TextInput
        label={`${label}: name`}
        size="md"
        autoComplete="off"
        value={p.name}
        onChange={(e) => setPerson(index, 'name', e.currentTarget.value)}
        error={needed(p.name, `${base}/name`)}
      />
      <TextInput
        label={`${label}: phone`}
        size="md"
        type="tel"
        autoComplete="off"
        value={p.phone}
        onChange={(e) => setPerson(index, 'phone', e.currentTarget.value)}
        error={needed(p.phone, `${base}/phone`)}
      />
      <TextInput
        label={`${label}: how you know them`}
        description="For example partner, friend, parent"
        size="md"
        autoComplete="off"
        value={p.relationship}
        onChange={(e) => setPerson(index, 'relationship', e.currentTarget.value)}
        error={needed(p.relationship, `${base}/relationship`)}
      />
    </>
  );

  return (
    <Page title="Join your clinic" purpose={`${invitation.clinicName} invited you to its patient portal.`}>
      <Text>
        Invitation for <strong>{invitation.email}</strong>, open until{' '}
        {dateInWords(invitation.expiresAt, Intl.DateTimeFormat().resolvedOptions().timeZone)}. It takes about
        5 minutes. Fields marked optional can be left empty.
      </Text>
      <form onSubmit={submit} noValidate aria-label="Registration">
        <Stack gap="lg">
          <Section title="About you">
            <TextInput
              label="Legal first name"
              size="md"
              autoComplete="given-name"
              {...text('givenName')}
              error={needed(form.givenName, '/givenName')}
            />
            <TextInput
              label="Middle name (optional)"
              size="md"
              autoComplete="additional-name"
              {...text('middleName')}
              error={err('/middleName')}
            />
            <TextInput
              label="Legal last name"
              size="md"
              autoComplete="family-name"
              {...text('familyName')}
              error={needed(form.familyName, '/familyName')}
            />
            <TextInput
              label="Name you like to be called (optional)"
              size="md"
              autoComplete="nickname"
              {...text('preferredName')}
              error={err('/preferredName')}
            />
            <TextInput
              label="Date of birth"
              type="date"
              size="md"
              autoComplete="bday"
              {...text('birthDate')}
              error={needed(form.birthDate, '/birthDate')}
            />
            <Radio.Group
              label="Sex assigned at birth"
              description="Some medicines and tests depend on it."
              size="md"
              value={form.sexAtBirth}
              onChange={(v) => set('sexAtBirth', v)}
              error={tried && !form.sexAtBirth ? 'Please choose one.' : err('/sexAtBirth')}
            >
              <Group gap="md" mt="xs">
                {sexesAtBirth.map((s) => (
                  <Radio key={s} value={s} label={sexWords[s]} size="md" />
                ))}
              </Group>
            </Radio.Group>
            <Radio.Group
              label="Gender identity (optional)"
              size="md"
              value={form.gender}
              onChange={(v) => set('gender', v)}
              error={err('/genderIdentity')}
            >
              <Stack gap="xs" mt="xs">
                {genderChoices.map((g) => (
                  <Radio key={g} value={g} label={g} size="md" />
                ))}
              </Stack>
            </Radio.Group>
            {form.gender === 'In my own words' && (
              <TextInput label="Your gender identity" size="md" {...text('genderOwnWords')} />
            )}
            <TextInput
              label="Pronouns (optional)"
              description="For example she/her, he/him, they/them"
              size="md"
              {...text('pronouns')}
              error={err('/pronouns')}
            />
          </Section>

          <Section title="How to reach you">
            <TextInput
              label="Mobile phone"
              type="tel"
              size="md"
              autoComplete="tel"
              {...text('phone')}
              error={needed(form.phone, '/phone')}
            />
            <TextInput
              label="Street address"
              size="md"
              autoComplete="address-line1"
              {...text('line1')}
              error={needed(form.line1, '/address/line1')}
            />
            <TextInput
              label="Apartment, suite (optional)"
              size="md"
              autoComplete="address-line2"
              {...text('line2')}
              error={err('/address/line2')}
            />
            <TextInput
              label="City"
              size="md"
              autoComplete="address-level2"
              {...text('city')}
              error={needed(form.city, '/address/city')}
            />
            <Select
              label="State"
              size="md"
              searchable
              data={[...usStates]}
              value={form.state || null}
              onChange={(v) => set('state', v ?? '')}
              autoComplete="address-level1"
              error={needed(form.state, '/address/state')}
            />
            <TextInput
              label="ZIP code"
              size="md"
              inputMode="numeric"
              autoComplete="postal-code"
              {...text('postalCode')}
              error={needed(form.postalCode, '/address/postalCode')}
            />
          </Section>

          <Section title="Emergency contact" intro="Someone we can call if you are unwell.">
            {personFields('emergency', form.emergencyContact, '/emergencyContact', 'Emergency contact')}
          </Section>

          <Section
            title="Who will drive you home"
            intro="After each session someone must drive you home: ketamine affects your judgement and reactions for the rest of the day, so you must not drive or take a taxi alone. Add at least one adult who can take you home."
          >
            {form.escorts.map((escort, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a driver's place is their identity (and error path)
              <Stack key={i} gap="sm">
                {personFields(i, escort, `/escorts/${i}`, `Driver ${i + 1}`)}
                {form.escorts.length > 1 && (
                  <Button
                    variant="outline"
                    color="red.9"
                    onClick={() =>
                      set(
                        'escorts',
                        form.escorts.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove driver {i + 1}
                  </Button>
                )}
              </Stack>
            ))}
            {tried && noEscort && (
              <Text c="red.9" size="sm" role="alert">
                Please add at least one person who can drive you home.
              </Text>
            )}
            {form.escorts.length < 5 && (
              <Button variant="default" size="md" onClick={() => set('escorts', [...form.escorts, noPerson])}>
                Add another driver
              </Button>
            )}
          </Section>

          <Section title="Paying for treatment">
            <Radio.Group
              label="How will you pay?"
              size="md"
              value={form.payer}
              onChange={(v) => set('payer', v as Form['payer'])}
              error={tried && !form.payer ? 'Please choose one.' : err('/payer')}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="self_pay" label="I pay myself" size="md" />
                <Radio value="insurance" label="Health insurance" size="md" />
              </Stack>
            </Radio.Group>
            {form.payer === 'insurance' && (
              <>
                <TextInput
                  label="Insurance company"
                  size="md"
                  {...text('payerName')}
                  error={needed(form.payerName, '/payer/plans/0/payerName')}
                />
                <TextInput
                  label="Member ID"
                  description="On your insurance card"
                  size="md"
                  {...text('memberId')}
                  error={needed(form.memberId, '/payer/plans/0/memberId')}
                />
                <TextInput
                  label="Group number (optional)"
                  size="md"
                  {...text('groupNumber')}
                  error={err('/payer/plans/0/groupNumber')}
                />
              </>
            )}
          </Section>

          <Section
            title="Your portal password"
            intro={`You will sign in with ${invitation.email} and this password.`}
          >
            <PasswordInput
              label="Choose a password"
              description="At least 12 characters. Not a common password, not your email name, not one character repeated. A short sentence is easy to remember."
              size="md"
              autoComplete="new-password"
              {...text('password')}
              error={
                tried && !form.password
                  ? 'Please choose a password.'
                  : fieldError(accept.error, '/body/password')
              }
            />
          </Section>

          <ProblemAlert error={accept.error} fieldsShown title="You are not registered yet" />
          {accept.error && accept.error.fieldErrors.length > 0 && (
            <Alert color="red" role="alert" title="You are not registered yet">
              Some answers need a change: they are marked above.
            </Alert>
          )}
          <Button type="submit" size="lg" fullWidth loading={accept.busy}>
            Register and sign in
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
