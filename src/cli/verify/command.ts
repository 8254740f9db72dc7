/**
 * `tracectl verify`: its options and help; the work is in run.ts, loaded
 * only when the command runs, so that --help and usage errors do not load its clients.
 */
import { TASK_SERVICE_PORT } from '../../../apps/task-service/src/contract.js';
import { PREVIEW_DEFAULT_PORTS } from '../../../apps/xray-preview/src/contract.js';
import { TERRAFORM_BACKED_FIELDS } from '../../config.js';
import { defineCommand } from '../command.js';
import { CliError, EXIT } from '../errors.js';

/** What `npm start` serves on by default, for the local examples. */
const LOCAL = {
  api: `http://127.0.0.1:${TASK_SERVICE_PORT}`,
  collector: `http://127.0.0.1:${PREVIEW_DEFAULT_PORTS.http}`,
  xray: `http://127.0.0.1:${PREVIEW_DEFAULT_PORTS.api}`,
};

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5 ... */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Where the region comes from when --region is not given. */
export function defaultRegion(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || TERRAFORM_BACKED_FIELDS.region.default;
}

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'prove the deploy on the X-Ray service map: send traced requests, wait for every hop',
  usage:
    '--api-url URL [--collector-url URL] [--web-origin URL] [--xray-endpoint URL] [--region R] [--timeout SECONDS] [--json]',
  description:
    "Creates, gets and deletes a task of its own through the task API, each request with a fresh X-Amzn-Trace-Id of one new trace (the task is deleted even when something fails). With --collector-url it also posts, into the same trace, the span batch task-web would export for its calls (OTLP/HTTP JSON, resource service.name=task-web, with the browser's Origin and CORS preflight when --web-origin is given). Then it polls X-Ray (BatchGetTraces for the trace, GetServiceGraph over the run's window) with backoff until every hop is there or --timeout passes: task-web -> task-service (only with --collector-url), client -> task-service, task-service -> the DynamoDB table, and the task-service segment's origin AWS::EKS::Container. Each missing hop is named with its most likely cause and the next command to run.",
  positionals: [],
  options: {
    'api-url': {
      kind: 'url',
      placeholder: 'URL',
      description: 'base URL of the task API (required), e.g. https://api.example.com',
    },
    'collector-url': {
      kind: 'url',
      placeholder: 'URL',
      description:
        'web collector OTLP/HTTP URL (a base URL gets /v1/traces); also checks task-web -> task-service',
    },
    'web-origin': {
      kind: 'url',
      placeholder: 'URL',
      description: 'origin task-web is served from, sent as Origin with the span batch',
    },
    'xray-endpoint': {
      kind: 'url',
      placeholder: 'URL',
      description: `any X-Ray-API-compatible endpoint (the local preview: ${LOCAL.xray}); a loopback one gets dummy credentials`,
      defaultText: 'AWS X-Ray of the region',
    },
    region: {
      kind: 'text',
      placeholder: 'R',
      description: 'AWS region of X-Ray',
      defaultText: `$AWS_REGION, then $AWS_DEFAULT_REGION, then ${TERRAFORM_BACKED_FIELDS.region.default}`,
    },
    timeout: {
      kind: 'duration',
      placeholder: 'SECONDS',
      default: '180',
      description: 'how long to wait for the hops, in seconds (or 90s, 5m)',
    },
    json: {
      kind: 'flag',
      description: 'print one JSON object (hops found/missing, trace ids) instead of the report',
    },
  },
  usesKube: false,
  exitCodes:
    'Exit code 0 when every checked hop is on the map and every request succeeded; 1 when a hop is missing or a request failed (the report names each cause and the next command); 2 on bad usage. Progress goes to stderr, the report (or JSON) to stdout.',
  examples: [
    {
      command: `npx tracectl verify --api-url ${LOCAL.api} --collector-url ${LOCAL.collector} --xray-endpoint ${LOCAL.xray}`,
      says: `against the local stack (npm start): the preview answers the X-Ray API on port ${PREVIEW_DEFAULT_PORTS.api}`,
    },
    {
      command:
        'npx tracectl verify --api-url https://api.example.com --collector-url https://otel.example.com --web-origin https://app.example.com --json',
      says: 'after a deploy to EKS, as the last step of a pipeline; reads X-Ray with your AWS credentials',
    },
  ],
  async run(v, _positionals, ctx) {
    if (v['api-url'] === undefined)
      throw new CliError(
        `verify needs --api-url, the base URL of the task API (e.g. ${LOCAL.api} locally); see tracectl verify --help`,
        EXIT.usage,
      );
    if (v.region !== undefined && !AWS_REGION.test(v.region))
      throw new CliError(
        `--region ${JSON.stringify(v.region)} is not an AWS region; use e.g. us-east-1 or eu-west-1`,
        EXIT.usage,
      );
    if (v['web-origin'] !== undefined && v['collector-url'] === undefined)
      throw new CliError(
        '--web-origin is sent with the span batch, which needs --collector-url; add it or drop --web-origin',
        EXIT.usage,
      );
    const { runVerify } = await import('./run.js');
    return runVerify(
      {
        apiUrl: v['api-url'],
        ...(v['collector-url'] === undefined ? {} : { collectorUrl: v['collector-url'] }),
        ...(v['web-origin'] === undefined ? {} : { webOrigin: new URL(v['web-origin']).origin }),
        ...(v['xray-endpoint'] === undefined ? {} : { xrayEndpoint: v['xray-endpoint'] }),
        region: v.region ?? defaultRegion(ctx.io.env),
        timeoutMs: v.timeout,
        json: v.json,
      },
      ctx.io,
    );
  },
});
