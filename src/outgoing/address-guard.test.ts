import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isForbiddenAddress, parseCidrList } from './address-guard.ts';

// Addresses are only strings here: nothing is contacted.
const forbidden = [
  '10.0.0.1', '172.16.0.1', '172.31.255.254', '192.168.1.1', '169.254.169.254', '127.0.0.1', '127.0.0.2',
  '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '240.0.0.1',
  '::1', '::', 'fd00::1', 'fc00::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', 'FD00::1', '[::1]',
  '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a00:1', '0:0:0:0:0:ffff:c0a8:101', '::ffff:169.254.169.254',
  '64:ff9b::10.0.0.1', '::127.0.0.1',
  'localhost', 'example.com', '', '010.0.0.1', '1.2.3',
];
const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'];

for (const ip of forbidden) {
  test(`forbidden: ${JSON.stringify(ip)}`, () => assert.equal(isForbiddenAddress(ip, []), true));
}
for (const ip of allowed) {
  test(`allowed: ${ip}`, () => assert.equal(isForbiddenAddress(ip, []), false));
}

const exceptions: Array<{ nets: string; ip: string; forbidden: boolean }> = [
  { nets: '127.0.0.1/32', ip: '127.0.0.1', forbidden: false },
  { nets: '127.0.0.1/32', ip: '127.0.0.2', forbidden: true },
  { nets: '127.0.0.1/32', ip: '::ffff:127.0.0.1', forbidden: false },
  { nets: '127.0.0.1/32', ip: '::1', forbidden: true },
  { nets: '127.0.0.1/32', ip: '64:ff9b::127.0.0.1', forbidden: true },
  { nets: '127.0.0.1', ip: '127.0.0.1', forbidden: false },
  { nets: '10.0.0.0/8, fd00::/8', ip: '10.200.3.4', forbidden: false },
  { nets: '10.0.0.0/8, fd00::/8', ip: 'fd12::5', forbidden: false },
  { nets: '10.0.0.0/8, fd00::/8', ip: '192.168.1.1', forbidden: true },
  { nets: '::1/128', ip: '::1', forbidden: false },
];
for (const c of exceptions) {
  test(`allowed nets ${c.nets}: ${c.ip} ${c.forbidden ? 'still forbidden' : 'allowed'}`, () => {
    assert.equal(isForbiddenAddress(c.ip, parseCidrList(c.nets)), c.forbidden);
  });
}

test('parseCidrList reads v4, v6, bare hosts and empty text', () => {
  assert.deepEqual(parseCidrList(' 10.0.0.0/8 ,fd00::/8,127.0.0.1,::1 '), [
    { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
    { address: 'fd00::', prefix: 8, family: 'ipv6' },
    { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
    { address: '::1', prefix: 128, family: 'ipv6' },
  ]);
  assert.deepEqual(parseCidrList(''), []);
});

for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/-1', 'example.com/8', '10.0.0.0/8/8', '300.0.0.0/8']) {
  test(`parseCidrList rejects ${JSON.stringify(bad)}`, () => {
    assert.throws(() => parseCidrList(bad), new RegExp(`invalid CIDR "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
  });
}
