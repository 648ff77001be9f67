import type { ReactNode } from 'react';

/** Placeholder. */
export function Gallery(): ReactNode {
  return <div className="demo">Gallery</div>;
}
