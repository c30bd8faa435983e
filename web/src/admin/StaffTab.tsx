import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import { roles as allRoles, type Role } from '../../../src/identity/actor';
import type { LicenceView, NewStaffResult, StaffList, StaffView } from '../../../src/identity/model';
import { send } from '../api/client';
import { roleLabels, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { OnceSecret } from '../ui/OnceSecret';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { RoleBadge } from '../ui/RoleBadge';
import { useApi, useSubmit } from '../ui/useApi';

type Licence = Static<typeof LicenceView>;
type Dialog = { kind: 'add' } | { kind: 'roles'; staff: StaffView } | { kind: 'licence'; staff: StaffView };

/** Expiry warnings from the server, in words as well as colour. */
const expiryBadge: Record<NonNullable<Licence['warning']>, { color: string; label: string }> = {
  expired: { color: 'red.9', label: 'Expired' },
  'within-7-days': { color: 'orange.6', label: 'Expires within 7 days' },
  'within-30-days': { color: 'yellow.4', label: 'Expires within 30 days' },
  'within-60-days': { color: 'gray.3', label: 'Expires within 60 days' },
};

const roleOptions = allRoles.map((r) => ({ value: r, label: roleLabels[r] }));

function LicenceLine({ licence }: { licence: Licence }) {
  const badge = licence.warning ? expiryBadge[licence.warning] : undefined;
  return (
    <Group gap={6}>
      <Text size="sm">
        {licence.kind === 'dea_registration' ? 'DEA' : licence.state} {licence.number}
        {licence.schedules.length > 0 && ` (Sch. ${licence.schedules.join(', ')})`} · expires{' '}
        {licence.expiresOn}
      </Text>
      {badge && (
        <Badge color={badge.color} autoContrast size="sm" tt="none" flex="none">
          {badge.label}
        </Badge>
      )}
    </Group>
  );
}

export function StaffTab({ canManage }: { canManage: boolean }) {
  const { clinicId } = useSession();
  const list = useApi<Static<typeof StaffList>>(`/api/clinics/${clinicId}/staff`);
  const [dialog, setDialog] = useState<Dialog>();
  // The dialog's content stays while it fades out, so it keeps its name until it is gone.
  const [opened, setOpened] = useState(false);
  const show = (d: Dialog) => {
    setDialog(d);
    setOpened(true);
  };
  const close = () => setOpened(false);
  const done = () => {
    list.reload();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Staff
        </Title>
        {canManage && <Button onClick={() => show({ kind: 'add' })}>Add a staff member</Button>}
      </Group>
      <ProblemAlert error={list.error} />
      {list.data && (
        <DataTable
          caption="Staff"
          rows={list.data.staff}
          rowKey={(s) => s.id}
          empty="No staff yet."
          columns={[
            {
              header: 'Name',
              cell: (s) => (
                <Stack gap={0}>
                  <Text size="sm" fw={600}>
                    {s.fullName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {s.email}
                  </Text>
                </Stack>
              ),
            },
            {
              header: 'Roles',
              cell: (s) => (
                <Group gap={4} miw={110}>
                  {s.roles.map((r) => (
                    <RoleBadge key={r} role={r} />
                  ))}
                </Group>
              ),
            },
            {
              header: 'Sign-in',
              cell: (s) => (
                <Stack gap={2}>
                  <Text size="sm">{s.mfaEnabled ? 'Authenticator on' : 'No authenticator'}</Text>
                  {s.locked && (
                    <Badge color="red.9" size="sm">
                      Locked
                    </Badge>
                  )}
                  {s.deactivated && (
                    <Badge color="gray.7" size="sm">
                      Deactivated
                    </Badge>
                  )}
                </Stack>
              ),
            },
            {
              header: 'Licences and DEA',
              cell: (s) =>
                s.licences.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None recorded
                  </Text>
                ) : (
                  <Stack gap={4}>
                    {s.licences.map((l) => (
                      <LicenceLine key={l.id} licence={l} />
                    ))}
                  </Stack>
                ),
            },
            ...(canManage
              ? [
                  {
                    header: 'Actions',
                    cell: (s: StaffView) => (
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => show({ kind: 'roles', staff: s })}
                          aria-label={`Edit roles of ${s.fullName}`}
                        >
                          Roles
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => show({ kind: 'licence', staff: s })}
                          aria-label={`Add licence for ${s.fullName}`}
                        >
                          Add licence
                        </Button>
                      </Group>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        opened={opened}
        onClose={close}
        size="lg"
        title={
          dialog?.kind === 'add'
            ? 'Add a staff member'
            : dialog?.kind === 'roles'
              ? `Roles of ${dialog.staff.fullName}`
              : dialog?.kind === 'licence'
                ? `Add licence for ${dialog.staff.fullName}`
                : 'Staff'
        }
      >
        {dialog?.kind === 'add' && <AddStaff onDone={done} onClose={close} />}
        {dialog?.kind === 'roles' && (
          <EditRoles
            staff={dialog.staff}
            onDone={() => {
              done();
              close();
            }}
          />
        )}
        {dialog?.kind === 'licence' && (
          <AddLicence
            staff={dialog.staff}
            onDone={() => {
              done();
              close();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function AddStaff({ onDone, onClose }: { onDone: () => void; onClose: () => void }) {
  const { clinicId } = useSession();
  const [picked, setPicked] = useState<string[]>([]);
  const [created, setCreated] = useState<Static<typeof NewStaffResult>>();
  const [noRole, setNoRole] = useState(false);
  const add = useSubmit((body: { fullName: string; email: string; roles: string[] }) =>
    send<Static<typeof NewStaffResult>>('POST', `/api/clinics/${clinicId}/staff`, body),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setNoRole(picked.length === 0);
    if (picked.length === 0) return;
    const result = await add.run({
      fullName: String(form.get('fullName') ?? '').trim(),
      email: String(form.get('email') ?? '').trim(),
      roles: picked,
    });
    if (result) {
      setCreated(result);
      onDone();
    }
  };
  if (created)
    return (
      <Stack>
        <OnceSecret
          label={`First password for ${created.staff.fullName}`}
          value={created.initialPassword}
          note="Hand it over in person or by phone. It is shown only now; they choose their own at first sign-in."
        />
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Add a staff member">
      <Stack gap="sm">
        <TextInput
          label="Full name"
          name="fullName"
          required
          error={fieldError(add.error, '/body/fullName')}
        />
        <TextInput
          label="Email"
          name="email"
          type="email"
          required
          error={fieldError(add.error, '/body/email')}
        />
        <RolePicker
          value={picked}
          onChange={setPicked}
          error={noRole ? 'Choose at least one role' : fieldError(add.error, '/body/roles')}
        />
        <ProblemAlert error={add.error} fieldsShown />
        <Group justify="flex-end">
          <Button type="submit" loading={add.busy}>
            Add staff member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RolePicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (roles: string[]) => void;
  error: string | undefined;
}) {
  return (
    <Checkbox.Group label="Roles" value={value} onChange={onChange} error={error} withAsterisk>
      <Group mt="xs">
        {roleOptions.map((r) => (
          <Checkbox key={r.value} value={r.value} label={r.label} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function EditRoles({ staff, onDone }: { staff: StaffView; onDone: () => void }) {
  const { clinicId } = useSession();
  const [picked, setPicked] = useState<string[]>(staff.roles);
  const save = useSubmit((roles: string[]) =>
    send<StaffView>('PUT', `/api/clinics/${clinicId}/staff/${staff.id}/roles`, { roles: roles as Role[] }),
  );
  return (
    <form
      noValidate
      aria-label="Edit roles"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await save.run(picked)) onDone();
      }}
    >
      <Stack gap="sm">
        <RolePicker value={picked} onChange={setPicked} error={fieldError(save.error, '/body/roles')} />
        <ProblemAlert error={save.error} fieldsShown />
        <Group justify="flex-end">
          <Button type="submit" loading={save.busy}>
            Save roles
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const licenceTypes = [
  ['physician', 'Physician'],
  ['nurse_practitioner', 'Nurse practitioner'],
  ['physician_assistant', 'Physician assistant'],
  ['registered_nurse', 'Registered nurse'],
  ['crna', 'CRNA'],
  ['lpn', 'LPN'],
  ['other', 'Other'],
].map(([value, label]) => ({ value: value!, label: label! }));

function AddLicence({ staff, onDone }: { staff: StaffView; onDone: () => void }) {
  const { clinicId } = useSession();
  const [kind, setKind] = useState<'state_licence' | 'dea_registration'>('state_licence');
  const [licenceType, setLicenceType] = useState('physician');
  const [schedules, setSchedules] = useState<string[]>([]);
  const add = useSubmit((body: Record<string, unknown>) =>
    send<StaffView>('POST', `/api/clinics/${clinicId}/staff/${staff.id}/licences`, body),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await add.run({
      kind,
      licenceType,
      number: String(form.get('number') ?? '').trim(),
      state: String(form.get('state') ?? '')
        .trim()
        .toUpperCase(),
      expiresOn: String(form.get('expiresOn') ?? ''),
      ...(kind === 'dea_registration' ? { schedules } : {}),
    });
    if (result) onDone();
  };
  const err = (field: string) => fieldError(add.error, `/body/${field}`);
  return (
    <form onSubmit={submit} noValidate aria-label="Add a licence">
      <Stack gap="sm">
        <NativeSelect
          label="Kind"
          value={kind}
          onChange={(e) =>
            setKind(e.currentTarget.value === 'dea_registration' ? 'dea_registration' : 'state_licence')
          }
          data={[
            { value: 'state_licence', label: 'State professional licence' },
            { value: 'dea_registration', label: 'DEA registration' },
          ]}
        />
        <NativeSelect
          label="Licence type"
          value={licenceType}
          onChange={(e) => setLicenceType(e.currentTarget.value)}
          data={licenceTypes}
          error={err('licenceType')}
        />
        <Group grow align="flex-start">
          <TextInput label="Number" name="number" required error={err('number')} />
          <TextInput
            label="State"
            name="state"
            description="Two letters, e.g. IL"
            maxLength={2}
            required
            error={err('state')}
          />
        </Group>
        {kind === 'dea_registration' && (
          <MultiSelect
            label="Schedules"
            description="The controlled-substance schedules the registration covers (ketamine is III)"
            value={schedules}
            onChange={setSchedules}
            data={['2', '2N', '3', '3N', '4', '5']}
            error={err('schedules')}
          />
        )}
        <TextInput label="Expires on" name="expiresOn" type="date" required error={err('expiresOn')} />
        <ProblemAlert error={add.error} fieldsShown />
        <Group justify="flex-end">
          <Button type="submit" loading={add.busy}>
            Add licence
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
