import type { Static } from 'typebox';
import type { StaffList } from '../../../src/identity/model';
import { useApi } from '../ui/useApi';

/** Names for staff ids where the viewer may read the staff list; otherwise a shortened id. */
export function useStaffNames(clinicId: string, canRead: boolean) {
  const { data } = useApi<Static<typeof StaffList>>(canRead ? `/api/clinics/${clinicId}/staff` : null);
  const staff = data?.staff ?? [];
  const names = new Map(staff.map((s) => [s.id, s.fullName]));
  const nameOf = (id: string | null) => (id === null ? '—' : (names.get(id) ?? `…${id.slice(-8)}`));
  return { nameOf, staff };
}
