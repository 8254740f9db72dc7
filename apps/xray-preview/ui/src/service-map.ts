// Draws the service map as SVG from an ELK layout. Nodes carry an X-Ray style health ring
// (green ok, orange error, purple throttle, red fault); edges are directed, labelled arrows.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { onActivate, s, swapContent } from './dom.js';
import { formatCount, formatPercent, formatSeconds, healthOf, type Health } from './format.js';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  labelAnchor,
  layoutKey,
  toElkGraph,
  type MapNode,
  type ServiceMap,
} from './graph-model.js';

const RING_RADIUS = 28;
const RING_CX = 44;
const TEXT_X = 82;
const NAME_MAX_CHARS = 15;
/**
 * The map shrinks to fit its panel down to this scale (12 px statistics stay ≥ 10 px), and
 * scrolls beyond it.
 */
const MIN_SCALE = 0.85;
const MAX_SCALE = 1.15;
const LABEL_WIDTH = 62;
const LABEL_HEIGHT = 32;
const HEALTH_ORDER: readonly Health[] = ['ok', 'error', 'throttle', 'fault'];

export class ServiceMapView {
  private readonly elk = new ELK();
  private cachedKey = '';
  private cachedLayout: ElkNode | undefined;
  private drawnKey = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (node: MapNode | undefined) => void,
  ) {}

  async render(map: ServiceMap, selectedId: string | undefined): Promise<void> {
    const key = layoutKey(map);
    if (key !== this.cachedKey || this.cachedLayout === undefined) {
      this.cachedLayout = await this.elk.layout(toElkGraph(map));
      this.cachedKey = key;
    }
    // Redraw only when something visible changed, so hover and focus survive the polling.
    const drawnKey = `${JSON.stringify(map)}|${selectedId ?? ''}`;
    if (drawnKey === this.drawnKey && this.container.querySelector('svg') !== null) return;
    this.drawnKey = drawnKey;
    swapContent(this.container, this.draw(map, this.cachedLayout, selectedId));
  }

  private draw(map: ServiceMap, layout: ElkNode, selectedId: string | undefined): SVGSVGElement {
    const width = Math.max(layout.width ?? 0, 1);
    const height = Math.max(layout.height ?? 0, 1);
    const svg = s('svg', {
      class: 'map-svg',
      viewBox: `0 0 ${width} ${height}`,
      preserveAspectRatio: 'xMidYMid meet',
      // Large maps scroll rather than shrink past readability; small ones grow only a little.
      style: `min-width:${Math.round(width * MIN_SCALE)}px;max-width:${Math.round(width * MAX_SCALE)}px`,
      role: 'group',
      'aria-label': `Service map: ${map.nodes.length} nodes, ${map.edges.length} edges`,
    });
    svg.append(markers());
    svg.addEventListener('click', (event) => {
      if (event.target === svg) this.onSelect(undefined);
    });

    const positions = new Map((layout.children ?? []).map((child) => [child.id, child]));
    const edgeLayouts = new Map((layout.edges ?? []).map((edge) => [edge.id, edge]));
    const edgeLayer = s('g', { class: 'edges' });
    for (const edge of map.edges) {
      const laidOut = edgeLayouts.get(edge.id);
      if (laidOut !== undefined) {
        edgeLayer.append(drawEdge(laidOut, healthOf(edge.stats), edge.id, edge.label));
      }
    }
    const nodeLayer = s('g', { class: 'nodes' });
    for (const node of map.nodes) {
      const position = positions.get(node.id);
      if (position === undefined) continue;
      const group = drawNode(node, position.x ?? 0, position.y ?? 0, node.id === selectedId);
      onActivate(group, () => this.onSelect(node.id === selectedId ? undefined : node));
      nodeLayer.append(group);
    }
    svg.append(edgeLayer, nodeLayer);
    return svg;
  }
}

function markers(): SVGDefsElement {
  const defs = s('defs');
  for (const health of HEALTH_ORDER) {
    defs.append(
      s(
        'marker',
        {
          id: `arrow-${health}`,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow health-${health}` }),
      ),
    );
  }
  return defs;
}

function drawEdge(edge: ElkExtendedEdge, health: Health, id: string, label: string): SVGGElement {
  const group = s('g', { class: `edge health-${health}`, 'data-edge': id });
  let anchor: { x: number; y: number } | undefined;
  for (const section of edge.sections ?? []) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
    group.append(s('path', { d, class: 'edge-line', 'marker-end': `url(#arrow-${health})` }));
    anchor ??= labelAnchor(points);
  }
  if (label === '' || anchor === undefined) return group;
  // "12 req · 81 ms" on two lines, centred on the edge: narrow enough for the gap between layers.
  const lines = label.split(' · ');
  const x = anchor.x - LABEL_WIDTH / 2;
  const y = anchor.y - LABEL_HEIGHT / 2;
  group.append(
    s('title', {}, label),
    s('rect', { class: 'edge-label-bg', x, y, width: LABEL_WIDTH, height: LABEL_HEIGHT, rx: 4 }),
    s(
      'text',
      { class: 'edge-label', x: anchor.x, y: y + 13, 'text-anchor': 'middle' },
      ...lines.map((line, i) => s('tspan', { x: anchor.x, dy: i === 0 ? 0 : 14 }, line)),
    ),
  );
  return group;
}

function drawNode(node: MapNode, x: number, y: number, selected: boolean): SVGGElement {
  const { stats } = node;
  const health = healthOf(stats);
  const errorPct = formatPercent(stats.error + stats.throttle, stats.total);
  const faultPct = formatPercent(stats.fault, stats.total);
  const group = s('g', {
    class: `node health-${health}${selected ? ' selected' : ''}`,
    transform: `translate(${x} ${y})`,
    role: 'button',
    tabindex: 0,
    'aria-pressed': selected ? 'true' : 'false',
    'data-node': node.name,
    'data-key': node.id,
    'aria-label':
      `${node.name} (${node.typeLabel}): ${stats.total} requests, average ${formatSeconds(stats.avgSeconds)}, ` +
      `${errorPct} errors, ${faultPct} faults. Activate to filter traces.`,
  });
  const shortName =
    node.name.length > NAME_MAX_CHARS ? `${node.name.slice(0, NAME_MAX_CHARS - 1)}…` : node.name;
  group.append(
    s('title', {}, `${node.name} — ${node.type ?? 'service'}`),
    s('rect', { class: 'node-card', width: NODE_WIDTH, height: NODE_HEIGHT, rx: 10 }),
    ring(node),
    s(
      'text',
      { class: 'node-badge', x: RING_CX, y: NODE_HEIGHT / 2 + 4, 'text-anchor': 'middle' },
      node.badge,
    ),
    s('text', { class: 'node-name', x: TEXT_X, y: 24 }, shortName),
    s('text', { class: 'node-type', x: TEXT_X, y: 41 }, node.typeLabel),
    s(
      'text',
      { class: 'node-stat', x: TEXT_X, y: 60 },
      `${formatCount(stats.total)} req · ${formatSeconds(stats.avgSeconds)} avg`,
    ),
    s(
      'text',
      { class: 'node-stat', x: TEXT_X, y: 78 },
      s(
        'tspan',
        { class: stats.error + stats.throttle > 0 ? 'txt health-error' : undefined },
        `err ${errorPct}`,
      ),
      ' · ',
      s('tspan', { class: stats.fault > 0 ? 'txt health-fault' : undefined }, `fault ${faultPct}`),
    ),
  );
  return group;
}

/** Arcs proportional to ok/error/throttle/fault counts, drawn with stroke dashes on circles. */
function ring(node: MapNode): SVGGElement {
  const { stats } = node;
  const circumference = 2 * Math.PI * RING_RADIUS;
  const group = s('g', {
    class: 'ring',
    transform: `rotate(-90 ${RING_CX} ${NODE_HEIGHT / 2})`,
  });
  const base = { cx: RING_CX, cy: NODE_HEIGHT / 2, r: RING_RADIUS, fill: 'none' };
  group.append(s('circle', { ...base, class: 'ring-track' }));
  if (stats.total === 0) return group;
  const parts: Record<Health, number> = {
    ok: stats.ok,
    error: stats.error,
    throttle: stats.throttle,
    fault: stats.fault,
  };
  const counted = HEALTH_ORDER.reduce((sum, health) => sum + parts[health], 0) || 1;
  let offset = 0;
  for (const health of HEALTH_ORDER) {
    const length = (parts[health] / counted) * circumference;
    if (length <= 0) continue;
    group.append(
      s('circle', {
        ...base,
        class: `ring-part health-${health}`,
        'stroke-dasharray': `${length} ${circumference - length}`,
        'stroke-dashoffset': -offset,
      }),
    );
    offset += length;
  }
  return group;
}
