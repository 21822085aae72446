import { useEffect, useRef, type ReactNode } from 'react';

/**
 * One screen: its heading (h1) takes the focus when the screen opens, so a screen reader announces
 * where a link or a redirect led, and keyboard users start from the top of the new content.
 */
export function Screen({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <>
      <div className="screen-head">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </>
  );
}
