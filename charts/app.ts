import type { App } from 'cdk8s';
import type { DeployConfig } from '../src/config.js';
import { NamespacesChart } from './namespaces-chart.js';
import { TaskServiceChart } from './task-service-chart.js';
import { TaskWebChart } from './task-web-chart.js';
import { TracingChart } from './tracing-chart.js';

export interface DeployCharts {
  readonly namespaces: NamespacesChart;
  readonly tracing: TracingChart;
  readonly taskService: TaskServiceChart;
  readonly taskWeb: TaskWebChart;
}

/**
 * Adds every chart to the app. Chart ids become file names in dist/; the dependencies make
 * cdk8s number them (0000-namespaces first) so `kubectl apply -f dist/` applies in order.
 */
export function addCharts(app: App, config: DeployConfig): DeployCharts {
  const namespaces = new NamespacesChart(app, 'namespaces', config);
  const tracing = new TracingChart(app, 'tracing', config);
  const taskService = new TaskServiceChart(app, 'task-service', config);
  const taskWeb = new TaskWebChart(app, 'task-web', config, {
    apiUrl: taskService.ingress.url,
    collectorUrl: tracing.tracesUrl,
  });
  for (const chart of [tracing, taskService, taskWeb]) chart.addDependency(namespaces);
  return { namespaces, tracing, taskService, taskWeb };
}
