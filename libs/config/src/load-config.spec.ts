import { z } from 'zod';
import { ConfigError, adapterSchema, fields, loadConfig } from './index';

describe('loadConfig', () => {
  const schema = z.object({
    PORT: fields.port(8080),
    KAFKA_BROKERS: fields.csv(),
    DEBUG: fields.boolean(false),
  });

  it('parses and applies defaults', () => {
    const cfg = loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2' });
    expect(cfg).toEqual({ PORT: 8080, KAFKA_BROKERS: ['a:1', 'b:2'], DEBUG: false });
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', DEBUG: 'maybe' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const variables = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DEBUG', 'KAFKA_BROKERS', 'PORT']);
    expect((caught as Error).message).toContain('PORT');
  });

  it('treats empty strings as unset', () => {
    const cfg = loadConfig(adapterSchema, { MONGO_URI: '', LOG_LEVEL: '' });
    expect(cfg.MONGO_URI).toBeUndefined();
    expect(cfg.LOG_LEVEL).toBe('info');
  });

  it('rejects a Mongo URI that is not one', () => {
    expect(() => loadConfig(adapterSchema, { MONGO_URI: 'postgres://x' })).toThrow(/MONGO_URI/);
  });
});
