import { z } from 'zod';
import {
  certificateArnProblem,
  certificateArnRegion,
  corsOriginProblem,
  dns1123LabelProblem,
  hostNameProblem,
  pinnedImageProblem,
  regionProblem,
  roleArnProblem,
  wafAclArnProblem,
  wafAclArnRegion,
} from '../constructs/validation.js';

/** A string checked by one of the shared validators; the issue message carries the fix. */
function checked(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const TABLE_ARN =
  /^arn:aws(-cn|-us-gov)?:dynamodb:([a-z0-9-]+):\d{12}:table\/([a-zA-Z0-9_.-]{3,255})$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const ANNOTATION_KEY = /^[A-Za-z0-9_.]{1,250}$/;
function replicas() {
  return z
    .number()
    .int()
    .min(2, {
      message: 'Run at least 2 replicas: the PodDisruptionBudget keeps 1 available during drains.',
    })
    .max(50, {
      message: 'At most 50 replicas; raise the limit in src/config/schema.ts if you need more.',
    });
}

/** The one deploy configuration schema: the charts take their values only from this type. */
export const deployConfigSchema = z
  .object({
    region: checked(regionProblem),
    clusterName: z.string().regex(CLUSTER_NAME, {
      message: 'Use the EKS cluster name: letters, digits, "-" and "_", at most 100 characters.',
    }),
    prodNamespace: checked(dns1123LabelProblem),
    tracingNamespace: checked(dns1123LabelProblem),
    taskServiceAccount: checked(dns1123LabelProblem),
    webCollectorServiceAccount: checked(dns1123LabelProblem),
    tasksTableName: z.string().regex(TABLE_NAME, {
      message: 'DynamoDB table names are 3-255 characters of letters, digits, "_", "." and "-".',
    }),
    taskServiceRoleArn: checked(roleArnProblem),
    webCollectorRoleArn: checked(roleArnProblem),
    tasksTableArn: z.string().regex(TABLE_ARN, {
      message:
        'Use the table ARN from `terraform output -json` (tasks_table_arn), e.g. "arn:aws:dynamodb:us-east-1:123456789012:table/tasks".',
    }),
    apiHost: checked(hostNameProblem),
    webHost: checked(hostNameProblem),
    collectorHost: checked(hostNameProblem),
    /** Browser origins allowed by CORS on the API and the web collector. */
    webOrigins: z.array(checked(corsOriginProblem)).min(1, {
      message: 'List at least one browser origin, e.g. "https://app.example.com".',
    }),
    certificateArn: checked(certificateArnProblem).optional(),
    albGroupName: checked(dns1123LabelProblem),
    taskServiceImage: checked(pinnedImageProblem),
    taskWebImage: checked(pinnedImageProblem),
    taskServiceReplicas: replicas(),
    taskWebReplicas: replicas(),
    /**
     * Spans per second the public web collector forwards to X-Ray, across its replicas. Anyone
     * can post to that endpoint, and X-Ray bills per trace recorded, so this is the cost ceiling
     * whatever the number of clients: beyond it, traces are dropped before export.
     */
    webCollectorSpansPerSecond: z
      .number()
      .int()
      .min(2, { message: 'Allow at least 2 spans per second (1 per web collector replica).' })
      .max(100_000, {
        message:
          'At most 100000 spans per second: this is a cost ceiling, and X-Ray bills per trace.',
      }),
    /** Span attribute keys the awsxray exporter turns into searchable X-Ray annotations. */
    indexedAttributes: z.array(
      z.string().regex(ANNOTATION_KEY, {
        message: 'Attribute keys are letters, digits, "_" and "." (X-Ray annotation keys).',
      }),
    ),
    exporter: z.enum(['awsxray', 'xray-otlp'], {
      message: 'Use "awsxray" (PutTraceSegments) or "xray-otlp" (X-Ray OTLP endpoint with SigV4).',
    }),
    /**
     * X-Ray centralized sampling: the sidecar proxies X-Ray's sampling API and the service polls
     * its rules through it.
     */
    remoteSampling: z.boolean({
      message: 'Use true or false (in the environment: "true"/"1" or "false"/"0").',
    }),
    /** WAF web ACL of the shared ALB, attached through the collector's Ingress; null: none. */
    webCollectorWafAclArn: checked(wafAclArnProblem).nullable(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // The three Ingresses share one ALB (albGroupName) and each routes "/" of its host, so a
    // host used twice would send one app's traffic to another without any error.
    const hostFields = ['apiHost', 'webHost', 'collectorHost'] as const;
    hostFields.forEach((field, i) => {
      const earlier = hostFields.slice(0, i).find((other) => config[other] === config[field]);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `It is the same host as ${earlier}; the API, the web UI and the web collector each need their own host name on the shared load balancer. Set a distinct host.`,
        });
      }
    });
    // task-web is served from https://<webHost>; without that origin every API call and span
    // export from the deployed UI fails its CORS preflight.
    const webOrigin = `https://${config.webHost}`;
    if (!config.webOrigins.includes(webOrigin)) {
      ctx.addIssue({
        code: 'custom',
        path: ['webOrigins'],
        message: `It must include ${webOrigin}, the origin the task-web UI is served from (webHost); otherwise its API calls and span exports fail CORS. Add it to the list, or unset webOrigins to default to it.`,
      });
    }
    // The pods get TASKS_TABLE from tasksTableName while IAM grants CRUD on tasksTableArn only,
    // so the two must name the same table, in the cluster's region.
    const tableArn = TABLE_ARN.exec(config.tasksTableArn);
    if (tableArn && (tableArn[2] !== config.region || tableArn[3] !== config.tasksTableName)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasksTableArn'],
        message: `It must be the ARN of table "${config.tasksTableName}" in ${config.region} (tasksTableName and region); otherwise the task service gets AccessDenied on its own table. Save the Terraform outputs again, or align the table name and region with them.`,
      });
    }
    // An ALB can only be associated with a regional web ACL of its own region.
    const aclRegion =
      config.webCollectorWafAclArn === null
        ? undefined
        : wafAclArnRegion(config.webCollectorWafAclArn);
    if (aclRegion !== undefined && aclRegion !== config.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['webCollectorWafAclArn'],
        message: `The web ACL is in ${aclRegion} but the load balancer is in ${config.region}. Apply terraform/ with region ${config.region} and save the outputs again.`,
      });
    }
    // An ALB listener can only use an ACM certificate from the ALB's own region.
    const certRegion =
      config.certificateArn === undefined ? undefined : certificateArnRegion(config.certificateArn);
    if (certRegion !== undefined && certRegion !== config.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificateArn'],
        message: `The certificate is in ${certRegion} but the cluster and its load balancers are in ${config.region}. Issue or import the certificate in ACM in ${config.region}.`,
      });
    }
  });

export type DeployConfig = z.infer<typeof deployConfigSchema>;
