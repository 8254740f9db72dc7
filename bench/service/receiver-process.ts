/**
 * The discarding OTLP/gRPC receiver, in its own process so decoding does not compete with the
 * load generator's event loop. It counts spans and throws them away. Started by `collector.ts`
 * with `fork()`; talks over IPC: prints nothing, answers `{ type: 'count' }` with the count.
 */
import { startOtlpReceiver } from '../../test/task-service/support/otlp-receiver.js';

const receiver = await startOtlpReceiver({ mode: 'count' });
process.send?.({ type: 'ready', endpoint: receiver.endpoint });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'count') process.send?.({ type: 'count', count: receiver.spanCount() });
  if (message.type === 'stop') void receiver.close().then(() => process.exit(0));
});
