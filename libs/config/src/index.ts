export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { fields, adapterSchema, userAuthFields, type AdapterConfig } from './config-fields';
