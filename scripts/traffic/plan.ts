// The whole run, decided up front from the seed: which operation each step is, which task it works
// on and its small choices. The runner only executes it, so neither the number of requests in
// flight nor the order in which answers come back can change what is sent.
import { DEFAULT_WEIGHTS, NEEDS_TASK, pickOperation, seededRandom } from './mix.js';
import type { Operation } from './mix.js';

export interface PlannedStep {
  /** Position in the plan, from 0. */
  readonly step: number;
  readonly operation: Operation;
  /**
   * The step of the create whose task this operation works on; set exactly for the operations
   * that need a task. Never a task an earlier step deleted.
   */
  readonly target?: number;
  /** HTTP requests the step sends: 2 for stale-version (a rename, then the stale write), else 1. */
  readonly requests: 1 | 2;
  /**
   * A seeded value in [0, 1) for the operation's own choice: the page size of a list, which bad
   * payload, GET or DELETE for an unknown id, If-Match or body version for a write.
   */
  readonly pick: number;
}

/** The steps of a run of `requests` HTTP requests; the same seed always gives the same steps. */
export function planTraffic(
  seed: number,
  requests: number,
  weights: Readonly<Record<Operation, number>> = DEFAULT_WEIGHTS,
): PlannedStep[] {
  const random = seededRandom(seed);
  /** Steps of the creates whose tasks no step has deleted yet. */
  const alive: number[] = [];
  const steps: PlannedStep[] = [];
  let budget = requests;
  for (let step = 0; budget > 0; step += 1) {
    let operation = pickOperation(random, alive.length, weights);
    // Every step draws the same count of numbers, so one step's kind never shifts the next ones.
    const pick = random();
    const targetRoll = random();
    if (operation === 'stale-version' && budget < 2) operation = 'get';
    let target: number | undefined;
    if (NEEDS_TASK.has(operation)) {
      const at = Math.floor(targetRoll * alive.length);
      target = alive[at];
      if (operation === 'delete') alive.splice(at, 1);
    }
    if (operation === 'create') alive.push(step);
    const cost = operation === 'stale-version' ? 2 : 1;
    steps.push({ step, operation, requests: cost, pick, ...(target !== undefined && { target }) });
    budget -= cost;
  }
  return steps;
}
