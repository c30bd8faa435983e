import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type {
  Attestation,
  ConsentDocumentList,
  ConsentDocumentView,
  ConsentRoute,
  PublishDocumentBody,
} from '../../../src/consent/model';
import { send } from '../api/client';
import { routeLabels } from '../patients/screening/labels';
import { Markdown } from '../portal/consent/Markdown';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';
import { formatInstant } from './format';

const allRoutes: ConsentRoute[] = ['iv', 'im', 'intranasal', 'oral'];

type Row = Attestation & { key: string };
let rowCount = 0;
const newKey = () => {
  rowCount += 1;
  return `attestation-${rowCount}`;
};

/**
 * The clinic's consent documents, one per route, each a numbered version: read the one in force, publish a new
 * version (step-up). Patients must sign the new version before their next session.
 */
export function ConsentDocumentsTab({ canPublish }: { canPublish: boolean }) {
  const { clinicId } = useSession();
  const path = `/api/clinics/${clinicId}/consent/documents`;
  const list = useApi<ConsentDocumentList>(path);
  const [viewing, setViewing] = useState<ConsentDocumentView>();
  const [drafting, setDrafting] = useState<ConsentRoute>();
  const [published, setPublished] = useState<ConsentDocumentView>();
  const documents = list.data?.documents ?? [];
  return (
    <Stack gap="lg">
      <Title order={2} size="h4">
        Consent documents
      </Title>
      <Text size="sm">
        A consent is current only on the latest version of its route’s document: publishing a new version asks
        every patient of that route to sign again before their next session.
      </Text>
      <ProblemAlert error={list.error} title="The documents cannot be shown" />
      {published && (
        <Alert color="teal" role="status">
          Published {routeLabels[published.route]}: {published.title}, version {published.version}.
        </Alert>
      )}
      {list.data && (
        <DataTable
          caption="Consent documents in force"
          rows={allRoutes}
          rowKey={(r) => r}
          empty=""
          columns={[
            { header: 'Route', cell: (r) => routeLabels[r] },
            {
              header: 'Document',
              cell: (r) => {
                const d = documents.find((x) => x.route === r);
                return d
                  ? `${d.title} (version ${d.version}, ${formatInstant(d.publishedAt)})`
                  : 'None published';
              },
            },
            {
              header: 'Actions',
              cell: (r) => {
                const d = documents.find((x) => x.route === r);
                return (
                  <Group gap="xs" wrap="nowrap">
                    {d && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setViewing(d)}
                        aria-label={`Read ${routeLabels[r]} consent`}
                      >
                        Read
                      </Button>
                    )}
                    {canPublish && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`New version of ${routeLabels[r]} consent`}
                        onClick={() => {
                          setPublished(undefined);
                          setViewing(undefined);
                          setDrafting(r);
                        }}
                      >
                        New version
                      </Button>
                    )}
                  </Group>
                );
              },
            },
          ]}
        />
      )}
      {viewing && (
        <Card withBorder padding="lg" component="article" aria-label={viewing.title}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {viewing.title} · version {viewing.version}
              </Title>
              <Button size="xs" variant="default" onClick={() => setViewing(undefined)}>
                Close
              </Button>
            </Group>
            <Markdown source={viewing.bodyMarkdown} />
            <Text fw={600}>Attestations</Text>
            <DataTable
              caption="Attestations"
              rows={viewing.attestations}
              rowKey={(a) => a.id}
              empty="None."
              columns={[
                { header: 'Topic', cell: (a) => a.id },
                { header: 'Text', cell: (a) => a.text },
              ]}
            />
            <Text size="xs" c="dimmed">
              Text hash (SHA-256): {viewing.textHash}
            </Text>
          </Stack>
        </Card>
      )}
      {drafting && list.data && (
        <PublishForm
          key={drafting}
          path={path}
          route={drafting}
          current={documents.find((d) => d.route === drafting)}
          required={list.data.requiredTopics.find((t) => t.route === drafting)?.topics ?? []}
          onCancel={() => setDrafting(undefined)}
          onPublished={(doc) => {
            setDrafting(undefined);
            setPublished(doc);
            list.reload();
          }}
        />
      )}
    </Stack>
  );
}

function PublishForm({
  path,
  route,
  current,
  required,
  onCancel,
  onPublished,
}: {
  path: string;
  route: ConsentRoute;
  current: ConsentDocumentView | undefined;
  required: string[];
  onCancel: () => void;
  onPublished: (doc: ConsentDocumentView) => void;
}) {
  const [title, setTitle] = useState(current?.title ?? '');
  const [body, setBody] = useState(current?.bodyMarkdown ?? '');
  // Each row keeps its own key while its topic is changed.
  const [attestations, setAttestations] = useState<Row[]>(() =>
    (current?.attestations ?? required.map((id) => ({ id, text: '' }))).map((a) => ({ ...a, key: newKey() })),
  );
  const { withStepUp, dialog } = useStepUp();
  const publish = useSubmit((doc: PublishDocumentBody) =>
    withStepUp(() => send<ConsentDocumentView>('POST', path, doc)),
  );
  const missing = required.filter((t) => !attestations.some((a) => a.id === t));
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = await publish.run({
      route,
      title: title.trim(),
      bodyMarkdown: body,
      attestations: attestations.map(({ id, text }) => ({ id, text })),
    });
    if (result) onPublished(result);
  };
  const set = (i: number, change: Partial<Attestation>) =>
    setAttestations((old) => old.map((a, j) => (j === i ? { ...a, ...change } : a)));
  return (
    <Card withBorder padding="lg">
      {dialog}
      <form onSubmit={submit} noValidate aria-label={`New version of the ${routeLabels[route]} consent`}>
        <Stack gap="sm">
          <Title order={3} size="h4">
            New version: {routeLabels[route]}
            {current ? ` (replaces version ${current.version})` : ''}
          </Title>
          <TextInput
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fieldError(publish.error, '/body/title')}
          />
          <Textarea
            label="Document (Markdown)"
            description="Headings with #, lists with -, **bold**. Shown to the patient before the attestations."
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={8}
            maxRows={24}
            error={fieldError(publish.error, '/body/bodyMarkdown')}
          />
          <Text fw={600}>Attestations</Text>
          <Text size="sm" c="dimmed">
            Required topics for this route: {required.join(', ')}.
            {missing.length > 0 && ` Missing: ${missing.join(', ')}.`}
          </Text>
          {attestations.map((a, i) => (
            <Group key={a.key} align="flex-start" wrap="nowrap">
              <NativeSelect
                label={`Topic ${i + 1}`}
                value={a.id}
                onChange={(e) => set(i, { id: e.currentTarget.value })}
                data={[...new Set([...required, a.id])].map((t) => ({ value: t, label: t }))}
                error={fieldError(publish.error, `/body/attestations/${i}/id`)}
                w={260}
              />
              <Textarea
                label={`Statement ${i + 1}`}
                value={a.text}
                onChange={(e) => set(i, { text: e.currentTarget.value })}
                autosize
                minRows={1}
                flex={1}
                error={fieldError(publish.error, `/body/attestations/${i}/text`)}
              />
              <Button
                variant="subtle"
                mt={24}
                aria-label={`Remove attestation ${i + 1}`}
                onClick={() => setAttestations((old) => old.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </Group>
          ))}
          {missing.length > 0 && (
            <Group>
              <Button
                size="xs"
                variant="default"
                onClick={() =>
                  setAttestations((old) => [...old, { id: missing[0] ?? '', text: '', key: newKey() }])
                }
              >
                Add attestation
              </Button>
            </Group>
          )}
          {fieldError(publish.error, '/body/attestations') && (
            <Text c="red.9" size="sm" role="alert">
              {fieldError(publish.error, '/body/attestations')}
            </Text>
          )}
          <ProblemAlert error={publish.error} title="Not published" fieldsShown />
          <Group>
            <Button type="submit" loading={publish.busy}>
              Publish version {(current?.version ?? 0) + 1}
            </Button>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
