import { Inject, Injectable } from '@nestjs/common';
import type { DownstreamTokens } from '../auth/downstream-token';
import type { McpSettings } from '../config/mcp.config';
import { AndonApiClient } from '../downstream/andon-api.client';
import { ProposalPolicy } from '../governance/proposal-policy';
import { ProposalPublisher } from '../governance/proposal-publisher';
import { ToolCallRecorder } from '../governance/tool-call-recorder';
import { UntrustedInput } from '../governance/untrusted-input';
import { DOWNSTREAM_TOKENS, MCP_SETTINGS } from '../mcp.tokens';
import type { ToolDeps } from './tool-runner';

/** What every tool handler can reach, injected once per process (the server itself is per request). */
@Injectable()
export class McpTools implements ToolDeps {
  readonly redactResults: boolean;

  constructor(
    readonly api: AndonApiClient,
    @Inject(DOWNSTREAM_TOKENS) readonly tokens: DownstreamTokens,
    readonly untrusted: UntrustedInput,
    readonly recorder: ToolCallRecorder,
    readonly publisher: ProposalPublisher,
    readonly policy: ProposalPolicy,
    @Inject(MCP_SETTINGS) config: Pick<McpSettings, 'MCP_REDACT_RESULTS'>,
  ) {
    this.redactResults = config.MCP_REDACT_RESULTS;
  }
}
