import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Values from the (hash-bound) action a mapping may add to the body. */
export const INJECTABLE_FIELDS = ['actionId', 'enterprise', 'site', 'area', 'line', 'cell'] as const;
export type InjectableField = (typeof INJECTABLE_FIELDS)[number];

const actionMappingSchema = z.strictObject({
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** Template relative to baseUrl; `{name}` matches one path segment, e.g. /lots/{lotId}/hold. */
  path: z.string().regex(/^\/[A-Za-z0-9._~{}/-]*$/, { error: 'must be a path starting with "/"' }),
  /** Top-level body fields the approved payload must carry. */
  required: z.array(z.string().min(1)).default([]),
  /** Fields added to the body from the action itself (the MES needs them, the agent need not repeat them). */
  inject: z.array(z.enum(INJECTABLE_FIELDS)).default([]),
  /** Dotted path into the JSON response naming the MES's record id, e.g. response.lotId. */
  recordId: z.string().optional(),
});

const siteMapSchema = z.strictObject({
  site: z.string().min(1),
  baseUrl: z.url().optional(),
  idempotencyHeader: z.string().min(1).default('Idempotency-Key'),
  /** GET template answering 2xx when a key took effect, 404 when it did not. */
  effectPath: z
    .string()
    .regex(/\{key\}/, { error: 'must contain {key}' })
    .default('/effects/{key}'),
  actions: z.record(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$/), actionMappingSchema),
});

export type ActionMapping = z.infer<typeof actionMappingSchema>;
export type SiteEndpointMap = z.infer<typeof siteMapSchema> & { baseUrl: string };

/**
 * Reads `<dir>/<site>.yaml` for every site. `baseUrls` (from MES_BASE_URLS) overrides a
 * file's baseUrl, so one file serves every environment; a site without any base URL is
 * refused at start-up rather than at its first approved action.
 */
export function loadEndpointMaps(
  dir: string,
  baseUrls: Readonly<Record<string, string>> = {},
): Map<string, SiteEndpointMap> {
  const maps = new Map<string, SiteEndpointMap>();
  const { files, problems } = readSiteFiles(dir);
  for (const { file, map } of files) {
    const baseUrl = baseUrls[map.site] ?? map.baseUrl;
    if (!baseUrl) problems.push(`${file}: no baseUrl and no MES_BASE_URLS entry for ${map.site}`);
    else maps.set(map.site, { ...map, baseUrl: baseUrl.replace(/\/+$/, '') });
  }
  const declared = new Set([...maps.keys()]);
  for (const site of Object.keys(baseUrls))
    if (!declared.has(site)) problems.push(`MES_BASE_URLS names ${site}, which has no endpoint file`);
  if (problems.length > 0) throw new Error(`invalid MES endpoint maps:\n${problems.join('\n')}`);
  return maps;
}

/** What a site's MES does for each action type (method, path template, body rules), without where it is: what proposals are rendered from. */
export type SiteActionTemplates = Pick<SiteEndpointMap, 'site' | 'actions'>;

/** The action templates of every site in `dir`, for rendering intents (no base URL needed). */
export function loadActionTemplates(dir: string): Map<string, SiteActionTemplates> {
  const { files, problems } = readSiteFiles(dir);
  if (problems.length > 0) throw new Error(`invalid MES endpoint maps:\n${problems.join('\n')}`);
  return new Map(files.map(({ map }) => [map.site, { site: map.site, actions: map.actions }]));
}

type ParsedSiteMap = z.infer<typeof siteMapSchema>;

function readSiteFiles(dir: string): {
  files: Array<{ file: string; map: ParsedSiteMap }>;
  problems: string[];
} {
  if (!existsSync(dir)) throw new Error(`MES endpoint folder ${dir} does not exist`);
  const files: Array<{ file: string; map: ParsedSiteMap }> = [];
  const problems: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const parsed = siteMapSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`),
      );
      continue;
    }
    if (file.replace(/\.ya?ml$/, '') !== parsed.data.site)
      problems.push(`${file}: declares site "${parsed.data.site}"; name the file ${parsed.data.site}.yaml`);
    files.push({ file, map: parsed.data });
  }
  return { files, problems };
}
