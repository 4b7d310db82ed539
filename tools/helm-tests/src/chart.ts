import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isK8sObject, type K8sObject } from './manifests';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const CHART_SOURCE = join(REPO_ROOT, 'helm', 'andon');
export const PRODUCTION_VALUES = 'values-production.yaml';
/** The laptop composition runs every service in one process; it has no image or Deployment. */
export const NOT_DEPLOYED = new Set(['standalone']);

let helmPath: string | undefined;

/** The helm binary, built from the Go module proxy on first use (deploy/local/install-helm.sh). */
export function helmBinary(): string {
  helmPath ??= execFileSync('bash', [join(REPO_ROOT, 'deploy/local/install-helm.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return helmPath;
}

export interface HelmRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function helm(args: readonly string[]): HelmRun {
  const run = spawnSync(helmBinary(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/**
 * A temporary copy of the chart with files/ filled from the repository by the same sync
 * script an operator runs, so the tests see the real policies, prompts and code maps
 * without touching the working tree. Remove it with removeStagedChart().
 */
export function stageChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'andon-chart-'));
  const chart = join(dir, 'andon');
  cpSync(CHART_SOURCE, chart, { recursive: true });
  execFileSync('bash', [join(REPO_ROOT, 'tools/build-service/sync-chart-files.sh'), chart], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return chart;
}

export function removeStagedChart(chart: string): void {
  rmSync(join(chart, '..'), { recursive: true, force: true });
}

export interface RenderOptions {
  /** Values files inside the chart folder, e.g. values-production.yaml. */
  valuesFiles?: readonly string[];
  /** Extra values, applied last. */
  values?: Record<string, unknown>;
  release?: string;
}

function templateArgs(chart: string, options: RenderOptions): string[] {
  const args = ['template', options.release ?? 'andon', chart, '--namespace', 'andon'];
  for (const file of options.valuesFiles ?? []) args.push('--values', join(chart, file));
  if (options.values) {
    const file = join(chart, '..', `values-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(options.values));
    args.push('--values', file);
  }
  return args;
}

export function parseManifests(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isK8sObject(value))
      throw new Error(`rendered document is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    objects.push(value);
  }
  return objects;
}

/** Renders the chart and parses every document; throws with helm's message on failure. */
export function render(chart: string, options: RenderOptions = {}): K8sObject[] {
  const run = helm(templateArgs(chart, options));
  if (run.status !== 0) throw new Error(`helm template failed (${run.status}):\n${run.stderr}`);
  return parseManifests(run.stdout);
}

/** Renders a chart that must be refused and returns helm's error output. */
export function renderError(chart: string, options: RenderOptions): string {
  const run = helm(templateArgs(chart, options));
  if (run.status === 0) throw new Error('helm template succeeded but these values should have been refused');
  return run.stderr;
}

/** Folders of services/ that must each have a Deployment. */
export function serviceFolders(): string[] {
  const dir = join(REPO_ROOT, 'services');
  return readdirSync(dir)
    .filter((name) => !NOT_DEPLOYED.has(name) && statSync(join(dir, name)).isDirectory())
    .sort();
}
