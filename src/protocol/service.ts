import type { Clock } from '../platform/clock.js';
import type { Queryable, Tx } from '../platform/db/database.js';
import type { ProtocolDefinition } from './definition.js';

export interface StoredProtocol {
  id: string;
  key: string;
  version: number;
  name: string;
  route: ProtocolDefinition['route'];
  definition: ProtocolDefinition;
  active: boolean;
}

/** One exact protocol version of a clinic (what a course or order points at); 404 when not the clinic's. */
export async function protocolVersion(
  _db: Queryable,
  _clinicId: string,
  _protocolId: string,
): Promise<StoredProtocol> {
  throw new Error('protocolVersion: being built (issue 6)');
}

/** The latest version of each of the clinic's protocols. */
export async function currentProtocols(_db: Queryable, _clinicId: string): Promise<StoredProtocol[]> {
  throw new Error('currentProtocols: being built (issue 6)');
}

/** Publishes the shipped default protocols as version 1 for a clinic that has none. */
export async function publishDefaultProtocols(_tx: Tx, _clock: Clock, _clinicId: string): Promise<void> {
  throw new Error('publishDefaultProtocols: being built (issue 6)');
}
