/**
 * How stored documents map to X-Ray service-graph nodes. Decisions (X-Ray conventions):
 * - a segment is a service node named by its name, typed by its `origin` (no origin → no Type,
 *   like X-Ray's generic service);
 * - a root segment, or one whose parent is not in the store, is called by a `client` node;
 * - an `aws` subsegment not matched by a downstream segment becomes an inferred node typed
 *   `AWS::<name>`; with `aws.table_name` (only DynamoDB sets it) it is named by the table and
 *   typed `AWS::DynamoDB::Table`, as the X-Ray console shows tables (e.g. the Scorekeep sample);
 * - any other `remote` subsegment not matched by a downstream segment is a `remote` node.
 */
import { XRAY_NODE_TYPES } from '../contract.js';
import type { StoredDocument, StoredTrace } from '../store/trace-store.js';

export interface NodeId {
  readonly name: string;
  readonly type: string | undefined;
}

export const CLIENT_NODE: NodeId = { name: 'client', type: XRAY_NODE_TYPES.client };

export function nodeKey(node: NodeId): string {
  return `${node.type ?? ''}\u0000${node.name}`;
}

export function serviceNode(doc: StoredDocument): NodeId {
  return { name: doc.name, type: doc.origin };
}

export function inferredNode(doc: StoredDocument): NodeId | undefined {
  if (doc.namespace === 'aws') {
    if (doc.tableName !== undefined) {
      return { name: doc.tableName, type: XRAY_NODE_TYPES.dynamoDbTable };
    }
    return { name: doc.name, type: `AWS::${doc.name}` };
  }
  if (doc.namespace === 'remote') return { name: doc.name, type: 'remote' };
  return undefined;
}

/** Per-trace index: documents by id, and which subsegments a downstream segment answers. */
export class TraceIndex {
  readonly byId = new Map<string, StoredDocument>();
  /** Subsegment ids that are the parent of some segment (a traced downstream call). */
  readonly matchedCalls = new Set<string>();

  constructor(trace: StoredTrace) {
    for (const doc of trace.documents) if (doc.id !== '') this.byId.set(doc.id, doc);
    for (const doc of trace.documents) {
      if (!doc.isSubsegment && doc.parentId !== undefined) this.matchedCalls.add(doc.parentId);
    }
  }

  /** The segment a document belongs to: itself, or the nearest segment up its parent chain. */
  owner(doc: StoredDocument): StoredDocument | undefined {
    let current: StoredDocument | undefined = doc;
    for (let depth = 0; current !== undefined && depth < 1000; depth++) {
      if (!current.isSubsegment) return current;
      current = current.parentId === undefined ? undefined : this.byId.get(current.parentId);
    }
    return undefined;
  }

  /** True when an ancestor subsegment (below the owner) is already a downstream call. */
  insideAnotherCall(doc: StoredDocument): boolean {
    let current = doc.parentId === undefined ? undefined : this.byId.get(doc.parentId);
    for (let depth = 0; current !== undefined && current.isSubsegment && depth < 1000; depth++) {
      if (current.namespace === 'aws' || current.namespace === 'remote') return true;
      current = current.parentId === undefined ? undefined : this.byId.get(current.parentId);
    }
    return false;
  }
}
