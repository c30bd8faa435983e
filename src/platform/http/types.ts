import { type TSchema, Type } from 'typebox';

/** Schema building blocks every domain's model.ts uses, so an id or an instant means the same everywhere. */
export const Uuid = Type.String({ format: 'uuid' });
/** An instant, ISO 8601 with offset (always UTC `Z` in responses). */
export const DateTime = Type.String({ format: 'date-time' });
/** A calendar date, YYYY-MM-DD (in the clinic's time zone where it matters). */
export const IsoDate = Type.String({ format: 'date' });
/** A local clock time, HH:MM (24 h). */
export const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** The treatment routes (glossary): IV and IM racemic ketamine, intranasal esketamine, clinic-given oral ketamine. */
export const Route = Type.Union([
  Type.Literal('iv'),
  Type.Literal('im'),
  Type.Literal('intranasal'),
  Type.Literal('oral'),
]);
/** A person named in a response: never more than id and display name. */
export const PersonRef = Type.Object({ id: Uuid, name: Type.String() });
