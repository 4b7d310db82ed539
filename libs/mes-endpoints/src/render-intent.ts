import type { SiteActionTemplates } from './endpoint-map';
import type { Json, MesIntent } from './mes-intent';

/** The MES call an approver signs and the write-back adapter makes (the andon.v1.MesCall contract). */
export interface RenderedMesCall {
  method: string;
  path: string;
  payloadJson: string;
}

export class IntentRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntentRenderError';
  }
}

// The write-back adapter's rule for one templated path segment (services/mes-writeback call-plan).
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

/**
 * Turns an intent into the site's MES call using nothing but the site's endpoint map:
 * method and path template from the map, `{name}` filled from the body field of that
 * name, the body as JSON with the action id first (then the intent's fields in order).
 * Deterministic: the same intent and map give the same bytes, which approval signs.
 */
export function renderIntent(
  actionId: string,
  intent: MesIntent,
  templates: SiteActionTemplates,
): RenderedMesCall {
  const mapping = templates.actions[intent.type];
  if (!mapping) throw new IntentRenderError(`site ${templates.site} maps no MES endpoint for ${intent.type}`);
  const body: { [key: string]: Json } = { actionId, ...(intent.body as { [key: string]: Json }) };
  const path = mapping.path.replace(/\{([A-Za-z_]\w*)\}/g, (_match, name: string) => {
    const value = body[name];
    if (typeof value !== 'string' || !SEGMENT.test(value)) {
      throw new IntentRenderError(
        `${intent.type} on ${templates.site}: path parameter ${name} needs a plain path segment, got ${JSON.stringify(value ?? null)}`,
      );
    }
    return value;
  });
  const missing = mapping.required.filter((f) => body[f] === undefined || body[f] === null || body[f] === '');
  if (missing.length > 0)
    throw new IntentRenderError(`${intent.type} on ${templates.site} needs ${missing.join(', ')}`);
  return { method: mapping.method, path, payloadJson: JSON.stringify(body) };
}

/** The endpoint maps of every site an agent proposes for. */
export class IntentRenderer {
  constructor(private readonly sites: ReadonlyMap<string, SiteActionTemplates>) {}

  render(site: string, actionId: string, intent: MesIntent): RenderedMesCall {
    const templates = this.sites.get(site);
    if (!templates) throw new IntentRenderError(`no MES endpoint map for site "${site}"`);
    return renderIntent(actionId, intent, templates);
  }
}
