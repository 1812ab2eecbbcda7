import { isIP } from 'node:net';

/** An IP block as NetworkPolicy `ipBlock` takes it: the address as bits, and the prefix length. */
export interface Cidr {
  version: 4 | 6;
  /** The network's address bits, host bits cleared. */
  network: bigint;
  prefix: number;
  /** The address was written with host bits set (`10.20.3.4/16`), which newer API servers refuse. */
  hostBits: boolean;
}

function ipv4Bits(address: string): bigint {
  return address
    .split('.')
    .reduce((bits, part) => (bits << 8n) | BigInt(Number(part)), 0n);
}

/** `fd00::1`, `::ffff:10.0.0.1` as 128 bits. */
function ipv6Bits(address: string): bigint {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Bits(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(
      v4 & 0xffffn
    ).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part?: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((bits, group) => (bits << 16n) | BigInt(`0x${group}`), 0n);
}

/** The block `text` names (`10.20.0.0/16`, `fd00::/64`), or undefined when it names none. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  // A zone (`fe80::1%eth0`) passes isIP but names an interface, not a block.
  if (m[1].includes('%')) return undefined;
  const prefix = Number(m[2]);
  // 4 or 6, 0 when it is neither.
  const version = isIP(m[1]) as 0 | 4 | 6;
  if (!version || prefix > (version === 4 ? 32 : 128)) return undefined;
  // Leading zeros read as octal by some parsers; the API server refuses them.
  if (version === 4 && /(^|\.)0\d/.test(m[1])) return undefined;
  const width = BigInt(version === 4 ? 32 : 128);
  const bits = version === 4 ? ipv4Bits(m[1]) : ipv6Bits(m[1]);
  const hostBits = width - BigInt(prefix);
  const network = (bits >> hostBits) << hostBits;
  return { version, network, prefix, hostBits: network !== bits };
}

/** Whether `inner` is a strict part of `outer`, as an ipBlock's `except` must be. */
export function cidrStrictlyInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.version !== outer.version || inner.prefix <= outer.prefix)
    return false;
  const width = BigInt(outer.version === 4 ? 32 : 128);
  const hostBits = width - BigInt(outer.prefix);
  return inner.network >> hostBits === outer.network >> hostBits;
}

/** A block as written canonically: `10.20.0.0/16`; IPv6 in full groups, which every parser reads. */
export function formatCidr(cidr: Cidr): string {
  const groups = cidr.version === 4 ? 4 : 8;
  const width = cidr.version === 4 ? 8n : 16n;
  const parts = Array.from(
    { length: groups },
    (_, i) =>
      (cidr.network >> (width * BigInt(groups - 1 - i))) & ((1n << width) - 1n),
  );
  const address =
    cidr.version === 4
      ? parts.join('.')
      : parts.map(p => p.toString(16)).join(':');
  return `${address}/${cidr.prefix}`;
}
