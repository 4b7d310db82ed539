import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** deploy/local/install-smollm2.sh: installs SmolLM2-135M-Instruct into $ANDON_CACHE once and prints the .gguf path. */
export const INSTALL_SCRIPT = resolve(__dirname, '../../../deploy/local/install-smollm2.sh');

/** The configured .gguf, or the pinned SmolLM2 file (installed on first use). */
export function resolveModelPath(configured: string | undefined): string {
  if (configured) return configured;
  const printed = execFileSync('bash', [INSTALL_SCRIPT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const path = printed.split('\n').pop() ?? '';
  if (!path.endsWith('.gguf')) throw new Error(`${INSTALL_SCRIPT} printed no .gguf path`);
  return path;
}
