import { useCallback, useEffect, useState } from 'react';

export type PermissionState = NotificationPermission | 'unsupported';

const current = (): PermissionState => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * The browser's notification permission, kept current (the user may change it in the site settings),
 * and a request that must only run from a user's click.
 */
export function useNotificationPermission(): { permission: PermissionState; request: () => Promise<PermissionState> } {
  const [permission, setPermission] = useState<PermissionState>(current);
  useEffect(() => {
    let status: PermissionStatus | undefined;
    let cancelled = false;
    const onChange = () => setPermission(current());
    navigator.permissions
      ?.query({ name: 'notifications' })
      .then((s) => {
        if (cancelled) return;
        status = s;
        s.addEventListener('change', onChange);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      status?.removeEventListener('change', onChange);
    };
  }, []);
  const request = useCallback(async (): Promise<PermissionState> => {
    if (typeof Notification === 'undefined') return 'unsupported';
    const answer = await Notification.requestPermission();
    setPermission(answer);
    return answer;
  }, []);
  return { permission, request };
}
