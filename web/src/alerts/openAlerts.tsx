import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { AlertList } from '../../../src/alert/model';
import { api } from '../api/client';
import { useSession } from '../session/session';

/** Often enough that a new safety alert reaches every screen within half a minute. */
const POLL_MS = 20_000;

interface OpenAlerts {
  /** The newest open alerts (up to 5) and the clinic's count of unacknowledged ones. */
  list: AlertList | undefined;
  /** The last check failed: the banner says so rather than silently showing nothing. */
  failed: boolean;
  refresh: () => void;
}

const OpenAlertsContext = createContext<OpenAlerts | undefined>(undefined);

/** Keeps the current clinic's unacknowledged alerts fresh for the banner and the work queue. */
export function OpenAlertsProvider({ children }: { children: ReactNode }) {
  const { clinicId } = useSession();
  const [state, setState] = useState<{ list: AlertList | undefined; failed: boolean }>({
    list: undefined,
    failed: false,
  });
  const current = useRef(clinicId);
  current.current = clinicId;

  const refresh = useCallback(() => {
    const asked = clinicId;
    api<AlertList>(`/api/clinics/${asked}/alerts?state=open&limit=5`).then(
      (list) => current.current === asked && setState({ list, failed: false }),
      // Keep the last known alerts on screen: a failed check must not make them disappear.
      () => current.current === asked && setState((s) => ({ list: s.list, failed: true })),
    );
  }, [clinicId]);

  useEffect(() => {
    setState({ list: undefined, failed: false });
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return <OpenAlertsContext.Provider value={{ ...state, refresh }}>{children}</OpenAlertsContext.Provider>;
}

export function useOpenAlerts(): OpenAlerts {
  const value = useContext(OpenAlertsContext);
  if (!value) throw new Error('useOpenAlerts outside OpenAlertsProvider');
  return value;
}
