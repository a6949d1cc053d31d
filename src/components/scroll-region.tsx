import type { CSSProperties, ReactNode } from 'react';

/**
 * A part of a panel that scrolls on its own (a table taller or wider than its place): a tab stop with
 * a name, so the keyboard can reach and scroll it (axe: scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  style,
  children,
}: {
  label: string;
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <div className={className} style={style} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
