// The contract between the UI and tracing, without either's dependencies (so Node tests can
// drive the controller without a browser tracer).

import type { TaskWebAction } from './contract.js';

/** Runs a function with the action's span active, so fetches it starts join the trace. */
export type RunInSpan = <R>(fn: () => R) => R;

/** Runs one user action as a traced unit; `fn` wraps each fetch in `run`. */
export type ActionRunner = <T>(
  name: TaskWebAction,
  fn: (run: RunInSpan) => Promise<T>,
) => Promise<T>;
