import { Text } from '@mantine/core';
import { useHasRole, useSession } from '../session/session';
import { Page } from '../ui/Page';
import { OutcomesReportView } from './OutcomesReport';

/** How the clinic is doing: outcomes today; safety, REMS and operations reports join as their modules arrive. */
export function Reports() {
  const { clinicId } = useSession();
  // report.read in src/identity/policy.ts
  const allowed = useHasRole('owner', 'prescriber', 'compliance');
  if (!allowed)
    return (
      <Page title="Reports">
        <Text>Reports are for the clinic’s owner, prescribers and compliance officer.</Text>
      </Page>
    );
  return (
    <Page
      title="Reports"
      purpose="How the clinic is doing. Safety, REMS and operations reports follow as their modules arrive."
    >
      <OutcomesReportView clinicId={clinicId} />
    </Page>
  );
}
