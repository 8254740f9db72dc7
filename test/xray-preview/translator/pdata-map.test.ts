// The attribute map the translator edits: pdata's Get/Remove semantics, on a copy that leaves
// the decoded span untouched.
import { describe, expect, it } from 'vitest';
import type { AttrMap, AttrValue } from '../../../apps/xray-preview/src/model.js';
import { appendAttribute, attributeEntries } from '../../../apps/xray-preview/src/model.js';
import { PdataMap } from '../../../apps/xray-preview/src/translator/pdata.js';

function decoded(entries: [string, AttrValue][]): AttrMap {
  const map: AttrMap = new Map();
  for (const [key, value] of entries) appendAttribute(map, key, value);
  return map;
}

const ENTRIES: [string, AttrValue][] = [
  ['a', 1],
  ['b', 2],
  ['a', 3],
  ['c', 4],
];

describe('PdataMap', () => {
  it('GIVEN a repeated key WHEN read THEN Get answers the first entry and iteration yields every entry', () => {
    const map = new PdataMap(decoded(ENTRIES));
    expect(map.get('a')).toBe(1);
    expect(map.size).toBe(4);
    expect([...map]).toEqual(ENTRIES);
  });

  it('GIVEN a copy WHEN a key is removed THEN the last entry takes its place and the decoded map is unchanged', () => {
    const source = decoded(ENTRIES);
    const map = new PdataMap(source);
    map.remove('a');
    expect([...map]).toEqual([
      ['c', 4],
      ['b', 2],
      ['a', 3],
    ]);
    expect(map.get('a')).toBe(3);
    expect(map.size).toBe(3);
    expect([...attributeEntries(source)]).toEqual(ENTRIES);
  });

  it('GIVEN a changed map WHEN copied and the copy changes THEN each keeps its own entries', () => {
    const first = new PdataMap(decoded(ENTRIES));
    first.remove('b');
    const second = new PdataMap(first);
    second.remove('c');
    expect([...first].map(([k]) => k)).toEqual(['a', 'c', 'a']);
    expect([...second].map(([k]) => k)).toEqual(['a', 'a']);
  });

  it('GIVEN a key that is not there WHEN removed THEN nothing changes', () => {
    const map = new PdataMap(decoded(ENTRIES));
    map.remove('zzz');
    expect([...map]).toEqual(ENTRIES);
  });
});
