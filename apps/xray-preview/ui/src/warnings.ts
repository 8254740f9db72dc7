// Spans X-Ray will never show (dropped by the exporter, or lost when it crashes), listed with
// the reason; and the footer naming the exporter release the translation mirrors.
import type {
  PreviewStats,
  SpanWarning,
  TranslationStats,
  WarningReason,
  WarningsResponse,
} from '../../src/contract.js';
import { WARNING_LABELS, WARNING_REASONS } from '../../src/contract.js';
import { getWarnings } from './api.js';
import { h } from './dom.js';

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

function row(warning: SpanWarning): HTMLTableRowElement {
  return h(
    'tr',
    { class: `warning kind-${warning.kind}` },
    h('td', { class: 'when' }, time(warning.receivedAt)),
    h(
      'td',
      { class: 'reason', title: WARNING_REASONS[warning.reason] },
      h('span', { class: 'reason-label' }, WARNING_LABELS[warning.reason]),
      h('span', { class: 'detail' }, warning.detail),
    ),
    h('td', { class: 'service' }, warning.service === '' ? '—' : warning.service),
    h('td', { class: 'span-name' }, warning.spanName),
    h('td', { class: 'mono', title: warning.traceId }, warning.traceId),
    h('td', { class: 'mono' }, warning.spanId),
  );
}

function summary(counts: Readonly<Record<WarningReason, number>>): string {
  return (Object.entries(counts) as [WarningReason, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${WARNING_LABELS[reason]}`)
    .join(' · ');
}

export class WarningsView {
  private listedTotal = -1;

  constructor(
    private readonly panel: HTMLElement,
    private readonly footer: HTMLElement,
  ) {}

  /** Called with every /api/stats answer; fetches the list only when it has grown. */
  async update(stats: PreviewStats): Promise<void> {
    const { translation } = stats;
    // A server older than this UI sends no translation block.
    if ((translation as TranslationStats | undefined) === undefined) return;
    this.renderFooter(translation);
    const total = stats.spansRejected;
    if (total === this.listedTotal) return;
    if (total === 0) {
      this.listedTotal = 0;
      this.panel.hidden = true;
      return;
    }
    const list = await getWarnings();
    this.listedTotal = total;
    this.render(list, translation);
  }

  private render(list: WarningsResponse, translation: TranslationStats): void {
    this.panel.hidden = list.total === 0;
    if (list.total === 0) return;
    const open = this.panel.querySelector('details')?.open ?? false;
    const details = h(
      'details',
      {},
      h(
        'summary',
        {},
        h('b', {}, `${list.total} span${list.total === 1 ? '' : 's'} X-Ray will never show`),
        h('span', { class: 'muted' }, ` — ${summary(translation.spansDropped)}`),
      ),
      h(
        'p',
        { class: 'muted' },
        'The deployed awsxray exporter drops these spans, or panics on them and takes the ' +
          'collector down with the rest of their batch. They are not in the map. Newest first; ' +
          `the last ${list.capacity} are kept.`,
      ),
      h(
        'table',
        { class: 'warnings-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Received', 'Reason', 'Service', 'Span', 'Trace', 'Span id'].map((title) =>
              h('th', { scope: 'col' }, title),
            ),
          ),
        ),
        h('tbody', {}, ...list.warnings.map(row)),
      ),
    );
    details.open = open;
    this.panel.replaceChildren(details);
  }

  private renderFooter({ exporter, settings }: TranslationStats): void {
    const gates = `skip timestamp validation ${settings.skipTimestampValidation ? 'on' : 'off'}, allowDot ${settings.allowDot ? 'on' : 'off'}`;
    const indexed = settings.indexAllAttributes
      ? 'all attributes'
      : settings.indexedAttributes.length === 0
        ? 'none'
        : settings.indexedAttributes.join(', ');
    const text =
      `Segment documents as the awsxray exporter of ADOT Collector ${exporter.adotCollector} ` +
      `(collector-contrib ${exporter.collectorContrib}) writes them · annotations: ${indexed} · ` +
      `feature gates: ${gates}`;
    if (this.footer.textContent !== text) this.footer.textContent = text;
  }
}
