import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useCallback, useRef, useState } from 'react';
import type { Static } from 'typebox';
import type { StepUpResult } from '../../../src/identity/model';
import { ApiError, send } from '../api/client';
import { fieldError, ProblemAlert } from './Problem';
import { useSubmit } from './useApi';

const STEP_UP_REQUIRED = '/problems/step-up-required';

export const needsStepUp = (error: unknown) =>
  error instanceof ApiError && error.status === 403 && error.type === STEP_UP_REQUIRED;

interface Waiting {
  confirmed: () => void;
  cancelled: () => void;
}

/**
 * For acts the server guards with step-up (password + authenticator code within the last 5 minutes):
 * `withStepUp(call)` runs the call; when the server asks for step-up it opens the dialog, and once the person
 * has confirmed it runs the call once more. Cancelling rejects with the server's refusal. Render `dialog`.
 */
export function useStepUp(): {
  withStepUp: <T>(call: () => Promise<T>) => Promise<T>;
  dialog: ReactNode;
} {
  const [waiting, setWaiting] = useState<Waiting>();
  const withStepUp = useCallback(async <T,>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (!needsStepUp(error)) throw error;
      await new Promise<void>((resolve, reject) =>
        setWaiting({ confirmed: resolve, cancelled: () => reject(error) }),
      );
      return call();
    }
  }, []);
  const dialog = (
    <StepUpDialog
      opened={waiting !== undefined}
      onConfirmed={() => {
        waiting?.confirmed();
        setWaiting(undefined);
      }}
      onCancel={() => {
        waiting?.cancelled();
        setWaiting(undefined);
      }}
    />
  );
  return { withStepUp, dialog };
}

/** Password and the authenticator's current code again: POST /api/auth/step-up. */
export function StepUpDialog({
  opened,
  onConfirmed,
  onCancel,
}: {
  opened: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const confirm = useSubmit((body: { password: string; totp: string }) =>
    send<Static<typeof StepUpResult>>('POST', '/api/auth/step-up', body),
  );
  const close = () => {
    confirm.clearError();
    onCancel();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const result = await confirm.run({
      password: String(data.get('password') ?? ''),
      totp: String(data.get('totp') ?? '').replace(/\s+/g, ''),
    });
    if (result) {
      form.current?.reset();
      onConfirmed();
    }
  };
  return (
    <Modal opened={opened} onClose={close} title="Confirm it is you" centered>
      <form ref={form} onSubmit={submit} noValidate aria-label="Confirm it is you">
        <Stack gap="sm">
          <Text size="sm">
            This change has clinical and legal weight. Enter your password and the code your authenticator app
            shows now; the confirmation lasts 5 minutes.
          </Text>
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            data-autofocus
            error={fieldError(confirm.error, '/body/password')}
          />
          <TextInput
            label="Authenticator code"
            name="totp"
            description="The 6-digit code your authenticator app shows now"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="one-time-code"
            maxLength={6}
            required
            error={fieldError(confirm.error, '/body/totp')}
          />
          <ProblemAlert error={confirm.error} fieldsShown />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={confirm.busy}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
