import { BlockList, isIP } from 'node:net';

/** True for an IPv4/IPv6 address or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
export function isAddressOrRange(s: string): boolean {
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined || !addr) return false;
  const v = isIP(addr);
  if (!v) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (v === 4 ? 32 : 128);
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4, what a dual-stack socket reports) as plain IPv4. */
function plain(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

/**
 * Resolves the client address of a request from the TCP peer and X-Forwarded-For. The header is believed only
 * when the peer is one of `trusted` (the reverse proxies); then the nearest address in it that is not itself a
 * trusted proxy is the client. Anything unparsable falls back to the peer, so a client cannot choose its own.
 */
export function clientAddressResolver(trusted: readonly string[]) {
  const list = new BlockList();
  for (const t of trusted) {
    if (!isAddressOrRange(t)) throw new Error(`受信任的代理地址无效：${t}`);
    const [addr, bits] = t.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  const isTrusted = (a: string) => {
    const v = isIP(a);
    return v !== 0 && list.check(a, v === 6 ? 'ipv6' : 'ipv4');
  };
  return (peer: string | undefined, forwardedFor: string | undefined): string => {
    const p = peer ? plain(peer) : 'local';
    if (!trusted.length || !forwardedFor || !isTrusted(p)) return p;
    const hops = forwardedFor
      .split(',')
      .map((h) => plain(h.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const h = hops[i]!;
      if (!isIP(h)) return p;
      if (!isTrusted(h)) return h;
    }
    return hops[0] ?? p;
  };
}
