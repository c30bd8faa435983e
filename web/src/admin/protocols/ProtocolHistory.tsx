import { Stack, Title } from '@mantine/core';
import type { ProtocolHistory as History } from '../../../../src/protocol/model';
import { DataTable } from '../../ui/DataTable';
import { ProblemAlert } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';
import { formatInstant } from '../format';

/** Every version of one protocol: who published it, when and why. */
export function ProtocolHistory({
  clinicId,
  protocolKey,
  name,
}: {
  clinicId: string;
  protocolKey: string;
  name: string;
}) {
  const history = useApi<History>(`/api/clinics/${clinicId}/protocol-history/${protocolKey}`);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Versions
      </Title>
      <ProblemAlert error={history.error} title="The versions cannot be shown" />
      {history.data && (
        <DataTable
          caption={`Versions of ${name}`}
          rows={history.data.versions}
          rowKey={(v) => v.id}
          empty="No versions."
          columns={[
            { header: 'Version', cell: (v) => v.version },
            { header: 'Status', cell: (v) => (v.active ? 'Active' : 'Retired') },
            { header: 'Published by', cell: (v) => v.publishedBy?.name ?? 'ketacare (shipped default)' },
            { header: 'When', cell: (v) => formatInstant(v.publishedAt) },
            { header: 'Why', cell: (v) => v.reason },
          ]}
        />
      )}
    </Stack>
  );
}
