import type { ConsentRoute, ConsentStatus } from '../../../../src/consent/model';

/** How each route is given, in the patient's words. */
export const routeWords: Record<ConsentRoute, string> = {
  iv: 'IV ketamine (infusion)',
  im: 'Ketamine injection (IM)',
  intranasal: 'Esketamine nasal spray (Spravato)',
  oral: 'Ketamine by mouth',
};

/** What a consent's status means for the patient. */
export const statusWords: Record<ConsentStatus, string> = {
  current: 'Signed and current',
  none: 'Not signed yet',
  outdated_version: 'Your clinic has a new version: please sign it',
  expired: 'Expired: please sign again',
  withdrawn: 'Withdrawn',
};

/** Where the signed copy of a signature is downloaded from. */
export const signedCopyUrl = (signatureId: string) => `/api/portal/consent/signatures/${signatureId}.pdf`;
