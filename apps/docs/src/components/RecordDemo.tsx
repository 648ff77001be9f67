import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ModelName } from '@hyperposition/hypervector';
import { useLocation } from '@docusaurus/router';
import { DemoControls, queryNumber, Readout, StatusReadout, useRunSettings } from './DemoControls';
import { Figure } from './Figure';
import { measureRecordCapacity, type CapacityPoint } from '../../examples/recordCapacity';
import { yieldToPage } from '../lib/tfBackend';

type Status = 'idle' | 'running' | 'done' | 'stopped' | 'error';

/** Models whose capacity the theory covers (sparse block codes are not Gaussian). */
export const capacityModels: readonly ModelName[] = ['MAP-I', 'MAP-B', 'BSC', 'HRR', 'FHRR'];

const bundleSizes = [5, 10, 20, 30, 45, 60, 80, 110, 150];

/**
 * Records of K key-value pairs read back by clean-up, K growing until reads fail, against the
 * capacity theory of Frady, Kleyko and Sommer (2018). Runs `examples/recordCapacity.ts`, the
 * file its test checks, one K at a time so the page stays responsive.
 */
export function RecordDemo(): ReactNode {
  const [settings, setSettings] = useRunSettings({ seed: 1, steps: 1, backend: 'cpu' });
  const [model, setModel] = useState<ModelName>('MAP-I');
  const [dim, setDim] = useState(1000);
  const [items, setItems] = useState(1000);
  const [status, setStatus] = useState<Status>('idle');
  const [message, setMessage] = useState('');
  const [points, setPoints] = useState<CapacityPoint[]>([]);
  const [svg, setSvg] = useState<SVGElement | null>(null);
  const abort = useRef<AbortController | null>(null);

  const { search } = useLocation();
  useEffect(() => {
    const n = queryNumber(search, 'items', 1000);
    setItems(n === 100 ? 100 : 1000);
  }, [search]);
  useEffect(() => () => abort.current?.abort(), []);

  async function run(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('running');
    setMessage('');
    setPoints([]);
    try {
      const [hv, plots] = await Promise.all([
        import('@hyperposition/hypervector'),
        import('@hyperposition/plots'),
      ]);
      const curveK = Array.from({ length: 60 }, (_, i) => Math.round(3 * (200 / 3) ** (i / 59)));
      const theory = {
        bundleSize: curveK,
        accuracy: curveK.map((K) =>
          hv.expectedRetrievalAccuracy({ dim, bundleSize: K, items, model }),
        ),
      };
      const done: CapacityPoint[] = [];
      for (const K of bundleSizes) {
        await yieldToPage();
        if (controller.signal.aborted) break;
        // One record per large K keeps each chunk of work well under a second.
        const [point] = measureRecordCapacity([K], {
          model,
          dim,
          items,
          trials: K >= 60 ? 1 : 2,
          seed: settings.seed + K,
        });
        done.push(point);
        setPoints([...done]);
        setSvg(
          plots.capacity(
            [
              {
                model,
                bundleSize: done.map((p) => p.bundleSize),
                accuracy: done.map((p) => p.measured),
                theory,
              },
            ],
            { title: `Record capacity, ${model}, d = ${dim}, N = ${items}`, logX: true },
          ),
        );
      }
      setStatus(controller.signal.aborted ? 'stopped' : 'done');
    } catch (error) {
      setStatus('error');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  const running = status === 'running';
  return (
    <div className="demo" data-testid="record-demo">
      <DemoControls
        settings={settings}
        onChange={setSettings}
        running={running}
        onRun={() => void run()}
        onStop={() => abort.current?.abort()}
        runLabel="Measure"
        hideSteps
        hideBackend
      >
        <label>
          model
          <select
            data-testid="capacity-model"
            value={model}
            disabled={running}
            onChange={(e) => setModel(e.target.value as ModelName)}
          >
            {capacityModels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          d
          <select value={dim} disabled={running} onChange={(e) => setDim(Number(e.target.value))}>
            {[500, 1000, 2000].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          items N
          <select
            value={items}
            disabled={running}
            onChange={(e) => setItems(Number(e.target.value))}
          >
            {[100, 1000].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </DemoControls>
      <dl className="demo-readout">
        <StatusReadout status={status} message={message} />
        <Readout
          label="measured accuracy (K: fraction)"
          testId="capacity-measured"
          value={points.map((p) => `${p.bundleSize}: ${p.measured.toFixed(3)}`).join(', ')}
        />
        <Readout
          label="theory"
          testId="capacity-theory"
          value={points.map((p) => `${p.bundleSize}: ${p.theory.toFixed(3)}`).join(', ')}
        />
      </dl>
      <Figure svg={svg} testId="figure-capacity" />
    </div>
  );
}
