// Wires the views to the API: polls every few seconds, keeps the selection across refreshes,
// and keeps showing the last good data (with a banner) when the server is unreachable.
import {
  getSegmentDocuments,
  getServiceGraph,
  getStats,
  getTraceEntries,
  getTraceSummaries,
  windowEndingNow,
} from './api.js';
import { h } from './dom.js';
import { ingestCounters, type Counter } from './format.js';
import { buildServiceMap, type MapNode, type ServiceMap } from './graph-model.js';
import { renderRawJson } from './raw-json.js';
import { ServiceMapView } from './service-map.js';
import { renderTimeline } from './timeline.js';
import { buildTimeline } from './timeline-model.js';
import { MAX_TRACE_ROWS, TraceListView } from './trace-list.js';
import { newestFirst, toTraceRows, type ServiceFilter } from './trace-model.js';
import { WarningsView } from './warnings.js';
import {
  TRACE_LINK_PARAMETER,
  traceIdFromHash,
  type PreviewStats,
  type SegmentDocument,
  type TraceEntry,
  type TraceSummary,
} from '../../src/contract.js';
import { POLL_INTERVAL_MS } from './timing.js';

export interface AppElements {
  readonly map: HTMLElement;
  readonly traces: HTMLElement;
  readonly timeline: HTMLElement;
  readonly raw: HTMLElement;
  readonly detailTitle: HTMLElement;
  readonly banner: HTMLElement;
  readonly status: HTMLElement;
  readonly stats: HTMLElement;
  readonly warnings: HTMLElement;
  readonly footer: HTMLElement;
  readonly windowSelect: HTMLSelectElement;
  readonly pauseButton: HTMLButtonElement;
}

export class App {
  private windowMinutes: number;
  private paused = false;
  private filter: (ServiceFilter & { readonly nodeId: string }) | undefined;
  private selectedTrace: string | undefined;
  private summaries: TraceSummary[] = [];
  private entries: Readonly<Record<string, TraceEntry>> = {};
  /** Set by a `#trace=` link: scroll the trace's row into view once it is listed. */
  private revealPending = false;
  private map: ServiceMap = { nodes: [], edges: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private refreshAgain = false;
  /** Trace id and documents last drawn in the detail panel; unchanged data is not redrawn. */
  private detailKey = '';
  private readonly mapView: ServiceMapView;
  private readonly listView: TraceListView;
  private readonly warningsView: WarningsView;

  constructor(private readonly el: AppElements) {
    this.windowMinutes = Number(el.windowSelect.value) || 5;
    this.mapView = new ServiceMapView(el.map, (node) => this.selectNode(node));
    this.listView = new TraceListView(el.traces, {
      onSelect: (id) => this.selectTrace(id),
      onClearFilter: () => this.selectNode(undefined),
    });
    this.warningsView = new WarningsView(el.warnings, el.footer);
    el.windowSelect.addEventListener('change', () => {
      this.windowMinutes = Number(el.windowSelect.value) || 5;
      void this.refresh();
    });
    el.pauseButton.addEventListener('click', () => this.setPaused(!this.paused));
    // `#trace=<id>` (X-Ray or 32-hex OTel form) opens that trace, on load and when it changes.
    this.openLinkedTrace();
    addEventListener('hashchange', () => {
      if (this.openLinkedTrace()) {
        this.renderTraces();
        void this.refreshDetail();
      }
    });
  }

  /** Selects the trace the location's `#trace=` names; true when it changed the selection. */
  private openLinkedTrace(): boolean {
    const linked = traceIdFromHash(location.hash);
    if (linked === undefined || linked === this.selectedTrace) return false;
    this.selectedTrace = linked;
    this.revealPending = true;
    // Show the X-Ray form in the address bar, whichever form the link used.
    history.replaceState(null, '', `#${TRACE_LINK_PARAMETER}=${linked}`);
    return true;
  }

  start(): void {
    void this.refresh();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.el.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.el.pauseButton.setAttribute('aria-pressed', paused ? 'true' : 'false');
    if (paused) {
      clearTimeout(this.timer);
      this.el.status.textContent = 'Paused';
    } else {
      void this.refresh();
    }
  }

  /**
   * One poll; the next is scheduled after this one ends, so slow answers never pile up. A
   * refresh asked for during a poll (new window, resume) runs right after it.
   */
  refresh(): Promise<void> {
    if (this.inFlight !== undefined) {
      this.refreshAgain = true;
      return this.inFlight;
    }
    this.inFlight = this.poll()
      .catch((error: unknown) => this.showBanner([reason(error)]))
      .finally(() => {
        this.inFlight = undefined;
        clearTimeout(this.timer);
        if (this.paused) return;
        const delay = this.refreshAgain ? 0 : POLL_INTERVAL_MS;
        this.refreshAgain = false;
        this.timer = setTimeout(() => void this.refresh(), delay);
      });
    return this.inFlight;
  }

  private async poll(): Promise<void> {
    const range = windowEndingNow(this.windowMinutes);
    const [graph, summaries, stats] = await Promise.allSettled([
      getServiceGraph(range),
      getTraceSummaries(range),
      getStats(),
    ]);
    const failures: string[] = [];
    if (graph.status === 'fulfilled') {
      this.map = buildServiceMap(graph.value.Services ?? []);
    } else failures.push(reason(graph.reason));
    if (summaries.status === 'fulfilled') {
      this.summaries = summaries.value;
      const shown = newestFirst(this.summaries)
        .slice(0, MAX_TRACE_ROWS)
        .flatMap((summary) => (summary.Id === undefined ? [] : [summary.Id]));
      // Extras only: without them the list still shows X-Ray's summary fields.
      this.entries = await getTraceEntries(shown).catch(() => this.entries);
    } else failures.push(reason(summaries.reason));
    if (stats.status === 'fulfilled') {
      this.renderStats(stats.value);
      await this.warningsView.update(stats.value).catch((error: unknown) => {
        failures.push(reason(error));
      });
    }

    this.showBanner(failures);
    await this.renderMap();
    this.renderTraces();
    await this.refreshDetail();
    if (!this.paused) {
      this.el.status.textContent =
        failures.length === 0 ? `Live · updated ${new Date().toLocaleTimeString()}` : 'Retrying…';
    }
  }

  private selectNode(node: MapNode | undefined): void {
    this.filter =
      node === undefined
        ? undefined
        : { name: node.name, type: node.type, entryPoints: node.callees, nodeId: node.id };
    void this.renderMap();
    this.renderTraces();
  }

  private selectTrace(traceId: string): void {
    this.selectedTrace = traceId;
    // The address bar always links to the trace on screen.
    history.replaceState(null, '', `#${TRACE_LINK_PARAMETER}=${traceId}`);
    this.renderTraces();
    void this.refreshDetail();
  }

  private async renderMap(): Promise<void> {
    if (this.map.nodes.length === 0) {
      this.el.map.replaceChildren(
        h(
          'div',
          { class: 'empty-state' },
          h('p', { class: 'empty-title' }, 'No traces yet'),
          h(
            'p',
            {},
            'Run ',
            h('code', {}, 'npm run traffic'),
            ' or click around in task-web; the map appears within a few seconds.',
          ),
        ),
      );
      return;
    }
    await this.mapView.render(this.map, this.filter?.nodeId);
  }

  private renderTraces(): void {
    const rows = toTraceRows(this.summaries, this.filter, this.entries);
    this.listView.render(rows, this.selectedTrace, this.filter);
    if (this.revealPending && rows.some((row) => row.id === this.selectedTrace)) {
      this.revealPending = false;
      this.listView.revealSelected();
    }
  }

  private async refreshDetail(): Promise<void> {
    const traceId = this.selectedTrace;
    if (traceId === undefined) {
      this.detailKey = '';
      this.el.detailTitle.textContent = 'Trace timeline';
      this.el.timeline.replaceChildren(
        h('p', { class: 'empty' }, 'Select a trace to see its segments.'),
      );
      this.el.raw.replaceChildren();
      return;
    }
    let docs: readonly SegmentDocument[];
    try {
      docs = await getSegmentDocuments(traceId);
    } catch (error) {
      this.showBanner([reason(error)]);
      return;
    }
    if (traceId !== this.selectedTrace) return; // the user picked another trace meanwhile
    // Redrawing identical JSON would drop the user's text selection and scroll position.
    const key = `${traceId}|${JSON.stringify(docs)}`;
    if (key === this.detailKey) return;
    this.detailKey = key;
    const timeline = buildTimeline(docs);
    this.el.detailTitle.textContent = `Trace ${traceId}`;
    renderTimeline(this.el.timeline, timeline);
    renderRawJson(this.el.raw, docs);
  }

  private renderStats(stats: PreviewStats): void {
    const { headline, rest } = ingestCounters(stats as unknown as Record<string, unknown>);
    const counter = (c: Counter): HTMLElement =>
      h('span', { class: 'stat' }, h('b', {}, c.value), ` ${c.label}`);
    this.el.stats.replaceChildren(...headline.map(counter));
    this.el.stats.title = rest.map((c) => `${c.value} ${c.label}`).join('\n');
  }

  private showBanner(failures: readonly string[]): void {
    if (failures.length === 0) {
      this.el.banner.hidden = true;
      this.el.banner.textContent = '';
      return;
    }
    this.el.banner.hidden = false;
    this.el.banner.textContent =
      `Preview API problem: ${failures[0]}. ` +
      'Showing the last data received and retrying every few seconds (is npm run xray-preview up?).';
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
