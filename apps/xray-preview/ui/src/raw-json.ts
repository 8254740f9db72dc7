// The raw segment documents of the selected trace, pretty printed, with a copy button.
import { h, swapContent } from './dom.js';
import type { SegmentDocument } from '../../src/contract.js';

export function renderRawJson(container: HTMLElement, docs: readonly SegmentDocument[]): void {
  const text = JSON.stringify(docs, null, 2);
  const code = h(
    'pre',
    {
      class: 'json',
      tabindex: '0',
      'aria-label': 'Raw segment documents',
      'data-scroll-key': 'json',
    },
    text,
  );
  const copy = h('button', { type: 'button', class: 'btn' }, 'Copy JSON');
  copy.addEventListener('click', () => {
    void copyText(text, code).then((ok) => {
      copy.textContent = ok ? 'Copied' : 'Selected, press Ctrl+C';
      setTimeout(() => (copy.textContent = 'Copy JSON'), 1500);
    });
  });
  swapContent(
    container,
    h('div', { class: 'panel-head' }, h('h3', {}, `Raw segment documents (${docs.length})`), copy),
    code,
  );
}

/** Clipboard API where allowed (secure context); otherwise select the text for a manual copy. */
async function copyText(text: string, fallback: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(fallback);
    selection?.removeAllRanges();
    selection?.addRange(range);
    return false;
  }
}
