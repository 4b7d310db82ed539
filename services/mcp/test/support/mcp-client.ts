import { SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '@andon/governance/auth';

export interface TokenOptions {
  secret: string;
  audience?: string;
  issuer?: string;
  clientId?: string;
}

/** A token as the plant's identity provider would issue it for the MCP server. */
export async function mcpToken(p: Principal, o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({
    name: p.name,
    roles: p.roles,
    sites: p.sites,
    ...(p.lines ? { lines: p.lines } : {}),
    ...(o.clientId ? { azp: o.clientId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuedAt(now)
    .setExpirationTime(now + 600);
  if (o.audience) jwt = jwt.setAudience(o.audience);
  if (o.issuer) jwt = jwt.setIssuer(o.issuer);
  return jwt.sign(new TextEncoder().encode(o.secret));
}

/** The SDK's own client over Streamable HTTP, with a bearer token. */
export async function connectClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'andon-int-spec', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export interface ToolAnswer {
  isError: boolean;
  body: Record<string, unknown>;
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.find((c) => c.type === 'text');
  return {
    isError: result.isError === true,
    body: (result.structuredContent ?? JSON.parse(text && 'text' in text ? text.text : '{}')) as Record<
      string,
      unknown
    >,
  };
}

export const PEOPLE = {
  anna: { userId: 'qe.anna', name: 'Anna Quality', roles: ['quality_engineer'], sites: ['plant-a'] },
  ben: { userId: 'sup.ben', name: 'Ben Supervisor', roles: ['production_supervisor'], sites: ['plant-a'] },
  dan: { userId: 'sup.dan', name: 'Dan Supervisor', roles: ['production_supervisor'], sites: ['plant-b'] },
  olga: {
    userId: 'op.olga',
    name: 'Olga Operator',
    roles: ['operator'],
    sites: ['plant-a'],
    lines: ['plant-a/line-1'],
  },
  gita: { userId: 'comp.gita', name: 'Gita Compliance', roles: ['compliance_officer'], sites: ['*'] },
} satisfies Record<string, Principal>;
