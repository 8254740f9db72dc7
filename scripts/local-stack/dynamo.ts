// dynalite, the local DynamoDB, as the stack runs it: in its own process (see
// component-process.ts), bound to loopback.
import { fileURLToPath } from 'node:url';
import { describeEnd, startComponentProcess } from './component-process.js';
import { LOOPBACK } from './runtime-config.js';

export interface DynamoConfig {
  readonly host: string;
  readonly port: number;
}

export interface DynamoReady {
  /** The address dynalite bound. */
  readonly host: string;
  readonly port: number;
}

export interface DynamoHandle extends DynamoReady {
  /** Its process, while it runs. */
  readonly pid: number | undefined;
  /** `http://127.0.0.1:<port>`, for DYNAMODB_ENDPOINT. */
  readonly endpoint: string;
  /** Settles with a description when the process ends without close(). */
  readonly ended: Promise<string>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./dynalite-process.ts', import.meta.url));

export async function startDynamo(
  port: number,
  onLine: (line: string) => void,
): Promise<DynamoHandle> {
  const { child, ready } = await startComponentProcess<DynamoConfig, DynamoReady>({
    name: 'dynalite',
    entry: ENTRY,
    config: { host: LOOPBACK, port },
    onLine,
  });
  let closing = false;
  return {
    ...ready,
    pid: child.pid,
    endpoint: `http://${ready.host}:${ready.port}`,
    ended: child.exited.then((exit) =>
      closing ? new Promise<string>(() => {}) : describeEnd('dynalite', exit, child.tail()),
    ),
    close: async () => {
      closing = true;
      await child.stop(10_000);
    },
  };
}
