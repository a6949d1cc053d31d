import { create } from 'zustand';

/** Whether the settings drawer is open: the top bar's button opens it, the drawer closes itself. */
interface SettingsDrawerState {
  open: boolean;
  setOpen(open: boolean): void;
}

export const useSettingsDrawer = create<SettingsDrawerState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
