import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { activeFileSchema } from './policy-schema';
import { parsePolicySet, parseYaml, zodProblems, type PolicySource } from './parse-policy-set';
import type { PolicySet } from './policy-types';
import { PolicyValidationError, type PolicyProblem } from './policy-validation-error';

export interface LoadedPolicies {
  active: PolicySet;
  /** evaluated alongside the active set for comparison only; never decides */
  shadow: PolicySet | null;
}

/** Reads `<root>/active.yaml` and the version folders it names. */
export function loadPolicies(rootDir: string): LoadedPolicies {
  const activePath = join(rootDir, 'active.yaml');
  const problems: PolicyProblem[] = [];
  const raw = parseYaml({ name: activePath, text: readText(activePath) }, problems);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  const parsed = activeFileSchema.safeParse(raw);
  if (!parsed.success) throw new PolicyValidationError(zodProblems(activePath, '', parsed.error));
  const { active, shadow } = parsed.data;
  if (shadow === active) {
    throw new PolicyValidationError([
      { file: activePath, field: 'shadow', message: 'shadow must differ from the active version' },
    ]);
  }
  return { active: loadPolicySet(rootDir, active), shadow: shadow ? loadPolicySet(rootDir, shadow) : null };
}

export function loadPolicySet(rootDir: string, version: string): PolicySet {
  const dir = join(rootDir, version);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && statSync(join(dir, n)).isFile());
  } catch {
    throw new PolicyValidationError([
      { file: dir, field: '(folder)', message: `policy version ${version} does not exist` },
    ]);
  }
  const sources: PolicySource[] = names.map((n) => ({ name: join(dir, n), text: readText(join(dir, n)) }));
  return parsePolicySet(version, sources);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyValidationError([
      { file: path, field: '(file)', message: `cannot read: ${(err as Error).message}` },
    ]);
  }
}
