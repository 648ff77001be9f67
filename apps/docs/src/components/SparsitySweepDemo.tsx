import { useEffect, useRef, useState, type ReactNode } from 'react';
import useBaseUrl from '@docusaurus/useBaseUrl';
import { useLocation } from '@docusaurus/router';
import {
  DemoControls,
  queryNumber,
  Readout,
  RestartsInput,
  StatusReadout,
  useRunSettings,
} from './DemoControls';
import { Figure } from './Figure';
import { columnNorms, representedThreshold } from '../lib/geometry';
import { loadTf, type BackendName } from '../lib/tfBackend';

type Status = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

/** The two sweeps of Elhage et al. (2022): the intro figure and the n = 20, m = 5 model. */
export const sweepPresets = {
  small: {
    label: 'n = 5, m = 2, I = 0.9ⁱ',
    nFeatures: 5,
    nHidden: 2,
    ratio: 0.9,
    sparsities: [0, 0.7, 0.8, 0.9, 0.97],
    steps: 2000,
    lr: 3e-3,
  },
  large: {
    label: 'n = 20, m = 5, I = 0.7ⁱ',
    nFeatures: 20,
    nHidden: 5,
    ratio: 0.7,
    sparsities: [0, 0.7, 0.9, 0.97, 0.99, 0.999],
    steps: 3000,
    lr: 3e-3,
  },
} as const;

type PresetName = keyof typeof sweepPresets;

/**
 * Several sparsities trained at once (one instance each, times `restarts`), drawn as the
 * paper's small multiples: geometry or WᵀW on top, feature norms coloured by superposition below.
 */
export function SparsitySweepDemo(props: { preset?: PresetName }): ReactNode {
  const wasmPrefix = useBaseUrl('/tfjs-wasm/');
  const [presetName, setPresetName] = useState<PresetName>(props.preset ?? 'small');
  const preset = sweepPresets[presetName];
  const [settings, setSettings] = useRunSettings({ seed: 1, steps: preset.steps, backend: 'wasm' });
  const [restarts, setRestarts] = useState(3);
  const [status, setStatus] = useState<Status>('idle');
  const [message, setMessage] = useState('');
  const [backend, setBackend] = useState<BackendName | ''>('');
  const [step, setStep] = useState(0);
  const [represented, setRepresented] = useState<number[]>([]);
  const [sweepSvg, setSweepSvg] = useState<SVGElement | null>(null);
  const [lossSvg, setLossSvg] = useState<SVGElement | null>(null);
  const abort = useRef<AbortController | null>(null);

  const { search } = useLocation();
  useEffect(() => {
    setRestarts(Math.min(8, Math.max(1, Math.trunc(queryNumber(search, 'restarts', 3)))));
  }, [search]);
  useEffect(() => () => abort.current?.abort(), []);

  async function run(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('loading');
    setMessage('');
    setStep(0);
    try {
      const { backend: active } = await loadTf(settings.backend, wasmPrefix);
      setBackend(active);
      const [tm, plots] = await Promise.all([
        import('@hyperposition/toy-models'),
        import('@hyperposition/plots'),
      ]);
      const { nFeatures: n, nHidden: m, sparsities } = preset;
      const importance = Array.from({ length: n }, (_, i) => preset.ratio ** i);
      const k = sparsities.length;
      const history: { step: number; loss: number[] }[] = [];
      const show = (Ws: Float32Array[], at: number): void => {
        const views = Ws.map((data) => ({ data, rows: m, cols: n }));
        setRepresented(
          views.map((W) => columnNorms(W).filter((v) => v > representedThreshold).length),
        );
        setSweepSvg(
          plots.sparsitySweep(
            views.map((W, i) => ({ sparsity: sparsities[i], W })),
            { importance, title: `Sparsity sweep, ${preset.label}`, subtitle: `step ${at}` },
          ),
        );
        if (history.length > 1) {
          setLossSvg(
            plots.trainingLoss(
              sparsities.map((S, i) => ({
                label: `S = ${S}`,
                step: history.map((h) => h.step),
                loss: history.map((h) => h.loss[i]),
              })),
              {
                title: 'Training loss (best restart so far)',
                colorBy: { label: 'sparsity S', values: sparsities },
              },
            ),
          );
        }
      };
      setStatus('training');
      const result = await tm.trainBestOf(
        {
          nInstances: k,
          nFeatures: n,
          nHidden: m,
          sparsity: [...sparsities],
          importance,
          seed: settings.seed,
        },
        {
          restarts,
          steps: settings.steps,
          lr: preset.lr,
          seed: settings.seed,
          signal: controller.signal,
          every: 100,
          onStep: (progress) => {
            if (controller.signal.aborted) return;
            setStep(progress.step);
            // While training, show the restart with the lowest batch loss in each group.
            const snapshot = progress.snapshot();
            const Ws: Float32Array[] = [];
            const losses: number[] = [];
            for (let i = 0; i < k; i++) {
              let best = i * restarts;
              for (let r = 1; r < restarts; r++) {
                if (progress.lossPerInstance[i * restarts + r] < progress.lossPerInstance[best])
                  best = i * restarts + r;
              }
              losses.push(progress.lossPerInstance[best]);
              Ws.push(snapshot.W.slice(best * m * n, (best + 1) * m * n));
            }
            history.push({ step: progress.step, loss: losses });
            show(Ws, progress.step);
          },
        },
      );
      show(
        result.best.map((b) => b.W),
        result.train.step,
      );
      setStep(result.train.step);
      setStatus(result.train.aborted ? 'stopped' : 'done');
    } catch (error) {
      setStatus('error');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  const running = status === 'loading' || status === 'training';
  return (
    <div className="demo" data-testid="sweep-demo">
      <DemoControls
        settings={settings}
        onChange={setSettings}
        running={running}
        onRun={() => void run()}
        onStop={() => abort.current?.abort()}
      >
        <label>
          model
          <select
            data-testid="preset"
            value={presetName}
            disabled={running}
            onChange={(e) => {
              const name = e.target.value as PresetName;
              setPresetName(name);
              setSettings({ steps: sweepPresets[name].steps });
            }}
          >
            {Object.entries(sweepPresets).map(([name, p]) => (
              <option key={name} value={name}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <RestartsInput value={restarts} disabled={running} onChange={setRestarts} />
      </DemoControls>
      <dl className="demo-readout">
        <StatusReadout status={status} message={message} />
        <Readout label="backend" testId="backend" value={backend} />
        <Readout label="step" testId="step" value={step} />
        <Readout
          label="features represented, per sparsity"
          testId="represented-per-sparsity"
          value={represented.map((r, i) => `S=${preset.sparsities[i]}: ${r}`).join(', ')}
        />
      </dl>
      <div className="demo-figures">
        <Figure svg={sweepSvg} testId="figure-sweep" />
        <Figure svg={lossSvg} testId="figure-loss" />
      </div>
      <p className="figure-caption">
        Each sparsity is trained {restarts === 1 ? 'once' : `${restarts} times`} from different
        initialisations (as extra instances of one model); with several restarts the one with the
        lowest loss on a shared evaluation batch is kept, as the paper did. AdamW at lr {preset.lr},
        batch 1024.
      </p>
    </div>
  );
}
