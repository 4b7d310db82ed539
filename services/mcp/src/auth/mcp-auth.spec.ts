import { issueDevToken } from '@andon/governance/auth';
import { loadMcpConfig } from '../config/mcp.config';
import { McpAuth, protectedResourceMetadataUrl } from './mcp-auth';

const SECRET = 'unit-spec-secret-0123456789abcdefghij';
const anna = { userId: 'qe.anna', name: 'Anna', roles: ['quality_engineer' as const], sites: ['plant-a'] };

describe('McpAuth (OAuth resource server)', () => {
  const auth = new McpAuth(
    loadMcpConfig({
      MCP_RESOURCE_URL: 'https://andon.plant.example/mcp',
      JWT_HS256_SECRET: SECRET,
      JWT_ISSUER: 'https://idp.example',
    }),
  );

  it('inserts the well-known path before the resource path (RFC 9728 section 3.1)', () => {
    expect(protectedResourceMetadataUrl('https://andon.plant.example/mcp')).toBe(
      'https://andon.plant.example/.well-known/oauth-protected-resource/mcp',
    );
    expect(protectedResourceMetadataUrl('https://mcp.plant.example/')).toBe(
      'https://mcp.plant.example/.well-known/oauth-protected-resource',
    );
  });

  it('challenges a request without a token with the metadata URL and no error code (RFC 6750 3.1)', async () => {
    const r = await auth.authenticate(undefined);
    expect(r).toMatchObject({ ok: false, status: 401, code: 'MISSING_TOKEN' });
    if (r.ok) throw new Error('unreachable');
    expect(r.wwwAuthenticate).toBe(
      'Bearer realm="andon-mcp", resource_metadata="https://andon.plant.example/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('accepts a token for its own audience and reads the client id from azp', async () => {
    const token = await issueDevToken(anna, {
      secret: SECRET,
      audience: 'https://andon.plant.example/mcp',
      issuer: 'https://idp.example',
    });
    const r = await auth.authenticate(`Bearer ${token}`);
    expect(r).toMatchObject({
      ok: true,
      caller: { principal: { userId: 'qe.anna' }, clientId: 'unknown-client' },
    });
  });

  it('refuses a token issued for the other Andon APIs (no token passthrough in either direction)', async () => {
    const token = await issueDevToken(anna, {
      secret: SECRET,
      audience: 'andon-api',
      issuer: 'https://idp.example',
    });
    const r = await auth.authenticate(`Bearer ${token}`);
    expect(r).toMatchObject({ ok: false, code: 'WRONG_AUDIENCE' });
    if (r.ok) throw new Error('unreachable');
    expect(r.wwwAuthenticate).toContain('error="invalid_token"');
  });

  it('advertises the issuer as authorization server unless servers are configured', () => {
    expect(auth.metadata()).toMatchObject({
      resource: 'https://andon.plant.example/mcp',
      authorization_servers: ['https://idp.example'],
      bearer_methods_supported: ['header'],
    });
  });
});
