/**
 * Spec §11 (`sql.go: makeSQL`, `isSQL`): the `sql` block for SQL databases only. For other
 * systems (dynamodb, redis, mongodb) the db.* attributes stay in metadata.
 */
import type { AttrMap, Span } from '../model.js';
import { str } from './attributes.js';
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
  readonly remaining: AttrMap;
}

export function makeSql(span: Span, attributes: AttrMap): SqlResult {
  const system = str(attributes.get('db.system'));
  if (!SQL_SYSTEMS.has(system)) return { sql: undefined, remaining: attributes };
  const connection = str(attributes.get('db.connection_string')) || 'localhost';
  const sql: SqlData = {
    connection_string: `${connection}/${str(attributes.get('db.name'))}`,
  };
  // The exporter uses the span name as url: the connection string there is not useful.
  if (span.name !== '') sql.url = span.name;
  const statement = str(attributes.get('db.statement'));
  if (statement !== '') sql.sanitized_query = statement;
  sql.database_type = system;
  const user = str(attributes.get('db.user'));
  if (user !== '') sql.user = user;
  for (const key of SQL_KEYS) attributes.delete(key);
  return { sql, remaining: attributes };
}
