import { useEffect, useState } from 'react';
import type { VenueFormDescriptor } from '../../venues/form-descriptor';
import { loadFormDescriptors } from '../../venues/form-descriptors';

/** The venues' form descriptors, loaded on first use (they are not part of the first paint's JavaScript). */
export function useFormDescriptors(): VenueFormDescriptor[] | undefined {
  const [descriptors, setDescriptors] = useState<VenueFormDescriptor[]>();
  useEffect(() => {
    let alive = true;
    void loadFormDescriptors().then((d) => alive && setDescriptors(d));
    return () => {
      alive = false;
    };
  }, []);
  return descriptors;
}
