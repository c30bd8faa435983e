import { Button, Center, Group, Loader, Modal, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { lastRequestTime } from '../api/client';
import { type Audience, signInUrl, useSessionContext } from './session';

const ENROL_PATH = '/account/authenticator';

/**
 * Shows `children` only to someone signed in as `audience`; anyone else goes to that audience's sign-in page,
 * which brings them back here afterwards. Staff who must still set up an authenticator are held on set-up.
 */
export function RequireSession({ audience, children }: { audience: Audience; children: ReactNode }) {
  const { state, refresh } = useSessionContext();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  useEffect(() => {
    if (state.status === 'unknown') void refresh();
  }, [state.status, refresh]);
  if (state.status === 'unknown' || state.status === 'loading')
    return (
      <Center mih="60vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (state.status === 'signed-out' && state.to) return <Navigate to={state.to} replace />;
  if (state.status === 'signed-out' || state.session.kind !== audience)
    return <Navigate to={signInUrl(audience, { next: here })} replace />;
  if (state.session.mfa.enrolmentPending && location.pathname !== ENROL_PATH)
    return <Navigate to={ENROL_PATH} replace />;
  return (
    <>
      <IdleWatch minutes={state.session.idleTimeoutMinutes} />
      {children}
    </>
  );
}

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;
const WARNING_MS = 60_000;
/** Activity tells the server at most this often, so its idle clock matches the person's. */
const KEEP_ALIVE_MS = 60_000;

/**
 * Ends the session after `minutes` without keyboard, pointer or touch activity, with a "Still there?" warning a
 * minute before. Timers read the browser clock (Date.now, setTimeout) so tests can fast-forward them.
 */
function IdleWatch({ minutes }: { minutes: number }) {
  const { end, refresh } = useSessionContext();
  const [warning, setWarning] = useState(false);
  const lastActivity = useRef(Date.now());
  const warningRef = useRef(false);
  warningRef.current = warning;

  useEffect(() => {
    const limit = minutes * 60_000;
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      const idle = Date.now() - lastActivity.current;
      if (idle >= limit) {
        void end('idle', true);
        return;
      }
      if (idle >= limit - WARNING_MS) setWarning(true);
      const next = idle >= limit - WARNING_MS ? limit - idle : limit - WARNING_MS - idle;
      timer = setTimeout(check, next);
    };
    const onActivity = () => {
      // While the warning is up, only its button counts: a stray mouse movement is not "still there".
      if (warningRef.current) return;
      lastActivity.current = Date.now();
      if (Date.now() - lastRequestTime() > KEEP_ALIVE_MS) void refresh().catch(() => undefined);
    };
    for (const name of ACTIVITY) window.addEventListener(name, onActivity, { passive: true });
    timer = setTimeout(check, limit - WARNING_MS);
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, onActivity);
    };
  }, [minutes, end, refresh]);

  const stay = () => {
    lastActivity.current = Date.now();
    setWarning(false);
    void refresh().catch(() => undefined);
  };
  return (
    <Modal opened={warning} onClose={stay} title="Still there?" centered>
      <Text mb="md">
        For patients’ privacy you will be signed out in a minute unless you continue. Anything you have not
        saved will be lost.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => void end('sign-out')}>
          Sign out now
        </Button>
        <Button onClick={stay} data-autofocus>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
