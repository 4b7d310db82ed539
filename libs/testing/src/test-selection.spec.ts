import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsNoServers } from './test-selection';

describe('needsNoServers', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'andon-selection-'));
    mkdirSync(join(root, 'libs/bus/src'), { recursive: true });
    mkdirSync(join(root, 'libs/config/src'), { recursive: true });
    writeFileSync(join(root, 'libs/bus/src/kafka.int-spec.ts'), '');
    writeFileSync(join(root, 'libs/config/src/load-config.spec.ts'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const patterns = (...list: string[]) => ({ testPathPatterns: { patterns: list } });

  it('starts servers for an unfiltered run', () => {
    expect(needsNoServers(root, patterns())).toBe(false);
    expect(needsNoServers(root, undefined)).toBe(false);
  });

  it('starts servers when a pattern can select an integration spec', () => {
    expect(needsNoServers(root, patterns('libs/bus'))).toBe(false);
    expect(needsNoServers(root, patterns('libs/config', 'KAFKA'))).toBe(false);
  });

  it('skips them when no pattern reaches an integration spec', () => {
    expect(needsNoServers(root, patterns('libs/config'))).toBe(true);
    expect(needsNoServers(root, { listTests: true })).toBe(true);
  });
});
