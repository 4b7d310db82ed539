import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { McpController } from './http/mcp.controller';
import { McpRuntime, type McpDeps } from './mcp-runtime';

class McpLifecycle implements OnApplicationBootstrap {
  constructor(@Inject(McpRuntime) private readonly runtime: McpRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }
}

/** The MCP server as a Nest module over injected ports (bus and store belong to the caller). */
@Module({})
export class McpModule {
  static forRoot(deps: McpDeps): DynamicModule {
    return {
      module: McpModule,
      controllers: [McpController],
      providers: [{ provide: McpRuntime, useFactory: () => McpRuntime.create(deps) }, McpLifecycle],
      exports: [McpRuntime],
    };
  }
}
