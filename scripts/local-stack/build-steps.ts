// What `npm start` builds before starting: the TypeScript build (the task service runs from
// build/ with `node --import`), the task-web bundle, and the preview UI bundle. A script that
// does not exist (yet) in package.json is skipped, so the order stays valid as the repo grows.
import { startChild, describeExit } from '../../testkit/process/child.js';

export interface BuildStep {
  /** npm script name. */
  readonly script: string;
  readonly what: string;
}

export const BUILD_STEPS: readonly BuildStep[] = [
  { script: 'build', what: 'TypeScript build and what it chains' },
  { script: 'build:web', what: 'task-web bundle (Vite)' },
  { script: 'build:preview-ui', what: 'xray-preview UI bundle (Vite)' },
];

/**
 * The steps whose scripts exist, in order, minus those an earlier step already runs
 * (e.g. `build` = `tsc ... && npm run build:preview-ui`).
 */
export function planBuilds(scripts: Readonly<Record<string, unknown>>): BuildStep[] {
  const planned: BuildStep[] = [];
  for (const step of BUILD_STEPS) {
    if (typeof scripts[step.script] !== 'string') continue;
    const covered = planned.some((earlier) =>
      new RegExp(`npm run ${step.script.replace(/[:]/g, '\\$&')}(\\s|$)`).test(
        String(scripts[earlier.script]),
      ),
    );
    if (!covered) planned.push(step);
  }
  return planned;
}

export interface BuildRunOptions {
  readonly cwd: string;
  readonly log: (line: string) => void;
  /** Output of the build tools; quiet by default, shown in full when a step fails. */
  readonly onLine?: (line: string) => void;
}

export async function runBuilds(
  steps: readonly BuildStep[],
  options: BuildRunOptions,
): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const step of steps) {
    const started = Date.now();
    options.log(`building: ${step.what} (npm run ${step.script})`);
    const child = startChild({
      name: step.script,
      command: npm,
      args: ['run', '--silent', step.script],
      cwd: options.cwd,
      env: process.env,
      onLine: options.onLine ?? (() => {}),
      tailLines: 60,
    });
    const exit = await child.exited;
    if (exit.code !== 0) {
      throw new Error(
        `npm run ${step.script} ${describeExit(exit)}. Its output:\n${child.tail().join('\n')}\n` +
          `Fix the build error above, or run \`npm run ${step.script}\` on its own to see everything.`,
      );
    }
    options.log(`built: ${step.script} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
