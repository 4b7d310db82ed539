import { assertSiteFiles, type PlantModel } from '@andon/plant-model';
import { loadActionTemplates } from './endpoint-map';
import { IntentRenderer } from './render-intent';

/**
 * What every proposer (the agents, the MCP server) renders intents with: the endpoint maps
 * of `dir`, each checked against the plant model first, so a map for a site the plant does
 * not have, or one naming another site than its file, stops the start instead of proposing
 * calls for it. Write-back checks the same folder the same way before it sends.
 */
export function checkedIntentRenderer(dir: string, plant: PlantModel): IntentRenderer {
  assertSiteFiles(plant, { mesEndpoints: dir });
  return new IntentRenderer(loadActionTemplates(dir));
}
