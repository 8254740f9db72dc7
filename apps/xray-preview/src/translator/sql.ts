/**
 * `sql.go: makeSQL`, `isSQL`: the `sql` block, for SQL databases only. For other systems
 * (dynamodb, redis, mongodb) the db.* attributes stay in metadata. See docs/xray-translation.md,
 * "SQL".
 */
import type { AttrValue, Span } from '../model.js';
import { omitEmpty, struct } from './go-json.js';
import { str } from './pdata.js';
import type { SqlData } from './types.js';

const SQL_SYSTEMS = new Set([
  'db2',
  'derby',
  'hive',
  'mariadb',
  'mssql',
  'mysql',
  'oracle',
  'postgresql',
  'sqlite',
  'teradata',
  'other_sql',
]);
const SQL_KEYS = ['db.connection_string', 'db.system', 'db.name', 'db.statement', 'db.user'];

export interface SqlResult {
  readonly sql: SqlData | undefined;
  readonly remaining: Map<string, AttrValue>;
}

export function makeSql(span: Pick<Span, 'name'>, attributes: Map<string, AttrValue>): SqlResult {
  const system = str(attributes.get('db.system'));
  if (!SQL_SYSTEMS.has(system)) return { sql: undefined, remaining: attributes };
  const remaining = new Map(attributes);
  for (const key of SQL_KEYS) remaining.delete(key);
  const connection = str(attributes.get('db.connection_string')) || 'localhost';
  const sql: SqlData = struct({
    connection_string: `${connection}/${str(attributes.get('db.name'))}`,
    // The exporter uses the span name as url: the connection string is not useful there.
    url: omitEmpty(span.name),
    sanitized_query: omitEmpty(str(attributes.get('db.statement'))),
    database_type: system,
    user: omitEmpty(str(attributes.get('db.user'))),
  });
  return { sql, remaining };
}
