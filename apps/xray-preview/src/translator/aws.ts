/**
 * `aws.go: makeAws`: the `aws` block, from span attributes (operation, account, region, request,
 * queue, table) and the resource (ec2/ecs/beanstalk/eks, log groups, SDK). A resource whose
 * `cloud.provider` is set and is not `aws` gets no block at all. See docs/xray-translation.md,
 * "AWS".
 */
import type { AttrValue } from '../model.js';
import { omitEmpty, struct } from './go-json.js';
import type { PdataMap } from './pdata.js';
import { str } from './pdata.js';
import { resourceFacts } from './aws-resource.js';
import type { AwsData } from './types.js';

export interface AwsResult {
  /** Undefined when the resource names a cloud provider other than aws. */
  readonly aws: AwsData | undefined;
  readonly remaining: Map<string, AttrValue>;
}

export function makeAws(
  attributes: Map<string, AttrValue>,
  resource: PdataMap,
  logGroupNames: readonly string[],
): AwsResult {
  const facts = resourceFacts(resource, logGroupNames);
  let account = facts.account;
  let region = '';
  let requestId = '';
  let queueUrl = '';
  let tableName = '';
  let tableNames: string[] | undefined;
  let operation = '';
  if (attributes.has('aws.operation')) operation = str(attributes.get('aws.operation'));
  else if (attributes.has('rpc.method')) operation = str(attributes.get('rpc.method'));

  const remaining = new Map<string, AttrValue>();
  for (const [key, value] of attributes) {
    switch (key) {
      case 'rpc.method':
      case 'aws.operation':
        break;
      case 'aws.account_id':
        if (value !== null) account = str(value);
        break;
      case 'aws.region':
        region = str(value);
        break;
      case 'aws.request_id':
      case 'aws.requestId':
        requestId = str(value);
        break;
      case 'aws.queue_url':
      case 'aws.queue.url':
        queueUrl = str(value);
        break;
      case 'aws.table_name':
      case 'aws.table.name':
        tableName = str(value);
        break;
      default:
        remaining.set(key, value);
    }
  }
  if (facts.notAws) return { aws: undefined, remaining };

  // Semantic-convention attributes win over the legacy aws.* ones.
  if (attributes.has('messaging.url')) queueUrl = str(attributes.get('messaging.url'));
  const tables = attributes.get('aws.dynamodb.table_names');
  if (Array.isArray(tables)) {
    if (tables.length === 1) tableName = str(tables[0]);
    else if (tables.length > 1) {
      tableName = '';
      tableNames = tables.map((v) => str(v));
    }
  } else if (typeof tables === 'string') {
    tableName = tables;
  }

  // AWSData's field order in tracesegment.go.
  const aws: AwsData = struct({
    ...facts.blocks,
    account_id: omitEmpty(account),
    operation: omitEmpty(operation),
    region: omitEmpty(region),
    request_id: omitEmpty(requestId),
    queue_url: omitEmpty(queueUrl),
    table_name: omitEmpty(tableName),
    table_names: tableNames !== undefined && tableNames.length > 0 ? tableNames : undefined,
  });
  return { aws, remaining };
}
