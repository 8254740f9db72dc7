/**
 * `url.Parse(s).Hostname()` from Go's net/url, for the `<db.name>@<host>` segment name. Not the
 * WHATWG URL parser: Go keeps the host's case, does no IDNA, reads `//host` without a scheme,
 * and gives up (no host) on a bad port, a bad escape or a character a host may not hold.
 */

const HEX = /^[0-9a-fA-F]{2}$/;
/** Characters Go lets through unescaped in a host (`shouldEscape(c, encodeHost)` is false). */
const HOST_CHAR = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

class ParseError extends Error {}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:\d*$/.test(port);
}

/** `unescape(s, mode)` for host and path: %XX checks, host character rules, then decoding. */
function unescape(text: string, host: boolean): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length;) {
    const c = raw[i] as number;
    if (c === 0x25) {
      const pair = raw.subarray(i + 1, i + 3).toString('latin1');
      if (!HEX.test(pair)) throw new ParseError('bad escape');
      // In a host, %-encoding is only allowed for non-ASCII bytes (and %25 itself).
      if (host && Number.parseInt(pair[0] ?? '0', 16) < 8 && pair !== '25') {
        throw new ParseError('bad host escape');
      }
      bytes.push(Number.parseInt(pair, 16));
      i += 3;
      continue;
    }
    if (host && c < 0x80 && !HOST_CHAR.test(String.fromCharCode(c))) {
      throw new ParseError('bad host character');
    }
    bytes.push(c);
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0 || !validOptionalPort(host.slice(close + 1))) throw new ParseError('bad host');
    return unescape(host, true);
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !validOptionalPort(host.slice(colon))) throw new ParseError('bad port');
  return unescape(host, true);
}

/** Scheme and the rest; no scheme when the text does not start with `letter [letter|digit|+-.]* :`. */
function splitScheme(text: string): [string, string] {
  const match = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(text);
  if (match !== null) return [match[0].slice(0, -1), text.slice(match[0].length)];
  if (text.startsWith(':')) throw new ParseError('missing protocol scheme');
  return ['', text];
}

function parseAuthorityHost(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new ParseError('control character');
  const [withoutFragment = '', fragment] = text.split(/#(.*)/s);
  if (fragment !== undefined) unescape(fragment, false);
  const [scheme, afterScheme] = splitScheme(withoutFragment);
  let rest = afterScheme;
  const question = rest.indexOf('?');
  if (question >= 0) rest = rest.slice(0, question);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return '';
    if ((rest.split('/')[0] ?? '').includes(':')) throw new ParseError('colon in first segment');
  }
  let host = '';
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    host = parseHost(authority.slice(at + 1));
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new ParseError('bad userinfo');
    unescape(userinfo, false);
  }
  unescape(rest, false);
  return host;
}

export function goUrlHostname(text: string): string {
  let host: string;
  try {
    host = parseAuthorityHost(text);
  } catch (error) {
    if (error instanceof ParseError) return '';
    throw error;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon);
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
