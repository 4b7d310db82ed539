import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes files (path -> text) under a fresh temporary folder, for loader specs. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'andon-plant-model-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export const SITE_A = `site: plant-a
timeZone: Europe/Berlin
shifts:
  - { code: A, start: '06:00', hours: 8 }
  - { code: B, start: '14:00', hours: 8 }
  - { code: C, start: '22:00', hours: 8 }
lines:
  line-1:
    area: molding
    idealRatePerMinute: 60
    machines:
      a-l1-m1: { cell: a-l1-c1 }
`;
