import { Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useHasRole } from '../session/session';
import { Page } from '../ui/Page';
import { AuditTab } from './AuditTab';
import { ConsentDocumentsTab } from './ConsentDocumentsTab';
import { DevicesTab } from './DevicesTab';
import { MessagesTab } from './MessagesTab';
import { NotificationsTab } from './NotificationsTab';
import { ProtocolsTab } from './ProtocolsTab';
import { ScheduleSetupTab } from './ScheduleSetupTab';
import { ScreeningRulesTab } from './ScreeningRulesTab';
import { SecurityTab } from './SecurityTab';
import { StaffTab } from './StaffTab';

/**
 * Staff and licences, device tokens, the audit trail, sign-in rules and notifications (owner and compliance);
 * consent documents (compliance reads; owner and prescribers publish) and screening rules (owner and
 * prescribers), per policy.ts.
 */
export function Admin() {
  const owner = useHasRole('owner');
  const people = useHasRole('owner', 'compliance');
  const prescriber = useHasRole('prescriber');
  // consent.read / consent.manage and screening.read / screening.rules.manage in policy.ts.
  const directors = useHasRole('owner', 'prescriber');
  const consentDocuments = useHasRole('compliance', 'owner', 'prescriber');
  // schedule.manage and messages.read
  const scheduleSetup = useHasRole('owner', 'front_desk');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? (people ? 'staff' : prescriber ? 'consent-documents' : 'schedule-setup');
  if (!people && !prescriber && !scheduleSetup)
    return (
      <Page title="Admin">
        <Text>
          Admin is for the clinic’s owner, compliance officer and prescribers. Ask them for changes to staff,
          devices, consent documents or screening rules.
        </Text>
      </Page>
    );
  return (
    <Page
      title="Admin"
      purpose="People, devices, the audit trail, sign-in rules, notifications, consent documents and screening rules of this clinic."
    >
      <Tabs
        value={tab}
        onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {people && <Tabs.Tab value="staff">Staff</Tabs.Tab>}
          {owner && <Tabs.Tab value="devices">Devices</Tabs.Tab>}
          {people && <Tabs.Tab value="audit">Audit</Tabs.Tab>}
          {people && <Tabs.Tab value="security">Security</Tabs.Tab>}
          {owner && <Tabs.Tab value="notifications">Notifications</Tabs.Tab>}
          {consentDocuments && <Tabs.Tab value="consent-documents">Consent documents</Tabs.Tab>}
          {directors && <Tabs.Tab value="screening-rules">Screening rules</Tabs.Tab>}
          {directors && <Tabs.Tab value="protocols">Protocols</Tabs.Tab>}
          {scheduleSetup && <Tabs.Tab value="schedule-setup">Chairs and hours</Tabs.Tab>}
          {scheduleSetup && <Tabs.Tab value="messages">Patient messages</Tabs.Tab>}
        </Tabs.List>
        {people && (
          <Tabs.Panel value="staff">
            <StaffTab canManage={owner} />
          </Tabs.Panel>
        )}
        {owner && (
          <Tabs.Panel value="devices">
            <DevicesTab />
          </Tabs.Panel>
        )}
        {people && (
          <Tabs.Panel value="audit">
            <AuditTab />
          </Tabs.Panel>
        )}
        {people && (
          <Tabs.Panel value="security">
            <SecurityTab canChange={owner} />
          </Tabs.Panel>
        )}
        {owner && (
          <Tabs.Panel value="notifications">
            <NotificationsTab />
          </Tabs.Panel>
        )}
        {consentDocuments && (
          <Tabs.Panel value="consent-documents">
            <ConsentDocumentsTab canPublish={directors} />
          </Tabs.Panel>
        )}
        {directors && (
          <Tabs.Panel value="screening-rules">
            <ScreeningRulesTab canChange={directors} />
          </Tabs.Panel>
        )}
        {directors && (
          <Tabs.Panel value="protocols">
            <ProtocolsTab />
          </Tabs.Panel>
        )}
        {scheduleSetup && (
          <Tabs.Panel value="schedule-setup">
            <ScheduleSetupTab />
          </Tabs.Panel>
        )}
        {scheduleSetup && (
          <Tabs.Panel value="messages">
            <MessagesTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
