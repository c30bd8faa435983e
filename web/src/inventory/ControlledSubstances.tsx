import { Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useHasRole, useSession } from '../session/session';
import { Page } from '../ui/Page';
import { CountsTab } from './CountsTab';
import { DiscrepanciesTab } from './DiscrepanciesTab';
import { DiversionTab } from './DiversionTab';
import { LedgerTab } from './LedgerTab';
import { RegistrationsTab } from './RegistrationsTab';
import { ReportsTab } from './ReportsTab';
import { SessionsTab } from './SessionsTab';
import { StockTab } from './StockTab';

/**
 * The Schedule III ledger: stock by product, lot and location; a session's doses (dispense, give, waste, close);
 * the ledger's entries with storage acts and reversals; counts by two staff; discrepancies (open first);
 * registrations with their expiry warnings; reports (CSV and PDF); diversion signals for compliance. Roles per policy.ts: inventory.read (owner, prescriber,
 * nurse, compliance), inventory.count (prescriber, nurse, compliance), inventory.resolve (owner, compliance),
 * inventory.report (owner, compliance, prescriber).
 */
export function ControlledSubstances() {
  const { clinicId } = useSession();
  const reader = useHasRole('owner', 'prescriber', 'nurse', 'compliance');
  const counter = useHasRole('prescriber', 'nurse', 'compliance');
  const recorder = useHasRole('prescriber', 'nurse');
  const resolver = useHasRole('owner', 'compliance');
  const reporter = useHasRole('owner', 'compliance', 'prescriber');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'stock';
  if (!reader)
    return (
      <Page title="Controlled substances">
        <Text>The controlled-substance ledger is for nurses, prescribers, the owner and compliance.</Text>
      </Page>
    );
  return (
    <Page
      title="Controlled substances"
      purpose="Schedule III stock by product, lot and location; session doses; the ledger; counts; discrepancies; reports."
    >
      <Tabs
        value={tab}
        onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="stock">Stock</Tabs.Tab>
          {recorder && <Tabs.Tab value="sessions">Session doses</Tabs.Tab>}
          <Tabs.Tab value="ledger">Ledger</Tabs.Tab>
          <Tabs.Tab value="counts">Counts</Tabs.Tab>
          <Tabs.Tab value="discrepancies">Discrepancies</Tabs.Tab>
          <Tabs.Tab value="registrations">Registrations</Tabs.Tab>
          {reporter && <Tabs.Tab value="reports">Reports</Tabs.Tab>}
          {reporter && <Tabs.Tab value="diversion">Diversion signals</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="stock">
          <StockTab clinicId={clinicId} />
        </Tabs.Panel>
        {recorder && (
          <Tabs.Panel value="sessions">
            <SessionsTab clinicId={clinicId} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="ledger">
          <LedgerTab clinicId={clinicId} canRecord={recorder} />
        </Tabs.Panel>
        <Tabs.Panel value="counts">
          <CountsTab clinicId={clinicId} canCount={counter} />
        </Tabs.Panel>
        <Tabs.Panel value="discrepancies">
          <DiscrepanciesTab clinicId={clinicId} canResolve={resolver} />
        </Tabs.Panel>
        <Tabs.Panel value="registrations">
          <RegistrationsTab clinicId={clinicId} />
        </Tabs.Panel>
        {reporter && (
          <Tabs.Panel value="reports">
            <ReportsTab clinicId={clinicId} />
          </Tabs.Panel>
        )}
        {reporter && (
          <Tabs.Panel value="diversion">
            <DiversionTab clinicId={clinicId} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
