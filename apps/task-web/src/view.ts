// Renders TaskState into the page. Plain DOM: text goes through textContent only (no innerHTML
// with user data). data-testid attributes are what the end-to-end test selects on.
import { MAX_TITLE_LENGTH } from './controller.js';
import type { TaskController, TaskState } from './controller.js';
// The preview's contract owns the deep-link format; task-web links into it.
import { traceDeepLink, xrayTraceIdOf } from '../../xray-preview/src/contract.js';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<'className' | 'textContent' | 'testId' | 'title', string>> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  if (props.textContent !== undefined) node.textContent = props.textContent;
  if (props.title !== undefined) node.title = props.title;
  if (props.testId !== undefined) node.dataset.testid = props.testId;
  return node;
}

export interface ViewOptions {
  readonly lastTraceId: () => string | undefined;
  /** Where trace ids link to (`#trace=<id>`); without it they are plain text to copy. */
  readonly traceViewerUrl?: string;
}

export function mountView(
  root: HTMLElement,
  controller: TaskController,
  options: ViewOptions,
): void {
  const form = el('form', { className: 'new-task' });
  const input = el('input', { testId: 'new-task-title' });
  input.placeholder = 'What needs doing?';
  input.maxLength = MAX_TITLE_LENGTH;
  input.setAttribute('aria-label', 'New task title');
  const addButton = el('button', { textContent: 'Add', testId: 'add-task' });
  addButton.type = 'submit';
  form.append(input, addButton);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.create(input.value).then((created) => {
      if (created) input.value = '';
      input.focus();
    });
  });

  const notice = el('p', { className: 'notice', testId: 'notice' });
  notice.setAttribute('role', 'status');
  const list = el('ul', { className: 'tasks', testId: 'task-list' });
  const footer = el('footer', { testId: 'trace-id' });
  // A link to the trace viewer when there is one (locally, the preview); otherwise the id to
  // paste into the X-Ray console. Updated in place, so a click never lands on a replaced node.
  const viewer = options.traceViewerUrl;
  const traceValue = viewer === undefined ? el('code') : el('a');
  traceValue.dataset.testid = viewer === undefined ? 'trace-id-text' : 'trace-link';
  if (traceValue instanceof HTMLAnchorElement) {
    traceValue.target = '_blank';
    traceValue.rel = 'noopener';
    traceValue.title = 'Open this trace in the trace viewer';
  } else {
    traceValue.title = 'Paste into the X-Ray console (Traces, search by trace ID)';
  }
  footer.append('Last action trace: ', traceValue);
  footer.hidden = true;

  root.replaceChildren(form, notice, list, footer);

  const render = (state: TaskState): void => {
    input.disabled = state.creating;
    addButton.disabled = state.creating;
    addButton.textContent = state.creating ? 'Adding…' : 'Add';

    notice.hidden = state.notice === undefined;
    notice.className = `notice ${state.notice?.tone ?? ''}`;
    notice.textContent = state.notice?.text ?? '';

    if (state.loading) {
      list.replaceChildren(
        el('li', { className: 'placeholder', textContent: 'Loading tasks…', testId: 'loading' }),
      );
    } else if (state.loadError !== undefined) {
      const retry = el('button', { textContent: 'Retry', testId: 'retry' });
      retry.addEventListener('click', () => void controller.load());
      const item = el('li', { className: 'placeholder error', testId: 'load-error' });
      item.append(`Could not load tasks: ${state.loadError} `, retry);
      list.replaceChildren(item);
    } else if (state.tasks.length === 0) {
      list.replaceChildren(
        el('li', {
          className: 'placeholder',
          textContent: 'No tasks yet. Add one above.',
          testId: 'empty',
        }),
      );
    } else {
      list.replaceChildren(
        ...state.tasks.map((task) => {
          const busy = state.busy.has(task.id);
          const item = el('li', { className: task.done ? 'task done' : 'task', testId: 'task' });
          item.dataset.taskId = task.id;
          item.dataset.done = String(task.done);
          const toggle = el('input', {
            testId: 'toggle-task',
            title: task.done ? 'Mark as not done' : 'Mark as done',
          });
          toggle.type = 'checkbox';
          toggle.checked = task.done;
          toggle.disabled = busy;
          toggle.addEventListener('change', () => void controller.toggle(task.id));
          const title = el('span', {
            className: 'title',
            textContent: task.title,
            testId: 'task-title',
          });
          const remove = el('button', {
            className: 'delete',
            textContent: busy ? '…' : 'Delete',
            testId: 'delete-task',
          });
          remove.disabled = busy;
          remove.addEventListener('click', () => void controller.remove(task.id));
          item.append(toggle, title, remove);
          return item;
        }),
      );
      if (state.nextCursor !== undefined) {
        const more = el('button', { textContent: 'Load more', testId: 'load-more' });
        more.addEventListener('click', () => void controller.loadMore());
        const item = el('li', { className: 'placeholder' });
        item.append(more);
        list.append(item);
      }
    }

    const traceId = options.lastTraceId();
    footer.hidden = traceId === undefined;
    // X-Ray's form (1-6b15cc9b-…): what the preview and the X-Ray console show and search.
    const shown = traceId === undefined ? undefined : (xrayTraceIdOf(traceId) ?? traceId);
    if (shown !== undefined && traceValue.textContent !== shown) {
      traceValue.textContent = shown;
      if (traceValue instanceof HTMLAnchorElement && viewer !== undefined) {
        traceValue.href = traceDeepLink(viewer, shown);
      }
    }
  };

  controller.subscribe(render);
  render(controller.state);
}
