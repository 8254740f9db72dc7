// The trace list: one row per trace summary, newest first as the server returns them.
import { h, onActivate, swapContent } from './dom.js';
import type { ServiceFilter, TraceRow } from './trace-model.js';

export interface TraceListHandlers {
  readonly onSelect: (traceId: string) => void;
  readonly onClearFilter: () => void;
}

/** Enough for a busy window; the DOM stays fast and the newest traces come first anyway. */
export const MAX_TRACE_ROWS = 300;

export class TraceListView {
  private renderedKey = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: TraceListHandlers,
  ) {}

  render(
    rows: readonly TraceRow[],
    selectedId: string | undefined,
    filter: ServiceFilter | undefined,
  ): void {
    // Re-render only on change, so scrolling, focus and text selection survive the polling.
    const key = JSON.stringify([rows, selectedId, filter]);
    if (key === this.renderedKey) return;
    this.renderedKey = key;
    const shown = rows.slice(0, MAX_TRACE_ROWS);
    const count =
      shown.length < rows.length
        ? `newest ${shown.length} of ${rows.length}`
        : `${rows.length} shown`;
    const heading = h(
      'div',
      { class: 'panel-head' },
      h('h2', {}, 'Traces'),
      h('span', { class: 'muted' }, count),
    );
    if (filter !== undefined) {
      const clear = h('button', { type: 'button', class: 'chip', title: 'Show all traces' });
      clear.append(`through ${filter.name} ✕`);
      clear.addEventListener('click', () => this.handlers.onClearFilter());
      heading.append(clear);
    }
    if (rows.length === 0) {
      const text =
        filter === undefined
          ? 'No traces in this time window.'
          : `No traces through ${filter.name} in this time window.`;
      swapContent(this.container, heading, h('p', { class: 'empty' }, text));
      return;
    }
    const body = h('tbody');
    for (const row of shown) body.append(this.row(row, row.id === selectedId));
    const table = h(
      'table',
      { class: 'traces', 'aria-label': 'Traces, newest first' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'col-id' }, 'Trace ID'),
          h('th', { scope: 'col', class: 'col-action' }, 'Action'),
          h('th', { scope: 'col', class: 'col-method' }, 'Method'),
          h('th', { scope: 'col', class: 'col-status' }, 'Status'),
          h('th', { scope: 'col', class: 'col-duration num' }, 'Duration'),
        ),
      ),
      body,
    );
    swapContent(
      this.container,
      heading,
      h('div', { class: 'scroll', 'data-scroll-key': 'traces' }, table),
    );
  }

  private row(row: TraceRow, selected: boolean): HTMLTableRowElement {
    const select = h(
      'button',
      {
        type: 'button',
        class: 'trace-id',
        title: row.id,
        'data-key': `trace:${row.id}`,
        'aria-pressed': selected ? 'true' : 'false',
      },
      row.id,
    );
    const viaCall =
      row.httpFrom === 'call'
        ? `from the trace's first HTTP call (${row.method} ${row.url}); X-Ray's summary has no HTTP data for this trace`
        : undefined;
    const action = h(
      'td',
      { class: 'action', title: row.url === '' ? row.action : `${row.action}\n${row.url}` },
      h('span', { class: 'action-name' }, row.action),
    );
    if (row.path !== '' && row.path !== row.action) {
      action.append(h('span', { class: 'action-path muted' }, row.path));
    }
    const status = h(
      'td',
      { class: `http-status health-${row.health}`, title: viaCall },
      row.status,
      ...row.flags.map((flag) => h('span', { class: `badge health-${flag}` }, flag)),
    );
    const tr = h(
      'tr',
      {
        class: `trace health-${row.health}${selected ? ' selected' : ''}`,
        'data-trace-id': row.id,
        'aria-selected': selected ? 'true' : 'false',
      },
      h('td', { class: 'id' }, select),
      action,
      h('td', { class: 'method', title: viaCall }, row.method),
      status,
      h('td', { class: 'num' }, row.duration),
    );
    onActivate(select, (event) => {
      event.stopPropagation();
      this.handlers.onSelect(row.id);
    });
    tr.addEventListener('click', () => this.handlers.onSelect(row.id));
    return tr;
  }

  /** Scrolls the selected row into view (after a deep link opened a trace). */
  revealSelected(): void {
    this.container.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }
}
