// GetServiceGraph output → a small map model → the input graph for the ELK layered layout.
// Pure (no DOM, no ELK runtime) so the transform is unit-tested in node.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import {
  breakdown,
  formatCount,
  formatSeconds,
  sumStats,
  typeBadge,
  typeLabel,
  type StatsBreakdown,
} from './format.js';
import type { XRayService } from '../../src/contract.js';

export interface MapNode {
  /** Layout id, derived from the X-Ray ReferenceId. */
  readonly id: string;
  readonly referenceId: number;
  readonly name: string;
  readonly type: string | undefined;
  readonly typeLabel: string;
  readonly badge: string;
  readonly stats: StatsBreakdown;
  /** True when the node had no statistics of its own and shows the sum of its outgoing edges. */
  readonly statsFromEdges: boolean;
  /** Names of the nodes this one calls. */
  readonly callees: readonly string[];
}

export interface MapEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly stats: StatsBreakdown;
  readonly label: string;
}

export interface ServiceMap {
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

export const NODE_WIDTH = 212;
export const NODE_HEIGHT = 92;
/**
 * Room between layers for an arrow and its two-line label (`12 req` over `81 ms`). Labels are
 * drawn on the edge rather than given their own ELK layer, which would double the gap: a
 * four-service chain then fits a 1024 px window at 0.85 scale or more.
 */
const LAYER_GAP = 84;

const nodeId = (referenceId: number): string => `svc-${referenceId}`;

export function buildServiceMap(services: readonly XRayService[]): ServiceMap {
  const byRef = new Map<number, XRayService>();
  for (const service of services) {
    if (!byRef.has(service.ReferenceId)) byRef.set(service.ReferenceId, service);
  }
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  for (const service of byRef.values()) {
    const outgoing = (service.Edges ?? []).filter((edge) => byRef.has(edge.ReferenceId));
    // Client nodes have no segments, so their own statistics are absent or all zero; what
    // they sent is on their edges.
    const own = breakdown(service.SummaryStatistics);
    const fromEdges = breakdown(sumStats(outgoing.map((e) => e.SummaryStatistics)));
    const statsFromEdges = own.total === 0 && fromEdges.total > 0;
    const stats = statsFromEdges ? fromEdges : own;
    nodes.push({
      id: nodeId(service.ReferenceId),
      referenceId: service.ReferenceId,
      name: nameOf(service),
      type: service.Type,
      typeLabel: typeLabel(service.Type),
      badge: typeBadge(service.Type),
      stats,
      statsFromEdges,
      callees: outgoing.map((edge) => nameOf(byRef.get(edge.ReferenceId))),
    });
    for (const edge of outgoing) {
      const edgeStats = breakdown(edge.SummaryStatistics);
      edges.push({
        id: `${nodeId(service.ReferenceId)}->${nodeId(edge.ReferenceId)}`,
        source: nodeId(service.ReferenceId),
        target: nodeId(edge.ReferenceId),
        stats: edgeStats,
        label: edgeLabel(edgeStats),
      });
    }
  }
  return { nodes, edges };
}

function nameOf(service: XRayService | undefined): string {
  return service?.Name ?? service?.Names?.[0] ?? `service ${service?.ReferenceId ?? '?'}`;
}

/** "12 req · 45 ms", or "" when the edge carries no statistics. */
export function edgeLabel(stats: StatsBreakdown): string {
  if (stats.total === 0) return '';
  return `${formatCount(stats.total)} req · ${formatSeconds(stats.avgSeconds)}`;
}

/**
 * A key that changes only when the layout would change (nodes, edges), so the
 * poller can reuse the previous layout when only the numbers moved.
 */
export function layoutKey(map: ServiceMap): string {
  const nodes = map.nodes.map((n) => n.id).sort();
  const edges = map.edges.map((e) => e.id).sort();
  return `${nodes.join(',')}|${edges.join(',')}`;
}

/** The ELK graph for the map: left-to-right layers, like the X-Ray console's map. */
export function toElkGraph(map: ServiceMap): ElkNode {
  const edges: ElkExtendedEdge[] = map.edges.map((edge) => ({
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
  }));
  return {
    id: 'service-map',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.spacing.nodeNode': '40',
      // An edge that passes a node keeps clear of it by half a label, so its label does too.
      'elk.spacing.edgeNode': '24',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      // Keep a stable order across refreshes so nodes do not jump around.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: map.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges,
  };
}

/** Where an edge's label goes: the middle of its longest horizontal run (the whole edge if none). */
export function labelAnchor(
  points: readonly { readonly x: number; readonly y: number }[],
): { x: number; y: number } | undefined {
  let best: { x: number; y: number; length: number } | undefined;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.y !== b.y) continue;
    const length = Math.abs(b.x - a.x);
    if (best === undefined || length > best.length) {
      best = { x: (a.x + b.x) / 2, y: a.y, length };
    }
  }
  if (best !== undefined) return { x: best.x, y: best.y };
  const first = points[0];
  const last = points.at(-1);
  return first === undefined || last === undefined
    ? undefined
    : { x: (first.x + last.x) / 2, y: (first.y + last.y) / 2 };
}
