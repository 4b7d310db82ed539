/**
 * Canonical units on andon.plant-events.v1: one unit per quantity kind, so consumers
 * (OEE, SPC, agents) compare numbers without knowing which site sent them.
 */
export const CANONICAL_UNITS = {
  temperature: 'degC',
  mass: 'kg',
  length: 'mm',
  pressure: 'bar',
  volume: 'L',
  count: 'ea',
} as const;

export type QuantityKind = keyof typeof CANONICAL_UNITS;

interface Conversion {
  kind: QuantityKind;
  /** canonical = value * factor + offset */
  factor: number;
  offset: number;
}

const linear = (kind: QuantityKind, factor: number): Conversion => ({ kind, factor, offset: 0 });

// Keys are compared case-insensitively after trimming, except where case carries meaning
// (mL vs ML is not ambiguous in practice; 'Pa' and 'pa' are both pascal).
const CONVERSIONS: ReadonlyMap<string, Conversion> = new Map<string, Conversion>([
  ...['degc', '°c', 'c', 'celsius', 'deg c'].map((u) => [u, linear('temperature', 1)] as const),
  ...['degf', '°f', 'f', 'fahrenheit', 'deg f'].map(
    (u) => [u, { kind: 'temperature', factor: 5 / 9, offset: -32 * (5 / 9) }] as const,
  ),
  ...['k', 'degk', 'kelvin'].map((u) => [u, { kind: 'temperature', factor: 1, offset: -273.15 }] as const),
  ...['kg', 'kgs', 'kilogram', 'kilograms'].map((u) => [u, linear('mass', 1)] as const),
  ...['g', 'gram', 'grams'].map((u) => [u, linear('mass', 0.001)] as const),
  ...['lb', 'lbs', 'pound', 'pounds'].map((u) => [u, linear('mass', 0.45359237)] as const),
  ...['oz', 'ounce', 'ounces'].map((u) => [u, linear('mass', 0.028349523125)] as const),
  ...['t', 'tonne', 'tonnes'].map((u) => [u, linear('mass', 1000)] as const),
  ...['mm', 'millimetre', 'millimeter'].map((u) => [u, linear('length', 1)] as const),
  ...['um', 'µm', 'micron'].map((u) => [u, linear('length', 0.001)] as const),
  ...['cm'].map((u) => [u, linear('length', 10)] as const),
  ...['m', 'metre', 'meter'].map((u) => [u, linear('length', 1000)] as const),
  ...['in', 'inch', 'inches', '"'].map((u) => [u, linear('length', 25.4)] as const),
  ...['ft', 'foot', 'feet'].map((u) => [u, linear('length', 304.8)] as const),
  ...['bar'].map((u) => [u, linear('pressure', 1)] as const),
  ...['mbar'].map((u) => [u, linear('pressure', 0.001)] as const),
  ...['pa'].map((u) => [u, linear('pressure', 1e-5)] as const),
  ...['kpa'].map((u) => [u, linear('pressure', 0.01)] as const),
  ...['mpa'].map((u) => [u, linear('pressure', 10)] as const),
  ...['psi'].map((u) => [u, linear('pressure', 0.0689475729)] as const),
  ...['l', 'litre', 'liter', 'litres', 'liters'].map((u) => [u, linear('volume', 1)] as const),
  ...['ml'].map((u) => [u, linear('volume', 0.001)] as const),
  ...['m3'].map((u) => [u, linear('volume', 1000)] as const),
  ...['gal', 'gallon', 'gallons'].map((u) => [u, linear('volume', 3.785411784)] as const),
  ...['ea', 'each', 'pc', 'pcs', 'piece', 'pieces', 'unit', 'units'].map(
    (u) => [u, linear('count', 1)] as const,
  ),
]);

export interface NormalisedQuantity {
  value: number;
  unit: string;
  /** false when the unit is not in the table: value and unit pass through unchanged. */
  known: boolean;
}

// Twelve significant decimals keeps exact inputs exact (68 degF -> 20 degC, not
// 19.999999999999996) while losing nothing a plant instrument can measure.
function tidy(n: number): number {
  return Number(n.toFixed(12));
}

/** Converts a value to its kind's canonical unit; an unknown unit passes through, flagged. */
export function normaliseQuantity(value: number, unit: string): NormalisedQuantity {
  const conversion = CONVERSIONS.get(unit.trim().toLowerCase());
  if (!conversion) return { value, unit, known: false };
  return {
    value: tidy(value * conversion.factor + conversion.offset),
    unit: CANONICAL_UNITS[conversion.kind],
    known: true,
  };
}

/**
 * For spec limits and tolerances measured in the same unit as a value: the same
 * conversion, so a limit stays on the same side of the measured value.
 */
export function normaliseOptional(value: number | undefined, unit: string): number | undefined {
  return value === undefined ? undefined : normaliseQuantity(value, unit).value;
}

export function isKnownUnit(unit: string): boolean {
  return CONVERSIONS.has(unit.trim().toLowerCase());
}
