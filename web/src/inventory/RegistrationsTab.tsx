import { Alert, Badge, Stack } from '@mantine/core';
import type { RegistrationList, RegistrationView } from '../../../src/inventory/model';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';

/** The standing in words (never only a colour): valid, expiring with the warning reached, or expired. */
function standing(r: RegistrationView) {
  if (r.renewedById) return <Badge color="gray">Renewed</Badge>;
  if (r.status === 'expired') return <Badge color="red">Expired {-r.daysLeft} days ago</Badge>;
  if (r.status === 'expiring')
    return (
      <Badge color="yellow" c="dark">
        Expires in {r.daysLeft} days (within {r.warningDays} days)
      </Badge>
    );
  return <Badge color="teal">Valid, {r.daysLeft} days left</Badge>;
}

/** DEA registrations and state licences, with the 60/30/7-day warnings and whether stock may be handled. */
export function RegistrationsTab({ clinicId }: { clinicId: string }) {
  const list = useApi<RegistrationList>(`/api/clinics/${clinicId}/inventory/registrations`);
  const handling = list.data?.handling;
  return (
    <Stack gap="md">
      <ProblemAlert error={list.error} />
      {handling && !handling.allowed && (
        <Alert color="red" title="Receiving and administering are blocked" role="alert">
          {handling.reason}
        </Alert>
      )}
      <DataTable<RegistrationView>
        caption="DEA registrations and state licences"
        rows={list.data?.registrations ?? []}
        rowKey={(r) => r.id}
        empty={list.loading ? 'Loading…' : 'No registration has been recorded.'}
        columns={[
          { header: 'Kind', cell: (r) => (r.kind === 'dea' ? 'DEA registration' : 'State licence') },
          { header: 'Number', cell: (r) => r.number },
          { header: 'State', cell: (r) => r.state },
          { header: 'Schedules', cell: (r) => r.schedules.join(', ') },
          { header: 'Expires', cell: (r) => r.expiresOn },
          { header: 'Standing', cell: standing },
        ]}
      />
    </Stack>
  );
}
