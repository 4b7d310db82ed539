import type { ActionMapping, InjectableField, SiteEndpointMap } from './endpoint-map';
import { MesValidationError, type MesCallRequest, type PlannedRequest } from './mes.port';

export interface CallPlan {
  request: PlannedRequest;
  mapping: ActionMapping;
  site: SiteEndpointMap;
}

// One path segment an approved path may fill a template parameter with: no "/", no
// dot-segments, nothing that needs escaping, so the approved path is the requested path.
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._~-]+$/;

/**
 * Checks an approved call against the site's endpoint map and builds the exact request.
 * The approved body is sent byte for byte; injected fields are spliced in front of it as
 * text, so numbers beyond double precision and key order survive. Nothing is sent here.
 */
export function planCall(call: MesCallRequest, maps: ReadonlyMap<string, SiteEndpointMap>): CallPlan {
  const site = maps.get(call.location.site);
  if (!site) throw new MesValidationError(`no MES endpoint map for site "${call.location.site}"`);
  const mapping = site.actions[call.actionType];
  if (!mapping)
    throw new MesValidationError(`site ${site.site} maps no MES endpoint for action type ${call.actionType}`);
  if (call.method.toUpperCase() !== mapping.method) {
    throw new MesValidationError(
      `${call.actionType} must be ${mapping.method}, the action says ${call.method}`,
    );
  }
  if (!matchesTemplate(mapping.path, call.path)) {
    throw new MesValidationError(`${call.actionType} path ${call.path} does not fit ${mapping.path}`);
  }
  const body = injectFields(call, mapping);
  return { request: { method: mapping.method, url: `${site.baseUrl}${call.path}`, body }, mapping, site };
}

function matchesTemplate(template: string, path: string): boolean {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((part, i) => {
    const actual = got[i] ?? '';
    return /^\{[A-Za-z_]\w*\}$/.test(part) ? SEGMENT.test(actual) : part === actual;
  });
}

function injectFields(call: MesCallRequest, mapping: ActionMapping): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.payloadJson);
  } catch {
    throw new MesValidationError(`payload of ${call.actionId} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MesValidationError(`payload of ${call.actionId} must be a JSON object`);
  }
  const body = parsed as Record<string, unknown>;
  const values = injectable(call);
  const added: string[] = [];
  for (const field of mapping.inject) {
    const value = values[field];
    if (field in body) {
      if (body[field] !== value)
        throw new MesValidationError(
          `payload field ${field} is ${JSON.stringify(body[field])}, the action says ${JSON.stringify(value)}`,
        );
      continue;
    }
    body[field] = value;
    added.push(`${JSON.stringify(field)}:${JSON.stringify(value)}`);
  }
  const missing = mapping.required.filter(
    (field) => body[field] === undefined || body[field] === null || body[field] === '',
  );
  if (missing.length > 0)
    throw new MesValidationError(`${call.actionType} needs ${missing.join(', ')} in the payload`);
  if (added.length === 0) return call.payloadJson;
  const open = call.payloadJson.indexOf('{');
  const wasEmpty = Object.keys(body).length === added.length;
  return `${call.payloadJson.slice(0, open + 1)}${added.join(',')}${wasEmpty ? '' : ','}${call.payloadJson.slice(open + 1)}`;
}

function injectable(call: MesCallRequest): Record<InjectableField, string> {
  const { enterprise, site, area, line, cell } = call.location;
  return { actionId: call.actionId, enterprise, site, area, line, cell };
}

/** Reads a dotted path out of a JSON response body; '' when absent or not a scalar. */
export function recordIdOf(body: string, path: string | undefined): string {
  if (!path) return '';
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return '';
  }
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
