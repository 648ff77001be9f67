import { useEffect, useState, type ReactNode } from 'react';
import { Figure } from './Figure';

interface Rendered {
  id: string;
  title: string;
  description: string;
  svg: SVGElement | null;
  error?: string;
}

/** Every figure of @hyperposition/plots' `galleryFigures()`, rendered in the browser. */
export function Gallery(): ReactNode {
  const [figures, setFigures] = useState<Rendered[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    import('@hyperposition/plots')
      .then(({ galleryFigures }) => {
        const rendered = galleryFigures().map((figure): Rendered => {
          try {
            return {
              id: figure.id,
              title: figure.title,
              description: figure.description,
              svg: figure.render(),
            };
          } catch (e) {
            return {
              id: figure.id,
              title: figure.title,
              description: figure.description,
              svg: null,
              error: String(e),
            };
          }
        });
        if (live) setFigures(rendered);
      })
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p data-testid="gallery-status">error: {error}</p>;
  if (!figures) return <p data-testid="gallery-status">rendering…</p>;
  return (
    <>
      <p data-testid="gallery-status">{figures.length} figures</p>
      <div className="gallery">
        {figures.map((figure) => (
          <section key={figure.id} id={`figure-${figure.id}`} data-testid="gallery-figure">
            <h3>{figure.title}</h3>
            {figure.error ? (
              <p>could not render: {figure.error}</p>
            ) : (
              <Figure svg={figure.svg} caption={<>{figure.description}</>} />
            )}
          </section>
        ))}
      </div>
    </>
  );
}
