import type { ReactNode } from 'react';

export type NoticeKind = 'error' | 'info' | 'success';

/**
 * A plain message. Errors are alerts (read out at once); the others are polite status messages.
 * The live region is always in the page, so a message put into it later is announced too.
 */
export function Notice({ kind = 'info', children, id }: { kind?: NoticeKind; children?: ReactNode; id?: string }) {
  const empty = children === undefined || children === null || children === false || children === '';
  return (
    <div
      id={id}
      className={empty ? 'notice-slot' : `notice notice-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      aria-live={kind === 'error' ? 'assertive' : 'polite'}
    >
      {empty ? null : children}
    </div>
  );
}
