// IPv4 CIDR arithmetic for the network policy assertions.

function toInt(address: string): number {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

function parse(cidr: string): { base: number; size: number } {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32)
    throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(toInt(address) / size) * size, size };
}

/** True when every address of `inner` lies in `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parse(outer);
  const i = parse(inner);
  return i.base >= o.base && i.base + i.size <= o.base + o.size;
}

/** True when the two ranges share at least one address. */
export function cidrOverlaps(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  return x.base < y.base + y.size && y.base < x.base + x.size;
}
