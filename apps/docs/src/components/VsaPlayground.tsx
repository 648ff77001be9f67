import type { ReactNode } from 'react';

/** Placeholder. */
export function VsaPlayground(): ReactNode {
  return <div className="demo">VsaPlayground</div>;
}
