import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses client input; a mismatch becomes a 400 that names each offending field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new AppError(400, 'invalid_request', `Invalid ${what}: ${problems}`);
}
