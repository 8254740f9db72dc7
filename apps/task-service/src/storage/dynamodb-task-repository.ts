import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Task, TaskChanges, TaskPage } from '../domain/task.js';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { TaskRepository, WriteOutcome } from './task-repository.js';

export interface DynamoDbOptions {
  readonly table: string;
  /** A local DynamoDB-compatible endpoint (dynalite); unset = AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Attempts per call, first one included; the SDK's standard mode backs off with jitter. */
  readonly maxAttempts: number;
  /** Per-attempt socket timeout, so a hung endpoint cannot hold a request for long. */
  readonly requestTimeoutMs: number;
  /** Longest wait for a TCP connection to the endpoint. @default 1000 */
  readonly connectionTimeoutMs?: number;
}

/** The low-level client, shared by the repository and the table bootstrap. */
export function createDynamoDbClient(options: DynamoDbOptions): DynamoDBClient {
  const config: DynamoDBClientConfig = {
    maxAttempts: options.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs,
    },
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) {
    config.endpoint = options.endpoint;
    // dynalite accepts any credentials; fixed ones keep local runs from hunting for a profile.
    config.region ??= 'us-east-1';
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new DynamoDBClient(config);
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** DynamoDB's answer for a table that does not exist, or is not ACTIVE. */
const isMissingTable = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ResourceNotFoundException';

/** What a failed call becomes: our own errors pass, anything else is the store's unavailability. */
const storageError = (operation: string, error: unknown): AppError =>
  error instanceof AppError ? error : AppError.storageUnavailable(operation, error);

export interface DynamoDbRepositoryOptions {
  /**
   * Creates the table (local endpoints only). With it, a call that finds the table missing waits
   * for one creation, shared by every call that found it missing meanwhile, and is sent again.
   * Without it, a missing table is a 503 that says Terraform owns it. @default undefined
   */
  readonly createTable?: () => Promise<void>;
}

/** Tasks in one DynamoDB table keyed by `id` (string). Every write is conditional. */
export class DynamoDbTaskRepository implements TaskRepository {
  private readonly documents: DynamoDBDocumentClient;
  private creating: Promise<void> | undefined;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly options: DynamoDbRepositoryOptions = {},
  ) {
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async create(task: Task): Promise<void> {
    try {
      await this.send('PutItem', () =>
        this.documents.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...task },
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      );
    } catch (error) {
      // Ids are fresh random UUIDs, so a taken id means the SDK retried a PutItem whose response
      // was lost after DynamoDB stored it: this very task. Answering 503 would invite a duplicate.
      if (isConditionFailure(error) && (await this.get(task.id))?.createdAt === task.createdAt) {
        return;
      }
      throw storageError('PutItem', error);
    }
  }

  async get(id: string): Promise<Task | undefined> {
    const out = await this.call('GetItem', () =>
      this.documents.send(new GetCommand({ TableName: this.table, Key: { id } })),
    );
    return out.Item as Task | undefined;
  }

  async list(limit: number, cursor: string | undefined): Promise<TaskPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const out = await this.call('Scan', () =>
      this.documents.send(
        new ScanCommand({
          TableName: this.table,
          Limit: limit,
          ...(after !== undefined && { ExclusiveStartKey: { id: after } }),
        }),
      ),
    );
    const items = (out.Items ?? []) as Task[];
    const lastKey = out.LastEvaluatedKey?.['id'];
    return typeof lastKey === 'string' ? { items, nextCursor: encodeCursor(lastKey) } : { items };
  }

  async update(
    id: string,
    changes: TaskChanges,
    expectedVersion: number,
    now: string,
  ): Promise<WriteOutcome<Task>> {
    const sets = ['updatedAt = :now', '#version = #version + :one'];
    const values: Record<string, unknown> = {
      ':now': now,
      ':one': 1,
      ':expected': expectedVersion,
    };
    const names: Record<string, string> = { '#version': 'version' };
    if (changes.title !== undefined) {
      sets.push('title = :title');
      values[':title'] = changes.title;
    }
    if (changes.done !== undefined) {
      sets.push('done = :done');
      values[':done'] = changes.done;
    }
    try {
      const out = await this.send('UpdateItem', () =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { id },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(id) AND #version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { kind: 'ok', value: out.Attributes as Task };
    } catch (error) {
      if (!isConditionFailure(error)) throw storageError('UpdateItem', error);
      const current = await this.get(id);
      if (current === undefined) return { kind: 'not_found' };
      // The SDK retried an UpdateItem whose response was lost after DynamoDB applied it: the item
      // then carries exactly this write (next version, this request's timestamp and changes).
      const ownWrite =
        current.version === expectedVersion + 1 &&
        current.updatedAt === now &&
        current.title === (changes.title ?? current.title) &&
        current.done === (changes.done ?? current.done);
      return ownWrite
        ? { kind: 'ok', value: current }
        : { kind: 'conflict', currentVersion: current.version };
    }
  }

  async delete(id: string, expectedVersion: number | undefined): Promise<WriteOutcome<void>> {
    try {
      await this.send('DeleteItem', () =>
        this.documents.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { id },
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_exists(id)' }
              : {
                  ConditionExpression: 'attribute_exists(id) AND #version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          }),
        ),
      );
      return { kind: 'ok', value: undefined };
    } catch (error) {
      if (isConditionFailure(error)) return this.whyConditionFailed(id);
      throw storageError('DeleteItem', error);
    }
  }

  async ping(): Promise<void> {
    // GetItem on a key that never exists: needs no permission beyond what the API already uses
    // (DescribeTable would need its own IAM grant).
    await this.call('GetItem', () =>
      this.documents.send(
        new GetCommand({ TableName: this.table, Key: { id: 'readiness-probe' } }),
      ),
    );
  }

  /** A failed condition means "gone" or "someone else wrote first"; one read tells which. */
  private async whyConditionFailed<T>(id: string): Promise<WriteOutcome<T>> {
    const current = await this.get(id);
    return current === undefined
      ? { kind: 'not_found' }
      : { kind: 'conflict', currentVersion: current.version };
  }

  /** The SDK has already retried with backoff; what is left is the store being unavailable. */
  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await this.send(operation, send);
    } catch (error) {
      throw storageError(operation, error);
    }
  }

  /**
   * One call, and the answer to a missing table: with `createTable`, wait for the one creation
   * in progress (or start it) and send once more; without it, say which table is missing and
   * who owns it. Other errors come back as the SDK raised them.
   */
  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isMissingTable(error)) throw error;
      const { createTable } = this.options;
      if (createTable === undefined) throw AppError.tableMissing(this.table, operation, error);
      this.creating ??= createTable().finally(() => {
        this.creating = undefined;
      });
      await this.creating;
      return call();
    }
  }
}
