// The waterfall of one trace: a row per segment or subsegment, indented by nesting, with a
// bar placed and sized by time.
import { h } from './dom.js';
import { formatSeconds, formatTick } from './format.js';
import { niceTicks, type Timeline, type TimelineRow } from './timeline-model.js';

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
  const { ticks: values, step, unit } = niceTicks(timeline.total);
  for (const value of values) {
    const pct = timeline.total > 0 ? (value / timeline.total) * 100 : 0;
    ticks.append(
      // A label near the right edge is right-aligned to its tick so it stays inside the track.
      h(
        'span',
        { class: pct > 92 ? 'tl-tick tl-tick-end' : 'tl-tick', style: `left:${pct}%` },
        formatTick(value, step, unit),
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
