import type { ReactNode } from 'react';

/** Placeholder. */
export function InterferenceDemo(): ReactNode {
  return <div className="demo">InterferenceDemo</div>;
}
