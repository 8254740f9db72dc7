// Readiness of an HTTP server: polls until it answers 2xx, gives up at a deadline, and stops early
// when the process that should serve it has exited (so a crash is reported at once, not after a
// timeout). Polling is the event here: a server that listens is not yet a server that is ready.

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Resolves when waiting is pointless (the server's process exited). */
  readonly abandon?: Promise<unknown>;
}

export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}

export async function waitForHttpOk(url: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let abandoned = false;
  void options.abandon?.then(() => {
    abandoned = true;
  });
  let last = 'no answer yet';
  while (!abandoned && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  if (abandoned)
    throw new NotReadyError(`${url} never became ready: its process exited (last probe: ${last}).`);
  throw new NotReadyError(
    `${url} was not ready after ${options.timeoutMs} ms (last probe: ${last}).`,
  );
}
