import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { consentSignature } from './schema.js';
import { publishDefaultDocuments } from './service.js';

/**
 * The demo clinic's consent: the shipped template documents published for every route, and the demo patient's
 * portal signature on the IV document (so the demo shows a current consent and routes still to sign).
 */
export async function addDemoConsent(
  tx: Tx,
  clock: Clock,
  ids: { clinicId: string; patientId: string; typedName: string },
): Promise<void> {
  const documents = await publishDefaultDocuments(tx, clock, ids.clinicId);
  const iv = documents.find((d) => d.route === 'iv')!;
  await tx.insert(consentSignature).values({
    clinicId: ids.clinicId,
    patientId: ids.patientId,
    documentId: iv.id,
    documentHash: iv.textHash,
    acknowledged: iv.attestations.map((a) => a.id),
    typedName: ids.typedName,
    signedVia: 'portal',
    witnessStaffId: null,
    signedAt: clock.now(),
  });
}
