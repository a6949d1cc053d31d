import { useTabRole } from './tab-role';

/**
 * Says what this tab is when it is not simply the board: a mirror of the tab that holds the
 * connections, or a tab running alone because the browser cannot coordinate tabs. The owner shows
 * nothing (the element stays, with its role, for the tests and for assistive technology).
 */
export function TabRoleBadge() {
  const { role, locksSupported, mirrorProblem } = useTabRole();
  const text = role === 'follower' ? 'Mirror of another tab' : !locksSupported ? 'This tab runs on its own' : '';
  const title =
    role === 'follower'
      ? 'Another tab of the board holds the connections and the journal; this tab shows the same data live and takes over if that tab closes. Changes you make here go to that tab.'
      : !locksSupported
        ? 'This browser cannot coordinate tabs (no Web Locks or BroadcastChannel): every open tab of the board holds its own connections and writes its own history.'
        : undefined;
  return (
    <div className="tab-role" data-testid="tab-role" data-role={role} role="status" title={title} hidden={text === ''}>
      {text}
      {mirrorProblem ? <span className="tab-role-problem"> ({mirrorProblem})</span> : null}
    </div>
  );
}
