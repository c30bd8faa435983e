import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { approvalNeeds } from './core.js';
import type { ChecklistLine, Finding, Route } from './engine.js';
import { eligibilityDecision, screeningRun } from './schema.js';

/**
 * The demo prescriber's approval of a route on the demo patient's latest screening run, as the decision service
 * would make it: refused past an absolute finding, and every relative finding overridden with a written reason.
 */
export async function addDemoApproval(
  tx: Tx,
  clock: Clock,
  ids: { clinicId: string; patientId: string; prescriberId: string; route: Route },
): Promise<void> {
  const { clinicId, patientId, prescriberId, route } = ids;
  const [run] = await tx
    .select()
    .from(screeningRun)
    .where(and(eq(screeningRun.clinicId, clinicId), eq(screeningRun.patientId, patientId)))
    .orderBy(desc(screeningRun.ranAt), desc(screeningRun.id))
    .limit(1);
  if (!run) throw new Error('the demo patient has not been screened');
  const findings = (run.findings as unknown as ChecklistLine[]).flatMap((line) =>
    line.finding ? [line.finding as Finding] : [],
  );
  const { absolute, relative } = approvalNeeds(route, findings);
  if (absolute.length > 0) throw new Error(`the demo patient cannot be approved for ${route}`);
  const overrides = relative.map((f) => ({
    ruleId: f.ruleId,
    reason: 'Reviewed with the patient (synthetic demo): benefit outweighs the risk with monitoring.',
  }));
  const [row] = await tx
    .insert(eligibilityDecision)
    .values({
      clinicId,
      patientId,
      screeningRunId: run.id,
      route,
      decision: 'approved',
      rationale: 'Treatment-resistant depression after two adequate antidepressant trials (synthetic demo).',
      overrides,
      decidedBy: prescriberId,
      decidedAt: clock.now(),
    })
    .returning({ id: eligibilityDecision.id });
  await recordAudit(tx, clock, {
    clinicId,
    actorType: 'staff',
    actorId: prescriberId,
    actorRole: 'prescriber',
    action: 'screening.decided',
    resourceType: 'eligibility_decision',
    resourceId: row!.id,
    patientId,
    outcome: 'success',
    requestId: null,
    clientAddress: null,
    detail: {
      route,
      decision: 'approved',
      screeningRunId: run.id,
      overriddenRuleIds: overrides.map((o) => o.ruleId),
    },
  });
}
