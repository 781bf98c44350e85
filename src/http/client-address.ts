import { BlockList, isIP } from 'node:net';

/**
 * Which forwarded address counts as the client's (TRUST_PROXY, docs/contract.md): nobody's (the socket's address is the
 * client's and X-Forwarded-For is ignored), a number of proxy hops in front of the app, or the proxies' addresses
 * (single addresses or CIDR ranges).
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: string[] };

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is written as 192.0.2.1; anything else is kept. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

/** One entry of X-Forwarded-For as an address, or null: `[2001:db8::1]:443` and `192.0.2.1:443` lose the port. */
function forwardedEntry(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  return isIP(s) ? plainAddress(s) : null;
}

/**
 * Parses TRUST_PROXY: unset or empty for none; a whole number 1–10 for hops; else comma-separated addresses or
 * CIDR ranges. Throws an Error saying what is wrong (the config reports it as one line).
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const text = (raw ?? '').trim();
  if (text === '') return { kind: 'none' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error('a hop count must be between 1 and 10');
    return { kind: 'hops', hops };
  }
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [addr = '', bits, extra] = entry.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    const badBits = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max);
    if (!family || badBits || extra !== undefined)
      throw new Error(
        `"${entry.slice(0, 60)}" is neither a hop count nor a proxy address or range (10.0.0.2, 10.0.0.0/8)`,
      );
  }
  return { kind: 'addresses', list: list.map((e) => plainAddress(e)) };
}

/** A test for "is this one of the trusted proxies", built once from the parsed setting. */
function proxyMatcher(list: string[]): (address: string) => boolean {
  const block = new BlockList();
  for (const entry of list) {
    const [addr = '', bits] = entry.split('/');
    const type = isIP(addr) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) block.addAddress(addr, type);
    else block.addSubnet(addr, Number(bits), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && block.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Returns a function giving the client's address from the socket's and the X-Forwarded-For header. The chain is
 * walked from the socket towards the client: with hops, that many proxies are passed; with addresses, every
 * trusted proxy is passed and the first address that is not one is the client. A header from a socket that is not
 * a trusted proxy changes nothing; an entry that is not an address ends the walk at the last good one.
 */
export function clientAddressResolver(trust: TrustProxy): (socket: string, forwardedFor: string | undefined) => string {
  if (trust.kind === 'none') return (socket) => plainAddress(socket);
  const trusted = trust.kind === 'addresses' ? proxyMatcher(trust.list) : null;
  return (socket, forwardedFor) => {
    let current = plainAddress(socket);
    const chain = (forwardedFor ?? '').split(',').reverse();
    if (!forwardedFor?.trim()) return current;
    for (let passed = 0; passed < chain.length; passed++) {
      if (trusted ? !trusted(current) : passed >= (trust as { hops: number }).hops) return current;
      const next = forwardedEntry(chain[passed]!);
      if (!next) return current;
      current = next;
    }
    return current;
  };
}
