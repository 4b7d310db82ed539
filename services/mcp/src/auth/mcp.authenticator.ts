import { Injectable } from '@nestjs/common';
import { ServiceError, type Authenticator, type Caller, type CredentialCarrier } from '@andon/service-kit';
import { McpAuth, type McpCaller } from './mcp-auth';

export const MCP_SCHEME = 'mcp';

const MAX_CACHED = 1_000;

/**
 * The kit's authenticator for the `mcp` scheme: the resource-server rules of McpAuth,
 * refusals as ServiceErrors carrying the `WWW-Authenticate` challenge MCP clients read.
 * The verified caller (with client id and token, which the kit's Caller has no room for)
 * is kept by token until it expires, for the controller to pick up.
 */
@Injectable()
export class McpAuthenticator implements Authenticator {
  private readonly verified = new Map<string, McpCaller>();

  constructor(private readonly auth: McpAuth) {}

  async authenticate(request: CredentialCarrier): Promise<Caller> {
    const caller = await this.verify(request.authorization);
    return {
      scheme: MCP_SCHEME,
      id: caller.principal.userId,
      principal: caller.principal,
      sites: caller.principal.sites,
    };
  }

  /** The caller behind an Authorization header the guard has already accepted. */
  async callerFor(authorization: string | undefined): Promise<McpCaller> {
    return this.verify(authorization);
  }

  private async verify(authorization: string | undefined): Promise<McpCaller> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const cached = token ? this.verified.get(token) : undefined;
    if (cached && cached.expiresAt * 1000 > Date.now()) return cached;
    const result = await this.auth.authenticate(authorization);
    if (!result.ok)
      throw new ServiceError(result.status, result.code, result.message, {
        'WWW-Authenticate': result.wwwAuthenticate,
      });
    if (this.verified.size >= MAX_CACHED) this.verified.clear();
    this.verified.set(result.caller.token, result.caller);
    return result.caller;
  }
}
