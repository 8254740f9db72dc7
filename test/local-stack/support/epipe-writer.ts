// Writes numbered lines to its stdout through the supervisor's output until that output reports
// it is broken, then says so on stderr and exits 0. Run with stdout piped to a reader that leaves.
import { streamOutput } from '../../../scripts/local-stack/output.js';

const output = streamOutput();
let stop = false;
void output.broken.then((why) => {
  stop = true;
  process.stderr.write(`broken: ${why}\n`);
  process.exit(0);
});
for (let i = 0; !stop && i < 100_000; i += 1) {
  output.out(`line ${i}`);
  await new Promise((done) => setImmediate(done));
}
process.stderr.write('wrote 100000 lines without noticing the reader had gone\n');
process.exit(3);
