import { Button, Chip, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import type { CourseList } from '../../../src/course/model';
import type { PatientList } from '../../../src/patient/model';
import type { AppointmentList, AppointmentView, ChairView, FreeSlots } from '../../../src/schedule/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { fieldError } from '../ui/Problem';
import { useApi, useSubmit } from '../ui/useApi';
import { Refusal } from './Refusal';
import { clinicInstant, routeNames } from './time';

interface Session {
  /** Stable across removals, for React's list keys. */
  key: number;
  chairId: string;
  date: string;
  time: string;
}

/**
 * Book a session, or a series: find the patient, choose their course, then chair, date and time per session.
 * The server checks every rule; a refusal is shown with its rule and what would satisfy it.
 */
export function BookDialog({
  opened,
  chairs,
  timeZone,
  date,
  onClose,
  onBooked,
}: {
  opened: boolean;
  chairs: ChairView[];
  timeZone: string;
  date: string;
  onClose: () => void;
  onBooked: (booked: AppointmentView[]) => void;
}) {
  const { clinicId } = useSession();
  const [search, setSearch] = useState('');
  const [patientId, setPatientId] = useState<string | null>(null);
  const [courseId, setCourseId] = useState<string | null>(null);
  const [sessions, setSessions] = useState<Session[]>([{ key: 0, chairId: '', date, time: '10:00' }]);
  const found = useApi<Static<typeof PatientList>>(
    search.trim().length >= 2
      ? `/api/clinics/${clinicId}/patients?search=${encodeURIComponent(search.trim())}&limit=20`
      : null,
  );
  const courses = useApi<CourseList>(
    patientId ? `/api/clinics/${clinicId}/patients/${patientId}/courses` : null,
  );
  const course = courses.data?.courses.find((c) => c.id === courseId);
  const first = sessions[0]!;
  const free = useApi<FreeSlots>(
    courseId && first.chairId && first.date
      ? `/api/clinics/${clinicId}/chairs/${first.chairId}/free-slots?date=${first.date}&courseId=${courseId}`
      : null,
  );
  const book = useSubmit(async (): Promise<AppointmentView[]> => {
    const planned = sessions.map((s) => ({
      chairId: s.chairId,
      startsAt: clinicInstant(s.date, s.time, timeZone),
    }));
    if (planned.length === 1)
      return [
        await send<AppointmentView>('POST', `/api/clinics/${clinicId}/appointments`, {
          patientId,
          courseId,
          ...planned[0],
        }),
      ];
    const series = await send<AppointmentList>('POST', `/api/clinics/${clinicId}/appointments/series`, {
      patientId,
      courseId,
      sessions: planned,
    });
    return series.appointments;
  });
  const close = () => {
    setSearch('');
    setPatientId(null);
    setCourseId(null);
    setSessions([{ key: 0, chairId: '', date, time: '10:00' }]);
    book.clearError();
    onClose();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const booked = await book.run();
    if (booked) {
      close();
      onBooked(booked);
    }
  };
  const update = (index: number, change: Partial<Session>) =>
    setSessions((list) => list.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const suitable = chairs.filter((c) => c.retiredAt === null && (!course || c.routes.includes(course.route)));
  const pathOf = (index: number, field: string) =>
    sessions.length === 1 ? `/body/${field}` : `/body/sessions/${index}/${field}`;

  return (
    <Modal opened={opened} onClose={close} title="Book a session" centered size="lg">
      <form onSubmit={submit} noValidate aria-label="Book a session">
        <Stack gap="md">
          <TextInput
            label="Find the patient"
            description="Part of the name, at least 2 letters"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <NativeSelect
            label="Patient"
            data={[
              { value: '', label: found.data ? 'Choose the patient' : 'Search first' },
              ...(found.data?.patients ?? []).map((p) => ({
                value: p.id,
                label: `${p.preferredName ?? p.givenName} ${p.familyName} (born ${p.birthDate})`,
              })),
            ]}
            value={patientId ?? ''}
            onChange={(e) => {
              setPatientId(e.currentTarget.value || null);
              setCourseId(null);
            }}
            required
          />
          <NativeSelect
            label="Course"
            data={[
              { value: '', label: patientId ? 'Choose the course' : 'Choose the patient first' },
              ...(courses.data?.courses ?? []).map((c) => ({
                value: c.id,
                label: `${routeNames[c.route]} · ${c.protocol.name} (planned ${c.plannedAt.slice(0, 10)})`,
              })),
            ]}
            value={courseId ?? ''}
            onChange={(e) => setCourseId(e.currentTarget.value || null)}
            error={fieldError(book.error, '/body/courseId')}
            required
          />
          {sessions.map((s, index) => (
            <Group key={s.key} align="flex-end" wrap="wrap">
              <NativeSelect
                label={sessions.length > 1 ? `Session ${index + 1}: chair` : 'Chair'}
                data={[
                  { value: '', label: 'Choose a chair' },
                  ...suitable.map((c) => ({ value: c.id, label: c.name })),
                ]}
                value={s.chairId}
                onChange={(e) => update(index, { chairId: e.currentTarget.value })}
                error={fieldError(book.error, pathOf(index, 'chairId'))}
                required
              />
              <TextInput
                type="date"
                label={sessions.length > 1 ? `Session ${index + 1}: date` : 'Date'}
                value={s.date}
                onChange={(e) => update(index, { date: e.currentTarget.value })}
                required
              />
              <TextInput
                type="time"
                label={
                  sessions.length > 1 ? `Session ${index + 1}: start (clinic time)` : 'Start (clinic time)'
                }
                value={s.time}
                onChange={(e) => update(index, { time: e.currentTarget.value })}
                error={fieldError(book.error, pathOf(index, 'startsAt'))}
                required
              />
              {sessions.length > 1 && (
                <Button
                  variant="subtle"
                  color="red.8"
                  onClick={() => setSessions((list) => list.filter((_, i) => i !== index))}
                >
                  Remove session {index + 1}
                </Button>
              )}
            </Group>
          ))}
          {free.data && (
            <Stack gap={4}>
              <Text size="sm">
                Free starts in this chair on {first.date} ({free.data.blockMinutes} min block, hours and staff
                coverage checked; the course rules are checked when you book):
              </Text>
              {free.data.slots.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None that day.
                </Text>
              ) : (
                <Chip.Group value={first.time} onChange={(time) => update(0, { time: String(time) })}>
                  <Group gap={4}>
                    {free.data.slots.map((slot) => (
                      <Chip key={slot.startsAt} value={slot.startTime} size="xs">
                        {slot.startTime}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              )}
            </Stack>
          )}
          <Button
            variant="light"
            onClick={() =>
              setSessions((list) => [
                ...list,
                { ...list[list.length - 1]!, key: list.at(-1)!.key + 1, date: '' },
              ])
            }
          >
            Add another session to the series
          </Button>
          <Refusal error={book.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            <Button type="submit" loading={book.busy} disabled={!patientId || !courseId}>
              {sessions.length > 1 ? `Book ${sessions.length} sessions` : 'Book'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
