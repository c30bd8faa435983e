import { useEffect, useState } from 'react';
import { ApiError, type PublicClinic, publicClinics } from '../api/client';

export interface ClinicsState {
  clinics: PublicClinic[];
  loading: boolean;
  error: ApiError | undefined;
}

/** The clinics named on the sign-in pages (public information: name, town, phone). */
export function useClinics(): ClinicsState {
  const [state, setState] = useState<ClinicsState>({ clinics: [], loading: true, error: undefined });
  useEffect(() => {
    let live = true;
    publicClinics().then(
      ({ clinics }) => live && setState({ clinics, loading: false, error: undefined }),
      (error: unknown) =>
        live &&
        setState({
          clinics: [],
          loading: false,
          error:
            error instanceof ApiError
              ? error
              : new ApiError({ type: 'about:blank', title: 'Clinic details are unavailable', status: 0 }),
        }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** The demo clinic is clearly synthetic; every screen says so while it is loaded. */
export const isDemo = (clinics: PublicClinic[]) => clinics.some((c) => /\bdemo\b/i.test(c.name));

export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}
