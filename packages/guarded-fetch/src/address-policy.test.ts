import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, embeddedIpv4, isAddressAllowed, type AddressCategory } from './address-policy.js';

const DEFAULT = { allowLoopback: false, allowPrivate: false };

describe('classifyAddress', () => {
  it.each<[string, AddressCategory]>([
    // Boundaries of 172.16.0.0/12
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    // 100.64.0.0/10 (carrier-grade NAT)
    ['100.63.255.255', 'public'],
    ['100.64.0.0', 'carrier-nat'],
    ['100.127.255.255', 'carrier-nat'],
    ['100.128.0.0', 'public'],
    // 10.0.0.0/8 and 192.168.0.0/16
    ['9.255.255.255', 'public'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.0', 'public'],
    ['192.167.255.255', 'public'],
    ['192.168.0.0', 'private'],
    ['192.168.255.255', 'private'],
    ['192.169.0.0', 'public'],
    // loopback, link-local, unspecified
    ['126.255.255.255', 'public'],
    ['127.0.0.0', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.255', 'loopback'],
    ['128.0.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['169.254.0.0', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['169.254.255.255', 'link-local'],
    ['169.255.0.0', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['1.0.0.0', 'public'],
    // multicast, reserved, broadcast
    ['223.255.255.255', 'public'],
    ['224.0.0.0', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.0', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
    ['fc00::', 'private'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['fe00::', 'public'],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
    ['fe80::', 'link-local'],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    // IPv4 inside IPv6 is judged by the IPv4 address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:808:808::1', 'public'],
    ['::127.0.0.1', 'reserved'],
    // Not addresses at all
    ['', 'reserved'],
    ['localhost', 'reserved'],
    ['127.1', 'reserved'],
    ['256.0.0.1', 'reserved'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});

describe('isAddressAllowed', () => {
  it.each<[string, boolean, boolean, boolean]>([
    // address, default, allowLoopback, allowPrivate
    ['8.8.8.8', true, true, true],
    ['127.0.0.1', false, true, false],
    ['::1', false, true, false],
    ['::ffff:127.0.0.1', false, true, false],
    ['10.1.2.3', false, false, true],
    ['100.64.0.1', false, false, true],
    ['fd00::1', false, false, true],
    ['169.254.169.254', false, false, false],
    ['fe80::1', false, false, false],
    ['0.0.0.0', false, false, false],
    ['::', false, false, false],
    ['224.0.0.1', false, false, false],
    ['255.255.255.255', false, false, false],
  ])('%s: default %s, with allowLoopback %s, with allowPrivate %s', (address, byDefault, withLoopback, withPrivate) => {
    expect(isAddressAllowed(address, DEFAULT)).toBe(byDefault);
    expect(isAddressAllowed(address, { ...DEFAULT, allowLoopback: true })).toBe(withLoopback);
    expect(isAddressAllowed(address, { ...DEFAULT, allowPrivate: true })).toBe(withPrivate);
  });
});

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const hex = (high: number, low: number) => ((high << 8) | low).toString(16);

describe('properties', () => {
  it('refuses every address in 10.0.0.0/8, in dotted and IPv4-mapped forms', () => {
    fc.assert(
      fc.property(octet, octet, octet, (b, c, d) => {
        const address = `10.${b}.${c}.${d}`;
        expect(isAddressAllowed(address, DEFAULT)).toBe(false);
        expect(isAddressAllowed(`::ffff:${address}`, DEFAULT)).toBe(false);
        expect(isAddressAllowed(`::ffff:${hex(10, b)}:${hex(c, d)}`, DEFAULT)).toBe(false);
      }),
    );
  });

  it('judges an IPv4-mapped or NAT64 address exactly like the IPv4 address inside it', () => {
    fc.assert(
      fc.property(ipv4, (address) => {
        const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
        const category = classifyAddress(address);
        expect(classifyAddress(`::ffff:${address}`)).toBe(category);
        expect(classifyAddress(`::ffff:${hex(a, b)}:${hex(c, d)}`)).toBe(category);
        expect(classifyAddress(`64:ff9b::${hex(a, b)}:${hex(c, d)}`)).toBe(category);
        expect(embeddedIpv4(`::ffff:${hex(a, b)}:${hex(c, d)}`)).toBe(address);
      }),
    );
  });

  it('refuses every address in fc00::/7 and fe80::/10', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.integer({ min: 0xfc00, max: 0xfdff }), fc.array(group, { minLength: 7, maxLength: 7 }), (first, rest) => {
        expect(classifyAddress([first, ...rest].map((g) => g.toString(16)).join(':'))).toBe('private');
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0xfe80, max: 0xfebf }), fc.array(group, { minLength: 7, maxLength: 7 }), (first, rest) => {
        expect(classifyAddress([first, ...rest].map((g) => g.toString(16)).join(':'))).toBe('link-local');
      }),
    );
  });
});
