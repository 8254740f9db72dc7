// Entry point: read runtime config, start tracing before the first API call, then mount the UI.
import './styles.css';
import { TaskController } from './controller.js';
import { loadRuntimeConfig } from './runtime-config.js';
import { TasksClient } from './tasks-api.js';
import { startTracing } from './tracing.js';
import { mountView } from './view.js';

async function main(root: HTMLElement): Promise<void> {
  const config = await loadRuntimeConfig(location.href);
  const tracing = startTracing(config);
  // Late-bound fetch: the fetch instrumentation patches window.fetch after this module loads.
  const client = new TasksClient(config.apiUrl, (input, init) => fetch(input, init));
  const controller = new TaskController(client, (name, fn) => tracing.action(name, fn));
  mountView(root, controller, {
    lastTraceId: tracing.lastTraceId,
    ...(config.traceViewerUrl !== undefined && { traceViewerUrl: config.traceViewerUrl }),
  });
  await controller.load();
}

const root = document.getElementById('app');
if (root === null) throw new Error('index.html must contain <main id="app">.');
main(root).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  root.replaceChildren();
  const p = document.createElement('p');
  p.className = 'notice error';
  p.dataset.testid = 'fatal';
  p.textContent = `task-web could not start: ${message}`;
  root.append(p);
});
