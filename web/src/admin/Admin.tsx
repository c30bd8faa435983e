import { Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useHasRole } from '../session/session';
import { Page } from '../ui/Page';
import { AuditTab } from './AuditTab';
import { DevicesTab } from './DevicesTab';
import { NotificationsTab } from './NotificationsTab';
import { SecurityTab } from './SecurityTab';
import { StaffTab } from './StaffTab';

/** Staff and licences, device tokens, the audit trail, sign-in rules and notifications (owner and compliance, policy.ts). */
export function Admin() {
  const owner = useHasRole('owner');
  const allowed = useHasRole('owner', 'compliance');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'staff';
  if (!allowed)
    return (
      <Page title="Admin">
        <Text>
          Admin is for the clinic’s owner and compliance officer. Ask them for changes to staff or devices.
        </Text>
      </Page>
    );
  return (
    <Page
      title="Admin"
      purpose="People, devices, the audit trail, sign-in rules and notifications of this clinic."
    >
      <Tabs
        value={tab}
        onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="staff">Staff</Tabs.Tab>
          {owner && <Tabs.Tab value="devices">Devices</Tabs.Tab>}
          <Tabs.Tab value="audit">Audit</Tabs.Tab>
          <Tabs.Tab value="security">Security</Tabs.Tab>
          {owner && <Tabs.Tab value="notifications">Notifications</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="staff">
          <StaffTab canManage={owner} />
        </Tabs.Panel>
        {owner && (
          <Tabs.Panel value="devices">
            <DevicesTab />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="audit">
          <AuditTab />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <SecurityTab canChange={owner} />
        </Tabs.Panel>
        {owner && (
          <Tabs.Panel value="notifications">
            <NotificationsTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
