import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses client input; a mismatch becomes a 400 that names each offending field (and `field`: the first). */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5);
  const problems = issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  // `field` names the first offending field (dotted path) for clients that point at it.
  const field = issues.find((issue) => issue.path.length > 0)?.path.join('.');
  throw new AppError(400, 'invalid_request', `Invalid ${what}: ${problems}`, field ? { field } : {});
}
