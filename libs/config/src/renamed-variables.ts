type Env = Record<string, string | undefined>;

/** `OLD_NAME -> NEW_NAME`: variables renamed for one release, still read under the old name. */
export type RenamedVariables = Readonly<Record<string, string>>;

export type DeprecationSink = (message: string) => void;

const warned = new Set<string>();

/** Process-wide: each old name is reported once however many schemas or loads read it. */
const emitOnce: DeprecationSink = (message) => {
  process.emitWarning(message, { type: 'DeprecationWarning', code: 'ANDON_RENAMED_VARIABLE' });
};

/**
 * The environment with every renamed variable under its new name. The new name wins when
 * both are set; either way the old name is reported once per process, naming the new one.
 */
export function applyRenamedVariables(
  env: Env,
  renamed: RenamedVariables,
  warn: DeprecationSink = emitOnce,
): Env {
  const out: Env = { ...env };
  for (const [oldName, newName] of Object.entries(renamed)) {
    const value = env[oldName];
    if (value === undefined || value === '') continue;
    const current = env[newName];
    const ignored = current !== undefined && current !== '';
    if (!ignored) out[newName] = value;
    const key = `${oldName}->${newName}`;
    if (warned.has(key)) continue;
    warned.add(key);
    warn(
      ignored
        ? `${oldName} is deprecated and ignored because ${newName} is set; remove ${oldName}`
        : `${oldName} is deprecated: set ${newName} instead (${oldName} is read for one more release)`,
    );
  }
  return out;
}
