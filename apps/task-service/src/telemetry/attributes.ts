/**
 * Span attribute keys this service sets on business spans. They are low-cardinality on purpose:
 * the sidecar collector's `awsxray` exporter lists them in `indexed_attributes`, which turns them
 * into X-Ray annotations (searchable in filter expressions).
 */
export const TASK_OPERATION = 'task.operation';
/** `ok` or the error code (`not_found`, `version_conflict`, ...). */
export const TASK_OUTCOME = 'task.outcome';
/** `dynamodb` or `memory`. */
export const TASK_STORE = 'task.store';

export const TASK_ANNOTATION_KEYS = [TASK_OPERATION, TASK_OUTCOME, TASK_STORE] as const;
