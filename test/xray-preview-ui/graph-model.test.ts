import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK } from 'elkjs/lib/elk-api.js';
import { describe, expect, it } from 'vitest';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  buildServiceMap,
  layoutKey,
  labelAnchor,
  toElkGraph,
  type MapNode,
} from '../../apps/xray-preview/ui/src/graph-model.js';
import { serviceGraph } from './fixtures.js';

// elkjs is CommonJS (`module.exports = ELK`) while its typings say `export default`; under
// nodenext TypeScript types the default import as the module object, at runtime it is the class.
const ElkLayout = elkBundled as unknown as new () => ELK;

const services = serviceGraph.Services ?? [];

function nodeNamed(nodes: readonly MapNode[], name: string): MapNode {
  const node = nodes.find((n) => n.name === name);
  if (node === undefined) throw new Error(`no node named ${name}`);
  return node;
}

describe('service graph → map model', () => {
  it('GIVEN the fixture graph WHEN built THEN every service becomes a node with its type label and stats', () => {
    const map = buildServiceMap(services);
    expect(map.nodes.map((n) => n.name).sort()).toEqual(
      ['api.example.test', 'client', 'task-service', 'task-web', 'tasks'].sort(),
    );
    const service = nodeNamed(map.nodes, 'task-service');
    expect(service).toMatchObject({
      typeLabel: 'EKS Container',
      badge: 'EKS',
      statsFromEdges: false,
    });
    expect(service.stats).toMatchObject({ total: 40, ok: 32, error: 6, fault: 2 });
    expect(service.stats.avgSeconds).toBeCloseTo(0.04);
    expect(nodeNamed(map.nodes, 'tasks').typeLabel).toBe('DynamoDB Table');
  });

  it('GIVEN a client node without statistics WHEN built THEN it shows the sum of its outgoing edges', () => {
    const client = nodeNamed(buildServiceMap(services).nodes, 'client');
    expect(client.statsFromEdges).toBe(true);
    expect(client.stats.total).toBe(40);
  });

  it('GIVEN a client node with all-zero statistics (as the preview sends) WHEN built THEN its edges give the numbers', () => {
    const zero = { OkCount: 0, TotalCount: 0, TotalResponseTime: 0 };
    const map = buildServiceMap(
      services.map((svc) => (svc.Type === 'client' ? { ...svc, SummaryStatistics: zero } : svc)),
    );
    const client = nodeNamed(map.nodes, 'client');
    expect(client.statsFromEdges).toBe(true);
    expect(client.stats.avgSeconds).toBeCloseTo(0.06);
  });

  it('GIVEN a node with edges WHEN built THEN it lists the names it calls', () => {
    const map = buildServiceMap(services);
    expect(nodeNamed(map.nodes, 'task-service').callees).toEqual(['tasks', 'api.example.test']);
    expect(nodeNamed(map.nodes, 'tasks').callees).toEqual([]);
  });

  it('GIVEN edges WHEN built THEN they are directed caller → callee and labelled with count and average latency', () => {
    const map = buildServiceMap(services);
    const id = (name: string): string => nodeNamed(map.nodes, name).id;
    const edge = map.edges.find((e) => e.source === id('task-service') && e.target === id('tasks'));
    expect(edge?.label).toBe('31 req · 12 ms');
    expect(map.edges.map((e) => [e.source, e.target])).toContainEqual([
      id('client'),
      id('task-web'),
    ]);
    expect(map.edges).toHaveLength(4);
  });

  it('GIVEN an edge to an unknown ReferenceId and a duplicated service WHEN built THEN both are dropped', () => {
    const map = buildServiceMap([
      { ReferenceId: 1, Name: 'a', Edges: [{ ReferenceId: 99 }] },
      { ReferenceId: 1, Name: 'a-again' },
    ]);
    expect(map.nodes.map((n) => n.name)).toEqual(['a']);
    expect(map.edges).toEqual([]);
  });

  it('GIVEN the same topology with new numbers WHEN keyed THEN the layout key is unchanged, and a new node changes it', () => {
    const before = layoutKey(buildServiceMap(services));
    const busier = services.map((svc) =>
      svc.Name === 'tasks' ? { ...svc, SummaryStatistics: { TotalCount: 1_000 } } : svc,
    );
    expect(layoutKey(buildServiceMap(busier))).toBe(before);
    const grown = [...services, { ReferenceId: 9, Name: 'queue' }];
    expect(layoutKey(buildServiceMap(grown))).not.toBe(before);
  });
});

describe('map model → ELK layout', () => {
  it('GIVEN the map WHEN converted THEN ELK gets fixed-size nodes and one edge per map edge, without label layers', () => {
    const map = buildServiceMap(services);
    const graph = toElkGraph(map);
    expect(graph.layoutOptions?.['elk.algorithm']).toBe('layered');
    expect(graph.children).toHaveLength(5);
    expect(graph.children?.every((c) => c.width === NODE_WIDTH && c.height === NODE_HEIGHT)).toBe(
      true,
    );
    const edge = graph.edges?.find((e) => e.id === map.edges[0]?.id);
    expect(edge?.sources).toEqual([map.edges[0]?.source]);
    // Labels drawn on the edge, not as ELK label dummies that would double the gap between layers.
    expect(graph.edges?.every((e) => e.labels === undefined)).toBe(true);
  });

  it('GIVEN routed edge points WHEN a label is placed THEN it sits on the middle of the longest horizontal run', () => {
    expect(
      labelAnchor([
        { x: 0, y: 10 },
        { x: 20, y: 10 },
        { x: 20, y: 50 },
        { x: 100, y: 50 },
      ]),
    ).toEqual({ x: 60, y: 50 });
    expect(
      labelAnchor([
        { x: 0, y: 0 },
        { x: 0, y: 40 },
      ]),
    ).toEqual({ x: 0, y: 20 });
    expect(labelAnchor([])).toBeUndefined();
  });

  it('GIVEN the ELK input WHEN laid out by elkjs THEN callers sit left of callees and every edge is routed', async () => {
    const map = buildServiceMap(services);
    const layout = await new ElkLayout().layout(toElkGraph(map));
    const x = (name: string): number =>
      layout.children?.find((c) => c.id === nodeNamed(map.nodes, name).id)?.x ?? Number.NaN;
    expect(x('client')).toBeLessThan(x('task-web'));
    expect(x('task-web')).toBeLessThan(x('task-service'));
    expect(x('task-service')).toBeLessThan(x('tasks'));
    expect(layout.edges?.every((e) => (e.sections?.length ?? 0) > 0)).toBe(true);
  });
});
