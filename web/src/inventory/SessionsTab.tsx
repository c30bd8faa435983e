import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import {
  type BaseUnit,
  formatMilligrams,
  formatQuantity,
  microgramsIn,
  type Strength,
} from '../../../src/inventory/core';
import type {
  AdministerBody,
  AdministrationCloseView,
  DispenseBody,
  EntryList,
  EntryView,
  ProductList,
  ProductView,
  StockView,
  WasteBody,
} from '../../../src/inventory/model';
import type { OrderView, PatientOrdersView } from '../../../src/order/model';
import type { AppointmentView, ScheduleView } from '../../../src/schedule/model';
import { send } from '../api/client';
import { addDays, dayLabel, routeNames, todayIn } from '../schedule/time';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useStepUp } from '../ui/StepUp';
import { useApi, useSubmit } from '../ui/useApi';
import {
  ActForm,
  AmountInput,
  baseQuantity,
  HeldSelect,
  now,
  strengthOf,
  text,
  useAct,
  useHeld,
  WitnessFields,
  witnessOf,
} from './ActParts';

const drugNames = { ketamine: 'ketamine', esketamine: 'esketamine' } as const;
const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const sessionLabel = (a: AppointmentView) =>
  `${dayLabel(a.date)} ${a.startTime}–${a.endTime}, ${a.patient.name}, ${a.chair.name} (${routeNames[a.route]} ${drugNames[a.drug]})`;

const strengthOfProduct = (p: ProductView | undefined): Strength | undefined =>
  p && {
    baseUnit: p.baseUnit as BaseUnit,
    concentrationMcgPerMl: p.concentrationMcgPerMl,
    mcgPerDevice: p.mcgPerDevice,
  };

/** What a session's dose came to per lot: dispensed, given, wasted and what is still to account for. */
export interface LotAccount {
  lotId: string;
  lotNumber: string;
  productId: string;
  locationName: string;
  dispensed: number;
  given: number;
  wasted: number;
  remaining: number;
}

/** Reversed entries and their reversals cancel out exactly, so both are left out of the sums. */
export function accountsOf(entries: EntryView[]): LotAccount[] {
  const byLot = new Map<string, LotAccount>();
  for (const e of entries) {
    if (e.kind === 'reversal' || e.reversedByEntryId) continue;
    const account = byLot.get(e.lotId) ?? {
      lotId: e.lotId,
      lotNumber: e.lotNumber,
      productId: e.productId,
      locationName: e.locationName,
      dispensed: 0,
      given: 0,
      wasted: 0,
      remaining: 0,
    };
    if (e.kind === 'dispense') {
      account.dispensed += e.quantity;
      account.locationName = e.locationName;
    }
    if (e.kind === 'administer') account.given += e.quantity;
    if (e.kind === 'waste') account.wasted += e.quantity;
    account.remaining = account.dispensed - account.given - account.wasted;
    byLot.set(e.lotId, account);
  }
  return [...byLot.values()].filter((a) => a.dispensed > 0);
}

/** Why an order cannot be dispensed under for this session, or null when it can. */
function orderRefusal(order: OrderView, session: AppointmentView): string | null {
  if (!order.validity.valid) return order.validity.problems.map((p) => p.message).join('; ');
  if (order.validFrom > session.startsAt) return `it is valid only from ${dateTime(order.validFrom)}`;
  if (order.validUntil < session.startsAt)
    return `it ran out on ${dateTime(order.validUntil)}, before the session`;
  return null;
}

/** The orders this session could be given under: its drug and route, in force, standing or for this session. */
function ordersFor(orders: OrderView[], session: AppointmentView) {
  return orders.filter(
    (o) =>
      o.drug === session.drug &&
      o.route === session.route &&
      !o.discontinuation &&
      !o.supersededByOrderId &&
      (o.kind === 'standing' || o.appointmentId === session.id),
  );
}

/**
 * A session's controlled-substance record at the chair: pick today's or an upcoming session, see its valid order
 * and ordered dose, dispense from a lot, record what was given and waste the remainder with a witness, then close
 * the administration (dispensed = given + wasted, or a discrepancy opens).
 */
export function SessionsTab({ clinicId }: { clinicId: string }) {
  const localToday = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date());
  const base = `/api/clinics/${clinicId}`;
  const thisWeek = useApi<ScheduleView>(`${base}/schedule?date=${localToday}&view=week`);
  const nextWeek = useApi<ScheduleView>(`${base}/schedule?date=${addDays(localToday, 7)}&view=week`);
  const stock = useApi<StockView>(`${base}/inventory/stock`);
  const products = useApi<ProductList>(`${base}/inventory/products`);
  const [chosen, setChosen] = useState('');

  const timeZone = thisWeek.data?.timeZone;
  const today = timeZone ? todayIn(timeZone, new Date()) : localToday;
  const seen = new Set<string>();
  const sessions = [...(thisWeek.data?.appointments ?? []), ...(nextWeek.data?.appointments ?? [])]
    .filter((a) => {
      if (seen.has(a.id)) return false;
      seen.add(a.id);
      return (a.status === 'booked' || a.status === 'attended') && a.date >= today;
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const session = sessions.find((a) => a.id === chosen);
  const loading = thisWeek.loading || nextWeek.loading;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Dispense a session’s dose under its order, record what was given and waste what is left with a second
        licensed person, then close the administration. Every entry is signed after you confirm it is you.
      </Text>
      <ProblemAlert error={thisWeek.error ?? nextWeek.error} />
      <NativeSelect
        label="Session"
        description={`Today’s and upcoming sessions${timeZone ? ` (clinic time, ${timeZone})` : ''}`}
        value={chosen}
        onChange={(e) => setChosen(e.currentTarget.value)}
        data={[
          {
            value: '',
            label: loading ? 'Loading…' : sessions.length ? 'Choose a session' : 'No session booked',
            disabled: true,
          },
          ...sessions.map((a) => ({ value: a.id, label: sessionLabel(a) })),
        ]}
        maw={640}
      />
      {session && (
        <SessionDose
          key={session.id}
          clinicId={clinicId}
          session={session}
          stock={stock}
          products={products.data?.products ?? []}
        />
      )}
    </Stack>
  );
}

function SessionDose({
  clinicId,
  session,
  stock,
  products,
}: {
  clinicId: string;
  session: AppointmentView;
  stock: { data: StockView | undefined; reload: () => void };
  products: ProductView[];
}) {
  const base = `/api/clinics/${clinicId}`;
  const orders = useApi<PatientOrdersView>(
    `${base}/patients/${session.patient.id}/orders?courseId=${session.courseId}`,
  );
  const entries = useApi<EntryList>(`${base}/inventory/ledger?appointmentId=${session.id}`);
  const { withStepUp, dialog } = useStepUp();
  const dispense = useAct<DispenseBody, EntryView>(withStepUp, `${base}/inventory/ledger/dispenses`);
  const administer = useAct<AdministerBody, EntryView>(
    withStepUp,
    `${base}/inventory/ledger/administrations`,
  );
  const waste = useAct<WasteBody, EntryView>(withStepUp, `${base}/inventory/ledger/wastes`);
  const close = useSubmit(() =>
    withStepUp(() =>
      send<AdministrationCloseView>('POST', `${base}/inventory/administrations/${session.id}/close`),
    ),
  );
  const [done, setDone] = useState<string>();
  const [closed, setClosed] = useState<AdministrationCloseView>();

  const candidates = ordersFor(orders.data?.orders ?? [], session);
  const usable = candidates.filter((o) => orderRefusal(o, session) === null);
  const [orderId, setOrderId] = useState('');
  const order = usable.find((o) => o.id === orderId) ?? usable[0];

  const lines = (stock.data?.lines ?? []).filter((l) => l.product.drug === session.drug && !l.lot.expired);
  const held = useHeld(lines);
  const accounts = accountsOf(entries.data?.entries ?? []);
  const open = accounts.filter((a) => a.remaining > 0);
  const [givenLot, setGivenLot] = useState('');
  const [wastedLot, setWastedLot] = useState('');
  const givenAccount = open.find((a) => a.lotId === givenLot) ?? open[0];
  const wastedAccount = open.find((a) => a.lotId === wastedLot) ?? open[0];
  const productOf = (a: LotAccount | undefined) => products.find((p) => p.id === a?.productId);
  const strengthFor = (a: LotAccount | undefined) => strengthOfProduct(productOf(a));
  const amount = (a: LotAccount, q: number) => {
    const s = strengthFor(a);
    if (!s) return String(q);
    const mcg = microgramsIn(s, q);
    return `${formatQuantity(s.baseUnit, q)}${mcg === null ? '' : ` (${formatMilligrams(mcg)})`}`;
  };

  const recorded = (message: string) => {
    setDone(message);
    setClosed(undefined);
    entries.reload();
    stock.reload();
  };
  const lotOptions = open.map((a) => ({
    value: a.lotId,
    label: `Lot ${a.lotNumber}: ${amount(a, a.remaining)} still to account for`,
  }));

  return (
    <Stack gap="lg">
      {dialog}
      <Paper withBorder p="md" component="section" aria-label="The session and its order">
        <Stack gap={4}>
          <Title order={2} size="h4">
            {session.patient.name}, {dayLabel(session.date)} {session.startTime}–{session.endTime},{' '}
            {session.chair.name}
          </Title>
          <Text size="sm">
            {routeNames[session.route]} {drugNames[session.drug]}; planned dose{' '}
            {formatMilligrams(session.plannedDoseMcg)}.
          </Text>
          <ProblemAlert error={orders.error} />
          {order ? (
            <>
              {usable.length > 1 && (
                <NativeSelect
                  label="Order"
                  value={order.id}
                  onChange={(e) => setOrderId(e.currentTarget.value)}
                  data={usable.map((o) => ({
                    value: o.id,
                    label: `${o.kind === 'standing' ? 'Standing' : 'Session'} order signed ${dateTime(o.signedAt)}`,
                  }))}
                  maw={480}
                />
              )}
              <Text>
                <strong>Ordered dose: {formatMilligrams(order.calculatedDoseMcg)}</strong>
                {` (${order.stepLabel}; no more than ${formatMilligrams(order.maxDoseMcg)}).`}
              </Text>
              <Text size="sm">
                Valid {order.kind === 'standing' ? 'standing' : 'session'} order signed by{' '}
                {order.signedBy.name} on {dateTime(order.signedAt)}, valid until {dateTime(order.validUntil)}.
              </Text>
              <Text size="sm">Instructions: {order.instructions}</Text>
            </>
          ) : (
            !orders.loading && (
              <Alert color="orange" title="No valid order for this session" role="alert">
                {candidates.length === 0
                  ? `No order for ${routeNames[session.route]} ${drugNames[session.drug]} is on record for this course: ask the prescriber to sign one.`
                  : candidates
                      .map((o) => `Order signed ${dateTime(o.signedAt)}: ${orderRefusal(o, session)}.`)
                      .join(' ')}{' '}
                Nothing can be dispensed until a prescriber signs a valid order.
              </Alert>
            )
          )}
        </Stack>
      </Paper>

      {done && <Text role="status">{done}</Text>}

      <ProblemAlert error={entries.error} />
      <DataTable<LotAccount>
        caption="This session’s dose by lot"
        rows={accounts}
        rowKey={(a) => a.lotId}
        empty={entries.loading ? 'Loading…' : 'Nothing has been dispensed for this session yet.'}
        columns={[
          { header: 'Lot', cell: (a) => `${productOf(a)?.name ?? ''}, lot ${a.lotNumber}` },
          { header: 'From', cell: (a) => a.locationName },
          { header: 'Dispensed', cell: (a) => amount(a, a.dispensed) },
          { header: 'Given', cell: (a) => amount(a, a.given) },
          { header: 'Wasted', cell: (a) => amount(a, a.wasted) },
          { header: 'Still to account for', cell: (a) => amount(a, a.remaining) },
        ]}
      />

      <ActForm
        title="Dispense for this session"
        submit="Dispense"
        busy={dispense.busy}
        error={dispense.error}
        disabled={!order}
        onSubmit={async (f) => {
          const line = held.chosen();
          if (!line || !order) return;
          const entry = await dispense.run({
            lotId: line.lot.id,
            locationId: line.location.id,
            appointmentId: session.id,
            orderId: order.id,
            quantity: baseQuantity(line.product.baseUnit, text(f, 'quantity')),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Dispensed ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber} from ${entry.locationName} for ${session.patient.name}.`,
            );
        }}
      >
        <Group align="flex-start">
          <HeldSelect
            lines={lines}
            value={held.key}
            onChange={held.setKey}
            error={held.missing ?? fieldError(dispense.error, '/body/lotId')}
          />
          <AmountInput
            label="Amount dispensed"
            strength={strengthOf(held.line)}
            error={dispense.error}
            hint={(q) => {
              if (!order) return null;
              const s = strengthOf(held.line);
              const mcg = s && q !== null ? microgramsIn(s, q) : null;
              const ordered = formatMilligrams(order.calculatedDoseMcg);
              if (mcg === null) return `The order is for ${ordered}.`;
              return mcg === order.calculatedDoseMcg
                ? `The ordered dose, ${ordered}.`
                : mcg > order.calculatedDoseMcg
                  ? `More than the ordered ${ordered}: the rest will be wasted.`
                  : `Less than the ordered ${ordered}.`;
            }}
          />
        </Group>
        {fieldError(dispense.error, '/body/orderId') && (
          <Text c="red" size="sm" role="alert">
            Order: {fieldError(dispense.error, '/body/orderId')}
          </Text>
        )}
      </ActForm>

      <ActForm
        title="Record the amount given"
        name="Administer"
        submit="Record the amount given"
        busy={administer.busy}
        error={administer.error}
        disabled={!givenAccount}
        onSubmit={async (f) => {
          if (!givenAccount) return;
          const entry = await administer.run({
            appointmentId: session.id,
            lotId: givenAccount.lotId,
            quantity: baseQuantity(strengthFor(givenAccount)?.baseUnit ?? 'microlitre', text(f, 'quantity')),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Given ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber} to ${session.patient.name}.`,
            );
        }}
      >
        {givenAccount ? (
          <Group align="flex-start">
            <NativeSelect
              label="Lot given from"
              value={givenAccount.lotId}
              onChange={(e) => setGivenLot(e.currentTarget.value)}
              data={lotOptions}
              error={fieldError(administer.error, '/body/lotId')}
            />
            <AmountInput label="Amount given" strength={strengthFor(givenAccount)} error={administer.error} />
          </Group>
        ) : (
          <Text size="sm">Nothing dispensed for this session is left to give.</Text>
        )}
      </ActForm>

      <ActForm
        title="Waste the remainder, witnessed"
        name="Waste the remainder"
        submit="Record the waste"
        busy={waste.busy}
        error={waste.error}
        disabled={!wastedAccount}
        onSubmit={async (f) => {
          if (!wastedAccount) return;
          const entry = await waste.run({
            appointmentId: session.id,
            lotId: wastedAccount.lotId,
            quantity: baseQuantity(strengthFor(wastedAccount)?.baseUnit ?? 'microlitre', text(f, 'quantity')),
            reason: text(f, 'reason'),
            method: text(f, 'method'),
            witness: witnessOf(f),
            occurredAt: now(),
          });
          if (entry)
            recorded(
              `Wasted ${entry.quantityDisplay} (${entry.milligramsDisplay}) of lot ${entry.lotNumber}, witnessed by ${entry.witness?.name ?? 'the witness'}.`,
            );
        }}
      >
        {wastedAccount ? (
          <>
            <Group align="flex-start">
              <NativeSelect
                label="Lot wasted from"
                value={wastedAccount.lotId}
                onChange={(e) => setWastedLot(e.currentTarget.value)}
                data={lotOptions}
                error={fieldError(waste.error, '/body/lotId')}
              />
              <AmountInput label="Amount wasted" strength={strengthFor(wastedAccount)} error={waste.error} />
              <TextInput
                label="Reason"
                name="reason"
                defaultValue="Unused remainder of the session’s dose"
                required
                error={fieldError(waste.error, '/body/reason')}
              />
              <TextInput
                label="Method"
                name="method"
                description="e.g. drug disposal pouch"
                required
                error={fieldError(waste.error, '/body/method')}
              />
            </Group>
            <WitnessFields error={waste.error} />
          </>
        ) : (
          <Text size="sm">Nothing dispensed for this session is left to waste.</Text>
        )}
      </ActForm>

      <Stack gap="xs" component="section" aria-label="Close the administration">
        <Title order={3} size="h5">
          Close the administration
        </Title>
        <Text size="sm">
          Checks that everything dispensed for this session was given or wasted. A gap opens a discrepancy for
          compliance to review.
        </Text>
        <Group>
          <Button
            variant="default"
            loading={close.busy}
            disabled={accounts.length === 0}
            onClick={async () => {
              const result = await close.run();
              if (result) {
                setClosed(result);
                entries.reload();
              }
            }}
          >
            Close the administration
          </Button>
        </Group>
        <ProblemAlert error={close.error} />
        {closed && <CloseResult result={closed} />}
      </Stack>
    </Stack>
  );
}

/** The close in words: balanced, or the gap and the discrepancy it opened. */
function CloseResult({ result }: { result: AdministrationCloseView }) {
  const sum = `dispensed ${formatMilligrams(result.dispensedMcg)}; given ${formatMilligrams(result.administeredMcg)} and wasted ${formatMilligrams(result.wastedMcg)}`;
  if (result.unaccountedMcg === 0)
    return (
      <Alert color="teal" title="Balanced" role="status">
        Everything is accounted for: {sum}.
      </Alert>
    );
  const gap =
    result.unaccountedMcg > 0
      ? `${formatMilligrams(result.unaccountedMcg)} is unaccounted for`
      : `${formatMilligrams(-result.unaccountedMcg)} more was given or wasted than dispensed`;
  return (
    <Alert color="red" title="Not balanced: a discrepancy is open" role="alert">
      {gap} ({sum}). A discrepancy was opened for compliance to review on the Discrepancies tab.
    </Alert>
  );
}
