import { z } from 'zod';
import {
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  TITLE_MAX_LENGTH,
  type CreateTaskRequest,
  type PatchTaskRequest,
  type Task,
  type TaskPage,
} from '../contract.js';

export type { Task, TaskPage };

const title = z
  .string({ error: 'title must be a string' })
  // A lone UTF-16 surrogate (JSON allows "\ud800") is not text: it cannot be stored as UTF-8.
  .refine(
    (value) => !/\p{Cs}/u.test(value),
    'title must be well-formed Unicode (no lone surrogates)',
  )
  .trim()
  .min(1, 'title must not be empty')
  .max(TITLE_MAX_LENGTH, `title must be at most ${TITLE_MAX_LENGTH} characters`);
const done = z.boolean({ error: 'done must be true or false' });
const version = z
  .number({ error: 'version must be an integer' })
  .int('version must be an integer')
  .min(1, 'version must be at least 1');

/** Body of `POST /tasks`. Unknown fields are rejected, not ignored. */
export const CreateTaskBody = z.strictObject({
  title,
  done: done.optional(),
}) satisfies z.ZodType<CreateTaskRequest>;
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

/**
 * Body of `PATCH /tasks/:id`: the fields to change, plus optionally the `version` the client
 * last read (the alternative to an `If-Match` header).
 */
export const PatchTaskBody = z
  .strictObject({ title: title.optional(), done: done.optional(), version: version.optional() })
  .refine((body) => body.title !== undefined || body.done !== undefined, {
    message: 'give at least one of title or done to change',
  }) satisfies z.ZodType<PatchTaskRequest>;
export type PatchTaskBody = z.infer<typeof PatchTaskBody>;

/** Query of `GET /tasks`. `cursor` is opaque: pass back the `nextCursor` of the previous page. */
export const ListTasksQuery = z.strictObject({
  // Digits only: `1e2`, `0x10`, `+5` and ` 5` are refused, not coerced.
  limit: z
    .string({ error: 'limit must be given once' })
    .regex(/^\d+$/, `limit must be a whole number from 1 to ${LIST_LIMIT_MAX} (digits only)`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, 'limit must be at least 1')
        .max(LIST_LIMIT_MAX, `limit must be at most ${LIST_LIMIT_MAX}`),
    )
    .default(LIST_LIMIT_DEFAULT),
  cursor: z.string().min(1, 'cursor must not be empty').max(1024, 'cursor is too long').optional(),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

/** Task ids are UUIDs we generate; anything else cannot name a task. */
export const TaskId = z.uuid();

/** The changes an update applies: the writable fields of a PATCH. */
export type TaskChanges = Pick<PatchTaskRequest, 'title' | 'done'>;
