import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ProtocolList, ProtocolView } from '../../../src/protocol/model';
import { routeLabels } from '../patients/screening/labels';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { formatInstant } from './format';
import { DoseCalculator } from './protocols/DoseCalculator';
import { describeProtocol } from './protocols/describe';
import { ProtocolHistory } from './protocols/ProtocolHistory';
import { PublishProtocolForm } from './protocols/PublishProtocolForm';

/**
 * The clinic's treatment protocols (medical directors): the version in force of each, read in clinician words,
 * its history, a dose calculator that shows its working, and publishing a new version (step-up).
 */
export function ProtocolsTab() {
  const { clinicId } = useSession();
  const path = `/api/clinics/${clinicId}/protocols`;
  const list = useApi<ProtocolList>(path);
  const [viewingKey, setViewingKey] = useState<string>();
  const [drafting, setDrafting] = useState<{ current: ProtocolView | undefined; template: ProtocolView }>();
  const [published, setPublished] = useState<ProtocolView>();
  const protocols = list.data?.protocols ?? [];
  const viewing = protocols.find((p) => p.key === viewingKey);
  return (
    <Stack gap="lg">
      <Title order={2} size="h4">
        Protocols
      </Title>
      <Alert color="orange" variant="light" role="note">
        <strong>The clinic reviews every threshold.</strong> ketacare ships these protocols as a starting
        point from the published literature and common practice. Doses, maxima, intervals, monitoring and
        fasting times are the clinic’s responsibility to review and approve before use.
      </Alert>
      <ProblemAlert error={list.error} title="The protocols cannot be shown" />
      {published && (
        <Alert color="teal" role="status">
          Published {published.name}, version {published.version}
          {published.active ? '' : ' (retired)'}.
        </Alert>
      )}
      {list.data && (
        <DataTable
          caption="Protocols in force"
          rows={protocols}
          rowKey={(p) => p.id}
          empty="No protocols yet."
          columns={[
            { header: 'Protocol', cell: (p) => p.name },
            { header: 'Route', cell: (p) => routeLabels[p.route] },
            { header: 'Version', cell: (p) => p.version },
            {
              header: 'Status',
              cell: (p) => (
                <Badge color={p.active ? 'teal' : 'gray'} autoContrast>
                  {p.active ? 'Active' : 'Retired'}
                </Badge>
              ),
            },
            {
              header: 'Published',
              cell: (p) => (
                <Text size="sm">
                  {formatInstant(p.publishedAt)} by {p.publishedBy?.name ?? 'ketacare (shipped default)'}:{' '}
                  {p.reason}
                </Text>
              ),
            },
            {
              header: 'Actions',
              cell: (p) => (
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Open ${p.name}`}
                    onClick={() => {
                      setDrafting(undefined);
                      setViewingKey(p.key);
                    }}
                  >
                    Open
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`New version of ${p.name}`}
                    onClick={() => {
                      setPublished(undefined);
                      setViewingKey(undefined);
                      setDrafting({ current: p, template: p });
                    }}
                  >
                    New version
                  </Button>
                </Group>
              ),
            },
          ]}
        />
      )}
      {protocols[0] && !drafting && (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setPublished(undefined);
              setViewingKey(undefined);
              setDrafting({ current: undefined, template: viewing ?? protocols[0]! });
            }}
          >
            New protocol{viewing ? ` based on ${viewing.name}` : ''}
          </Button>
        </Group>
      )}
      {viewing && (
        <Card withBorder padding="lg" component="article" aria-label={viewing.name}>
          <Stack gap="md">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {viewing.name} · version {viewing.version}
              </Title>
              <Button size="xs" variant="default" onClick={() => setViewingKey(undefined)}>
                Close
              </Button>
            </Group>
            <Table aria-label={`${viewing.name} in clinician words`} verticalSpacing="xs">
              <Table.Tbody>
                {describeProtocol(viewing.definition).map((line) => (
                  <Table.Tr key={line.label}>
                    <Table.Th scope="row" w={200}>
                      {line.label}
                    </Table.Th>
                    <Table.Td>{line.value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <DoseCalculator key={viewing.id} protocol={viewing} path={path} />
            <ProtocolHistory
              key={`${viewing.key}-${viewing.version}`}
              clinicId={clinicId}
              protocolKey={viewing.key}
              name={viewing.name}
            />
          </Stack>
        </Card>
      )}
      {drafting && (
        <PublishProtocolForm
          key={drafting.current?.id ?? 'new'}
          path={path}
          current={drafting.current}
          template={drafting.template.definition}
          onCancel={() => setDrafting(undefined)}
          onPublished={(protocol) => {
            setDrafting(undefined);
            setPublished(protocol);
            setViewingKey(protocol.key);
            list.reload();
          }}
        />
      )}
    </Stack>
  );
}
