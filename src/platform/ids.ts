import { uuidv7 } from 'uuidv7';

/**
 * Row ids are UUIDv7: time-ordered, so B-tree inserts stay local and ids sort by creation. Generated in the app
 * because PostgreSQL 15 (the production engine here) has no uuidv7().
 */
export function newId(): string {
  return uuidv7();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
