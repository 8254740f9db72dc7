/**
 * DNS-rebinding guard. A page on any web site can make a browser send requests to
 * 127.0.0.1 under a name it controls (the name resolves to 127.0.0.1 after the page loaded), and
 * such a page then reads the answers as same-origin. It cannot change the Host header, which
 * carries its own name, so a server that listens on loopback only answers requests addressed to
 * a loopback name.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 and the IPv4-mapped forms, and for `localhost` names. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

/** True when the preview binds a loopback address, so it must check Host. */
export function bindsLoopback(host: string): boolean {
  return isLoopbackName(host);
}

/** `host` of a Host header (`name:port`, `[v6]:port`), without the port. */
export function hostnameOf(hostHeader: string): string {
  const header = hostHeader.trim();
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon === -1 ? header : header.slice(0, colon);
}

/**
 * Undefined when the request may be answered; otherwise why not (a sentence naming the Host
 * and the fix). Requests without Host (HTTP/1.0) are refused too: a browser always sends one.
 */
export function refuseNonLoopbackHost(req: IncomingMessage): string | undefined {
  const header = req.headers.host;
  if (header !== undefined && isLoopbackName(hostnameOf(header))) return undefined;
  const shown = header === undefined ? 'no Host header' : `Host "${header.slice(0, 64)}"`;
  return (
    `${shown} is not a loopback name; while the preview listens on loopback it answers only ` +
    'requests to 127.0.0.1, localhost or [::1] (set XRAY_PREVIEW_HOST to listen elsewhere)'
  );
}
