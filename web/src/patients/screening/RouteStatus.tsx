import { Alert, List, Text } from '@mantine/core';
import type { PatientConsentView } from '../../../../src/consent/model';
import { routes } from '../../../../src/screening/engine';
import type { ScreeningView } from '../../../../src/screening/model';
import { DataTable } from '../../ui/DataTable';
import { consentLabels } from '../consent/labels';
import { cautionsOf, eligibilityLabels, routeLabels } from './labels';
import { StatusBadge } from './StatusBadge';

/**
 * The chart header's route lines: eligibility per route (what the prescriber decided, or why not yet) and
 * consent per route, for whoever may read each (undefined = not shown).
 */
export function RouteStatus({
  screening,
  consent,
}: {
  screening: ScreeningView | undefined;
  consent: PatientConsentView | undefined;
}) {
  if (!screening && !consent) return null;
  return (
    <DataTable
      caption="Routes: eligibility and consent"
      rows={[...routes]}
      rowKey={(r) => r}
      empty=""
      columns={[
        { header: 'Route', cell: (r) => routeLabels[r] },
        ...(screening
          ? [
              {
                header: 'Eligibility',
                cell: (r: (typeof routes)[number]) => {
                  const status = screening.eligibility.find((e) => e.route === r)?.status ?? 'not_screened';
                  return <StatusBadge label={eligibilityLabels[status]} />;
                },
              },
            ]
          : []),
        ...(consent
          ? [
              {
                header: 'Consent',
                cell: (r: (typeof routes)[number]) => {
                  const status = consent.routes.find((c) => c.route === r)?.status ?? 'none';
                  return <StatusBadge label={consentLabels[status]} />;
                },
              },
            ]
          : []),
      ]}
    />
  );
}

/** Cautions are shown on every treatment day: in the header, so nobody opens the chart without seeing them. */
export function Cautions({ screening }: { screening: ScreeningView }) {
  const cautions = cautionsOf(screening);
  if (cautions.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`${cautions.length === 1 ? 'Caution' : 'Cautions'} for every treatment day`}
      // The title in body colour: yellow text on yellow fails contrast.
      styles={{
        root: { border: '2px solid var(--mantine-color-yellow-6)' },
        title: { color: 'var(--mantine-color-text)' },
      }}
      // Present from the start, not news: a region named by its title rather than an announced alert.
      role="region"
    >
      <List spacing={2} size="sm">
        {cautions.map((c) => (
          <List.Item key={c.ruleId}>
            <Text span fw={600} size="sm">
              {c.title}
            </Text>{' '}
            ({c.ruleId}){c.evidence.length > 0 && `: ${c.evidence.join('; ')}`}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
