import { BadRequestException } from '@nestjs/common';

/** `?limit=` of the list endpoints: 1–200, default 50. */
export function parseLimit(limit: string | undefined): number {
  const parsed = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 200)
    throw new BadRequestException('limit must be a whole number from 1 to 200');
  return parsed;
}
