import { Alert, Button, Checkbox, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { ContactPreferencesBody, ContactPreferencesView } from '../../../../src/reminder/model';
import { send } from '../../api/client';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';

/** How the patient gets reminders: email, text messages, or both. */
export function ContactPreferences() {
  const current = useApi<ContactPreferencesView>('/api/portal/contact-preferences');
  const [choice, setChoice] = useState<ContactPreferencesBody>({ email: true, sms: false });
  const [saved, setSaved] = useState(false);
  const save = useSubmit((body: ContactPreferencesBody) =>
    send<ContactPreferencesView>('PUT', '/api/portal/contact-preferences', body),
  );
  useEffect(() => {
    if (current.data) setChoice({ email: current.data.email, sms: current.data.sms });
  }, [current.data]);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    if (await save.run(choice)) {
      setSaved(true);
      current.reload();
    }
  };
  const data = current.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="reminders-heading">
      <Title order={2} size="h3" id="reminders-heading">
        How we remind you
      </Title>
      <ProblemAlert error={current.error} />
      {data && (
        <form onSubmit={submit} noValidate aria-label="How we remind you">
          <Stack gap="sm">
            <Text size="sm">
              Reminders tell you when to stop eating and drinking, and to bring your escort.
            </Text>
            <Checkbox
              size="md"
              label={`Email${data.emailAddress ? ` to ${data.emailAddress}` : ' (we have no email address for you)'}`}
              checked={choice.email}
              onChange={(e) => setChoice({ ...choice, email: e.currentTarget.checked })}
              error={fieldError(save.error, '/body/email')}
            />
            <Checkbox
              size="md"
              label={`Text messages${data.phone ? ` to ${data.phone}` : ' (we have no mobile number for you)'}`}
              checked={choice.sms}
              onChange={(e) => setChoice({ ...choice, sms: e.currentTarget.checked })}
              error={fieldError(save.error, '/body/sms')}
            />
            <ProblemAlert error={save.error} fieldsShown />
            {saved && (
              <Alert color="teal" variant="light" role="status">
                Saved. New reminders will come this way.
              </Alert>
            )}
            <Button type="submit" variant="default" size="md" loading={save.busy}>
              Save how we remind you
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
