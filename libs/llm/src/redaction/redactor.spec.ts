import { inspect } from 'node:util';
import { join } from 'node:path';
import { loadRedactionDictionary } from './redaction-dictionary';
import { RedactionMap, Redactor } from './redactor';

describe('Redactor', () => {
  const redactor = new Redactor({
    site: 'T',
    employees: [
      { name: 'Maria Gonzalez', badge: 'B-40211', aliases: ['M. Gonzalez'] },
      { name: 'Jan Kowalski', aliases: [] },
    ],
    badgePattern: 'B-\\d{5}',
    customers: ['Northwind Motors'],
    suppliers: ['Acme Castings Ltd', 'Acme'],
  });

  it('replaces names, badges, emails, phones, customers and suppliers, consistently', () => {
    const map = new RedactionMap();
    const text =
      'Maria Gonzalez (B-40211) and jan  kowalski found 12 porous housings from Acme Castings Ltd for Northwind Motors. ' +
      'M. Gonzalez called +49 151 2345 6789 and (555) 123-4567, mailed maria.g@plant-a.example; badge B-77777 too. Acme again.';
    const redacted = redactor.redact(text, map);
    for (const pii of [
      'Maria',
      'Gonzalez',
      'Kowalski',
      'kowalski',
      'B-40211',
      'B-77777',
      'Acme',
      'Northwind',
      '2345',
      '123-4567',
      'maria.g@',
    ]) {
      expect(redacted).not.toContain(pii);
    }
    expect(redacted).toContain(
      '«PERSON_1» («BADGE_1») and «PERSON_2» found 12 porous housings from «SUPPLIER_1» for «CUSTOMER_1».',
    );
    expect(redacted).toContain('«PERSON_3» called «PHONE_1»');
    expect(redacted).toContain('«SUPPLIER_2» again.');
    expect(map.restore(redacted)).toBe(text);
  });

  it('leaves plant numbers, dates, lot and part numbers alone', () => {
    const map = new RedactionMap();
    const text =
      'Lot L-2024-0113, part 7781-220, 2024-05-01 06:00, OEE 87.3%, 1200 good / 37 scrap, torque 45.5 Nm.';
    expect(redactor.redact(text, map)).toBe(text);
    expect(map.size).toBe(0);
  });

  it('restores placeholders inside structured output, also without guillemets', () => {
    const map = new RedactionMap();
    redactor.redact('Maria Gonzalez', map);
    expect(map.restoreDeep({ a: ['«PERSON_1» checked', { b: 'PERSON_1 signed' }], n: 3 })).toEqual({
      a: ['Maria Gonzalez checked', { b: 'Maria Gonzalez signed' }],
      n: 3,
    });
    expect(map.restore('«PERSON_9» unknown')).toBe('«PERSON_9» unknown');
  });

  it('never shows original values when serialised or inspected', () => {
    const map = new RedactionMap();
    redactor.redact('Maria Gonzalez, maria.g@plant-a.example', map);
    expect(JSON.stringify({ map })).toBe('{"map":{"redactions":{"EMAIL":1,"PERSON":1}}}');
    expect(inspect(map)).not.toMatch(/Maria|maria/);
    expect(Object.keys(map)).toEqual([]);
  });

  it('loads per-site dictionaries from config/redaction by the site id, saying when it fell back to default.yaml', () => {
    const dir = join(__dirname, '../../../../config/redaction');
    for (const site of ['plant-a', 'PLANT-A']) {
      const plant = loadRedactionDictionary(dir, site);
      expect(plant).toMatchObject({ site: 'plant-a' });
      expect(plant.employees.length).toBeGreaterThan(0);
      expect(plant.fallback).toBeUndefined();
    }
    expect(loadRedactionDictionary(dir, 'NO-SUCH-SITE')).toMatchObject({ site: 'default', fallback: true });
    expect(() => loadRedactionDictionary(dir, '../etc')).toThrow(/invalid site/);
  });
});
