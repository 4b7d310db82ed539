export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { fields, adapterSchema, type AdapterConfig } from './config-fields';
