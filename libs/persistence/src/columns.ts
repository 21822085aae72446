import type { ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; amounts are safe integers (won). */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
