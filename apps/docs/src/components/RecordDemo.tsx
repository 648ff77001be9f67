import type { ReactNode } from 'react';

/** Placeholder. */
export function RecordDemo(): ReactNode {
  return <div className="demo">RecordDemo</div>;
}
