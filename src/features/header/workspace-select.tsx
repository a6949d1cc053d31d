import { useSettings } from '../../store/settings-store';

/** The top bar's workspace switcher: every saved workspace by name; choosing one shows its board. */
export function WorkspaceSelect() {
  const workspace = useSettings((s) => s.workspace);
  const workspaces = useSettings((s) => s.workspaces);
  const switchWorkspace = useSettings((s) => s.switchWorkspace);
  const names = Object.keys(workspaces).sort((a, b) => a.localeCompare(b));
  return (
    <label className="workspace-select">
      <span className="visually-hidden">Workspace</span>
      <select
        data-testid="workspace-select"
        value={workspace}
        title="Workspace: the arrangement of panels and table columns"
        onChange={(e) => switchWorkspace(e.target.value)}
      >
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
