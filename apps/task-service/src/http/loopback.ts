import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
// IPv4-mapped forms (::ffff:127.0.0.1) match the IPv4 subnet too.
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1, in any spelling Node accepts. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The host of a `Host` header value (`[::1]:8080` gives `::1`, `LocalHost.:80` gives
 * `localhost`), or undefined when the value is not `host[:port]`.
 */
export function hostOfHeader(value: string): string | undefined {
  const header = value.trim().toLowerCase();
  let host: string;
  let port: string;
  if (header.startsWith('[')) {
    const end = header.indexOf(']');
    if (end < 0) return undefined;
    host = header.slice(1, end);
    port = header.slice(end + 1);
  } else {
    const colon = header.indexOf(':');
    host = colon < 0 ? header : header.slice(0, colon);
    port = colon < 0 ? '' : header.slice(colon);
  }
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return undefined;
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/**
 * Whether a `Host` header names this machine: `localhost`, a `*.localhost` name (RFC 6761:
 * browsers resolve them to loopback themselves, no DNS involved), or a loopback address. A
 * DNS-rebinding page reaches a loopback listener under its own name (`evil.example`), which this
 * refuses.
 */
export function isLoopbackHost(value: string | undefined): boolean {
  const host = value === undefined ? undefined : hostOfHeader(value);
  if (host === undefined || host === '') return false;
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}
