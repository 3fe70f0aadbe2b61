import { describe, expect, it } from 'vitest';
import { networkOf } from '../../../server/auth/network.js';

describe('networkOf: pairing limits count per network, not per address', () => {
  it('groups IPv4 by /24, including IPv4-mapped IPv6', () => {
    expect(networkOf('10.1.2.3')).toBe('10.1.2.0/24');
    expect(networkOf('10.1.2.250')).toBe(networkOf('::ffff:10.1.2.7'));
    expect(networkOf('10.1.3.3')).not.toBe(networkOf('10.1.2.3'));
  });

  it('groups IPv6 by /64 however the address is abbreviated', () => {
    expect(networkOf('fe80::1')).toBe(networkOf('fe80:0:0:0:abcd::2'));
    expect(networkOf('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:3::5')).not.toBe(networkOf('2001:db8:1:2::5'));
  });
});
