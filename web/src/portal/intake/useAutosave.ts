import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntakeContent, PortalIntake } from '../../../../src/intake/model';
import { ApiError, api, send } from '../../api/client';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

const DEBOUNCE_MS = 700;

/**
 * The intake draft as the patient edits it, saved to the server a moment after each change (and at once when
 * they move between steps or leave the page), so nothing typed is lost. Each save names the revision it started
 * from: when another tab or device saved first (409), the newest saved answers are loaded and `conflict` says so.
 */
export function useAutosave(initial: PortalIntake) {
  const [content, setContent] = useState<IntakeContent>(initial.content);
  const [state, setState] = useState<SaveState>('saved');
  const [conflict, setConflict] = useState(false);
  const revision = useRef(initial.revision);
  const latest = useRef(content);
  const saved = useRef(content);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    // One save at a time: the next starts from the revision the previous one returned.
    while (inFlight.current) await inFlight.current;
    if (latest.current === saved.current) return;
    const sending = latest.current;
    setState('saving');
    inFlight.current = (async () => {
      try {
        const result = await send<{ revision: number; savedAt: string }>('PUT', '/api/portal/intake', {
          content: sending,
          revision: revision.current,
        });
        revision.current = result.revision;
        saved.current = sending;
        setState(latest.current === sending ? 'saved' : 'unsaved');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          const fresh = await api<PortalIntake>('/api/portal/intake');
          revision.current = fresh.revision;
          latest.current = fresh.content;
          saved.current = fresh.content;
          setContent(fresh.content);
          setConflict(true);
          setState('saved');
        } else {
          setState('failed');
        }
      } finally {
        inFlight.current = undefined;
      }
    })();
    await inFlight.current;
  }, []);

  const update = useCallback(
    (change: (content: IntakeContent) => IntakeContent) => {
      latest.current = change(latest.current);
      setContent(latest.current);
      setState('unsaved');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
    },
    [save],
  );

  // Leaving the page (reload, closing the tab, switching apps on a phone) sends what is not saved yet.
  useEffect(() => {
    const flush = () => {
      if (latest.current === saved.current || inFlight.current) return;
      clearTimeout(timer.current);
      // keepalive: the request outlives the page.
      void api('/api/portal/intake', {
        method: 'PUT',
        keepalive: true,
        body: JSON.stringify({ content: latest.current, revision: revision.current }),
      }).catch(() => undefined);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      clearTimeout(timer.current);
    };
  }, []);

  return { content, update, save, state, conflict, dismissConflict: () => setConflict(false) };
}
