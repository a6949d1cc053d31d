import { useConnections } from '../../store/connections-store';

/** A connection's id as text, its label (if the user gave one) as tooltip. */
export function ConnectionName({ id }: { id: string }) {
  const label = useConnections((s) => s.configs.find((c) => c.id === id)?.label);
  return (
    <span className="conn-name" title={label && label !== id ? `${label} (${id})` : id}>
      {id}
    </span>
  );
}
