#!/usr/bin/env node
// Launcher for `npx tracectl`. It runs the TypeScript sources through tsx's API, so the CLI
// works on a fresh clone right after `npm ci`, with no build step and no stale build/ to
// trip over. (tsx and @kubernetes/client-node are devDependencies: tracectl is a tool for
// people working from this repository, not part of the task-service image. @aws-sdk/client-xray
// is a dependency, since verify reads X-Ray with it.)

// @kubernetes/client-node v2 loads undici, which needs Node.js >= 22 (package.json engines);
// on an older Node it dies with a stack trace while loading, so say it in one line first.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `error: tracectl needs Node.js >= 22, this is ${process.versions.node}. Switch Node (e.g. nvm use 24), then retry\n`,
  );
  process.exit(1);
}

const { tsImport } = await import('tsx/esm/api');
const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
await main();
