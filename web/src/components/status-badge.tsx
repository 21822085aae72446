import { statusLabel } from '../format';

/** A status as a word on a colour (the word carries the meaning; the colour only helps). */
export function StatusBadge({ status }: { status: string | null }) {
  return <span className={`badge badge-${(status ?? 'unknown').toLowerCase()}`}>{statusLabel(status)}</span>;
}
