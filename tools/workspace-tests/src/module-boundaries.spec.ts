import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

interface LintResult {
  messages: Array<{ ruleId: string | null; message: string }>;
}

/**
 * Lints a snippet as if it were a file at `path`, with the repository's real ESLint
 * config, through the ESLint CLI (its flat config is ESM, which Jest's VM cannot import).
 */
async function boundaryErrors(
  path: string,
  code: string,
  rule = '@nx/enforce-module-boundaries',
): Promise<string[]> {
  let stdout: string;
  try {
    stdout = execFileSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules/eslint/bin/eslint.js'),
        '--no-cache',
        '--format',
        'json',
        '--stdin',
        '--stdin-filename',
        path,
      ],
      {
        cwd: ROOT,
        input: code,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      },
    );
  } catch (err) {
    // exit code 1 = lint errors found; the JSON report is still on stdout
    stdout = String((err as { stdout?: unknown }).stdout ?? '');
  }
  const [result] = JSON.parse(stdout) as LintResult[];
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; without it the rule silently skips.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'show', 'projects'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
  }, 120_000);

  it('forbids a service importing another service', async () => {
    const errors = await boundaryErrors(
      'services/ingest/src/probe.ts',
      "import { ApprovalModule } from '@andon/service-approval';\nexport const x = ApprovalModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids a lib importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/bus/src/probe.ts',
      "import { IngestModule } from '@andon/service-ingest';\nexport const x = IngestModule;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids contracts importing a lib', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/probe.ts',
      "import { createEventBus } from '@andon/bus';\nexport const x = createEventBus;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('lets a service use libs and the composition root use services', async () => {
    expect(
      await boundaryErrors(
        'services/ingest/src/probe.ts',
        "import { createEventBus } from '@andon/bus';\nexport const x = createEventBus;\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'services/standalone/src/probe.ts',
        "import { IngestModule } from '@andon/service-ingest';\nexport const x = IngestModule;\n",
      ),
    ).toEqual([]);
  });

  it('lets bench (an Nx project, type:bench) use entry points but not paths into a service', async () => {
    expect(
      await boundaryErrors(
        'bench/ingest/probe.ts',
        "import { IngestPipeline } from '@andon/service-ingest/bench';\nexport const x = IngestPipeline;\n",
      ),
    ).toEqual([]);
    const deep = await boundaryErrors(
      'bench/ingest/probe.ts',
      "import { IngestPipeline } from '../../services/ingest/src/pipeline/ingest-pipeline';\nexport const x = IngestPipeline;\n",
    );
    expect(deep.join('\n')).toMatch(/relative or absolute path/);
  });

  it('keeps the /bench and /cli entry points out of production code', async () => {
    expect(
      await boundaryErrors(
        'libs/agent-kit/src/probe.ts',
        "import { checkNumbers } from '@andon/llm/bench';\nexport const x = checkNumbers;\n",
        'no-restricted-imports',
      ),
    ).not.toEqual([]);
    expect(
      await boundaryErrors(
        'services/approval/src/probe.ts',
        "import { runEvalCommand } from '@andon/llm/cli';\nexport const x = runEvalCommand;\n",
        'no-restricted-imports',
      ),
    ).not.toEqual([]);
  });
});
