import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from '@andon/persistence';
import { DocumentTokenUsageStore } from '../routing/document-token-usage.store';
import type { TokenUsageStore } from '../routing/token-usage.port';
import { goodNcrAnswer, ncrInput, ncrSources } from '../testing/ncr.fixtures';
import { TokenBudgetExhaustedError } from '../routing/token-budget';
import { useScriptedGateway } from './scripted-gateway.fixture';

describe('LlmGateway token budget against a scripted OpenAI-compatible server', () => {
  const f = useScriptedGateway();

  it('gateways sharing a token usage store share one budget, across restarts; the unused estimate is handed back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-gw-budget-'));
    const file = join(dir, 'andon.sqlite');
    const stores = [SqliteDocumentStore.open(file), SqliteDocumentStore.open(file)] as const;
    try {
      const usage = [
        await DocumentTokenUsageStore.open(stores[0]),
        await DocumentTokenUsageStore.open(stores[1]),
      ] as const;
      // One call reserves 1 695 tokens (prompt estimate + max output) and uses 1 050: the second
      // call fits in 3 000 only because the first handed back its unused 645.
      const env = { LLM_DAILY_TOKEN_BUDGETS: 'plant-a=3000' };
      const [quality, production] = [
        f.gateway(env, { tokenUsage: usage[0] }),
        f.gateway(env, { tokenUsage: usage[1] }),
      ];
      f.server.enqueue({
        kind: 'chat',
        content: JSON.stringify(goodNcrAnswer()),
        tokensIn: 900,
        tokensOut: 150,
      });
      expect(
        (await quality.generate('ncr-triage', ncrInput, ncrSources, f.ctx)).generation.deterministic,
      ).toBe(false);
      expect(await usage[1].used('plant-a', '2025-03-01')).toBe(1_050);
      f.server.enqueue({
        kind: 'chat',
        content: JSON.stringify(goodNcrAnswer()),
        tokensIn: 900,
        tokensOut: 150,
      });
      expect(
        (await production.generate('ncr-triage', ncrInput, ncrSources, f.ctx)).generation.deterministic,
      ).toBe(false);
      // 2 100 of 3 000 used between the two: a third call's estimate no longer fits, in either service or after a restart.
      const restarted = f.gateway(env, { tokenUsage: await DocumentTokenUsageStore.open(stores[0]) });
      const third = await restarted.generate('ncr-triage', ncrInput, ncrSources, f.ctx);
      expect(third.generation).toMatchObject({ deterministic: true, fallbackReason: 'budget-exhausted' });
      expect(f.server.chatRequests()).toHaveLength(2);
    } finally {
      for (const st of stores) await st.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a call waiting for the site slot holds no tokens: two calls that fit one after the other both run', async () => {
    // Each reserves 1 695 and uses 1 050: reserved together they would need 3 390 of 3 000.
    const env = { LLM_DAILY_TOKEN_BUDGETS: 'plant-a=3000', LLM_SITE_CONCURRENCY: '1' };
    const gw = f.gateway(env);
    f.server.enqueue({
      kind: 'chat',
      content: JSON.stringify(goodNcrAnswer()),
      tokensIn: 900,
      tokensOut: 150,
    });
    f.server.enqueue({
      kind: 'chat',
      content: JSON.stringify(goodNcrAnswer()),
      tokensIn: 900,
      tokensOut: 150,
    });
    const results = await Promise.all([
      gw.generate('ncr-triage', ncrInput, ncrSources, f.ctx),
      gw.generate('ncr-triage', ncrInput, ncrSources, f.ctx),
    ]);
    expect(results.map((r) => r.generation.fallbackReason ?? 'llm')).toEqual(['llm', 'llm']);
    expect(f.server.chatRequests()).toHaveLength(2);
  });

  it('a token usage store that cannot answer means no model call: deterministic, flagged budget-unavailable', async () => {
    const broken: TokenUsageStore = {
      tryReserve: () => Promise.reject(new Error('connection refused')),
      adjust: () => Promise.reject(new Error('connection refused')),
      used: () => Promise.reject(new Error('connection refused')),
    };
    const result = await f
      .gateway({}, { tokenUsage: broken })
      .generate('ncr-triage', ncrInput, ncrSources, f.ctx);
    expect(result.generation).toMatchObject({ deterministic: true, fallbackReason: 'budget-unavailable' });
    expect(result.checks.find((c) => c.name === 'budget')).toEqual({
      name: 'budget',
      passed: false,
      details: ['token budget store: connection refused'],
    });
    expect(f.server.chatRequests()).toHaveLength(0);
  });

  it('a provider that hangs times out and falls back', async () => {
    f.server.enqueue({ kind: 'hang' });
    const result = await f
      .gateway({ LLM_TIMEOUT_MS: '150' })
      .generate('ncr-triage', ncrInput, ncrSources, f.ctx);
    expect(result.generation.fallbackReason).toBe('provider-timeout');
  });

  it('a site over its daily token budget is refused by the model tier: fallback by default, a typed error when configured', async () => {
    const small = { LLM_DAILY_TOKEN_BUDGETS: 'plant-a=100' };
    const result = await f.gateway(small).generate('ncr-triage', ncrInput, ncrSources, f.ctx);
    expect(result.generation).toMatchObject({
      deterministic: true,
      fallbackReason: 'budget-exhausted',
      tokensIn: 0,
    });
    expect(f.server.chatRequests()).toHaveLength(0);
    await expect(
      f
        .gateway({ ...small, LLM_BUDGET_EXHAUSTED: 'refuse' })
        .generate('ncr-triage', ncrInput, ncrSources, f.ctx),
    ).rejects.toBeInstanceOf(TokenBudgetExhaustedError);
    expect(f.records.map((r) => r.outcome)).toEqual(['fallback', 'refused']);
    // Another site still has budget.
    f.server.enqueue({ kind: 'chat', content: JSON.stringify(goodNcrAnswer()) });
    expect(
      (await f.gateway(small).generate('ncr-triage', ncrInput, ncrSources, { ...f.ctx, site: 'plant-b' }))
        .generation.deterministic,
    ).toBe(false);
  });

  it('spends the budget with real usage, so a site runs out after enough calls', async () => {
    f.server.respondWith(() => ({
      kind: 'chat',
      content: JSON.stringify(goodNcrAnswer()),
      tokensIn: 3000,
      tokensOut: 1000,
    }));
    // Each call spends 4000; the admission estimate (prompt size + 700 max output tokens) is about 2000.
    const g = f.gateway({ LLM_DAILY_TOKEN_BUDGETS: 'plant-a=9000' });
    const reasons = [];
    for (let i = 0; i < 4; i += 1)
      reasons.push(
        (await g.generate('ncr-triage', ncrInput, ncrSources, f.ctx)).generation.fallbackReason ?? 'llm',
      );
    expect(reasons).toEqual(['llm', 'llm', 'budget-exhausted', 'budget-exhausted']);
    f.server.respondWith(() => ({ kind: 'error', status: 500, message: 'nothing scripted' }));
  });
});
