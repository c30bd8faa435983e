import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { newId } from '../ids.js';

/** Primary key: a UUIDv7 made by the app. */
export const idColumn = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => newId());

/** Every instant is stored with its zone (timestamptz) and read back as a Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
