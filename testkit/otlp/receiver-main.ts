// Entry of the receiver's own process (started by receiver-process.ts with fork()). Arguments:
// the mode and the port. Over IPC it sends {type:'ready', port} once bound, answers
// {type:'stats'} with {type:'stats', spans, exports}, and exits on {type:'close'} or when the
// parent goes away.
import { startOtlpReceiver, type ReceiverMode } from './receiver.js';

const [mode = 'count', port = '0'] = process.argv.slice(2);
const send = (message: object): void => {
  if (process.send === undefined) throw new Error('receiver-main must be started with fork()');
  process.send(message);
};

const receiver = await startOtlpReceiver({ mode: mode as ReceiverMode, port: Number(port) });
send({ type: 'ready', port: receiver.port });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') {
    send({ type: 'stats', spans: receiver.spanCount(), exports: receiver.exportCount() });
  }
  if (message.type === 'close') void receiver.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
