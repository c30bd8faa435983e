import {
  Alert,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import type {
  AppointmentView,
  ScheduleView,
  WaitlistEntryView,
  WaitlistView,
} from '../../../src/schedule/model';
import { send } from '../api/client';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { AppointmentDialog } from './AppointmentDialog';
import { BookDialog } from './BookDialog';
import { addDays, dayLabel, routeNames, statusNames, todayIn } from './time';

const statusColour = {
  booked: 'blue',
  attended: 'teal',
  cancelled: 'gray',
  no_show: 'orange',
  rescheduled: 'gray',
} as const;

/** One appointment in the calendar: time, preferred name, route and status in words (never colour alone). */
function Block({ appointment, onOpen }: { appointment: AppointmentView; onOpen: () => void }) {
  const a = appointment;
  const ended = a.status === 'cancelled' || a.status === 'no_show';
  return (
    <UnstyledButton
      onClick={onOpen}
      style={{
        display: 'block',
        width: '100%',
        padding: 6,
        borderRadius: 4,
        borderLeft: `4px solid var(--mantine-color-${statusColour[a.status]}-7)`,
        background: 'var(--mantine-color-gray-0)',
        opacity: ended ? 0.8 : 1,
      }}
    >
      <Text size="sm" fw={600} td={ended ? 'line-through' : undefined}>
        {a.startTime}–{a.endTime}
      </Text>
      <Text size="sm">{a.patient.name}</Text>
      <Group gap={4}>
        <Text size="xs">{routeNames[a.route]}</Text>
        <Badge size="xs" variant="outline" color={`${statusColour[a.status]}.9`}>
          {statusNames[a.status]}
        </Badge>
      </Group>
    </UnstyledButton>
  );
}

function Waitlist({ onChanged }: { onChanged: () => void }) {
  const { clinicId } = useSession();
  const list = useApi<WaitlistView>(`/api/clinics/${clinicId}/waitlist`);
  const [reason, setReason] = useState('');
  const remove = useSubmit((entry: WaitlistEntryView, reason: string) =>
    send('POST', `/api/clinics/${clinicId}/waitlist/${entry.id}/closure`, { reason }),
  );
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Waitlist
      </Title>
      <ProblemAlert error={list.error ?? remove.error} />
      <TextInput
        label="Reason for taking someone off the list"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maw={480}
      />
      <DataTable
        caption="Waitlist"
        rows={list.data?.entries ?? []}
        rowKey={(e) => e.id}
        empty="Nobody is waiting for a slot."
        columns={[
          { header: 'Patient', cell: (e) => e.patient.name },
          { header: 'Could come', cell: (e) => `${e.earliestDate} to ${e.latestDate}` },
          { header: 'Note', cell: (e) => e.note ?? '' },
          {
            header: 'Action',
            cell: (e) => (
              <Button
                size="xs"
                variant="default"
                disabled={reason.trim().length < 3}
                onClick={async () => {
                  if (await remove.run(e, reason.trim())) {
                    setReason('');
                    list.reload();
                    onChanged();
                  }
                }}
              >
                Take {e.patient.name} off the list
              </Button>
            ),
          },
        ]}
      />
    </Stack>
  );
}

/** The day and week calendar by chair, in the clinic's time zone; booking explains refusals. */
export function Schedule() {
  const { clinicId } = useSession();
  const canBook = useHasRole('front_desk', 'nurse', 'prescriber');
  const [view, setView] = useState<'day' | 'week'>('day');
  const [date, setDate] = useState<string>(() =>
    todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, new Date()),
  );
  const [booking, setBooking] = useState(false);
  const [open, setOpen] = useState<AppointmentView>();
  const [notice, setNotice] = useState<string>();
  const schedule = useApi<ScheduleView>(`/api/clinics/${clinicId}/schedule?date=${date}&view=${view}`);
  const data = schedule.data;
  const step = view === 'week' ? 7 : 1;
  const at = (chairId: string, day: string) =>
    (data?.appointments ?? []).filter((a) => a.chair.id === chairId && a.date === day);

  return (
    <Page
      title="Schedule"
      purpose={`Sessions by chair${data ? `, in clinic time (${data.timeZone})` : ''}. Booking checks the course rules, opening hours, the chair and staff coverage, and says why when it refuses.`}
    >
      {notice && (
        <Alert
          color="teal"
          role="status"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      )}
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(value) => setView(value as 'day' | 'week')}
          data={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
          ]}
        />
        <Button variant="default" onClick={() => setDate((d) => addDays(d, -step))}>
          Previous {view}
        </Button>
        <TextInput
          type="date"
          label="Date"
          value={date}
          onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
        />
        <Button variant="default" onClick={() => setDate((d) => addDays(d, step))}>
          Next {view}
        </Button>
        {canBook && <Button onClick={() => setBooking(true)}>Book a session</Button>}
      </Group>
      <ProblemAlert error={schedule.error} />
      {data && (
        <Table.ScrollContainer minWidth={720}>
          <Table
            withColumnBorders
            aria-label={
              view === 'day' ? `Schedule for ${dayLabel(data.from)}` : `Week of ${dayLabel(data.from)}`
            }
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{view === 'day' ? 'Day' : 'Chair'}</Table.Th>
                {view === 'day'
                  ? data.chairs.map((c) => (
                      <Table.Th key={c.id} scope="col">
                        {c.name}{' '}
                        <Text span size="xs">
                          ({c.routes.map((r) => routeNames[r]).join(', ')})
                        </Text>
                      </Table.Th>
                    ))
                  : data.days.map((d) => (
                      <Table.Th key={d.date} scope="col">
                        {dayLabel(d.date)}
                        <Text size="xs">{d.open ? `${d.open.opensAt}–${d.open.closesAt}` : 'Closed'}</Text>
                      </Table.Th>
                    ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view === 'day' ? (
                <Table.Tr>
                  <Table.Th scope="row">
                    {dayLabel(data.from)}
                    <Text size="xs">
                      {data.days[0]?.open
                        ? `Open ${data.days[0].open.opensAt}–${data.days[0].open.closesAt}`
                        : 'Closed'}
                    </Text>
                    <Text size="xs">
                      On shift:{' '}
                      {data.shifts
                        .map((s) => `${s.staff.name} (${s.role}, ${s.startTime}–${s.endTime})`)
                        .join('; ') || 'nobody'}
                    </Text>
                  </Table.Th>
                  {data.chairs.map((c) => (
                    <Table.Td key={c.id} valign="top">
                      <Stack gap={4}>
                        {at(c.id, data.from).map((a) => (
                          <Block key={a.id} appointment={a} onOpen={() => setOpen(a)} />
                        ))}
                      </Stack>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ) : (
                data.chairs.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Th scope="row">{c.name}</Table.Th>
                    {data.days.map((d) => (
                      <Table.Td key={d.date} valign="top">
                        <Stack gap={4}>
                          {at(c.id, d.date).map((a) => (
                            <Block key={a.id} appointment={a} onOpen={() => setOpen(a)} />
                          ))}
                        </Stack>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Waitlist onChanged={schedule.reload} />
      {data && (
        <>
          <BookDialog
            opened={booking}
            chairs={data.chairs}
            timeZone={data.timeZone}
            date={date}
            onClose={() => setBooking(false)}
            onBooked={(booked) => {
              setNotice(
                `Booked ${booked.length === 1 ? '' : `${booked.length} sessions: `}${booked
                  .map((a) => `${a.patient.name} ${a.date} ${a.startTime}–${a.endTime} in ${a.chair.name}`)
                  .join('; ')}.`,
              );
              schedule.reload();
            }}
          />
          <AppointmentDialog
            appointment={open}
            chairs={data.chairs}
            timeZone={data.timeZone}
            canBook={canBook}
            onClose={() => setOpen(undefined)}
            onChanged={(message) => {
              setNotice(message);
              schedule.reload();
            }}
          />
        </>
      )}
    </Page>
  );
}
