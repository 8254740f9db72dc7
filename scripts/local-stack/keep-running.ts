// Keeps the preview up while the stack runs. Its traces are a cache, and its ingest ports are
// what a flood hits first, so when its process dies the supervisor says why and starts a new one
// on the same ports (the task service's exporter reconnects by itself). A preview that keeps
// dying is a bug to look at, not to hide: after `maxRestarts` the stack stops.
import type { PreviewHandle, PreviewPorts, PreviewRequest, PreviewStarter } from './preview.js';

export interface KeptPreview {
  /** The ports of the first start; every restart binds the same. */
  readonly ports: PreviewPorts;
  /** Settles when the preview died and could not, or may no longer, be restarted. */
  readonly failure: Promise<Error>;
  /** Stops the running preview (waiting for a restart under way). Safe to call twice. */
  close(): Promise<void>;
}

export interface KeepRunningOptions {
  readonly start: PreviewStarter;
  readonly request: PreviewRequest;
  readonly log: (line: string) => void;
  /** @default 3 */
  readonly maxRestarts?: number;
}

export async function keepPreviewRunning(options: KeepRunningOptions): Promise<KeptPreview> {
  const maxRestarts = options.maxRestarts ?? 3;
  const first = await options.start(options.request);
  // Port 0 meant "any free port" the first time; after that the ports everyone was told.
  const sameRequest: PreviewRequest = {
    ...options.request,
    grpcPort: first.grpcPort,
    httpPort: first.httpPort,
    apiPort: first.apiPort,
  };
  let current = first;
  let restarts = 0;
  let closed = false;
  let restarting: Promise<void> | undefined;
  let fail: (error: Error) => void = () => {};
  const failure = new Promise<Error>((resolve) => {
    fail = resolve;
  });

  const watch = (handle: PreviewHandle): void => {
    void handle.ended.then((what) => {
      if (closed) return;
      if (restarts >= maxRestarts) {
        fail(
          new Error(
            `${what}\nThe preview has died ${restarts + 1} time(s); not restarting it again.`,
          ),
        );
        return;
      }
      restarts += 1;
      // Its output was printed as it came; the first line of `what` says how it ended.
      options.log(
        `${what.split('\n')[0]}\nrestarting xray-preview on the same ports (restart ${restarts} of ${maxRestarts}); ` +
          'the traces it held are gone',
      );
      restarting = options.start(sameRequest).then(
        async (next) => {
          current = next;
          if (closed) return next.close();
          options.log('xray-preview is running again');
          watch(next);
        },
        (error: unknown) => {
          fail(
            new Error(
              `${what}\nIt could not be restarted: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
        },
      );
    });
  };
  watch(first);

  return {
    ports: {
      host: first.host,
      grpcPort: first.grpcPort,
      httpPort: first.httpPort,
      apiPort: first.apiPort,
    },
    failure,
    close: async () => {
      closed = true;
      await restarting;
      await current.close();
    },
  };
}
