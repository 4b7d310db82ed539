import type { EvidenceRef } from '@andon/contracts';
import { stepEvidence } from '@andon/agent-kit';
import { stepText, type GovernedOutput, type NcrTriageOutput } from '@andon/llm';
import type { TriageRequest } from './triage-request';

/** A procedure about containing nonconforming material, by its title. */
export const CONTAINMENT_PROCEDURE = /\b(contain\w*|nonconform\w*|ncr|quality hold|lot hold|quarantin\w*)\b/i;

/**
 * The containment steps a triage recommends: the steps of the effective containment
 * procedure the governed output selected (by the model or the rule engine), in the
 * procedure's words with document, revision and step, each with its evidence reference.
 * No model text and no request text is ever a step. Without a retrieved procedure, the
 * agent's own fixed wording (code, not a model) points at the site's procedure.
 */
export function containmentSteps(
  result: Pick<GovernedOutput<NcrTriageOutput>, 'steps'>,
  request: TriageRequest,
): { steps: string[]; evidence: EvidenceRef[] } {
  if (result.steps.length > 0)
    return { steps: result.steps.map(stepText), evidence: result.steps.map(stepEvidence) };
  const lot = request.lotIds[0];
  return {
    steps: [
      `Segregate and tag the affected parts${lot ? ` of lot ${lot}` : ''} pending review.`,
      `No effective containment procedure was retrieved for this site: contain ${request.ncrId} by the site's approved NCR procedure.`,
    ],
    evidence: [],
  };
}
