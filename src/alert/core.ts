import type { AcknowledgeBody } from './model.js';

/** A note must say something; "other" must say what was done, since the action alone does not. */
export const NOTE_MIN_CHARS = 3;
export const OTHER_NOTE_MIN_CHARS = 10;

/** What is wrong with an acknowledgement before anything is written (blank notes pass the schema's length). */
export function acknowledgementProblems(body: AcknowledgeBody): { path: string; message: string }[] {
  const length = body.note.trim().length;
  if (body.action === 'other' && length < OTHER_NOTE_MIN_CHARS) {
    return [
      {
        path: '/body/note',
        message: `describe what was done (at least ${OTHER_NOTE_MIN_CHARS} characters) when the action is "other"`,
      },
    ];
  }
  if (length < NOTE_MIN_CHARS) {
    return [{ path: '/body/note', message: `write a note of at least ${NOTE_MIN_CHARS} characters` }];
  }
  return [];
}
