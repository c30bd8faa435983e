import { List, Stack, Text, Title } from '@mantine/core';
import type { PortalHome, PortalProgress } from '../../../src/measures/model';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { DueQuestionnaires } from './DueQuestionnaires';
import { dateInWords, useClinicTimeZone } from './format';
import { PortalNotice } from './PortalNotice';

const RECENT = 10;

/** What is due now, and the questionnaires filled in lately (dates only: scores are explained in My progress). */
export function Questionnaires() {
  const timeZone = useClinicTimeZone();
  const home = useApi<PortalHome>('/api/portal/home');
  const progress = useApi<PortalProgress>('/api/portal/progress');
  const completed = (progress.data?.series ?? [])
    .flatMap((s) => s.points.map((p) => ({ title: s.title, at: p.at })))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, RECENT);
  return (
    <Page
      title="Questionnaires"
      purpose="Short questionnaires your care team asks for before sessions and between them."
    >
      <ProblemAlert error={home.error ?? progress.error} />
      <Stack gap="sm" component="section" aria-labelledby="due-heading">
        <Title order={2} size="h3" id="due-heading">
          Due now
        </Title>
        {home.data && <DueQuestionnaires due={home.data.due} />}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="done-heading">
        <Title order={2} size="h3" id="done-heading">
          Recently completed
        </Title>
        {progress.data &&
          (completed.length === 0 ? (
            <Text>None yet.</Text>
          ) : (
            <List spacing="xs">
              {completed.map((c) => (
                <List.Item key={`${c.title}-${c.at}`}>
                  {c.title} — {dateInWords(c.at, timeZone)}
                </List.Item>
              ))}
            </List>
          ))}
      </Stack>
      <PortalNotice />
    </Page>
  );
}
