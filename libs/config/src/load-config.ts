import { z } from 'zod';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Validates the environment against a zod object schema whose keys are the variable
 * names. Empty strings count as unset so `FOO=` in a .env file falls back to defaults.
 * Every problem is reported at once, each naming the variable.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(schema: S, env: Env = process.env): z.infer<S> {
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
