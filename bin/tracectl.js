#!/usr/bin/env node
// Launcher for `npx tracectl`. It runs the TypeScript sources through tsx's API, so the CLI
// works on a fresh clone right after `npm ci`, with no build step and no stale build/ to
// trip over. (tsx and @kubernetes/client-node are devDependencies: tracectl is a tool for
// people working from this repository, not part of the task-service image.)
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
await main();
