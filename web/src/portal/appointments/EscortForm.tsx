import { Alert, Button, Checkbox, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { EscortBody, EscortView } from '../../../../src/reminder/model';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useSubmit } from '../../ui/useApi';

/** The patient names the adult who takes them home after this session and confirms the ride. */
export function EscortForm({ appointmentId, onSaved }: { appointmentId: string; onSaved: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  const save = useSubmit((body: EscortBody) =>
    send<EscortView>('POST', `/api/portal/appointments/${appointmentId}/escort`, body),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const relationship = String(form.get('relationship') ?? '').trim();
    const saved = await save.run({
      escortName: String(form.get('escortName') ?? ''),
      escortPhone: String(form.get('escortPhone') ?? ''),
      ...(relationship ? { relationship } : {}),
      rideConfirmed: confirmed,
    });
    if (saved) onSaved();
  };
  const rideError = fieldError(save.error, '/body/rideConfirmed');
  return (
    <form onSubmit={submit} noValidate aria-label="Who is taking you home">
      <Stack gap="sm">
        <Text size="sm">
          You cannot drive or leave on your own after a session. Tell us which adult will take you home.
        </Text>
        <TextInput
          label="Their name"
          name="escortName"
          autoComplete="off"
          required
          size="md"
          error={fieldError(save.error, '/body/escortName')}
        />
        <TextInput
          label="Their phone number"
          name="escortPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          size="md"
          description="So the clinic can call them when you are ready to go"
          error={fieldError(save.error, '/body/escortPhone')}
        />
        <TextInput
          label="How you know them (optional)"
          name="relationship"
          autoComplete="off"
          size="md"
          placeholder="for example: partner, friend, parent"
        />
        <Checkbox
          label="I confirm they will take me home after the session"
          checked={confirmed}
          onChange={(event) => setConfirmed(event.currentTarget.checked)}
          size="md"
          error={rideError}
        />
        <ProblemAlert error={save.error} fieldsShown />
        <Button type="submit" size="lg" fullWidth loading={save.busy}>
          Confirm my escort
        </Button>
      </Stack>
    </form>
  );
}

/** The escort in force, and a way to change it (a new confirmation replaces the old). */
export function EscortConfirmed({ escort, onChange }: { escort: EscortView; onChange: () => void }) {
  return (
    <Alert color="teal" variant="light" title="Escort confirmed" role="status">
      <Stack gap={4}>
        <Text size="sm">
          {escort.escortName}
          {escort.relationship ? ` (${escort.relationship})` : ''} will take you home. We will call them on{' '}
          {escort.escortPhone} when you are ready.
        </Text>
        <Button variant="subtle" size="compact-sm" onClick={onChange} w="fit-content" px={0}>
          Change escort
        </Button>
      </Stack>
    </Alert>
  );
}
