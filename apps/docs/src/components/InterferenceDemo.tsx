import { useEffect, useRef, useState, type ReactNode } from 'react';
import useBaseUrl from '@docusaurus/useBaseUrl';
import { DemoControls, Readout, StatusReadout, useRunSettings } from './DemoControls';
import { Figure } from './Figure';
import { randomDirections } from '../../examples/randomDirections';
import { columnNorms, representedThreshold } from '../lib/geometry';
import { loadTf, type BackendName } from '../lib/tfBackend';

type Status = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

/** The columns of W (`[d, n]`) whose norm exceeds the threshold, as a new [d, k] matrix. */
function liveColumns(W: { data: ArrayLike<number>; rows: number; cols: number }): {
  data: Float64Array;
  rows: number;
  cols: number;
} {
  const norms = columnNorms(W);
  const keep = norms.map((v, j) => (v > representedThreshold ? j : -1)).filter((j) => j >= 0);
  const data = new Float64Array(W.rows * keep.length);
  keep.forEach((j, c) => {
    for (let k = 0; k < W.rows; k++) data[k * keep.length + c] = W.data[k * W.cols + j];
  });
  return { data, rows: W.rows, cols: keep.length };
}

/** Pairwise cosines between the columns of W (`[d, n]`). */
function pairCosines(W: { data: ArrayLike<number>; rows: number; cols: number }): Float64Array {
  const { rows: d, cols: n, data } = W;
  const norms = columnNorms(W);
  const out = new Float64Array((n * (n - 1)) / 2);
  let q = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += data[k * n + i] * data[k * n + j];
      out[q++] = dot / (norms[i] * norms[j] || 1);
    }
  }
  return out;
}

/**
 * Random against learned directions as n grows past d: the coherence (worst |cos|) of n random
 * unit vectors in d dimensions, of the directions a toy model learns for n sparse features in d
 * hidden dimensions, and the Welch bound below both.
 */
export function InterferenceDemo(): ReactNode {
  const wasmPrefix = useBaseUrl('/tfjs-wasm/');
  const [settings, setSettings] = useRunSettings({ seed: 1, steps: 1500, backend: 'wasm' });
  const [d, setD] = useState(8);
  const [sparsity, setSparsity] = useState(0.95);
  const [status, setStatus] = useState<Status>('idle');
  const [message, setMessage] = useState('');
  const [backend, setBackend] = useState<BackendName | ''>('');
  const [rows, setRows] = useState<
    { n: number; random: number; learned: number | null; live: number | null; welch: number }[]
  >([]);
  const [curve, setCurve] = useState<SVGElement | null>(null);
  const [histogram, setHistogram] = useState<SVGElement | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  async function run(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('loading');
    setMessage('');
    setRows([]);
    try {
      const [metrics, plots] = await Promise.all([
        import('@hyperposition/interference'),
        import('@hyperposition/plots'),
      ]);
      const ns = [d / 2, d, 2 * d, 4 * d, 8 * d].map((v) => Math.max(2, Math.round(v)));
      // The random side needs no training: show it at once.
      const table = ns.map((n) => ({
        n,
        random: metrics.coherence(randomDirections(n, d, settings.seed)).coherence,
        learned: null as number | null,
        live: null as number | null,
        welch: metrics.welchBound(n, d),
      }));
      const draw = (): void => {
        setRows(table.map((r) => ({ ...r })));
        const learned = table.filter((r) => r.learned !== null);
        setCurve(
          plots.coherenceCurve(
            [
              { label: 'random', n: table.map((r) => r.n), coherence: table.map((r) => r.random) },
              ...(learned.length
                ? [
                    {
                      label: 'learned',
                      n: learned.map((r) => r.n),
                      coherence: learned.map((r) => r.learned!),
                    },
                  ]
                : []),
            ],
            {
              d,
              title: `Coherence in d = ${d} dimensions`,
              subtitle: `learned: S = ${sparsity}, ${settings.steps} steps`,
            },
          ),
        );
      };
      draw();
      const { backend: active } = await loadTf(settings.backend, wasmPrefix);
      setBackend(active);
      const tm = await import('@hyperposition/toy-models');
      setStatus('training');
      for (const row of table) {
        if (controller.signal.aborted) break;
        const model = tm.createToyModel({
          nFeatures: row.n,
          nHidden: d,
          sparsity,
          seed: settings.seed,
        });
        try {
          await tm.train(model, {
            steps: settings.steps,
            lr: 0.01,
            optimizer: 'adam',
            seed: settings.seed,
            signal: controller.signal,
          });
          const { W } = tm.instanceWeights(model.snapshot(), 0);
          const live = liveColumns(W);
          row.live = live.cols;
          row.learned = live.cols >= 2 ? metrics.coherence(live).coherence : 0;
          if (row === table[table.length - 1] && live.cols >= 2) {
            setHistogram(
              plots.cosineHistogram(
                { cosines: pairCosines(live), n: live.cols, d },
                {
                  title: `Learned directions, n = ${row.n}, d = ${d}`,
                  subtitle: `${live.cols} represented features`,
                },
              ),
            );
          }
        } finally {
          model.dispose();
        }
        draw();
      }
      setStatus(controller.signal.aborted ? 'stopped' : 'done');
    } catch (error) {
      setStatus('error');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  const running = status === 'loading' || status === 'training';
  const fmt = (v: number | null): string => (v === null ? '…' : v.toFixed(3));
  return (
    <div className="demo" data-testid="interference-demo">
      <DemoControls
        settings={settings}
        onChange={setSettings}
        running={running}
        onRun={() => void run()}
        onStop={() => abort.current?.abort()}
        runLabel="Run"
      >
        <label>
          d
          <select
            data-testid="dim"
            value={d}
            disabled={running}
            onChange={(e) => setD(Number(e.target.value))}
          >
            {[4, 8, 16].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          sparsity S = {sparsity}
          <input
            type="range"
            min={0.5}
            max={0.99}
            step={0.01}
            value={sparsity}
            disabled={running}
            onChange={(e) => setSparsity(Number(e.target.value))}
          />
        </label>
      </DemoControls>
      <dl className="demo-readout">
        <StatusReadout status={status} message={message} />
        <Readout label="backend" testId="backend" value={backend} />
        <Readout
          label="random coherence"
          testId="random-coherence"
          value={rows.map((r) => `n=${r.n}: ${fmt(r.random)}`).join(', ')}
        />
        <Readout
          label="learned coherence (represented features)"
          testId="learned-coherence"
          value={rows
            .map((r) => `n=${r.n}: ${fmt(r.learned)}${r.live === null ? '' : ` (${r.live})`}`)
            .join(', ')}
        />
        <Readout
          label="Welch bound"
          testId="welch"
          value={rows.map((r) => `n=${r.n}: ${r.welch.toFixed(3)}`).join(', ')}
        />
      </dl>
      <div className="demo-figures">
        <Figure svg={curve} testId="figure-coherence" />
        <Figure svg={histogram} testId="figure-cosines" />
      </div>
      <p className="figure-caption">
        Learned: a ReLU-output toy model with n features of equal importance in d hidden dimensions,
        Adam at lr 0.01; only features with ‖Wᵢ‖ &gt; 0.5 count (their number is in brackets).
      </p>
    </div>
  );
}
