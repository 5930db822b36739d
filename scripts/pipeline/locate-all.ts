import type { Diagnostic } from '../core/diagnostic.ts';
import type { Finding } from '../core/finding.ts';
import { locateFindingsAndFields, type RenderWithOrigins } from '../locate/index.ts';
import { withApplications } from './argocd-findings.ts';
import type { LoadedTarget } from './argocd-models.ts';
import type { ArgocdStage } from './argocd-stage.ts';
import type { ClusterProfile } from './environments.ts';
import { placePlanFields, planFields } from './plan-locations.ts';
import { mergeSameFindings } from './same-findings.ts';

/**
 * Findings and the plan's fields to files and lines in one locate pass (the targets either needs
 * rendered again once, with origins); each finding names its Applications, and a finding several
 * targets give alike is reported once.
 */
export async function locateAll(
  findings: readonly Finding[],
  context: { argocd: ArgocdStage | undefined; own: readonly LoadedTarget[]; cwd: string; profiles: readonly ClusterProfile[]; renderWithOrigins: RenderWithOrigins },
): Promise<Diagnostic[]> {
  const { argocd } = context;
  const fields = argocd?.plan === undefined ? [] : planFields(argocd.plan, context.own);
  const named = argocd === undefined ? findings : withApplications(findings, argocd.views, context.cwd);
  const { diagnostics, places } = await locateFindingsAndFields(named, fields, context.renderWithOrigins);
  placePlanFields(fields, places);
  return mergeSameFindings(diagnostics, context.profiles);
}
