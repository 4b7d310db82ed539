import { DEFAULT_TASK_TIERS, loadLlmSettings } from '../config/llm-config';
import { ModelRouter } from './model-router';
import { DailyTokenBudget, TokenBudgetExhaustedError } from './token-budget';

describe('ModelRouter', () => {
  const router = new ModelRouter(
    DEFAULT_TASK_TIERS,
    { small: 'mini', large: 'maxi' },
    { mini: { inputPerMTok: 0.2, outputPerMTok: 0.8 } },
  );

  it('routes task kinds to tiers, and a pinned tier wins', () => {
    expect(router.route('classify')).toEqual({ tier: 'small', model: 'mini' });
    expect(router.route('reason')).toEqual({ tier: 'large', model: 'maxi' });
    expect(router.route('classify', 'large')).toEqual({ tier: 'large', model: 'maxi' });
  });

  it('prices calls from the table and treats unknown models as free', () => {
    expect(router.cost('mini', 1_000_000, 500_000)).toBeCloseTo(0.6, 10);
    expect(router.cost('maxi', 1_000, 1_000)).toBe(0);
  });

  it('takes tier overrides and prices from the environment', () => {
    const settings = loadLlmSettings({
      LLM_PROVIDER: 'openai',
      LLM_MODEL_SMALL: 'mini',
      LLM_MODEL_LARGE: 'maxi',
      LLM_TASK_TIERS: 'summarise=small',
      LLM_PRICES: 'mini=0.15:0.6',
      LLM_DAILY_TOKEN_BUDGETS: 'PLANT-A=100',
    });
    expect(settings.taskTiers.summarise).toBe('small');
    expect(settings.taskTiers.reason).toBe('large');
    expect(settings.prices['mini']).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(settings.budget.perSite).toEqual({ 'PLANT-A': 100 });
  });

  it('has no provider when no model is configured', () => {
    expect(loadLlmSettings({}).provider).toBeUndefined();
    expect(loadLlmSettings({ LLM_PROVIDER: 'openai' }).provider).toBeUndefined();
    expect(() => loadLlmSettings({ LLM_PRICES: 'mini=cheap' })).toThrow(/LLM_PRICES/);
  });
});

describe('DailyTokenBudget', () => {
  it('refuses with a typed error once the site has spent its day, per site, and resets at UTC midnight', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const budget = new DailyTokenBudget({
      defaultDailyTokens: 1_000,
      perSite: { SMALL: 100 },
      now: () => now,
    });
    const first = await budget.reserve('SMALL', 100);
    await first.settle(90);
    const err = await budget.reserve('SMALL', 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenBudgetExhaustedError);
    expect(err).toMatchObject({ site: 'SMALL', limit: 100, used: 90, requested: 20, day: '2025-03-01' });
    await expect(budget.reserve('OTHER', 900)).resolves.toBeDefined();
    now = Date.parse('2025-03-02T00:00:01Z');
    expect(await budget.remaining('SMALL')).toBe(100);
  });

  it('counts a reservation until it is settled or released, and only once', async () => {
    const budget = new DailyTokenBudget({
      defaultDailyTokens: 100,
      perSite: {},
      now: () => Date.parse('2025-03-01T10:00:00Z'),
    });
    const held = await budget.reserve('A', 60);
    // the estimate is held while the call runs: a second 60-token call does not fit
    await expect(budget.reserve('A', 60)).rejects.toBeInstanceOf(TokenBudgetExhaustedError);
    await held.settle(25);
    await held.settle(25);
    expect(await budget.usedToday('A')).toBe(25);
    const failed = await budget.reserve('A', 70);
    await failed.release();
    await failed.release();
    expect(await budget.usedToday('A')).toBe(25);
  });
});
