import { Alert } from '@mantine/core';
import type { ApiError } from '../api/client';

/** The message for one form field from a validation refusal, e.g. `fieldError(error, '/body/email')`. */
export const fieldError = (error: ApiError | undefined, path: string) => error?.errorFor(path);

/**
 * A refusal in plain words. Field errors are shown at their fields; this names them too so nothing is lost
 * when a field is not on screen.
 */
export function ProblemAlert({
  error,
  title,
  fieldsShown = false,
}: {
  error: ApiError | undefined;
  title?: string;
  /** The form shows field errors at their fields: say nothing more for those. */
  fieldsShown?: boolean;
}) {
  if (!error || (fieldsShown && error.fieldErrors.length > 0)) return null;
  const forbidden = error.status === 403 && error.type === '/problems/forbidden';
  return (
    <Alert color={forbidden ? 'gray' : 'red'} title={title ?? error.title} role="alert">
      {forbidden ? 'Your role does not include this.' : (error.detail ?? error.message)}
      {error.fieldErrors.length > 0 && !error.detail?.includes(error.fieldErrors[0]!.message) && (
        <> {error.fieldErrors.map((f) => `${f.path.replace('/body/', '')}: ${f.message}`).join('; ')}</>
      )}
    </Alert>
  );
}
