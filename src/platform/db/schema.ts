// Every table of the application, in one place: the Drizzle client and drizzle-kit both read this module.
export * from '../../alert/schema.js';
export * from '../../audit/schema.js';
export * from '../../consent/schema.js';
export * from '../../course/schema.js';
export * from '../../identity/schema.js';
export * from '../../intake/schema.js';
export * from '../../inventory/schema.js';
export * from '../../measures/schema.js';
export * from '../../notification/schema.js';
export * from '../../order/schema.js';
export * from '../../organisation/schema.js';
export * from '../../patient/schema.js';
export * from '../../protocol/schema.js';
export * from '../../reminder/schema.js';
export * from '../../schedule/schema.js';
export * from '../../screening/schema.js';
export * from '../../settings/schema.js';
