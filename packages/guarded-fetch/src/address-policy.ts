import net from 'node:net';

/**
 * What kind of network an IP address belongs to, as far as reaching it from a
 * verifier is concerned. Only `public` is reachable by default.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'carrier-nat'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** Which non-public categories a fetcher may connect to. */
export interface AddressPolicy {
  readonly allowLoopback: boolean;
  readonly allowPrivate: boolean;
}

type Range = readonly [network: string, prefix: number];

// Order matters: the first category with a matching range wins, so the narrow
// entries (broadcast inside 240/4, :: and ::1 inside ::/8) come first.
const IPV4_RANGES: ReadonlyArray<readonly [AddressCategory, readonly Range[]]> = [
  // 0.0.0.0 reaches this host on Linux, so "this network" is treated like it.
  ['unspecified', [['0.0.0.0', 8]]],
  ['loopback', [['127.0.0.0', 8]]],
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]]],
  ['carrier-nat', [['100.64.0.0', 10]]],
  // Includes 169.254.169.254, the cloud metadata endpoint.
  ['link-local', [['169.254.0.0', 16]]],
  ['multicast', [['224.0.0.0', 4]]],
  ['broadcast', [['255.255.255.255', 32]]],
  [
    'reserved',
    [
      ['240.0.0.0', 4],
      ['192.0.0.0', 24], // IETF protocol assignments
      ['192.0.2.0', 24], // documentation (TEST-NET-1..3)
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['198.18.0.0', 15], // benchmarking
    ],
  ],
];

const IPV6_RANGES: ReadonlyArray<readonly [AddressCategory, readonly Range[]]> = [
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  // fec0::/10 is deprecated site-local, still routed inside some networks;
  // 64:ff9b:1::/48 is NAT64 for local use only.
  ['private', [['fc00::', 7], ['fec0::', 10], ['64:ff9b:1::', 48]]],
  ['link-local', [['fe80::', 10]]],
  ['multicast', [['ff00::', 8]]],
  [
    'reserved',
    [
      ['::', 8], // IPv4-compatible and other legacy forms; mapped ones are unwrapped before this
      ['100::', 64], // discard-only
      ['2001::', 32], // Teredo hides an IPv4 address we cannot check
      ['2001:db8::', 32], // documentation
    ],
  ],
];

interface CompiledRange {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function compile(table: ReadonlyArray<readonly [AddressCategory, readonly Range[]]>, toBytes: (address: string) => Uint8Array | undefined) {
  return table.map(([category, ranges]) => {
    const compiled = ranges.map(([network, prefix]): CompiledRange => {
      const bytes = toBytes(network);
      if (!bytes) throw new Error(`bad range ${network}/${prefix}`);
      return { bytes, prefix };
    });
    return [category, compiled] as const;
  });
}

function inRange(address: Uint8Array, { bytes, prefix }: CompiledRange): boolean {
  const whole = prefix >> 3;
  for (let index = 0; index < whole; index++) if (address[index] !== bytes[index]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((address[whole] ?? 0) & mask) === ((bytes[whole] ?? 0) & mask);
}

function ipv4Bytes(address: string): Uint8Array | undefined {
  if (!net.isIPv4(address)) return undefined;
  return Uint8Array.from(address.split('.').map(Number));
}

/** The 16 bytes of a valid IPv6 address (zone id already removed), or undefined. */
function ipv6Bytes(address: string): Uint8Array | undefined {
  if (!net.isIPv6(address)) return undefined;
  let text = address;
  let tail: number[] = [];
  // A trailing dotted quad stands for the last two groups.
  const quad = /\d+\.\d+\.\d+\.\d+$/.exec(text)?.[0];
  if (quad) {
    const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
    tail = [(a << 8) | b, (c << 8) | d];
    text = text.slice(0, -quad.length);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head = '', rest] = text.split('::', 2);
  const headGroups = parse(head);
  const restGroups = rest === undefined ? [] : parse(rest);
  const gap = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length - tail.length;
  const groups = [...headGroups, ...new Array<number>(gap).fill(0), ...restGroups, ...tail];
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

// Our own prefix match rather than net.BlockList: BlockList also matches IPv4
// addresses against IPv6 rules through their mapped form, so an IPv6 entry
// such as ::/8 would silently swallow every IPv4 address.
const V4_RANGES = compile(IPV4_RANGES, ipv4Bytes);
const V6_RANGES = compile(IPV6_RANGES, ipv6Bytes);

function dotted(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 4)).join('.');
}

/**
 * The IPv4 address an IPv6 address forwards to, when it is one of the forms
 * the network stack or a translator turns back into IPv4: IPv4-mapped
 * (::ffff:a.b.c.d), NAT64 well-known prefix (64:ff9b::/96) and 6to4 (2002::/16).
 * Checking the IPv6 form alone would let ::ffff:127.0.0.1 through.
 */
export function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  const zeros = (from: number, to: number): boolean => bytes.subarray(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dotted(bytes, 12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return dotted(bytes, 12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(bytes, 2);
  return undefined;
}

/** Strips URL brackets and an IPv6 zone id (`fe80::1%eth0`), which do not change where a packet goes. */
function bareAddress(address: string): string {
  return address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
}

/**
 * The category of an IP address (IPv4 or IPv6, optionally in URL brackets).
 * Anything that is not a valid IP address is `reserved`, so it is refused.
 */
export function classifyAddress(address: string): AddressCategory {
  const bare = bareAddress(address);
  const family = net.isIP(bare);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    if (inner !== undefined) return classifyAddress(inner);
  }
  const bytes = family === 4 ? ipv4Bytes(bare) : ipv6Bytes(bare);
  if (!bytes) return 'reserved';
  for (const [category, ranges] of family === 4 ? V4_RANGES : V6_RANGES) {
    if (ranges.some((range) => inRange(bytes, range))) return category;
  }
  return 'public';
}

/** Whether the policy lets a fetcher connect to an address of this category. */
export function isCategoryAllowed(category: AddressCategory, policy: AddressPolicy): boolean {
  switch (category) {
    case 'public':
      return true;
    case 'loopback':
      return policy.allowLoopback;
    case 'private':
    case 'carrier-nat':
      return policy.allowPrivate;
    default:
      // Link-local (cloud metadata), unspecified, multicast, broadcast and
      // reserved addresses have no legitimate use for fetching documents.
      return false;
  }
}

/** Whether the policy lets a fetcher connect to this IP address. */
export function isAddressAllowed(address: string, policy: AddressPolicy): boolean {
  return isCategoryAllowed(classifyAddress(address), policy);
}
