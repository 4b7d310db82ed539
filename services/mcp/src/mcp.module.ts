import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceKitModule, USER_SCHEME, UserAuthenticator, authenticatorToken } from '@andon/service-kit';
import { MCP_SCHEME, McpAuthenticator } from './auth/mcp.authenticator';
import { McpController } from './http/mcp.controller';
import { McpRuntime, type McpDeps } from './mcp-runtime';

/** The MCP server as a Nest module over injected ports (bus and store belong to the caller). */
@Module({})
export class McpModule {
  static forRoot(deps: McpDeps): DynamicModule {
    const c = deps.config;
    return {
      module: McpModule,
      imports: [ServiceKitModule],
      controllers: [McpController],
      providers: [
        // Nest runs its start-up (onModuleInit) and its hourly purge (@Sweep).
        { provide: McpRuntime, useFactory: () => McpRuntime.create(deps) },
        {
          provide: McpAuthenticator,
          useFactory: (r: McpRuntime) => new McpAuthenticator(r.auth),
          inject: [McpRuntime],
        },
        { provide: authenticatorToken(MCP_SCHEME), useExisting: McpAuthenticator },
        // People's console tokens (the other services' audience), for the development token exchange.
        {
          provide: authenticatorToken(USER_SCHEME),
          useValue: new UserAuthenticator({
            hs256Secret: c.JWT_HS256_SECRET,
            jwksUrl: c.JWKS_URL,
            issuer: c.JWT_ISSUER,
            audience: c.JWT_AUDIENCE,
          }),
        },
      ],
      exports: [McpRuntime],
    };
  }
}
