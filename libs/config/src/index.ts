export { ConfigError } from './config-error';
export { loadConfig, type LoadConfigOptions } from './load-config';
export { fields, adapterSchema, userAuthFields, type AdapterConfig } from './config-fields';
export { agentFields, renamedAgentVariables } from './agent-fields';
export { applyRenamedVariables, type RenamedVariables, type DeprecationSink } from './renamed-variables';
