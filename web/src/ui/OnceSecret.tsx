import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A credential the server shows once (a first password, a device token): copy it now, it is not kept. */
export function OnceSecret({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <Alert color="teal" variant="light" title={label} role="status">
      <Stack gap="xs">
        <Code
          block
          fz="md"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          aria-label={label}
          data-testid="once-secret"
        >
          {value}
        </Code>
        <Text size="sm">{note}</Text>
        <Group>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
