// Two tiny element builders; enough to keep the views declarative without a framework.

type Child = Node | string | null | undefined | false;

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Activates on click, Enter and Space, as a button does. */
export function onActivate(element: Element, handler: (event: Event) => void): void {
  element.addEventListener('click', handler);
  element.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      handler(event);
    }
  });
}

/**
 * Replaces a container's content without taking away what a live refresh must keep: keyboard
 * focus (matched by `data-key`) and the scroll position of elements marked `data-scroll-key`.
 */
export function swapContent(container: HTMLElement, ...nodes: Node[]): void {
  const active = document.activeElement;
  const focusKey =
    active !== null && container.contains(active)
      ? active.closest('[data-key]')?.getAttribute('data-key')
      : undefined;
  const scrolls = new Map<string, number>();
  for (const element of container.querySelectorAll<HTMLElement>('[data-scroll-key]')) {
    scrolls.set(element.dataset['scrollKey'] ?? '', element.scrollTop);
  }
  container.replaceChildren(...nodes);
  for (const [key, top] of scrolls) {
    const element = container.querySelector<HTMLElement>(`[data-scroll-key="${CSS.escape(key)}"]`);
    if (element !== null) element.scrollTop = top;
  }
  if (focusKey !== undefined && focusKey !== null) {
    container
      .querySelector<HTMLElement | SVGElement>(`[data-key="${CSS.escape(focusKey)}"]`)
      ?.focus();
  }
}
