import { useEffect, useState, type ReactNode } from 'react';
import type { ModelName } from '@hyperposition/hypervector';
import { Readout } from './DemoControls';
import { RecordDemo } from './RecordDemo';
import { playgroundDims, runPlayground, type PlaygroundResult } from '../../examples/vsaPlayground';

const models: ModelName[] = ['MAP-B', 'MAP-I', 'MAP-C', 'BSC', 'HRR', 'FHRR', 'SBC'];

/**
 * Bind, bundle, clean-up and a key-value record for any VSA model, computed in the browser by
 * `examples/vsaPlayground.ts` (the file its test runs for every model), then the record
 * capacity measurement against theory.
 */
export function VsaPlayground(): ReactNode {
  const [model, setModel] = useState<ModelName>('MAP-B');
  const [dim, setDim] = useState(4096);
  const [seed, setSeed] = useState(1);
  const [bundleSize, setBundleSize] = useState(5);
  const [beta, setBeta] = useState(20);
  const [result, setResult] = useState<PlaygroundResult | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    try {
      setResult(runPlayground({ model, dim, seed, bundleSize, beta }));
      setError('');
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [model, dim, seed, bundleSize, beta]);

  const f = (v: number): string => v.toFixed(4);
  return (
    <>
      <div className="demo" data-testid="vsa-playground">
        <div className="demo-controls">
          <label>
            model
            <select
              data-testid="vsa-model"
              value={model}
              onChange={(e) => setModel(e.target.value as ModelName)}
            >
              {models.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            d
            <select
              data-testid="vsa-dim"
              value={dim}
              onChange={(e) => setDim(Number(e.target.value))}
            >
              {playgroundDims.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label>
            seed
            <input
              type="number"
              data-testid="vsa-seed"
              value={seed}
              onChange={(e) => setSeed(Math.trunc(Number(e.target.value)))}
            />
          </label>
          <label>
            bundle size K
            <input
              type="number"
              min={1}
              max={200}
              value={bundleSize}
              onChange={(e) =>
                setBundleSize(Math.min(200, Math.max(1, Math.trunc(Number(e.target.value)))))
              }
            />
          </label>
          <label>
            attention β
            <input
              type="number"
              min={0}
              step={5}
              value={beta}
              onChange={(e) => setBeta(Math.max(0, Number(e.target.value)))}
            />
          </label>
        </div>
        {error && <p data-testid="vsa-error">error: {error}</p>}
        {result && (
          <dl className="demo-readout">
            {result.blockSize !== null && (
              <Readout
                label="SBC blocks"
                testId="vsa-sbc-blocks"
                value={`${dim / result.blockSize} of ${result.blockSize} units`}
              />
            )}
            <Readout
              label="chance similarity (mean ± sd)"
              testId="vsa-chance"
              value={`${f(result.chance.mean)} ± ${f(result.chance.std)}`}
            />
            <Readout
              label="sim(bind(a, b), a)"
              testId="vsa-bound-vs-a"
              value={f(result.boundVsA)}
            />
            <Readout
              label="sim(unbind(bind(a, b), a), b)"
              testId="vsa-unbound-vs-b"
              value={f(result.unboundVsB)}
            />
            <Readout
              label={`sim(bundle of ${bundleSize}, member)`}
              testId="vsa-bundle-member"
              value={f(result.bundleVsMember)}
            />
            <Readout
              label={`sim(bundle of ${bundleSize}, stranger)`}
              testId="vsa-bundle-stranger"
              value={f(result.bundleVsStranger)}
            />
            <Readout
              label="record read back (key → clean-up, similarity)"
              testId="vsa-record"
              value={result.reads
                .map((r) => `${r.key}→${r.label} (${r.similarity.toFixed(2)})`)
                .join(', ')}
            />
            <Readout
              label={`attention weight on 'blue' (β = ${beta})`}
              testId="vsa-attention"
              value={f(result.attentionWeight)}
            />
          </dl>
        )}
      </div>
      <RecordDemo />
    </>
  );
}
