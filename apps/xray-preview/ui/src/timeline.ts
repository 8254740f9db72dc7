// The waterfall of one trace: a row per segment or subsegment, indented by nesting, with a
// bar placed and sized by time.
import { h } from './dom.js';
import { formatSeconds } from './format.js';
import type { Timeline, TimelineRow } from './timeline-model.js';

const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function renderTimeline(container: HTMLElement, timeline: Timeline): void {
  if (timeline.rows.length === 0) {
    container.replaceChildren(
      h('p', { class: 'empty' }, 'This trace has no segment documents yet.'),
    );
    return;
  }
  const axis = h(
    'div',
    { class: 'tl-row tl-axis', 'aria-hidden': 'true' },
    h('div', { class: 'tl-name' }),
  );
  const ticks = h('div', { class: 'tl-track' });
  for (const tick of TICKS) {
    ticks.append(
      h(
        'span',
        { class: 'tl-tick', style: `left:${tick * 100}%` },
        formatSeconds(timeline.total * tick),
      ),
    );
  }
  axis.append(ticks);
  const list = h('ol', {
    class: 'tl-rows',
    'aria-label': 'Segments and subsegments by start time',
  });
  for (const row of timeline.rows) list.append(renderRow(row));
  container.replaceChildren(axis, list);
}

function renderRow(row: TimelineRow): HTMLLIElement {
  const detail = [
    row.kind,
    row.namespace,
    row.origin,
    row.httpStatus === undefined ? undefined : String(row.httpStatus),
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
  const duration = row.inProgress ? 'in progress' : formatSeconds(row.duration);
  return h(
    'li',
    {
      class: `tl-row tl-${row.kind} health-${row.health}`,
      'data-segment-id': row.id,
      'aria-label': `${row.name}, ${detail}, starts at ${formatSeconds(row.offset)}, takes ${duration}, ${row.health}`,
    },
    h(
      'div',
      { class: 'tl-name', style: `padding-left:${0.5 + row.depth * 1.1}rem`, title: row.name },
      h('span', { class: 'tl-title' }, row.name),
      h('span', { class: 'tl-detail' }, detail),
    ),
    h(
      'div',
      { class: 'tl-track' },
      h('div', {
        class: `tl-bar health-${row.health}`,
        style: `left:${row.leftPct}%;width:${row.widthPct}%`,
      }),
      h(
        'span',
        {
          class: 'tl-duration',
          style:
            row.leftPct > 70
              ? `right:${100 - row.leftPct}%`
              : `left:${row.leftPct + row.widthPct}%`,
        },
        duration,
      ),
    ),
  );
}
