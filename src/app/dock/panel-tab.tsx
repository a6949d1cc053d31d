import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { IDockviewPanelHeaderProps } from 'dockview-react';

/**
 * A dock tab: the panel's title and a close mark. dockview's own tab puts a close <button> inside the
 * element that is the tab (role=tab), an interactive control inside another that screen readers
 * cannot reach (axe: nested-interactive). Here the mark is not a control of its own: a click on it,
 * a middle click on the tab, or Delete while the tab has focus closes the panel (hides it: the
 * settings drawer shows it again).
 */
export function PanelTab({ api }: IDockviewPanelHeaderProps) {
  const [title, setTitle] = useState(api.title ?? api.id);
  useEffect(() => {
    const subscription = api.onDidTitleChange((e) => setTitle(e.title));
    return () => subscription.dispose();
  }, [api]);

  const onCloseClick = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    api.close();
  };
  const onAuxClick = (e: MouseEvent) => {
    if (e.button === 1) api.close();
  };
  // The focusable element is dockview's tab around this one: Delete is heard there.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const tab = ref.current?.closest('[role="tab"]');
    if (!tab) return;
    const onKeyDown = (e: Event) => {
      if ((e as KeyboardEvent).key === 'Delete') api.close();
    };
    tab.addEventListener('keydown', onKeyDown);
    return () => tab.removeEventListener('keydown', onKeyDown);
  }, [api]);

  return (
    <div ref={ref} className="dv-default-tab panel-tab" onAuxClick={onAuxClick}>
      <span className="dv-default-tab-content">{title}</span>
      <span
        className="dv-default-tab-action panel-tab-close"
        aria-hidden="true"
        title={`Close ${title} (Delete)`}
        onPointerDown={(e) => e.preventDefault()}
        onClick={onCloseClick}
      >
        ×
      </span>
    </div>
  );
}
