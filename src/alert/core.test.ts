import { describe, expect, it } from 'vitest';
import { acknowledgementProblems, OTHER_NOTE_MIN_CHARS } from './core.js';

describe('acknowledgement notes', () => {
  it('needs at least 3 characters besides spaces for a listed action', () => {
    expect(acknowledgementProblems({ action: 'contacted_patient', note: 'abc' })).toEqual([]);
    expect(acknowledgementProblems({ action: 'contacted_patient', note: '  ab  ' })).toEqual([
      { path: '/body/note', message: expect.stringMatching(/3 characters/) },
    ]);
  });

  it(`needs ${OTHER_NOTE_MIN_CHARS} characters besides spaces when the action is "other"`, () => {
    expect(acknowledgementProblems({ action: 'other', note: 'x'.repeat(OTHER_NOTE_MIN_CHARS) })).toEqual([]);
    expect(
      acknowledgementProblems({ action: 'other', note: ` ${'x'.repeat(OTHER_NOTE_MIN_CHARS - 1)}   ` }),
    ).toEqual([{ path: '/body/note', message: expect.stringMatching(/at least 10 characters/) }]);
  });
});
