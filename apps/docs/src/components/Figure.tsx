import { useEffect, useRef, type ReactNode } from 'react';

/** Show an SVG figure (an element or its markup) from @hyperposition/plots. */
export function Figure(props: {
  svg: SVGElement | string | null | undefined;
  caption?: ReactNode;
  testId?: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const { svg } = props;
    if (!svg) host.replaceChildren();
    else if (typeof svg === 'string') host.innerHTML = svg;
    else host.replaceChildren(svg);
  }, [props.svg]);
  return (
    <figure className="figure" data-testid={props.testId}>
      <div ref={ref} />
      {props.caption && <figcaption className="figure-caption">{props.caption}</figcaption>}
    </figure>
  );
}

/** A value that an example file computed, shown in the page with a data-testid the browser test reads. */
export function Output(props: { testId: string; value: string | number }): ReactNode {
  return (
    <code className="output" data-testid={props.testId}>
      {props.value}
    </code>
  );
}
