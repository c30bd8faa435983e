import type { ConsentStatus } from '../../../../src/consent/model';
import type { Label } from '../screening/labels';

export const consentLabels: Record<ConsentStatus, Label> = {
  current: { label: 'Consent current', color: 'teal.9' },
  none: { label: 'Not signed', color: 'gray.3' },
  outdated_version: { label: 'New version to sign', color: 'orange.3' },
  expired: { label: 'Consent expired', color: 'orange.3' },
  withdrawn: { label: 'Consent withdrawn', color: 'red.9' },
};
