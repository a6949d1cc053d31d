import './components.css';
import type { ReactNode } from 'react';

interface PanelProps {
  /** Panel id: the frame gets `data-testid="panel-<id>"`. */
  id: string;
  title: ReactNode;
  /** Small text next to the title (row count, source). */
  meta?: ReactNode;
  /** Buttons and inputs on the right of the title bar. */
  toolbar?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** The frame every dashboard panel sits in: a title bar with a toolbar slot, then a body that fills the rest. */
export function Panel({ id, title, meta, toolbar, className, children }: PanelProps) {
  const headingId = `panel-${id}-title`;
  return (
    <section className={`panel ${className ?? ''}`} data-testid={`panel-${id}`} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId} className="panel-title">
          {title}
        </h2>
        {meta !== undefined ? <span className="panel-meta">{meta}</span> : null}
        <div className="panel-tools">{toolbar}</div>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
