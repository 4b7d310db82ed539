import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadMcpConfig } from '../config/mcp.config';
import { createDownstreamTokens } from './downstream-token';
import type { McpCaller } from './mcp-auth';

const caller: McpCaller = {
  principal: { userId: 'qe.anna', name: 'Anna', roles: ['quality_engineer'], sites: ['plant-a'] },
  clientId: 'c',
  token: 'subject-token-1',
  expiresAt: 0,
};

/** A stand-in identity provider's token endpoint: the third-party side of RFC 8693. */
describe('downstream tokens: RFC 8693 token exchange', () => {
  let server: Server;
  let url: string;
  const seen: URLSearchParams[] = [];
  const auths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(new URLSearchParams(body));
        auths.push(req.headers.authorization ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            access_token: `exchanged-${seen.length}`,
            token_type: 'Bearer',
            expires_in: 300,
            issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('exchanges the MCP token for the APIs audience with client authentication, and caches the answer', async () => {
    const tokens = createDownstreamTokens(
      loadMcpConfig({
        MCP_TOKEN_EXCHANGE_URL: url,
        MCP_TOKEN_EXCHANGE_CLIENT_ID: 'andon-mcp',
        MCP_TOKEN_EXCHANGE_CLIENT_SECRET: 's3cret',
        JWT_AUDIENCE: 'andon-api',
      }),
    );
    expect(tokens.kind).toBe('exchange');
    expect(await tokens.tokenFor(caller)).toBe('exchanged-1');
    expect(await tokens.tokenFor(caller)).toBe('exchanged-1');
    expect(seen).toHaveLength(1);
    const form = seen[0] as URLSearchParams;
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
    expect(form.get('subject_token')).toBe('subject-token-1');
    expect(form.get('audience')).toBe('andon-api');
    expect(auths[0]).toBe(`Basic ${Buffer.from('andon-mcp:s3cret').toString('base64')}`);
  });

  it('reissues for the same principal when only the development secret is configured', async () => {
    const tokens = createDownstreamTokens(
      loadMcpConfig({ JWT_HS256_SECRET: 'unit-spec-secret-0123456789abcdefghij' }),
    );
    expect(tokens.kind).toBe('reissue');
    const token = await tokens.tokenFor(caller);
    expect(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({
      sub: 'qe.anna',
      roles: ['quality_engineer'],
      sites: ['plant-a'],
    });
  });

  it('refuses to call downstream without either', async () => {
    const tokens = createDownstreamTokens(loadMcpConfig({}));
    await expect(tokens.tokenFor(caller)).rejects.toThrow(/no downstream authentication/);
  });
});
