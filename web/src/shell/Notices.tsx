import { Anchor, Box, Text } from '@mantine/core';

export function DemoBanner() {
  return (
    <Box bg="yellow.3" py={6} px="md" role="status" aria-label="Demo data">
      <Text size="sm" fw={700} ta="center" c="dark.9">
        Demo — synthetic data only. Do not enter real patient information.
      </Text>
    </Box>
  );
}

/** Shown on every page: the tool supports licensed clinicians, and its thresholds are the clinic's to review. */
export function ResponsibilityNotice() {
  return (
    <Text size="xs" c="dimmed" ta="center" py="xs" px="md">
      ketacare is clinical decision support and record-keeping for licensed clinicians. Clinical thresholds
      are clinic configuration: the clinic is responsible for reviewing them. ketacare never recommends
      unsupervised home use.
    </Text>
  );
}

/** On every patient-facing page, so a patient in crisis never has to look for the numbers. */
export function CrisisLine() {
  return (
    <Text size="sm" ta="center" py="xs" px="md" fw={600}>
      In crisis? Call or text{' '}
      <Anchor href="tel:988" fw={700} underline="always">
        988
      </Anchor>{' '}
      (Suicide &amp; Crisis Lifeline). Emergency:{' '}
      <Anchor href="tel:911" fw={700} underline="always">
        911
      </Anchor>
    </Text>
  );
}

/** The first Tab stop: keyboard users jump past the navigation to the page itself. */
export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to main content
    </a>
  );
}
