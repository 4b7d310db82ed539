import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { canonicalize } from '../canonical/canonical-json';
import { sha256Hex } from '../canonical/sha256';
import { parseIsoDuration } from '../model/iso-duration';
import { formatIssuePath } from '../model/issue-path';
import { policyFileSchema, type RuleInput } from './policy-schema';
import type { PolicyRule, PolicySet } from './policy-types';
import { PolicyValidationError, type PolicyProblem } from './policy-validation-error';

export interface PolicySource {
  /** path shown in messages, e.g. policies/v1/quality.yaml */
  name: string;
  text: string;
}

/** Parses YAML text with duplicate keys refused; problems carry the line number. */
export function parseYaml(source: PolicySource, problems: PolicyProblem[]): unknown {
  const doc = parseDocument(source.text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const firstLine = err.message.split('\n')[0] ?? err.message;
      problems.push({
        file: source.name,
        field: `line ${err.linePos?.[0]?.line ?? '?'}`,
        message: firstLine,
      });
    }
    return undefined;
  }
  return doc.toJS() as unknown;
}

export function zodProblems(file: string, root: string, error: z.ZodError): PolicyProblem[] {
  return error.issues.map((issue) => ({
    file,
    field: formatIssuePath(root, issue.path) || '(file)',
    message: issue.message,
  }));
}

/**
 * Builds one policy version from its files. Files are read in name order so rule
 * ordinals (the last precedence tie-breaker) do not depend on the file system.
 */
export function parsePolicySet(version: string, sources: PolicySource[]): PolicySet {
  const problems: PolicyProblem[] = [];
  const rules: PolicyRule[] = [];
  const seenIds = new Map<string, string>();
  const seenMatches = new Map<string, string>();
  const ordered = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (ordered.length === 0)
    problems.push({ file: version, field: '(folder)', message: 'no policy files (*.yaml)' });

  for (const source of ordered) {
    const raw = parseYaml(source, problems);
    if (raw === undefined) continue;
    const parsed = policyFileSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(source.name, '', parsed.error));
      continue;
    }
    for (const [index, input] of parsed.data.rules.entries()) {
      const where = `rules[${index}]`;
      const firstWithId = seenIds.get(input.id);
      if (firstWithId)
        problems.push({
          file: source.name,
          field: `${where}.id`,
          message: `rule id "${input.id}" is already used in ${firstWithId}`,
        });
      seenIds.set(input.id, source.name);
      const matchKey = canonicalize(input.match);
      const sameMatch = seenMatches.get(matchKey);
      if (sameMatch)
        problems.push({
          file: source.name,
          field: `${where}.match`,
          message: `same match as rule ${sameMatch}; one of them could never apply`,
        });
      seenMatches.set(matchKey, `${input.id} (${source.name})`);
      rules.push(compileRule(input, source.name, rules.length));
    }
  }
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return { version, digest: digestOf(rules), rules };
}

function compileRule(input: RuleInput, source: string, ordinal: number): PolicyRule {
  const req = input.require;
  return {
    id: input.id,
    description: input.description,
    match: stripUndefined(input.match),
    autoApprove: input.autoApprove,
    expiryMs: parseIsoDuration(input.expiry),
    require: req
      ? {
          approvers: req.approvers,
          roles: [...new Set(req.roles)],
          coverRoles: req.coverRoles ?? [],
          signatureMeanings: req.signatureMeanings ?? [['APPROVAL']],
          reasonRequired: req.reasonRequired,
          reauthenticationMaxAgeMs: req.reauthentication ? parseIsoDuration(req.reauthentication) : null,
        }
      : null,
    source,
    ordinal,
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Digest over what decides, not over where it was written (file names, ordinals aside). */
function digestOf(rules: PolicyRule[]): string {
  return sha256Hex(
    canonicalize(
      rules.map((r) => ({
        id: r.id,
        match: r.match,
        autoApprove: r.autoApprove,
        expiryMs: r.expiryMs,
        require: r.require,
      })),
    ),
  );
}
