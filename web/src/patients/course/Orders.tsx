import { Alert, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type {
  ChangeRequestView,
  OrderView,
  PatientOrdersView,
  SignOrderBody,
} from '../../../../src/order/model';
import { formatInstant } from '../../admin/format';
import { send } from '../../api/client';
import { useHasRole } from '../../session/session';
import { DataTable } from '../../ui/DataTable';
import { ProblemAlert } from '../../ui/Problem';
import { useApi } from '../../ui/useApi';
import { StatusBadge } from '../screening/StatusBadge';
import { formatDay, formatMg, kindLabels, validityLabel } from './order-labels';
import { OrderNoteDialog } from './order-note';
import { SignOrderDialog, type SignStart } from './order-sign';

type Acting =
  | { act: 'sign'; start: SignStart }
  | { act: 'discontinue'; order: OrderView }
  | { act: 'request'; order: OrderView }
  | { act: 'decline'; request: ChangeRequestView };

const lastDay = (order: OrderView) => formatDay(new Date(Date.parse(order.validUntil) - 1).toISOString());

const orderSummary = (order: OrderView) =>
  `${kindLabels[order.kind]}, ${order.stepLabel}, ${formatMg(order.calculatedDoseMcg)}`;

/**
 * The medication orders of one course: each with its validity in words and the reasons when it is not valid,
 * the dose and its working, who signed it and when. Prescribers sign (with step-up), replace and discontinue;
 * nurses ask for a change; prescribers answer open requests by declining or signing.
 */
export function Orders({
  clinicId,
  patientId,
  courseId,
  onChanged,
}: {
  clinicId: string;
  patientId: string;
  courseId: string;
  /** After an order is signed or discontinued: a signed step change also changes the course's dose step. */
  onChanged?: () => void;
}) {
  const prescriber = useHasRole('prescriber'); // order.sign
  const nurse = useHasRole('nurse'); // order.request_change (prescribers change orders themselves)
  const base = `/api/clinics/${clinicId}/patients/${patientId}`;
  const list = useApi<PatientOrdersView>(`${base}/orders?courseId=${courseId}`);
  const [acting, setActing] = useState<Acting>();
  const [done, setDone] = useState<string>();
  const orders = list.data?.orders ?? [];
  const open = (list.data?.changeRequests ?? []).filter((r) => r.resolution === null);
  const finish = (message: string) => {
    setActing(undefined);
    setDone(message);
    list.reload();
    onChanged?.();
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby={`orders-${courseId}`}>
      <Group justify="space-between">
        <Title order={3} size="h5" id={`orders-${courseId}`}>
          Medication orders
        </Title>
        {prescriber && (
          <Button size="sm" onClick={() => setActing({ act: 'sign', start: {} })}>
            Sign order
          </Button>
        )}
      </Group>
      <ProblemAlert error={list.error} title="Orders cannot be shown" />
      {done && (
        <Alert color="teal" variant="light" role="status">
          {done}
        </Alert>
      )}
      {list.data && !orders.some((o) => o.validity.valid) && (
        <Text size="sm" fw={600}>
          No valid order: no session of this course can start until a prescriber signs one.
        </Text>
      )}
      {open.length > 0 && (
        <OpenRequests
          requests={open}
          canAnswer={prescriber}
          onDecline={(request) => setActing({ act: 'decline', request })}
          onSign={(request) => {
            const about = orders.find((o) => o.id === request.orderId);
            setActing({
              act: 'sign',
              start: {
                kind: about?.kind,
                appointmentId: about?.appointmentId ?? undefined,
                resolvesChangeRequestId: request.id,
                request: request.request,
              },
            });
          }}
        />
      )}
      {list.data && (
        <DataTable
          caption="Medication orders"
          rows={orders}
          rowKey={(o) => o.id}
          empty="No order has been signed for this course."
          columns={[
            {
              header: 'Order',
              cell: (o) => (
                <Stack gap={2}>
                  <Text size="sm" fw={600}>
                    {kindLabels[o.kind]}
                  </Text>
                  {o.appointmentStartsAt && <Text size="xs">For {formatInstant(o.appointmentStartsAt)}</Text>}
                  <Text size="xs">{o.instructions}</Text>
                </Stack>
              ),
            },
            { header: 'Dose', cell: (o) => <OrderDose order={o} /> },
            { header: 'Validity', cell: (o) => <OrderValidity order={o} /> },
            {
              header: 'Signed',
              cell: (o) => (
                <Text size="sm">
                  {o.signedBy.name}, {formatInstant(o.signedAt)}
                </Text>
              ),
            },
            {
              header: 'Actions',
              cell: (o) =>
                o.discontinuation || o.supersededByOrderId ? null : (
                  <Group gap={4}>
                    {prescriber && o.validity.valid && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() =>
                          setActing({
                            act: 'sign',
                            start: { kind: o.kind, appointmentId: o.appointmentId ?? undefined },
                          })
                        }
                      >
                        Replace
                      </Button>
                    )}
                    {prescriber && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setActing({ act: 'discontinue', order: o })}
                      >
                        Discontinue
                      </Button>
                    )}
                    {nurse && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setActing({ act: 'request', order: o })}
                      >
                        Request a change
                      </Button>
                    )}
                  </Group>
                ),
            },
          ]}
        />
      )}
      {acting?.act === 'sign' && (
        <SignOrderDialog
          clinicId={clinicId}
          patientId={patientId}
          courseId={courseId}
          orders={orders}
          start={acting.start}
          sign={(body: SignOrderBody) => send<OrderView>('POST', `${base}/orders`, body)}
          onClose={() => setActing(undefined)}
          onSigned={(order) => finish(`Order signed: ${orderSummary(order)}.`)}
        />
      )}
      {acting?.act === 'discontinue' && (
        <OrderNoteDialog
          title="Discontinue order"
          about={orderSummary(acting.order)}
          label="Reason"
          description="Why this order stops. Sessions need another valid order afterwards."
          field="reason"
          submitLabel="Discontinue order"
          send={(reason) => send('POST', `${base}/orders/${acting.order.id}/discontinuation`, { reason })}
          onClose={() => setActing(undefined)}
          onDone={() => finish(`Order discontinued: ${orderSummary(acting.order)}.`)}
        />
      )}
      {acting?.act === 'request' && (
        <OrderNoteDialog
          title="Request a change"
          about={orderSummary(acting.order)}
          label="Request"
          description="What should change and why; the prescriber answers by signing a new order or declining."
          field="request"
          submitLabel="Send to the prescriber"
          send={(request) => send('POST', `${base}/orders/${acting.order.id}/change-requests`, { request })}
          onClose={() => setActing(undefined)}
          onDone={() => finish('Change request sent to the prescriber.')}
        />
      )}
      {acting?.act === 'decline' && (
        <OrderNoteDialog
          title="Decline the change request"
          about={acting.request.request}
          label="Note"
          description="Why the order stays as it is, for the nurse who asked."
          field="note"
          submitLabel="Decline request"
          send={(note) =>
            send('POST', `${base}/order-change-requests/${acting.request.id}/decline`, { note })
          }
          onClose={() => setActing(undefined)}
          onDone={() => finish('Change request declined.')}
        />
      )}
    </Stack>
  );
}

function OrderDose({ order }: { order: OrderView }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{order.stepLabel}</Text>
      <Text size="sm" fw={600}>
        {formatMg(order.calculatedDoseMcg)} at signing
      </Text>
      <Text size="xs">Most allowed per session {formatMg(order.maxDoseMcg)}</Text>
      <details>
        <summary>
          <Text span size="xs">
            Dose working
          </Text>
        </summary>
        <List size="xs" spacing={2}>
          {order.calculation.working.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      </details>
    </Stack>
  );
}

function OrderValidity({ order }: { order: OrderView }) {
  return (
    <Stack gap={4}>
      <StatusBadge label={validityLabel(order)} />
      {order.validity.valid ? (
        <Text size="xs">Until the end of {lastDay(order)}</Text>
      ) : (
        <List size="xs" spacing={2}>
          {order.validity.problems.map((p) => (
            <List.Item key={p.code}>{p.message}</List.Item>
          ))}
        </List>
      )}
      {order.discontinuation && (
        <Text size="xs">
          Discontinued by {order.discontinuation.by.name}: {order.discontinuation.reason}
        </Text>
      )}
    </Stack>
  );
}

function OpenRequests({
  requests,
  canAnswer,
  onDecline,
  onSign,
}: {
  requests: ChangeRequestView[];
  canAnswer: boolean;
  onDecline: (request: ChangeRequestView) => void;
  onSign: (request: ChangeRequestView) => void;
}) {
  return (
    <Stack gap="xs" component="section" aria-label="Open change requests">
      {requests.map((r) => (
        <Card key={r.id} withBorder padding="sm">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Change requested by {r.requestedBy.name}, {formatInstant(r.requestedAt)}
            </Text>
            <Text size="sm">{r.request}</Text>
            {canAnswer && (
              <Group gap={4}>
                <Button size="xs" onClick={() => onSign(r)}>
                  Sign a new order
                </Button>
                <Button size="xs" variant="default" onClick={() => onDecline(r)}>
                  Decline
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
