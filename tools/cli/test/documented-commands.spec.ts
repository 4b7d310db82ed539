import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliContext } from '../src/cli-context';
import { runCli } from '../src/main';
import { concreteArgs, documentedCommands, type DocumentedCommand } from './documented-commands';

// The doc-test (issue 16): every `andon ...` and `npm ...` command written in README.md,
// docs/*.md and docs/adr/*.md must be known (an npm script in package.json, or an andon
// command whose group, subcommand and flags the CLI's parser accepts: `<command> --help`
// exits 0), and those that need no cluster, deployment or model RUN here for real, in this
// process, against a temporary data directory and a copy of prompts/. The ones not run are
// named below, each with its reason; a documented command in neither list fails the test.

const ROOT = resolve(__dirname, '../../..');
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const DEPLOYMENT = 'calls the running deployment (ANDON_URL): a cluster or `npm start`';

/** Not run, by exact documented text (after `a|b` expansion). */
const NOT_RUN: Record<string, string> = {
  'andon ...': 'a generic mention of the CLI, not a command',
  'npm run andon -- <group> <command>':
    'the generic form of every andon command (each is checked on its own)',
  'andon ledger verify': `${DEPLOYMENT}; the verdict's wording: tools/cli ledger.command.spec.ts`,
  'andon ledger export --out <file> --from <date> --to <date>': `${DEPLOYMENT}; the --from/--to window: tools/cli ledger-export.spec.ts`,
  'andon dlq': 'a mention of the command group (its commands are checked on their own)',
  'andon prompt activate ncr-triage v3 --env production':
    'an upgrade step for the plant (its gate runs with their model); the same command in its general form, andon prompt activate <use-case> <version> --env production, is run here on a copy of prompts/',
  'andon policy shadow-report': `${DEPLOYMENT} (approval's shadow policy)`,
  'andon replay': `${DEPLOYMENT} (ledger and capture store)`,
  'andon eval harvest': `${DEPLOYMENT} (rejected proposals); e2e in tools/cli decision-replay.e2e.int-spec.ts`,
  'andon dlq replay':
    'publishes to Kafka (KAFKA_BROKERS): on the embedded bus it refuses by design (tools/cli dlq.command.spec.ts); replay itself: services/ingest dlq-operations.spec.ts',
  'andon dlq replay <id>': 'as andon dlq replay: needs Kafka',
  'andon model serve':
    'loads the 98 MB local model and serves until SIGTERM; served over HTTP by libs/local-model int-specs (harness server llm)',
  'LLM_PROVIDER=local npm run eval':
    'needs the local model (98 MB, minutes per scenario on 2 cores); andon eval runs here without it',
  'LLM_PROVIDER=local npm run eval -- [--repeats N] [--per-use-case N] [--use-case a,b] [--strict]':
    'as LLM_PROVIDER=local npm run eval',
  'LLM_PROVIDER=local LLM_MAX_RETRIES=0 LLM_TIMEOUT_MS=150000 ANDON_MODEL_MAX_TOKENS=384 ANDON_MODEL_TIMEOUT_MS=150000 npm run eval -- --repeats 2 --per-use-case 3':
    'as LLM_PROVIDER=local npm run eval (the recorded model run of docs/evaluation.md)',
  'npm start': 'the whole mesh, serving until stopped; its own e2e specs start it (services/standalone)',
  'npm test': 'the test command itself (this spec runs inside it)',
  'npm test -- <path>': 'the test command itself',
  'npm ci': "npm's own install; the test command runs it when package-lock.json changed",
  'npm ci --omit=dev --ignore-scripts':
    "npm's own install inside the Dockerfiles (tools/helm-tests dockerfiles.spec.ts)",
  'npm run generate':
    'rewrites libs/contracts/src/gen, which the other specs of this run import; the test command runs it first',
  'npm run eval:policy':
    '≈ 60 s of MiniLM inference on 2 cores (figures in docs/evaluation.md); its rules are specs in libs/llm',
  'npm run mcp:stdio': 'bridges stdio to a running mesh (`npm start`); services/mcp stdio specs',
  'npm run -s mcp:stdio': 'as npm run mcp:stdio',
};

/**
 * Of those, the ones that reach the deployment are still started here, against a closed port
 * with a token set: they must get as far as the network (exit 1, connection refused), which
 * proves every documented argument, required ones too, was accepted.
 */
const STOPS_AT_THE_NETWORK: readonly RegExp[] = [
  /^andon ledger (verify|export)\b/,
  /^andon policy shadow-report\b/,
  /^andon replay \S/,
  /^andon eval harvest(?! add)\b/,
];

/** Not run, by rule (matched against the text without leading variables). */
const NOT_RUN_RULES: Array<[RegExp, string]> = [
  [
    /^andon replay\b/,
    `${DEPLOYMENT} (ledger and capture store); e2e: tools/cli decision-replay.e2e.int-spec.ts`,
  ],
  [
    /^andon eval harvest add\b/,
    "appends reviewed scenario files to the golden set's field.json; e2e: tools/cli decision-replay.e2e.int-spec.ts (reject, harvest, add)",
  ],
  [/^andon eval harvest\b/, `${DEPLOYMENT} (rejected proposals and the approvers' reasons)`],
  [
    /^andon eval route\b/,
    'measures the golden scenarios on each configured model tier, or changes the active routing file behind the evaluation gate: needs models; the routing specs in libs/llm',
  ],
  [
    /^npm run bench:/,
    'a benchmark: minutes of CPU or a real server; performance is measured in bench/ (docs/benchmarks.md), never timed in the test run',
  ],
  [/^npm start$/, 'the whole mesh with other settings, serving until stopped'],
];

interface Outcome {
  code: number;
  out: string;
  err: string;
}

/** Run for real, by documented text; each checks what the command must have done. */
const RUNS: Record<string, (o: Outcome) => void> = {
  'andon dlq list': (o) => expect(o.out).toMatch(/^0 dead letter\(s\)$/m),
  'andon dlq list --since 15m': (o) => expect(o.out).toMatch(/^0 dead letter\(s\)$/m),
  'andon dlq unmapped': (o) => expect(o.out).toMatch(/^0 unmapped code\(s\)$/m),
  'andon prompt list': (o) => expect(o.out).toMatch(/^ncr-triage\s+v\d.*\*/m),
  'andon prompt activate <use-case> <version> --env production': (o) =>
    expect(o.out).toMatch(/^ncr-triage@v2 active in production .*gate passed/),
  'andon prompt rollback <use-case> --env production': (o) =>
    expect(o.out).toBe('ncr-triage rolled back in production: v2 -> v1'),
  // Exit 1 is a score below the thresholds, judged by the eval's own specs; here the command must run through.
  'andon eval': (o) =>
    expect(o.out).toMatch(
      /^deterministic engine: [\s\S]*^plant-query: \d+\/\d+ [\s\S]*^operator-qa: \d+\/\d+ /m,
    ),
  'npm run eval': (o) => expect(o.out).toMatch(/^plant-query: /m),
  'npm run eval -- --repeats 3': (o) =>
    expect(o.out).toMatch(/^deterministic engine: \d+ scenarios.*, \d+ runs$/m),
};

/** What a documented npm command resolves to: an andon argv, or the script it runs. */
function resolveNpm(c: DocumentedCommand): { andon: string[] } | { script: string } {
  const [verb, ...rest] = c.args;
  if (verb === 'ci' || verb === 'install') return { script: `npm ${verb}` };
  if (verb === 'start' || verb === 'test') {
    if (!SCRIPTS[verb]) throw new Error(`package.json has no "${verb}" script`);
    return { script: verb };
  }
  if (verb !== 'run') throw new Error(`"npm ${verb}" is not a documented kind of npm command`);
  const words = rest.filter((w) => w !== '-s' && w !== '--silent');
  const script = words[0] ?? '';
  const body = SCRIPTS[script];
  if (!body) throw new Error(`package.json has no script "${script}"`);
  const cli = /tools\/cli\/src\/main\.ts(.*)$/.exec(body);
  if (!cli) return { script };
  const dashes = words.indexOf('--');
  return {
    andon: [
      ...(cli[1] ?? '').trim().split(' ').filter(Boolean),
      ...(dashes >= 0 ? words.slice(dashes + 1) : words.slice(1)),
    ],
  };
}

/** The command without leading variables, and as the andon command it runs (npm run andon/eval). */
function formsOf(c: DocumentedCommand, andon: readonly string[] | undefined): string[] {
  const bare = c.tool === 'npm' ? `npm ${c.args.join(' ')}` : `andon ${c.args.join(' ')}`;
  return andon ? [bare, `andon ${andon.join(' ')}`] : [bare];
}

function reasonNotRun(c: DocumentedCommand, andon: readonly string[] | undefined): string | undefined {
  if (NOT_RUN[c.text]) return NOT_RUN[c.text];
  const forms = formsOf(c, andon);
  return NOT_RUN_RULES.find(([rule]) => forms.some((f) => rule.test(f)))?.[1];
}

describe('documented commands (README.md, docs/*.md, docs/adr/*.md)', () => {
  const commands = documentedCommands(ROOT);
  let work: string;
  const results = new Map<string, Promise<Outcome>>();

  const cli = (argv: readonly string[], env: Record<string, string>): Promise<Outcome> => {
    const key = JSON.stringify([argv, env]);
    let result = results.get(key);
    if (!result) {
      const out: string[] = [];
      const err: string[] = [];
      const ctx: CliContext = {
        env: {
          ANDON_DATA_DIR: join(work, 'data'),
          LLM_PROMPTS_DIR: join(work, 'prompts'),
          ANDON_URL: 'http://127.0.0.1:9',
          ...env,
        },
        rootDir: ROOT,
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      };
      result = runCli(argv, ctx).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
      results.set(key, result);
    }
    return result;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'andon-doc-test-'));
    cpSync(join(ROOT, 'prompts'), join(work, 'prompts'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds the commands it must (the extractor is not silently empty)', () => {
    const texts = commands.map((c) => c.text);
    for (const must of [
      'andon dlq list --since 15m',
      'andon ledger export --out <file> --from <date> --to <date>',
      'andon prompt activate <use-case> <version> --env production',
      'npm run bench:tokenizer -- [rounds]',
      'npm start',
    ]) {
      expect(texts).toContain(must);
    }
    expect(commands.length).toBeGreaterThan(40);
  });

  it.each(commands.map((c) => [`${c.text}  (${c.where})`, c] as const))(
    '%s',
    async (_title, c) => {
      const npm = c.tool === 'npm' ? resolveNpm(c) : undefined;
      const andon = npm === undefined ? c.args : 'andon' in npm ? npm.andon : undefined;
      const generic = andon?.some((a) => a === '...' || a === '<group>');
      if (andon && !generic) {
        // Known to the CLI: group, subcommand and flags pass its parser.
        const help = await cli([...concreteArgs(andon), '--help'], c.env);
        expect({ command: c.text, code: help.code, err: help.err }).toEqual({
          command: c.text,
          code: 0,
          err: '',
        });
      }
      const check = RUNS[c.text];
      const reason = reasonNotRun(c, andon);
      if (check) {
        expect(reason).toBeUndefined();
        if (!andon) throw new Error(`${c.text}: only andon commands run in process`);
        const outcome = await cli(concreteArgs(andon), c.env);
        const ran = outcome.code === 0 || (c.args.includes('eval') && outcome.code === 1);
        expect({ command: c.text, ran, err: ran ? '' : outcome.err }).toEqual({
          command: c.text,
          ran: true,
          err: '',
        });
        check(outcome);
      } else if (andon && STOPS_AT_THE_NETWORK.some((rule) => formsOf(c, andon).some((f) => rule.test(f)))) {
        if (!andon) throw new Error(`${c.text}: only andon commands are probed`);
        const probe = await cli(concreteArgs(andon), {
          ...c.env,
          ANDON_TOKEN: 'doc-test',
          ANDON_URL: 'http://127.0.0.1:9',
        });
        expect({ command: c.text, code: probe.code, err: probe.err }).toEqual({
          command: c.text,
          code: 1,
          err: expect.stringMatching(/fetch failed|ECONNREFUSED/),
        });
      } else if (!reason) {
        throw new Error(
          `${c.where}: "${c.text}" is documented but neither run by this spec nor named in NOT_RUN with a reason`,
        );
      }
    },
    180_000,
  );

  it('fails on a documented command the CLI or package.json does not know', async () => {
    const fake = mkdtempSync(join(tmpdir(), 'andon-doc-fake-'));
    try {
      mkdirSync(join(fake, 'docs/adr'), { recursive: true });
      writeFileSync(
        join(fake, 'README.md'),
        'Run `andon frobnicate now` or:\n\n```sh\nnpm run no-such-script\nandon dlq list --bogus   # wrong\n```\n',
      );
      const [unknownGroup, unknownScript, unknownFlag] = documentedCommands(fake);
      expect((await cli([...concreteArgs(unknownGroup?.args ?? []), '--help'], {})).code).toBe(2);
      expect(() => resolveNpm(unknownScript as DocumentedCommand)).toThrow(/no script "no-such-script"/);
      expect((await cli([...concreteArgs(unknownFlag?.args ?? []), '--help'], {})).code).toBe(2);
      expect(unknownFlag?.where).toBe('README.md:5');
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
