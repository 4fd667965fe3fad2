import dns from "node:dns/promises";
import net from "node:net";

/**
 * Loopback, private, link-local, shared (CGNAT), multicast, reserved and unspecified addresses:
 * what a webhook may not target unless WEBHOOK_ALLOW_PRIVATE=true (the service would otherwise
 * POST into its own network on anyone's behalf).
 */
const BLOCKED = new net.BlockList();
for (const [a, p] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  BLOCKED.addSubnet(a, p, "ipv4");
for (const [a, p] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  BLOCKED.addSubnet(a, p, "ipv6");

/** True for an address a webhook may not target by default (IPv4-mapped IPv6 judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1]!, "ipv4");
  return BLOCKED.check(address, "ipv6");
}

/** The host of a URL as an address or a name, brackets of an IPv6 literal removed. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Every address `host` stands for: itself when it is an address, else what DNS answers. */
export async function addressesOf(host: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  const found = await dns.lookup(host, { all: true, verbatim: true });
  return found.map((f) => f.address);
}
