import { useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

/**
 * One "Actions" button per row opening a menu (role=menu): a popover in the top layer, so no panel or
 * table clips it; Escape or a click elsewhere closes it (the browser's popover), arrow keys, Home and
 * End move between the items, and focus returns to the button. Items are buttons with role=menuitem.
 * The items stay in the DOM while it is closed (their state, e.g. aria-checked, stays readable).
 */
export function RowMenu({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  const [place, setPlace] = useState<CSSProperties>({});
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not(:disabled)') ?? [])];
  const onKeyDown = (e: KeyboardEvent) => {
    // The menu's keys are its own: the table around it moves its focused row with the same arrows.
    e.stopPropagation();
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Tab') menuRef.current?.hidePopover();
    else return;
    e.preventDefault();
  };

  return (
    <span className="row-menu">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn--xs"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        popoverTarget={menuId}
        title={label}
      >
        Actions ▾
      </button>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        role="menu"
        aria-label={label}
        className="row-menu-list"
        style={place}
        onKeyDown={onKeyDown}
        // An item that acts closes the menu (Remove asks first: its confirmation stays open).
        onClick={(e) => {
          const item = (e.target as HTMLElement).closest('[role^="menuitem"]');
          if (item && !item.hasAttribute('data-keeps-menu')) menuRef.current?.hidePopover();
        }}
        onBeforeToggle={(e) => {
          const rect = buttonRef.current?.getBoundingClientRect();
          if (e.newState === 'open' && rect)
            setPlace({ top: rect.bottom + 2, right: Math.max(4, window.innerWidth - rect.right) });
        }}
        onToggle={(e) => {
          const opened = e.newState === 'open';
          setOpen(opened);
          if (opened) items()[0]?.focus();
          else if (menuRef.current?.contains(document.activeElement)) buttonRef.current?.focus();
        }}
      >
        {children}
      </div>
    </span>
  );
}
