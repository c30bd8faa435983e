import { Alert, Button, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ClinicSecurity } from '../../../src/identity/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';

/** The clinic's sign-in rules. Owners change them; compliance sees them. New sessions get the new rules. */
export function SecurityTab({ canChange }: { canChange: boolean }) {
  const { clinicId } = useSession();
  const current = useApi<ClinicSecurity>(`/api/clinics/${clinicId}/security`);
  const [form, setForm] = useState<ClinicSecurity>();
  const [saved, setSaved] = useState(false);
  const save = useSubmit((body: ClinicSecurity) =>
    send<ClinicSecurity>('PUT', `/api/clinics/${clinicId}/security`, body),
  );
  useEffect(() => {
    if (current.data) setForm(current.data);
  }, [current.data]);

  return (
    <Stack gap="md" maw={560}>
      <Title order={2} size="h4">
        Sign-in rules
      </Title>
      <ProblemAlert error={current.error} />
      {form && (
        <form
          noValidate
          aria-label="Sign-in rules"
          onSubmit={async (event) => {
            event.preventDefault();
            setSaved(false);
            const result = await save.run(form);
            if (result) {
              setForm(result);
              setSaved(true);
            }
          }}
        >
          <Stack gap="md">
            <NumberInput
              label="Sign out after this many minutes without activity"
              description="5 to 60 minutes. Shorter is safer on shared computers."
              min={5}
              max={60}
              step={5}
              allowDecimal={false}
              value={form.idleTimeoutMinutes}
              disabled={!canChange}
              onChange={(v) => setForm({ ...form, idleTimeoutMinutes: typeof v === 'number' ? v : 0 })}
              error={fieldError(save.error, '/body/idleTimeoutMinutes')}
            />
            <Switch
              label="Require an authenticator app for everyone"
              description="Owners, prescribers and compliance always need one; this adds nurses, front desk and therapists."
              checked={form.mfaRequiredForAll}
              disabled={!canChange}
              onChange={(e) => setForm({ ...form, mfaRequiredForAll: e.currentTarget.checked })}
            />
            <ProblemAlert error={save.error} fieldsShown />
            {saved && (
              <Alert color="teal" role="status">
                Saved. Sessions that start from now on follow these rules.
              </Alert>
            )}
            {canChange ? (
              <Group>
                <Button type="submit" loading={save.busy}>
                  Save rules
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                Only the clinic’s owner can change these.
              </Text>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
