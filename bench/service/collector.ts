import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Handle on the discarding receiver process. */
export interface DiscardingCollector {
  readonly endpoint: string;
  /** Spans received so far. */
  count(): Promise<number>;
  stop(): Promise<void>;
}

function ask<T>(child: ChildProcess, type: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string } & T): void => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    if (type !== '') child.send({ type });
  });
}

export async function startDiscardingCollector(): Promise<DiscardingCollector> {
  const child = fork(fileURLToPath(new URL('./receiver-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { endpoint } = await ask<{ endpoint: string }>(child, '', 'ready');
  return {
    endpoint,
    count: async () => (await ask<{ count: number }>(child, 'count', 'count')).count,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
