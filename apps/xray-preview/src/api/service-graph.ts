/**
 * GetServiceGraph (POST /ServiceGraph): services and edges built from the stored documents whose
 * time overlaps [StartTime, EndTime]. Edge statistics come from the callee side: the downstream
 * segment for service-to-service edges, the subsegment for inferred (aws/remote) nodes.
 */
import type { StoredDocument, StoredTrace } from '../store/trace-store.js';
import type { NodeId } from './graph-nodes.js';
import { CLIENT_NODE, inferredNode, nodeKey, serviceNode, TraceIndex } from './graph-nodes.js';
import type { HistogramEntry, Outcome, SummaryStatistics } from './statistics.js';
import { StatisticsAccumulator } from './statistics.js';

export interface GraphEdge {
  ReferenceId: number;
  StartTime: number;
  EndTime: number;
  SummaryStatistics: SummaryStatistics;
  ResponseTimeHistogram: HistogramEntry[];
  Aliases: never[];
}

export interface GraphService {
  ReferenceId: number;
  Name: string;
  Names: string[];
  Type?: string;
  Root: boolean;
  State: 'active';
  StartTime: number;
  EndTime: number;
  Edges: GraphEdge[];
  SummaryStatistics: SummaryStatistics;
  ResponseTimeHistogram: HistogramEntry[];
  DurationHistogram: HistogramEntry[];
}

interface Span {
  start: number;
  end: number;
  readonly stats: StatisticsAccumulator;
}

interface NodeState extends Span {
  readonly id: NodeId;
  readonly referenceId: number;
  root: boolean;
  readonly edges: Map<string, Span & { readonly target: string }>;
}

function outcome(doc: StoredDocument): Outcome {
  return {
    fault: doc.fault,
    error: doc.error,
    throttle: doc.throttle,
    duration: doc.end - doc.start,
  };
}

function overlaps(doc: StoredDocument, start: number, end: number): boolean {
  return doc.end >= start && doc.start <= end;
}

class GraphBuilder {
  readonly nodes = new Map<string, NodeState>();

  node(id: NodeId): NodeState {
    const key = nodeKey(id);
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = {
        id,
        referenceId: this.nodes.size,
        root: false,
        start: Infinity,
        end: -Infinity,
        stats: new StatisticsAccumulator(),
        edges: new Map(),
      };
      this.nodes.set(key, node);
    }
    return node;
  }

  /** Records one call from `caller` to `callee`, measured by `doc`. */
  call(caller: NodeId, callee: NodeId, doc: StoredDocument, countOnCallee: boolean): void {
    const from = this.node(caller);
    const to = this.node(callee);
    const targetKey = nodeKey(callee);
    let edge = from.edges.get(targetKey);
    if (edge === undefined) {
      edge = {
        target: targetKey,
        start: Infinity,
        end: -Infinity,
        stats: new StatisticsAccumulator(),
      };
      from.edges.set(targetKey, edge);
    }
    widen(edge, doc);
    edge.stats.add(outcome(doc));
    widen(from, doc);
    if (countOnCallee) this.measure(to, doc);
  }

  measure(node: NodeState, doc: StoredDocument): void {
    widen(node, doc);
    node.stats.add(outcome(doc));
  }
}

function widen(span: Span, doc: StoredDocument): void {
  span.start = Math.min(span.start, doc.start);
  span.end = Math.max(span.end, doc.end);
}

function addTrace(builder: GraphBuilder, trace: StoredTrace, start: number, end: number): void {
  const index = new TraceIndex(trace);
  for (const doc of trace.documents) {
    if (!overlaps(doc, start, end)) continue;
    if (!doc.isSubsegment) {
      const parent = doc.parentId === undefined ? undefined : index.byId.get(doc.parentId);
      const callerSegment = parent === undefined ? undefined : index.owner(parent);
      const caller = callerSegment === undefined ? CLIENT_NODE : serviceNode(callerSegment);
      if (callerSegment === undefined) builder.node(serviceNode(doc)).root = true;
      builder.call(caller, serviceNode(doc), doc, true);
      continue;
    }
    if (index.matchedCalls.has(doc.id) || index.insideAnotherCall(doc)) continue;
    const target = inferredNode(doc);
    const owner = index.owner(doc);
    if (target === undefined || owner === undefined) continue;
    builder.call(serviceNode(owner), target, doc, true);
  }
}

function toService(node: NodeState, byKey: Map<string, NodeState>): GraphService {
  const service: GraphService = {
    ReferenceId: node.referenceId,
    Name: node.id.name,
    Names: [node.id.name],
    Root: node.root,
    State: 'active',
    StartTime: node.start,
    EndTime: node.end,
    Edges: [...node.edges.values()].map((edge) => ({
      ReferenceId: byKey.get(edge.target)?.referenceId ?? -1,
      StartTime: edge.start,
      EndTime: edge.end,
      SummaryStatistics: edge.stats.summary(),
      ResponseTimeHistogram: edge.stats.responseTimeHistogram(),
      Aliases: [],
    })),
    SummaryStatistics: node.stats.summary(),
    ResponseTimeHistogram: node.stats.responseTimeHistogram(),
    DurationHistogram: node.stats.responseTimeHistogram(),
  };
  if (node.id.type !== undefined) service.Type = node.id.type;
  return service;
}

export function buildServiceGraph(
  traces: Iterable<StoredTrace>,
  start: number,
  end: number,
): GraphService[] {
  const builder = new GraphBuilder();
  for (const trace of traces) {
    if (trace.end >= start && trace.start <= end) addTrace(builder, trace, start, end);
  }
  return [...builder.nodes.values()].map((node) => {
    // The client node has no segments of its own: it spans its calls.
    if (!Number.isFinite(node.start)) {
      for (const edge of node.edges.values()) {
        node.start = Math.min(node.start, edge.start);
        node.end = Math.max(node.end, edge.end);
      }
    }
    return toService(node, builder.nodes);
  });
}
