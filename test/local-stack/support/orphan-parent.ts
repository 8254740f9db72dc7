// A stand-in supervisor for the orphan test: starts dynalite the way the stack does (its own
// process, through tsx), prints its port as {"port":N} and then waits to be killed.
import { startDynamo } from '../../../scripts/local-stack/dynamo.js';

const dynamo = await startDynamo(0, () => {});
console.log(JSON.stringify({ port: dynamo.port, pid: dynamo.pid }));
setInterval(() => {}, 60_000);
