import { parseFilter, parseIndexes } from '../core/query';
import { createIndexSql, orderBySql, whereSql } from './sqlite-query';

describe('SQLite query compilation', () => {
  it('binds every value as a parameter and interpolates only validated paths', () => {
    const hostile = `x' OR 1=1; DROP TABLE ds_actions; --`;
    const where = whereSql(
      parseFilter({
        status: hostile,
        'meta.site': { $in: [hostile, 3, true, null] },
        at: { $gte: hostile, $lt: 5 },
        flag: { $exists: false },
      }),
    );
    expect(where.sql).not.toContain(hostile);
    expect(where.sql).not.toContain('OR 1=1');
    expect(where.params).toEqual([hostile, hostile, 3, 'true', hostile, 5]);
    expect(where.sql).toBe(
      `((json_type(doc, '$.status') = 'text' AND json_extract(doc, '$.status') = ?) AND ` +
        `((json_type(doc, '$.meta.site') = 'text' AND json_extract(doc, '$.meta.site') IN (?)) OR ` +
        `(json_type(doc, '$.meta.site') IN ('integer', 'real') AND json_extract(doc, '$.meta.site') IN (?)) OR ` +
        `json_type(doc, '$.meta.site') = ? OR ` +
        `(json_type(doc, '$.meta.site') IS NULL OR json_type(doc, '$.meta.site') = 'null')) AND ` +
        `((json_type(doc, '$.at') = 'text' AND json_extract(doc, '$.at') >= ?) AND ` +
        `(json_type(doc, '$.at') IN ('integer', 'real') AND json_extract(doc, '$.at') < ?)) AND ` +
        `json_type(doc, '$.flag') IS NULL)`,
    );
  });

  it('maps _id and version to their columns', () => {
    const where = whereSql(parseFilter({ _id: 'a', version: { $gt: 1 } }));
    expect(where.sql).toBe(`(_id = ? AND (version > ?))`);
    expect(where.params).toEqual(['a', 1]);
    expect(whereSql(parseFilter({ _id: 5, version: { $exists: false } })).sql).toBe('(0 AND 0)');
    expect(
      orderBySql([
        { path: 'version', direction: -1 },
        { path: '_id', direction: 1 },
      ]),
    ).toBe('version DESC, _id ASC');
  });

  it('matches everything for an empty filter and nothing for an empty $in', () => {
    expect(whereSql([]).sql).toBe('1');
    expect(whereSql(parseFilter({ a: { $in: [] } })).sql).toBe('(0)');
  });

  it('builds expression indexes with the same expressions queries use', () => {
    const [index] = parseIndexes([
      { name: 'by_source', unique: true, fields: { 'source.system': 1, 'source.eventId': -1 } },
    ]);
    if (!index) throw new Error('no index parsed');
    expect(createIndexSql('events', index)).toBe(
      `CREATE UNIQUE INDEX "ds_events__by_source" ON "ds_events" (json_extract(doc, '$.source.system') ASC, json_extract(doc, '$.source.eventId') DESC)`,
    );
  });

  it('refuses paths that could break out of the JSON path literal', () => {
    expect(() => parseFilter({ "a') OR 1=1 --": 1 })).toThrow(/field path/);
    expect(() => parseFilter({ 'a.$b': 1 })).toThrow(/field path/);
    expect(() => parseFilter({ 'a[0]': 1 })).toThrow(/field path/);
  });
});
