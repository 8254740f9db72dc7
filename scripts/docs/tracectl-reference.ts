// `npm run docs:tracectl`: regenerates the command reference in docs/tracectl.md from the
// command definitions (src/cli/*/command.ts).
import { resolve } from 'node:path';
import { updateReferenceFile } from '../../src/cli/reference.js';

const path = resolve(import.meta.dirname, '../../docs/tracectl.md');
console.log((await updateReferenceFile(path)) ? `updated ${path}` : `${path} is up to date`);
