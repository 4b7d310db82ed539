import { z } from 'zod';
import { ConfigError } from './config-error';
import { applyRenamedVariables, type DeprecationSink, type RenamedVariables } from './renamed-variables';

type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** Old names still accepted for one release (with a one-time deprecation warning naming the new one). */
  renamed?: RenamedVariables;
  /** Where the deprecation warnings go; default process.emitWarning (DeprecationWarning), once per process. */
  onDeprecated?: DeprecationSink;
}

/**
 * Validates the environment against a zod object schema whose keys are the variable
 * names. Empty strings count as unset so `FOO=` in a .env file falls back to defaults.
 * Every problem is reported at once, each naming the variable.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  rawEnv: Env = process.env,
  options: LoadConfigOptions = {},
): z.infer<S> {
  const env = options.renamed ? applyRenamedVariables(rawEnv, options.renamed, options.onDeprecated) : rawEnv;
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
