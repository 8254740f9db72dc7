// The "it's up" message of `npm start`.
import type { StackUrls } from './stack.js';

export function readyBanner(urls: StackUrls): string {
  const rows: [string, string][] = [
    ['task-web (app)', `${urls.app}/`],
    ['task service API', `${urls.api}/tasks`],
    ['X-Ray preview (service map)', urls.previewUi],
    ['X-Ray API (GetServiceGraph…)', urls.previewApi],
    ['OTLP/HTTP (browser spans)', urls.otlpHttp],
    ['OTLP gRPC (service spans)', urls.otlpGrpc],
    ['DynamoDB (dynalite)', urls.dynamodb],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    'Local stack is up:',
    ...rows.map(([label, url]) => `  ${label.padEnd(width)}  ${url}`),
    '',
    'Open the app, add and complete a few tasks (or run `npm run traffic`), then watch the map.',
    'Press Ctrl-C to stop everything.',
    '',
  ].join('\n');
}
