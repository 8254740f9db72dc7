// A small stand-in for the task service (clearly not it: `npm test` runs without a build, and the
// real service is covered by `npm run test:e2e`). It binds HOST and PORT as the service does,
// serves /readyz, echoes its environment at /env and exits with code 7 on GET /crash.
import type { TaskServiceSettings } from '../../../scripts/local-stack/task-service.js';

const STAND_IN = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  if (req.url === '/crash') { console.error('stand-in: crashing on request'); process.exit(7); }
  if (req.url === '/env') return res.end(JSON.stringify(process.env));
  res.end('ok');
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log('stand-in listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export function standIn(settings: TaskServiceSettings, env: NodeJS.ProcessEnv) {
  return {
    command: process.execPath,
    args: ['-e', STAND_IN],
    env: {
      ...env,
      HOST: settings.host,
      PORT: String(settings.port),
      DYNAMODB_ENDPOINT: settings.dynamodbEndpoint,
      OTEL_EXPORTER_OTLP_ENDPOINT: settings.otlpGrpcEndpoint,
      CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(','),
    },
  };
}
