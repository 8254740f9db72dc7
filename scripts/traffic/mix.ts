// The operation mix: mostly healthy CRUD, plus client errors and version conflicts so the
// service map has error rates to show. Pure and seeded, so tests and reruns are repeatable.

export type Operation =
  | 'create'
  | 'list'
  | 'get'
  | 'complete'
  | 'delete'
  | 'bad-payload'
  | 'unknown-id'
  | 'stale-version';

/** Relative weights; they need not sum to 100. */
export const DEFAULT_WEIGHTS: Readonly<Record<Operation, number>> = {
  create: 24,
  list: 18,
  get: 16,
  complete: 14,
  delete: 8,
  'bad-payload': 6,
  'unknown-id': 6,
  'stale-version': 8,
};

/** Operations that need an existing task; with none known they turn into a create. */
export const NEEDS_TASK: ReadonlySet<Operation> = new Set([
  'get',
  'complete',
  'delete',
  'stale-version',
]);

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickOperation(
  random: () => number,
  knownTasks: number,
  weights: Readonly<Record<Operation, number>> = DEFAULT_WEIGHTS,
): Operation {
  const entries = Object.entries(weights) as [Operation, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  let chosen: Operation = entries[entries.length - 1]![0];
  for (const [operation, weight] of entries) {
    if (roll < weight) {
      chosen = operation;
      break;
    }
    roll -= weight;
  }
  return knownTasks === 0 && NEEDS_TASK.has(chosen) ? 'create' : chosen;
}
