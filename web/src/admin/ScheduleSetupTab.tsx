import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type {
  ChairList,
  ChairView,
  RotaStaffList,
  ShiftList,
  ShiftView,
  WeekHoursView,
} from '../../../src/schedule/model';
import { send } from '../api/client';
import { addDays, clinicInstant, routeNames, todayIn } from '../schedule/time';
import { useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
type Route = ChairView['routes'][number];

function Chairs() {
  const { clinicId } = useSession();
  const list = useApi<ChairList>(`/api/clinics/${clinicId}/chairs`);
  const [name, setName] = useState('');
  const [routes, setRoutes] = useState<string[]>([]);
  const add = useSubmit(() => send<ChairView>('POST', `/api/clinics/${clinicId}/chairs`, { name, routes }));
  const retire = useSubmit((chair: ChairView) =>
    send<ChairView>('POST', `/api/clinics/${clinicId}/chairs/${chair.id}/retirement`),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await add.run()) {
      setName('');
      setRoutes([]);
      list.reload();
    }
  };
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Chairs and rooms
      </Title>
      <ProblemAlert error={list.error ?? retire.error} />
      <DataTable
        caption="Chairs and rooms"
        rows={list.data?.chairs ?? []}
        rowKey={(c) => c.id}
        empty="No chairs yet: add the first below."
        columns={[
          { header: 'Name', cell: (c) => c.name },
          { header: 'Equipped for', cell: (c) => c.routes.map((r) => routeNames[r]).join(', ') },
          { header: 'In use', cell: (c) => (c.retiredAt ? `Retired ${c.retiredAt.slice(0, 10)}` : 'Yes') },
          {
            header: 'Action',
            cell: (c) =>
              c.retiredAt ? null : (
                <Button
                  size="xs"
                  variant="default"
                  onClick={async () => (await retire.run(c)) && list.reload()}
                >
                  Retire {c.name}
                </Button>
              ),
          },
        ]}
      />
      <form onSubmit={submit} aria-label="Add a chair" noValidate>
        <Group align="flex-end">
          <TextInput
            label="New chair or room"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(add.error, '/body/name')}
            required
          />
          <MultiSelect
            label="Equipped for"
            data={(Object.keys(routeNames) as Route[]).map((r) => ({ value: r, label: routeNames[r] }))}
            value={routes}
            onChange={setRoutes}
            error={fieldError(add.error, '/body/routes')}
            required
          />
          <Button type="submit" loading={add.busy}>
            Add the chair
          </Button>
        </Group>
        <ProblemAlert error={add.error} fieldsShown />
      </form>
    </Stack>
  );
}

function Hours() {
  const { clinicId } = useSession();
  const hours = useApi<WeekHoursView>(`/api/clinics/${clinicId}/hours`);
  const [days, setDays] = useState(
    weekdays.map((_, i) => ({ weekday: i + 1, open: false, opensAt: '08:00', closesAt: '18:00' })),
  );
  useEffect(() => {
    if (!hours.data) return;
    const set = hours.data.days;
    setDays((current) =>
      current.map((d) => {
        const found = set.find((h) => h.weekday === d.weekday);
        return found
          ? { ...d, open: true, opensAt: found.opensAt, closesAt: found.closesAt }
          : { ...d, open: false };
      }),
    );
  }, [hours.data]);
  const save = useSubmit(() =>
    send<WeekHoursView>('PUT', `/api/clinics/${clinicId}/hours`, {
      days: days
        .filter((d) => d.open)
        .map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })),
    }),
  );
  const update = (weekday: number, change: Partial<(typeof days)[number]>) =>
    setDays((list) => list.map((d) => (d.weekday === weekday ? { ...d, ...change } : d)));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Opening hours{hours.data ? ` (clinic time, ${hours.data.timeZone})` : ''}
      </Title>
      <Table aria-label="Opening hours" maw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Day</Table.Th>
            <Table.Th scope="col">Open</Table.Th>
            <Table.Th scope="col">Opens</Table.Th>
            <Table.Th scope="col">Closes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map((d, index) => (
            <Table.Tr key={d.weekday}>
              <Table.Th scope="row">{weekdays[index]}</Table.Th>
              <Table.Td>
                <Checkbox
                  aria-label={`Open on ${weekdays[index]}`}
                  checked={d.open}
                  onChange={(e) => update(d.weekday, { open: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  type="time"
                  aria-label={`${weekdays[index]} opens`}
                  value={d.opensAt}
                  disabled={!d.open}
                  onChange={(e) => update(d.weekday, { opensAt: e.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  type="time"
                  aria-label={`${weekdays[index]} closes`}
                  value={d.closesAt}
                  disabled={!d.open}
                  onChange={(e) => update(d.weekday, { closesAt: e.currentTarget.value })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ProblemAlert error={hours.error ?? save.error} />
      <Group>
        <Button onClick={async () => (await save.run()) && hours.reload()} loading={save.busy}>
          Save the week’s hours
        </Button>
        <Text size="sm" c="dimmed">
          Booked sessions are not moved when hours change.
        </Text>
      </Group>
    </Stack>
  );
}

function Shifts() {
  const { clinicId } = useSession();
  const timeZone = useApi<WeekHoursView>(`/api/clinics/${clinicId}/hours`).data?.timeZone;
  const [from, setFrom] = useState(() =>
    todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date()),
  );
  const shifts = useApi<ShiftList>(`/api/clinics/${clinicId}/shifts?from=${from}&to=${addDays(from, 6)}`);
  const people = useApi<RotaStaffList>(`/api/clinics/${clinicId}/shifts/staff`);
  const [form, setForm] = useState({ staffId: '', role: 'nurse', date: from, start: '08:00', end: '18:00' });
  const add = useSubmit(() =>
    send<ShiftView>('POST', `/api/clinics/${clinicId}/shifts`, {
      staffId: form.staffId,
      role: form.role,
      startsAt: clinicInstant(form.date, form.start, timeZone!),
      endsAt: clinicInstant(form.date, form.end, timeZone!),
    }),
  );
  const cancel = useSubmit((shift: ShiftView) =>
    send<ShiftView>('POST', `/api/clinics/${clinicId}/shifts/${shift.id}/cancellation`),
  );
  const person = people.data?.staff.find((p) => p.id === form.staffId);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Staff shifts
      </Title>
      <Group align="flex-end">
        <TextInput
          type="date"
          label="Week from"
          value={from}
          onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)}
        />
      </Group>
      <ProblemAlert error={shifts.error ?? cancel.error} />
      <DataTable
        caption="Staff shifts"
        rows={shifts.data?.shifts ?? []}
        rowKey={(s) => s.id}
        empty="Nobody is on shift this week."
        columns={[
          { header: 'Date', cell: (s) => s.date },
          { header: 'Time (clinic)', cell: (s) => `${s.startTime}–${s.endTime}` },
          { header: 'Who', cell: (s) => s.staff.name },
          { header: 'As', cell: (s) => s.role },
          {
            header: 'Action',
            cell: (s) => (
              <Button
                size="xs"
                variant="default"
                onClick={async () => (await cancel.run(s)) && shifts.reload()}
              >
                Cancel {s.staff.name}’s shift on {s.date}
              </Button>
            ),
          },
        ]}
      />
      <form
        aria-label="Add a shift"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          if (await add.run()) shifts.reload();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Who"
            data={(people.data?.staff ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={form.staffId || null}
            onChange={(value) => setForm((f) => ({ ...f, staffId: value ?? '' }))}
            error={fieldError(add.error, '/body/staffId')}
            required
          />
          <Select
            label="As"
            data={(person?.roles ?? ['nurse', 'prescriber']).map((r) => ({ value: r, label: r }))}
            value={form.role}
            onChange={(value) => setForm((f) => ({ ...f, role: value ?? 'nurse' }))}
          />
          <TextInput
            type="date"
            label="Date"
            value={form.date}
            onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
          />
          <TextInput
            type="time"
            label="From (clinic time)"
            value={form.start}
            onChange={(e) => setForm({ ...form, start: e.currentTarget.value })}
            error={fieldError(add.error, '/body/startsAt')}
          />
          <TextInput
            type="time"
            label="To (clinic time)"
            value={form.end}
            onChange={(e) => setForm({ ...form, end: e.currentTarget.value })}
            error={fieldError(add.error, '/body/endsAt')}
          />
          <Button type="submit" loading={add.busy} disabled={!timeZone || !form.staffId}>
            Add the shift
          </Button>
        </Group>
        <ProblemAlert error={add.error} />
      </form>
    </Stack>
  );
}

/** Chairs with the routes they are equipped for, the weekly opening hours and the staff rota. */
export function ScheduleSetupTab() {
  return (
    <Stack gap="xl">
      <Chairs />
      <Hours />
      <Shifts />
    </Stack>
  );
}
