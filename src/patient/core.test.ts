import { describe, expect, it } from 'vitest';
import { ageOn } from './core.js';

describe('ageOn', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('2008-03-02', '2026-03-01')).toBe(17);
    expect(ageOn('2008-03-02', '2026-03-02')).toBe(18);
    expect(ageOn('2008-05-10', '2026-05-10')).toBe(18);
    expect(ageOn('2008-05-11', '2026-05-10')).toBe(17);
  });

  it('someone born on 29 February turns a year older on 1 March', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});
