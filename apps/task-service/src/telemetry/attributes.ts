/**
 * Span attribute keys this service sets on business spans, named in the service's contract
 * because the collectors index them (see TASK_ATTRIBUTES there).
 */
import { TASK_ATTRIBUTES } from '../contract.js';

export const TASK_OPERATION = TASK_ATTRIBUTES.operation;
export const TASK_OUTCOME = TASK_ATTRIBUTES.outcome;
export const TASK_STORE = TASK_ATTRIBUTES.store;
