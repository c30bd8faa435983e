import { Box, Card, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { CrisisLine, DemoBanner, ResponsibilityNotice, SkipLink } from './Notices';
import { isDemo, useClinics } from './useClinics';

/** One focused task on a card (sign-in, authenticator set-up), outside the console and portal navigation. */
export function CardPage({
  title,
  subtitle,
  patient = false,
  width = 440,
  children,
  below,
}: {
  title: string;
  subtitle?: string;
  /** Patient-facing: the crisis numbers stay on the page. */
  patient?: boolean;
  width?: number;
  children: ReactNode;
  below?: ReactNode;
}) {
  const { clinics } = useClinics();
  useDocumentTitle(`${title} — ketacare`);
  return (
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      {isDemo(clinics) && <DemoBanner />}
      <Stack component="main" id="main" tabIndex={-1} align="center" py="xl" px="md" gap="md">
        <Card withBorder radius="md" padding="xl" w="100%" maw={width}>
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                {title}
              </Title>
              <Text size="sm" c="dimmed">
                {subtitle ?? clinics[0]?.name ?? 'ketacare'}
              </Text>
            </div>
            {children}
          </Stack>
        </Card>
        {below}
      </Stack>
      <footer>
        {patient && <CrisisLine />}
        <ResponsibilityNotice />
      </footer>
    </Box>
  );
}
