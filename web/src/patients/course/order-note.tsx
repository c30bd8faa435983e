import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useStepUp } from '../../ui/StepUp';
import { useSubmit } from '../../ui/useApi';

/**
 * One written note sent with an act on an order: the reason for discontinuing it, a nurse's request for a change,
 * the prescriber's note declining one. `field` is the body field the server checks (its refusal shows there).
 */
export function OrderNoteDialog({
  title,
  about,
  label,
  description,
  field,
  submitLabel,
  send,
  onClose,
  onDone,
}: {
  title: string;
  /** What the note is about, e.g. the order's step and dose. */
  about: string;
  label: string;
  description: string;
  field: string;
  submitLabel: string;
  send: (text: string) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  // Rendered after the form's modal so it opens on top of it (acts on orders other than a request need step-up).
  const { withStepUp, dialog } = useStepUp();
  const submit = useSubmit((note: string) => withStepUp(() => send(note)));
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setEmpty(text.trim() === '');
    if (text.trim() === '') return;
    if ((await submit.run(text.trim())) !== undefined) onDone();
  };
  return (
    <>
      <Modal opened onClose={onClose} title={title}>
        <form onSubmit={onSubmit} noValidate aria-label={title}>
          <Stack gap="sm">
            <Text size="sm">{about}</Text>
            <Textarea
              label={label}
              description={description}
              autosize
              minRows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={empty ? `Write the ${label.toLowerCase()}` : fieldError(submit.error, `/body/${field}`)}
              required
              data-autofocus
            />
            <ProblemAlert error={submit.error} title={`${title}: not done`} fieldsShown />
            <Group gap="xs">
              <Button type="submit" loading={submit.busy}>
                {submitLabel}
              </Button>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {dialog}
    </>
  );
}
