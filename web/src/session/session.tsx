import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Static } from 'typebox';
import type { Role } from '../../../src/identity/actor';
import type { SessionView } from '../../../src/identity/model';
import { ApiError, api, type SessionEnd, send, setCsrfToken, setSessionEndedHandler } from '../api/client';

export type Session = Static<typeof SessionView>;
export type Audience = 'staff' | 'patient';
/** Why someone is back at sign-in: the server's reasons, or they chose to sign out. */
export type Ending = SessionEnd | 'sign-out';

type State =
  | { status: 'unknown' }
  | { status: 'loading' }
  /** `to`: where the ending sent them (sign-in with the reason), so no other redirect replaces it. */
  | { status: 'signed-out'; to?: string }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: State;
  /** Reads GET /api/auth/session (after sign-in, enrolment, or to keep the server session alive). */
  refresh: () => Promise<Session | undefined>;
  /** Ends the session here (telling the server unless it ended it) and shows sign-in with the reason. */
  end: (reason: Ending, tellServer?: boolean) => Promise<void>;
  clinicId: string | undefined;
  chooseClinic: (clinicId: string) => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);
const CLINIC_KEY = 'ketacare.clinic';

export const signInPath = (audience: Audience) => (audience === 'patient' ? '/portal/login' : '/login');

/** The sign-in address with why the session ended and where to go afterwards. */
export function signInUrl(audience: Audience, opts: { next?: string; ended?: Ending; minutes?: number }) {
  const query = new URLSearchParams();
  if (opts.next && opts.next !== '/' && opts.next !== '/portal') query.set('next', opts.next);
  if (opts.ended) query.set('ended', opts.ended);
  if (opts.minutes) query.set('minutes', String(opts.minutes));
  const q = query.toString();
  return `${signInPath(audience)}${q ? `?${q}` : ''}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'unknown' });
  const [chosen, setChosen] = useState<string | undefined>(
    () => localStorage.getItem(CLINIC_KEY) ?? undefined,
  );
  const navigate = useNavigate();

  const refresh = useCallback(async () => {
    setState((s) => (s.status === 'signed-in' ? s : { status: 'loading' }));
    try {
      const session = await api<Session>('/api/auth/session');
      setCsrfToken(session.csrfToken);
      setState({ status: 'signed-in', session });
      return session;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setCsrfToken(undefined);
      setState({ status: 'signed-out' });
      return undefined;
    }
  }, []);

  const session = state.status === 'signed-in' ? state.session : undefined;
  const end = useCallback(
    // The browser's idle timer and the sign-out button end a live session; a session the server ended is gone.
    async (reason: Ending, tellServer = reason === 'sign-out') => {
      setSessionEndedHandler(undefined);
      if (tellServer) await send('POST', '/api/auth/logout').catch(() => undefined);
      setCsrfToken(undefined);
      const here = `${window.location.pathname}${window.location.search}`;
      const to = signInUrl(session?.kind ?? 'staff', {
        ended: reason,
        ...(reason === 'sign-out' ? {} : { next: here }),
        ...(reason === 'idle' && session ? { minutes: session.idleTimeoutMinutes } : {}),
      });
      setState({ status: 'signed-out', to });
      navigate(to, { replace: true });
    },
    [navigate, session],
  );

  // Once sign-in is showing, the ending's address has done its job: later visits get their own `next`.
  const location = useLocation();
  useEffect(() => {
    if (state.status === 'signed-out' && state.to === `${location.pathname}${location.search}`)
      setState({ status: 'signed-out' });
  }, [state, location]);

  // While signed in, a session the server has ended (idle, 12-hour limit, signed out elsewhere) ends here too.
  useEffect(() => {
    if (!session) return;
    setSessionEndedHandler((reason) => {
      void end(reason);
    });
    return () => setSessionEndedHandler(undefined);
  }, [session, end]);

  const clinicId =
    session?.clinics.find((c) => c.clinicId === chosen)?.clinicId ?? session?.clinics[0]?.clinicId;
  const chooseClinic = useCallback((id: string) => {
    localStorage.setItem(CLINIC_KEY, id);
    setChosen(id);
  }, []);

  const value = useMemo(
    () => ({ state, refresh, end, clinicId, chooseClinic }),
    [state, refresh, end, clinicId, chooseClinic],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The signed-in session; only inside RequireSession. */
export function useSession() {
  const { state, clinicId, chooseClinic, end, refresh } = useSessionContext();
  if (state.status !== 'signed-in' || !clinicId) throw new Error('useSession outside a signed-in area');
  const session = state.session;
  const roles: Role[] = session.clinics.find((c) => c.clinicId === clinicId)?.roles ?? [];
  return { session, clinicId, roles, chooseClinic, end, refresh };
}

/** Whether the signed-in person holds one of `allowed` at the current clinic (mirrors src/identity/policy.ts). */
export function useHasRole(...allowed: Role[]): boolean {
  const { roles } = useSession();
  return roles.some((r) => allowed.includes(r));
}

export const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  front_desk: 'Front desk',
  therapist: 'Therapist',
  compliance: 'Compliance',
};
