// Runs the discarding OTLP receiver in its own process for benchmarks, driven over the IPC channel:
// it sends {type:'ready', port} once bound, answers {type:'stats'} with its counters, and exits on
// {type:'close'}. Start it with child_process.fork so that `process.send` exists.
import { startOtlpSink } from './otlp-sink.js';

interface Command {
  readonly type: 'stats' | 'close';
}

const send = (msg: object): void => {
  if (process.send === undefined)
    throw new Error('otlp-sink-process must be started with fork() (no IPC channel)');
  process.send(msg);
};

const sink = await startOtlpSink({ port: Number(process.env.SINK_PORT ?? 0) });
send({ type: 'ready', port: sink.port });
process.on('message', (msg: Command) => {
  if (msg.type === 'stats') send({ type: 'stats', ...sink.stats() });
  if (msg.type === 'close') void sink.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
