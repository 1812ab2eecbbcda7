import { Cidr, cidrStrictlyInside, formatCidr, parseCidr } from './cidr';

/**
 * The widest block an egress rule may open: an IPv4 /8, an IPv6 /16.
 * `except` does not make a wider block safe: one excepted /32 leaves the
 * rest of the address space, production included, open.
 */
const NARROWEST = { 4: 8, 6: 16 } as const;
const IPV4_EXAMPLE = '10.20.0.0/16';
const IPV6_EXAMPLE = 'fd00:10::/64';

/** IPv6 ranges whose last 32 bits are an IPv4 address, which traffic to them reaches. */
const IPV4_CARRIERS = [
  { form: 'IPv4-mapped', text: '::ffff:0:0/96' },
  // The well-known NAT64 prefix: a NAT64 gateway forwards to the IPv4 address.
  { form: 'NAT64', text: '64:ff9b::/96' },
].map(carrier => ({ ...carrier, block: parseCidr(carrier.text)! }));

/** Whether `inner` lies in `outer`, or is it. */
function within(inner: Cidr, outer: Cidr): boolean {
  const same =
    inner.version === outer.version &&
    inner.prefix === outer.prefix &&
    inner.network === outer.network;
  return same || cidrStrictlyInside(inner, outer);
}

/** The IPv4 block an IPv6 block inside a carrier stands for. */
function carriedIpv4(block: Cidr): Cidr {
  return {
    version: 4,
    network: block.network & 0xffffffffn,
    prefix: block.prefix - 96,
    hostBits: false,
  };
}

/** An IPv6 block that opens more of IPv4 than an IPv4 rule may, through a carrier. */
function carrierIssue(text: string, block: Cidr): string | undefined {
  for (const { form, text: carrierText, block: carrier } of IPV4_CARRIERS) {
    if (within(block, carrier)) {
      const ipv4 = carriedIpv4(block);
      if (ipv4.prefix >= NARROWEST[4]) return undefined;
      return `${text} is the ${form} form of ${formatCidr(
        ipv4,
      )}, which spans more than a /${
        NARROWEST[4]
      } of IPv4: name the dependency's own IPv4 range, a /${
        NARROWEST[4]
      } or narrower such as ${IPV4_EXAMPLE}`;
    }
    if (cidrStrictlyInside(carrier, block))
      return `${text} holds ${carrierText}, the ${form} form of every IPv4 address: name the dependency's own IPv6 range outside it, or its IPv4 range in a rule of its own`;
  }
  return undefined;
}

/** Why the block an egress rule's `cidr` names is too wide to open, if it is. */
export function egressBlockBreadthIssue(text: string): string | undefined {
  const block = parseCidr(text);
  if (!block) return undefined;
  const narrowest = NARROWEST[block.version];
  if (block.prefix < narrowest)
    return `${text} spans more than a /${narrowest}, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /${narrowest} or narrower such as ${
      block.version === 4 ? IPV4_EXAMPLE : IPV6_EXAMPLE
    }`;
  return block.version === 6 ? carrierIssue(text, block) : undefined;
}
