import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from '@docusaurus/router';
import useBaseUrl from '@docusaurus/useBaseUrl';
import {
  DemoControls,
  queryNumber,
  Readout,
  RestartsInput,
  StatusReadout,
  useRunSettings,
} from './DemoControls';
import { Figure } from './Figure';
import { pentagonDemo } from '../lib/demoDefaults';
import { planarGeometry } from '../lib/geometry';
import { loadTf, type BackendName } from '../lib/tfBackend';

type Status = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

interface Figures {
  geometry: SVGElement | null;
  gram: SVGElement | null;
  norms: SVGElement | null;
}

/**
 * The n = 5, m = 2 ReLU-output toy model (Elhage et al. 2022, intro figure) trained in the
 * browser, with a sparsity slider and a choice of training engine (`?engine=`, default the
 * fused one). Training yields to the page at least every 20 ms (inside `train`), so the stop
 * button answers at once; the readouts update every 100 steps, the figures at most every
 * `pentagonDemo.redrawMs`, and both once more at the end.
 */
export function PentagonDemo(): ReactNode {
  const wasmPrefix = useBaseUrl('/tfjs-wasm/');
  const { search } = useLocation();
  const [settings, setSettings] = useRunSettings({
    seed: pentagonDemo.defaults.seed,
    steps: pentagonDemo.defaults.steps,
    backend: 'wasm',
    engine: pentagonDemo.engine,
  });
  const [sparsity, setSparsity] = useState<number>(pentagonDemo.defaults.sparsity);
  const [restarts, setRestarts] = useState<number>(pentagonDemo.restarts);
  const [status, setStatus] = useState<Status>('idle');
  const [message, setMessage] = useState('');
  const [backend, setBackend] = useState<BackendName | ''>('');
  const [engine, setEngine] = useState<string>('');
  const [step, setStep] = useState(0);
  const [loss, setLoss] = useState<number | null>(null);
  const [represented, setRepresented] = useState<number | null>(null);
  const [gaps, setGaps] = useState<number[]>([]);
  const [norms, setNorms] = useState<number[]>([]);
  const [figures, setFigures] = useState<Figures>({ geometry: null, gram: null, norms: null });
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    setSparsity(queryNumber(search, 'sparsity', pentagonDemo.defaults.sparsity));
    setRestarts(Math.max(1, Math.trunc(queryNumber(search, 'restarts', pentagonDemo.restarts))));
  }, [search]);
  useEffect(() => () => abort.current?.abort(), []);

  async function run(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('loading');
    setMessage('');
    setStep(0);
    setLoss(null);
    try {
      // The chunks load in parallel: tfjs and its wasm binary, the trainer, the figures.
      const [{ backend: active }, tm, plots] = await Promise.all([
        loadTf(settings.backend, wasmPrefix),
        import('@hyperposition/toy-models'),
        import('@hyperposition/plots'),
      ]);
      setBackend(active);
      const activeEngine = settings.engine ?? pentagonDemo.engine;
      setEngine(activeEngine);
      const importance = Array.from(
        { length: pentagonDemo.nFeatures },
        (_, i) => pentagonDemo.importanceDecay ** i,
      );
      const { nFeatures: n, nHidden: m } = pentagonDemo;
      const show = (data: Float32Array, at: number): void => {
        const W = { data, rows: m, cols: n };
        const g = planarGeometry(W);
        setRepresented(g.represented);
        setGaps(g.gaps);
        setNorms(g.norms);
        const subtitle = `S = ${sparsity}, step ${at}`;
        setFigures({
          geometry: plots.featureGeometry(W, {
            importance,
            width: 300,
            height: 300,
            title: 'Feature directions',
            subtitle,
          }),
          gram: plots.wtwHeatmap(W, { importance, width: 300, title: 'WᵀW' }),
          norms: plots.featureNorms(W, { importance, width: 320, title: 'Feature norms' }),
        });
      };
      setStatus('training');
      // Figures are redrawn at most every redrawMs: the fused engine runs 100 steps in a few
      // milliseconds, and three new SVGs per 100 steps would cost more than the training.
      let lastDraw = -Infinity;
      const result = await tm.trainBestOf(
        { nFeatures: n, nHidden: m, sparsity, importance, seed: settings.seed },
        {
          restarts,
          steps: settings.steps,
          lr: pentagonDemo.lr,
          batchSize: pentagonDemo.batchSize,
          seed: settings.seed,
          engine: activeEngine,
          signal: controller.signal,
          every: 100,
          onStep: (progress) => {
            if (controller.signal.aborted) return;
            setStep(progress.step);
            // While training, show the restart with the lowest batch loss.
            let best = 0;
            for (let r = 1; r < restarts; r++)
              if (progress.lossPerInstance[r] < progress.lossPerInstance[best]) best = r;
            setLoss(progress.lossPerInstance[best]);
            const now = performance.now();
            if (now - lastDraw < pentagonDemo.redrawMs) return;
            lastDraw = now;
            show(progress.snapshot().W.slice(best * m * n, (best + 1) * m * n), progress.step);
          },
        },
      );
      const [winner] = result.best;
      show(winner.W, result.train.step);
      setLoss(winner.loss);
      setStep(result.train.step);
      setStatus(result.train.aborted ? 'stopped' : 'done');
    } catch (error) {
      setStatus('error');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  const running = status === 'loading' || status === 'training';
  return (
    <div className="demo" data-testid="pentagon-demo">
      <DemoControls
        settings={settings}
        onChange={setSettings}
        running={running}
        onRun={() => void run()}
        onStop={() => abort.current?.abort()}
      >
        <label>
          sparsity S = <span data-testid="sparsity-value">{sparsity.toFixed(3)}</span>
          <input
            type="range"
            data-testid="sparsity"
            min={0}
            max={0.99}
            step={0.01}
            value={sparsity}
            disabled={running}
            onChange={(e) => setSparsity(Number(e.target.value))}
          />
        </label>
        <RestartsInput value={restarts} disabled={running} onChange={setRestarts} />
      </DemoControls>
      <dl className="demo-readout">
        <StatusReadout status={status} message={message} />
        <Readout label="backend" testId="backend" value={backend} />
        <Readout label="engine" testId="engine" value={engine} />
        <Readout label="step" testId="step" value={step} />
        <Readout
          label="loss (best restart)"
          testId="loss"
          value={loss === null ? '' : loss.toExponential(3)}
        />
        <Readout
          label="features represented (‖Wᵢ‖ > 0.5)"
          testId="represented"
          value={represented ?? ''}
        />
        <Readout
          label="angles between neighbours (°)"
          testId="angles"
          value={gaps.map((g) => g.toFixed(1)).join(',')}
        />
        <Readout
          label="norms ‖Wᵢ‖"
          testId="norms"
          value={norms.map((v) => v.toFixed(2)).join(',')}
        />
      </dl>
      <div className="demo-figures">
        <Figure svg={figures.geometry} testId="figure-geometry" />
        <Figure svg={figures.gram} testId="figure-wtw" />
        <Figure svg={figures.norms} testId="figure-norms" />
      </div>
      <p className="figure-caption">
        n = 5 features, m = 2 hidden dimensions, importance 0.9ⁱ, AdamW (weight decay 0.01) at lr{' '}
        {pentagonDemo.lr} (three times the paper&apos;s notebook, so it converges in a few thousand
        steps), batch {pentagonDemo.batchSize}.
      </p>
    </div>
  );
}
