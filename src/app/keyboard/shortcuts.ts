import { PANEL_SPECS } from '../panel-specs';

/** Every keyboard shortcut, as the `?` dialog lists it. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '/', what: "Focus the active panel's filter" },
  ...PANEL_SPECS.slice(0, 10).map((p, i) => ({ keys: String((i + 1) % 10), what: `Go to ${p.title}` })),
  { keys: '↑ ↓ Home End PgUp PgDn', what: 'Move between rows of a focused table' },
  { keys: '← →', what: 'Resize a focused column edge' },
  { keys: '?', what: 'Show this list' },
  { keys: 'Esc', what: 'Close what is open (dialog, menu, settings)' },
];

/** The panel a number key goes to: 1 is the first panel of the registry, 0 the tenth. */
export function panelForDigit(key: string): string | undefined {
  if (!/^[0-9]$/.test(key)) return undefined;
  const index = key === '0' ? 9 : Number(key) - 1;
  return PANEL_SPECS[index]?.id;
}

/** Keys typed into a field are the user's text, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}
