import type { ReactNode } from 'react';
import Link from '@docusaurus/Link';
import useBaseUrl from '@docusaurus/useBaseUrl';
import Layout from '@theme/Layout';

const sections: { title: string; to: string; text: string }[] = [
  {
    title: 'Concepts',
    to: '/docs/concepts/superposition',
    text: 'Superposition and the toy model, its phases and geometry, the dense regime, VSA primitives, computation in superposition.',
  },
  {
    title: 'Live examples',
    to: '/docs/examples',
    text: 'Models that train in your browser: the pentagon, a sparsity sweep, a phase diagram, interference, a VSA playground.',
  },
  {
    title: 'Guides',
    to: '/docs/guides',
    text: 'Install, first use, recipes and performance notes for each package.',
  },
  { title: 'API reference', to: '/docs/api', text: 'Generated from the TSDoc of every package.' },
  { title: 'Gallery', to: '/docs/gallery', text: 'Every figure the plots package draws.' },
  {
    title: 'Findings',
    to: '/docs/findings',
    text: 'The studies the project runs, and what they found.',
  },
];

/** The landing page. */
export default function Home(): ReactNode {
  return (
    <Layout
      title="Hyperposition"
      description="Superposition in neural networks and hyperdimensional computing"
    >
      <header className="hero hero--primary">
        <div
          className="container"
          style={{ display: 'flex', gap: '2rem', alignItems: 'center', flexWrap: 'wrap' }}
        >
          <img
            className="hero-pentagon"
            src={useBaseUrl('/img/favicon.svg')}
            alt="Five feature directions in two dimensions"
          />
          <div>
            <h1 className="hero__title">Hyperposition</h1>
            <p className="hero__subtitle">
              Neural networks store more features than they have dimensions. Vector symbolic
              architectures do it on purpose. This toolkit studies both, in TypeScript, in your
              browser.
            </p>
            <Link className="button button--secondary button--lg" to="/docs/examples/pentagon">
              Watch the pentagon form
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className="row">
          {sections.map((section) => (
            <div key={section.title} className="col col--4 margin-bottom--lg">
              <h2>
                <Link to={section.to}>{section.title}</Link>
              </h2>
              <p>{section.text}</p>
            </div>
          ))}
        </div>
      </main>
    </Layout>
  );
}
