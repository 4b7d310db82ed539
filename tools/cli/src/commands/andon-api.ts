import type { CliContext } from '../cli-context';

/**
 * The running deployment's REST API (ANDON_URL, default the standalone console port).
 * Credentials: ANDON_TOKEN, or ANDON_USER + ANDON_PASSWORD exchanged at /api/auth/login.
 */
export class AndonApi {
  private token: string | undefined;

  constructor(private readonly ctx: CliContext) {
    this.token = ctx.env['ANDON_TOKEN'];
  }

  get baseUrl(): string {
    return this.ctx.env['ANDON_URL'] ?? 'http://localhost:8080';
  }

  async request(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    const token = await this.bearer();
    return fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }

  private async bearer(): Promise<string> {
    if (this.token) return this.token;
    const userId = this.ctx.env['ANDON_USER'];
    const password = this.ctx.env['ANDON_PASSWORD'];
    if (!userId || !password) throw new Error('set ANDON_TOKEN, or ANDON_USER and ANDON_PASSWORD');
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
    return this.token;
  }
}
