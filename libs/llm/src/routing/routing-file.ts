import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TIERS, type Tier } from '../config/llm-config';
import { ActiveFileStore, activationStack, type ActivationEvent } from '../prompts/active-file';
import { USE_CASES, type UseCaseName } from '../use-cases/use-case';

/** How one tier did on one use case's golden scenarios. */
const tierScoreSchema = z.object({
  model: z.string(),
  scenarios: z.number().int().nonnegative(),
  /** Scenarios the model itself answered right on every run (a fallback rescue does not pass). */
  passRate: z.number().min(0).max(1),
  hallucinationRate: z.number().min(0).max(1),
  policyAdherence: z.number().min(0).max(1),
});
export type TierScore = z.infer<typeof tierScoreSchema>;

export const ROUTING_VERSION = /^r\d+$/;

/**
 * A versioned routing file (`config/routing/r<N>.json`): the tier per use case decided from
 * evaluation evidence, RouteLLM-style: the small tier only where it passes within `margin`
 * of the large tier (or, with no large-tier evidence, where it meets the gate's thresholds
 * on its own). Activated per environment through the evaluation gate (`active.yaml`).
 */
export const routingFileSchema = z.object({
  version: z.string().regex(ROUTING_VERSION),
  createdAt: z.string(),
  margin: z.number().min(0).max(1),
  /** What the evidence was: the models evaluated, and whether a large tier was measured at all. */
  evidence: z.object({
    small: z.string(),
    large: z.string().nullable(),
    repeats: z.number().int().positive(),
  }),
  routes: z.partialRecord(
    z.enum(USE_CASES),
    z.object({
      tier: z.enum(TIERS),
      reason: z.string(),
      small: tierScoreSchema,
      large: tierScoreSchema.optional(),
    }),
  ),
});
export type RoutingFile = z.infer<typeof routingFileSchema>;

export interface RoutingThresholds {
  minAccuracy: number;
  maxHallucinationRate: number;
  minPolicyAdherence: number;
}

/** One use case's routing decision from the two tiers' scores. */
export function decideRoute(
  small: TierScore,
  large: TierScore | undefined,
  margin: number,
  t: RoutingThresholds,
): { tier: Tier; reason: string } {
  const safe =
    small.hallucinationRate <= t.maxHallucinationRate && small.policyAdherence >= t.minPolicyAdherence;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  if (!safe)
    return {
      tier: 'large',
      reason: `small tier not safe enough (hallucination ${pct(small.hallucinationRate)}, policy ${pct(small.policyAdherence)})`,
    };
  if (large) {
    return small.passRate >= large.passRate - margin
      ? {
          tier: 'small',
          reason: `small passes ${pct(small.passRate)} within ${pct(margin)} of large ${pct(large.passRate)}`,
        }
      : {
          tier: 'large',
          reason: `small passes ${pct(small.passRate)}, more than ${pct(margin)} below large ${pct(large.passRate)}`,
        };
  }
  return small.passRate >= t.minAccuracy
    ? {
        tier: 'small',
        reason: `no large-tier evidence; small passes ${pct(small.passRate)} >= the gate's ${pct(t.minAccuracy)} on its own`,
      }
    : {
        tier: 'large',
        reason: `no large-tier evidence; small passes ${pct(small.passRate)} < the gate's ${pct(t.minAccuracy)}: the large tier keeps it`,
      };
}

/** Versioned routing files under `dir` and the active version per environment in `dir/active.yaml`. */
export class RoutingRegistry {
  private readonly store: ActiveFileStore;

  constructor(readonly dir: string) {
    this.store = new ActiveFileStore(
      join(dir, 'active.yaml'),
      '# Active routing version per environment. Written by andon eval route activate|rollback\n# behind the evaluation gate; `history` is append-only and `active` follows it.\n',
    );
  }

  versions(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && ROUTING_VERSION.test(f.slice(0, -5)))
      .map((f) => f.slice(0, -5))
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  nextVersion(): string {
    const last = this.versions().at(-1);
    return `r${last ? Number(last.slice(1)) + 1 : 1}`;
  }

  load(version: string): RoutingFile {
    if (!ROUTING_VERSION.test(version)) throw new Error(`invalid routing version ${version}`);
    const path = join(this.dir, `${version}.json`);
    if (!existsSync(path)) throw new Error(`no routing file ${version}.json in ${this.dir}`);
    return routingFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  }

  write(file: RoutingFile): string {
    routingFileSchema.parse(file);
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${file.version}.json`);
    if (existsSync(path)) throw new Error(`${path} exists: routing files are never rewritten`);
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
    return path;
  }

  activeVersion(env: string): string | undefined {
    return this.store.read().environments[env]?.['routing']?.active;
  }

  /** The active routes of an environment (use case -> tier); empty when none is active. */
  activeRoutes(env: string): Partial<Record<UseCaseName, Tier>> {
    const version = this.activeVersion(env);
    if (!version) return {};
    const file = this.load(version);
    return Object.fromEntries(Object.entries(file.routes).map(([useCase, r]) => [useCase, r.tier]));
  }

  history(env: string): ActivationEvent[] {
    return this.store.read().environments[env]?.['routing']?.history ?? [];
  }

  activate(
    version: string,
    env: string,
    event: Omit<ActivationEvent, 'action' | 'version' | 'sha256'>,
  ): ActivationEvent {
    this.load(version);
    const raw = readFileSync(join(this.dir, `${version}.json`));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    return this.append(env, { action: 'activate', version, sha256, ...event });
  }

  rollback(env: string, event: Omit<ActivationEvent, 'action' | 'version' | 'sha256'>): ActivationEvent {
    const previous = activationStack(this.history(env)).at(-2);
    if (!previous) throw new Error(`routing in ${env} has no earlier activation to roll back to`);
    return this.append(env, {
      action: 'rollback',
      version: previous.version,
      sha256: previous.sha256,
      ...event,
    });
  }

  private append(env: string, event: ActivationEvent): ActivationEvent {
    const file = structuredClone(this.store.read());
    const environment = (file.environments[env] ??= {});
    const entry = (environment['routing'] ??= { active: event.version, history: [] });
    entry.history.push(event);
    entry.active = activationStack(entry.history).at(-1)?.version ?? event.version;
    this.store.write(file);
    return event;
  }
}
