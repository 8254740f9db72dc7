import { describe, expect, it } from 'vitest';
import { synthesize } from './helpers/manifests.js';

// One snapshot per chart, next to the field assertions in charts*.test.ts: a reviewer sees
// every manifest change in the diff, while the assertions say which parts are contracts.
const synth = synthesize();

describe('GIVEN each chart', () => {
  it.each(Object.keys(synth.byChart))('THEN %s matches its snapshot', (chart) => {
    expect(synth.byChart[chart]).toMatchSnapshot();
  });
});
