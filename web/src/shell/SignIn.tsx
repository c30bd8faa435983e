import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import type { LoginResult } from '../../../src/identity/model';
import { send, setCsrfToken } from '../api/client';
import { type Audience, useSessionContext } from '../session/session';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';
import { CardPage } from './CardPage';
import { useClinics } from './useClinics';

/** Why the person is back at sign-in, in plain words (from `?ended=`). */
function endedMessage(ended: string | null, minutes: string | null): string | undefined {
  switch (ended) {
    case 'idle':
      return `You were signed out after ${minutes ?? 15} minutes without activity.`;
    case 'absolute':
      return 'Your session reached its 12-hour limit. Sign in again to continue.';
    case 'revoked':
    case 'signed-out':
      return 'You were signed out.';
    case 'sign-out':
      return 'You have signed out.';
    default:
      return undefined;
  }
}

/** Only a path inside this app, so a crafted link cannot send someone elsewhere after sign-in. */
const safeNext = (next: string | null, fallback: string) =>
  next?.startsWith('/') && !next.startsWith('//') ? next : fallback;

/**
 * Sign-in for staff (password, then an authenticator code or a recovery code when the server asks for one) or
 * for patients (password). The server's refusal is shown as it words it: the same "not right" message for an
 * unknown email and a wrong password, and the lockout message with its wait.
 */
export function SignIn({ audience }: { audience: Audience }) {
  const patient = audience === 'patient';
  const { error: clinicsError } = useClinics();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { refresh } = useSessionContext();
  const [second, setSecond] = useState<'none' | 'totp' | 'recovery'>('none');
  const codeRef = useRef<HTMLInputElement>(null);
  const ended = endedMessage(params.get('ended'), params.get('minutes'));

  const login = useSubmit(async (body: Record<string, string>) => {
    try {
      return await send<Static<typeof LoginResult>>(
        'POST',
        patient ? '/api/portal/auth/login' : '/api/auth/login',
        body,
      );
    } catch (error) {
      if ((error as { type?: string }).type === '/problems/mfa-required') {
        setSecond((s) => (s === 'none' ? 'totp' : s));
        return undefined;
      }
      throw error;
    }
  });

  useEffect(() => {
    if (second !== 'none') codeRef.current?.focus();
  }, [second]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = {
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    };
    const code = String(form.get('code') ?? '').replace(/\s+/g, '');
    if (second === 'totp' && code) body.totp = code;
    if (second === 'recovery' && code) body.recoveryCode = code;
    const result = await login.run(body);
    if (!result) return;
    setCsrfToken(result.csrfToken);
    await refresh();
    if (result.enrolmentRequired) navigate('/account/authenticator', { replace: true });
    else navigate(safeNext(params.get('next'), patient ? '/portal' : '/today'), { replace: true });
  };

  const error = login.error;
  const fieldLevel = error?.type === '/problems/validation-error';
  return (
    <CardPage
      title={patient ? 'Patient portal sign-in' : 'Staff sign-in'}
      patient={patient}
      below={
        patient ? (
          <Anchor component={Link} to="/portal/help" fw={700} c="red.9" size="lg">
            Help now: crisis resources
          </Anchor>
        ) : (
          <Anchor component={Link} to="/portal/login" size="sm">
            Patient? Sign in to the patient portal
          </Anchor>
        )
      }
    >
      <form onSubmit={submit} noValidate aria-label={patient ? 'Patient sign-in' : 'Staff sign-in'}>
        <Stack gap="md">
          {ended && !error && (
            <Alert color="blue" role="status" title="Signed out">
              {ended}
            </Alert>
          )}
          {clinicsError && (
            <Alert color="orange" title="The clinic's details could not be loaded">
              {clinicsError.detail ?? clinicsError.title}
            </Alert>
          )}
          <TextInput
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            size={patient ? 'md' : 'sm'}
            readOnly={second !== 'none'}
            error={fieldError(error, '/body/email')}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            size={patient ? 'md' : 'sm'}
            readOnly={second !== 'none'}
            error={fieldError(error, '/body/password')}
          />
          {second !== 'none' && (
            <TextInput
              ref={codeRef}
              key={second}
              name="code"
              required
              {...(second === 'totp'
                ? {
                    label: 'Authenticator code',
                    description: 'The 6-digit code your authenticator app shows now',
                    inputMode: 'numeric',
                    pattern: '[0-9]*',
                    autoComplete: 'one-time-code',
                    maxLength: 6,
                    error: fieldError(error, '/body/totp'),
                  }
                : {
                    label: 'Recovery code',
                    description:
                      'One of the recovery codes you saved when you set up your authenticator. Each works once.',
                    autoComplete: 'off',
                    autoCapitalize: 'none',
                    spellCheck: false,
                    error: fieldError(error, '/body/recoveryCode'),
                  })}
            />
          )}
          {error && !fieldLevel && (
            <ProblemAlert error={error} title={error.status === 423 ? 'Account locked' : 'Not signed in'} />
          )}
          <Button type="submit" fullWidth size={patient ? 'md' : 'sm'} loading={login.busy}>
            {second === 'none' ? 'Sign in' : 'Verify and sign in'}
          </Button>
          {second !== 'none' && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                login.clearError();
                setSecond(second === 'totp' ? 'recovery' : 'totp');
              }}
            >
              {second === 'totp' ? 'Use a recovery code instead' : 'Use the authenticator app instead'}
            </Anchor>
          )}
        </Stack>
      </form>
    </CardPage>
  );
}
