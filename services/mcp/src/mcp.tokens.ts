/** The module's config (McpSettings). */
export const MCP_SETTINGS = Symbol('MCP_SETTINGS');
/** The topics it publishes to (McpTopics). */
export const MCP_TOPICS = Symbol('MCP_TOPICS');
/** DownstreamTokens: how the tools get a short-lived token for the other services' APIs. */
export const DOWNSTREAM_TOKENS = Symbol('DOWNSTREAM_TOKENS');

export interface McpTopics {
  actionsProposed: string;
  llmCalls: string;
}
