import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredSites } from './configured-sites';
import { auditRedactionDirectory } from './redaction-dictionary';

const REPO = join(__dirname, '../../../..');

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'redaction-audit-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(d, name), body);
  return d;
}

describe('auditRedactionDirectory (run at gateway start)', () => {
  it("accepts the repository's dictionaries for its configured sites", () => {
    const sites = configuredSites(REPO);
    expect(sites).toEqual(['plant-a', 'plant-b']);
    expect(auditRedactionDirectory(join(REPO, 'config/redaction'), sites)).toEqual({
      problems: [],
      fallbacks: [],
    });
  });

  it('names the defect that switched redaction off before: a dictionary named in upper case', () => {
    const d = dir({ 'PLANT-A.yaml': 'site: PLANT-A\n', 'default.yaml': 'site: default\n' });
    const audit = auditRedactionDirectory(d, ['plant-a']);
    expect(audit.problems).toEqual([
      'PLANT-A.yaml: dictionaries are named by the lower-case site id (plant-a.yaml)',
    ]);
  });

  it('refuses a file for an unknown site or one that names another site, and reports sites without a file', () => {
    const d = dir({ 'plant-z.yaml': 'site: plant-z\n', 'plant-a.yaml': 'site: plant-b\n' });
    const audit = auditRedactionDirectory(d, ['plant-a', 'plant-b']);
    expect(audit.problems).toEqual(
      expect.arrayContaining([
        'plant-z.yaml: "plant-z" is not a configured site (plant-a, plant-b)',
        'plant-a.yaml: says site "plant-b" but is named for "plant-a"',
      ]),
    );
    expect(audit.fallbacks).toEqual(['plant-b']);
  });
});
