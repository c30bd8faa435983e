import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { InvitationBody, NewInvitation } from '../../../../src/intake/model';
import { formatInstant } from '../../admin/format';
import { send } from '../../api/client';
import { OnceSecret } from '../../ui/OnceSecret';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useSubmit } from '../../ui/useApi';

/**
 * A portal invitation: the person registers themself (or, for a registered patient, finishes online). The link
 * is shown once: only its hash is kept.
 */
export function InvitePatient({
  clinicId,
  patientId,
  email = '',
}: {
  clinicId: string;
  patientId?: string;
  email?: string;
}) {
  const [invitation, setInvitation] = useState<NewInvitation>();
  const invite = useSubmit((body: InvitationBody) =>
    send<NewInvitation>('POST', `/api/clinics/${clinicId}/invitations`, body),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const address = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    const result = await invite.run({ email: address, ...(patientId ? { patientId } : {}) });
    if (result) setInvitation(result);
  };
  if (invitation)
    return (
      <OnceSecret
        label="Portal invitation link"
        value={new URL(invitation.link, window.location.origin).toString()}
        note={`Send it to the patient now (it is shown only once). It works until ${formatInstant(invitation.expiresAt)}.`}
      />
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Invite to the portal">
      <Stack gap="sm">
        <Text size="sm">
          The patient gets a link to set a password
          {patientId ? ' and finish their registration' : ' and register'} in the portal, then fills in the
          intake questionnaire and signs consent there.
        </Text>
        <TextInput
          label="Patient’s email"
          name="email"
          type="email"
          defaultValue={email}
          required
          error={fieldError(invite.error, '/body/email')}
        />
        <ProblemAlert error={invite.error} title="No invitation made" fieldsShown />
        <Group>
          <Button type="submit" loading={invite.busy}>
            Invite to the portal
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
