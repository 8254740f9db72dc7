// Which addresses a TCP port is listened on, read from the kernel's socket tables (Linux
// /proc/net/tcp and /proc/net/tcp6), whatever process holds the socket. Tests use it to check
// that a child process bound loopback without trusting what the child says about itself.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';

const LISTEN = '0A';

/** One 32-bit word of a /proc address, as the kernel prints it (host byte order), in network order. */
function wordBytes(hex: string): number[] {
  const bytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return endianness() === 'LE' ? bytes.reverse() : bytes;
}

/** `0100007F` -> `127.0.0.1`; 32 hex digits -> the IPv6 address in its short form. */
export function procAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // The URL parser prints IPv6 in its canonical short form.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

async function table(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code}); the bound-address checks ` +
        'read the Linux kernel socket tables and need Linux with /proc mounted',
      { cause: error },
    );
  }
}

/**
 * The local addresses of the sockets listening on TCP `port` (`127.0.0.1`, `0.0.0.0`, `::`,
 * `::ffff:127.0.0.1` ...), sorted; empty when nothing listens there.
 */
export async function listeningAddresses(port: number): Promise<string[]> {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await table(file)).split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== LISTEN) continue;
      const [hex, portHex] = local.split(':');
      if (hex === undefined || Number.parseInt(portHex ?? '', 16) !== port) continue;
      addresses.push(procAddress(hex));
    }
  }
  return addresses.sort();
}
