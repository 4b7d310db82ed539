import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeMapSites, loadCodeMap } from './code-maps';
import { readYamlFile } from './load-plant-model';
import type { PlantModel } from './plant-model';
import { PlantModelError } from './plant-model-error';
import { normaliseSiteId } from './site-id';

/** The per-site file folders a service reads; each one given is checked. */
export interface SiteFileDirs {
  /** config/site-codes: <site>/active.yaml + v<N>.yaml */
  codeMaps?: string;
  /** config/redaction: <site>.yaml (+ default.yaml) */
  redaction?: string;
  /** config/mes-endpoints: <site>.yaml */
  mesEndpoints?: string;
  /** config/protocol-maps: <site>.yaml */
  protocolMaps?: string;
}

type Problems = string[];
const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort();

/** A file named `<site>.yaml` must say that site inside, and the site must be in the plant model. */
function checkSiteOf(
  model: PlantModel,
  file: string,
  declared: unknown,
  problems: Problems,
): string | undefined {
  const named = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (typeof declared !== 'string' || declared.trim() === '') {
    problems.push(`${file}: names no site`);
    return undefined;
  }
  if (named !== normaliseSiteId(named))
    problems.push(
      `${file}: per-site files are named by the lower-case site id (${normaliseSiteId(named)}.yaml)`,
    );
  if (normaliseSiteId(declared) !== normaliseSiteId(named))
    problems.push(`${file}: says site "${declared}" but is named for "${named}"`);
  if (!model.hasSite(declared)) {
    problems.push(
      `${file}: site "${declared}" is not in the plant model (${model.source}: ${model.sites().join(', ')})`,
    );
    return undefined;
  }
  return normaliseSiteId(declared);
}

function checkLocation(
  model: PlantModel,
  file: string,
  site: string,
  where: string,
  line: unknown,
  machine: unknown,
  problems: Problems,
): void {
  if (typeof line === 'string' && !model.line(site, line))
    problems.push(`${file}: ${where} names line "${line}", which site ${site} does not have`);
  if (typeof machine === 'string') {
    const m = model.machine(site, machine);
    if (!m) problems.push(`${file}: ${where} names machine "${machine}", which site ${site} does not have`);
    else if (typeof line === 'string' && m.line !== line)
      problems.push(
        `${file}: ${where} puts machine "${machine}" on ${line}; the plant model has it on ${m.line}`,
      );
  }
}

function auditCodeMaps(model: PlantModel, dir: string, problems: Problems): void {
  for (const folder of codeMapSites(dir)) {
    const folderPath = join(dir, folder);
    if (!model.hasSite(folder)) {
      problems.push(
        `${folderPath}: site "${folder}" is not in the plant model (${model.source}: ${model.sites().join(', ')})`,
      );
      continue;
    }
    let map: ReturnType<typeof loadCodeMap>;
    try {
      map = loadCodeMap(dir, folder);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    for (const [line, { area }] of Object.entries(map.lines ?? {})) {
      const known = model.line(folder, line);
      if (!known) problems.push(`${map.file}: names line "${line}", which site ${folder} does not have`);
      else if (known.area !== area)
        problems.push(`${map.file}: puts ${line} in area "${area}"; the plant model says "${known.area}"`);
    }
    for (const [machine, { line, cell }] of Object.entries(map.machines ?? {})) {
      const known = model.machine(folder, machine);
      if (!known)
        problems.push(`${map.file}: names machine "${machine}", which site ${folder} does not have`);
      else if (known.line !== line || known.cell !== cell) {
        problems.push(
          `${map.file}: puts machine "${machine}" on ${line}/${cell}; the plant model has ${known.line}/${known.cell}`,
        );
      }
    }
  }
}

function auditFlatDir(
  model: PlantModel,
  dir: string,
  problems: Problems,
  skip: readonly string[],
  more?: (file: string, site: string, doc: Record<string, unknown>) => void,
): void {
  for (const name of yamlFiles(dir).filter((f) => !skip.includes(f))) {
    const file = join(dir, name);
    let doc: Record<string, unknown>;
    try {
      doc = asRecord(readYamlFile(file));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    const site = checkSiteOf(model, file, doc['site'], problems);
    if (site && more) more(file, site, doc);
  }
}

function auditProtocolMap(model: PlantModel, problems: Problems) {
  return (file: string, site: string, doc: Record<string, unknown>): void => {
    for (const kind of ['sparkplug', 'uns', 'opcua']) {
      const entries = doc[kind];
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, i) => {
        const e = asRecord(entry);
        checkLocation(model, file, site, `${kind}[${i}]`, e['line'], e['machine'], problems);
      });
    }
  };
}

/**
 * Checks the per-site files a service reads against the plant model: every file names a
 * site the model has (by its normalised id, inside and in its name), and every line and
 * machine it places is where the model has it. Returns the problems, each naming the file
 * and the site; a service calls assertSiteFiles at start so a stray file stops it there.
 */
export function auditSiteFiles(model: PlantModel, dirs: SiteFileDirs): string[] {
  const problems: Problems = [];
  const present = (dir: string | undefined): dir is string => {
    if (dir === undefined) return false;
    if (!existsSync(dir)) problems.push(`${dir}: folder does not exist`);
    return existsSync(dir);
  };
  if (present(dirs.codeMaps)) auditCodeMaps(model, dirs.codeMaps, problems);
  if (present(dirs.redaction)) auditFlatDir(model, dirs.redaction, problems, ['default.yaml']);
  if (present(dirs.mesEndpoints)) auditFlatDir(model, dirs.mesEndpoints, problems, []);
  if (present(dirs.protocolMaps))
    auditFlatDir(model, dirs.protocolMaps, problems, [], auditProtocolMap(model, problems));
  return problems;
}

/** auditSiteFiles, throwing one PlantModelError that lists every problem. */
export function assertSiteFiles(model: PlantModel, dirs: SiteFileDirs): void {
  const problems = auditSiteFiles(model, dirs);
  if (problems.length > 0)
    throw new PlantModelError(
      model.source,
      `per-site files do not match the plant model:\n  - ${problems.join('\n  - ')}`,
    );
}
