// DNS-rebinding guard for the listeners the local stack runs itself (task-web's static server,
// dynalite). A web page can point a name it controls at 127.0.0.1 and then read what a loopback
// server answers as if it were its own origin. The browser still sends that name in Host, so a
// server bound to loopback answers only requests addressed to a loopback name.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
// The same loopback names the preview accepts.
import { hostnameOf, isLoopbackName } from '../../apps/xray-preview/src/server/loopback.js';

export { isLoopbackName };

/**
 * Why a request may not be answered, or undefined when it may. A request without Host (HTTP/1.0)
 * is refused too: browsers always send one, and every client of the stack does.
 */
export function hostRefusal(req: IncomingMessage): string | undefined {
  const header = req.headers.host;
  if (header !== undefined && isLoopbackName(hostnameOf(header))) return undefined;
  const shown =
    header === undefined ? 'no Host header' : `Host ${JSON.stringify(header.slice(0, 64))}`;
  return (
    `${shown} is not a loopback name. The local stack listens on 127.0.0.1 and answers only ` +
    'requests to 127.0.0.1, localhost or [::1]; open the URL npm start printed.'
  );
}

/**
 * Puts the Host check in front of every request handler of `server` (including the ones a
 * library such as dynalite installed): a non-loopback Host gets 403 and reaches no handler.
 */
export function guardLoopbackHost(server: Server): void {
  const handlers = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = hostRefusal(req);
    if (refusal === undefined) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    // The body is not read: close the connection rather than leave it to be drained.
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`${refusal}\n`);
  });
}
