import { isSiteId, normaliseSiteId, siteId } from '../site-id';

it('a site id is normalised once: PLANT-A and " plant-a " are plant-a; impossible ids are refused', () => {
  expect(siteId('PLANT-A')).toBe('plant-a');
  expect(siteId(' plant-a ')).toBe('plant-a');
  expect(normaliseSiteId('Plant-B')).toBe('plant-b');
  expect(isSiteId('plant-a')).toBe(true);
  expect(isSiteId('PLANT-A')).toBe(false);
  expect(() => siteId('')).toThrow(RangeError);
  expect(() => siteId('plant a')).toThrow(/invalid site id "plant a"/);
  expect(() => siteId('../etc')).toThrow(RangeError);
});
