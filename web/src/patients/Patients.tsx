import { Anchor, Button, Group, Modal, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Static } from 'typebox';
import type { PatientList } from '../../../src/patient/model';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { ageOn, patientName } from './format';
import { InvitePatient } from './intake/InvitePatient';
import { RegisterPatient } from './RegisterPatient';

export function Patients() {
  const { clinicId } = useSession();
  const [search, setSearch] = useState('');
  const canRegister = useHasRole('front_desk', 'nurse', 'prescriber'); // patient.register
  const [dialog, setDialog] = useState<'register' | 'invite'>();
  const query = search ? `?search=${encodeURIComponent(search)}` : '';
  const list = useApi<Static<typeof PatientList>>(`/api/clinics/${clinicId}/patients${query}`);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(String(new FormData(event.currentTarget).get('search') ?? '').trim());
  };
  return (
    <Page title="Patients" purpose="Find a patient and open their chart.">
      <Group justify="space-between" align="flex-end">
        <form onSubmit={submit} aria-label="Find a patient">
          <Group align="flex-end">
            <TextInput label="Name" name="search" placeholder="Part of a first or last name" w={320} />
            <Button type="submit" loading={list.loading}>
              Search
            </Button>
          </Group>
        </form>
        {canRegister && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setDialog('invite')}>
              Invite to the portal
            </Button>
            <Button onClick={() => setDialog('register')}>Register patient</Button>
          </Group>
        )}
      </Group>
      <Modal
        opened={dialog !== undefined}
        onClose={() => {
          setDialog(undefined);
          list.reload();
        }}
        size={dialog === 'register' ? 'xl' : 'md'}
        title={dialog === 'register' ? 'Register a patient' : 'Invite to the portal'}
      >
        {dialog === 'register' && <RegisterPatient clinicId={clinicId} />}
        {dialog === 'invite' && <InvitePatient clinicId={clinicId} />}
      </Modal>
      <ProblemAlert error={list.error} title="Patients cannot be shown" />
      {list.data && (
        <DataTable
          caption="Patients"
          rows={list.data.patients}
          rowKey={(p) => p.id}
          empty={search ? `No patient’s name contains “${search}”.` : 'No patients yet.'}
          columns={[
            {
              header: 'Name',
              cell: (p) => (
                <Anchor component={Link} to={`/patients/${p.id}`} fw={600}>
                  {patientName(p)}
                </Anchor>
              ),
            },
            { header: 'Born', cell: (p) => `${p.birthDate} (${ageOn(p.birthDate)} years)` },
          ]}
        />
      )}
    </Page>
  );
}
