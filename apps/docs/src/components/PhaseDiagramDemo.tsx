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
import { loadTf, type BackendName } from '../lib/tfBackend';

type Status = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

interface Cell {
  relativeImportance: number;
  density: number;
  phase: 'not-represented' | 'dedicated' | 'superposition';
  theory: 'not-represented' | 'dedicated' | 'superposition';
}

/** The analytic boundaries of the n = 2, m = 1 diagram (Elhage et al. 2022, section 4). */
function boundaries(
  r0: number,
  r1: number,
): { label: string; relativeImportance: number[]; density: number[] }[] {
  const left = Array.from({ length: 40 }, (_, i) => r0 * (1 / r0) ** (i / 39));
  const right = Array.from({ length: 40 }, (_, i) => r1 ** (i / 39));
  return [
    {
      label: 'theory: p = 4r / (2 + 5r)',
      relativeImportance: left,
      density: left.map((r) => (4 * r) / (2 + 5 * r)),
    },
    {
      label: 'theory: p = 4 / (5 + 2r)',
      relativeImportance: right,
      density: right.map((r) => 4 / (5 + 2 * r)),
    },
    { label: 'theory: r = 1 above p = 4/7', relativeImportance: [1, 1], density: [4 / 7, 1] },
  ];
}

/**
 * The phase diagram of one extra feature in one dimension (n = 2, m = 1), trained cell by cell
 * in the browser with restarts, against the boundaries from the exact losses of the three
 * candidate solutions.
 */
export function PhaseDiagramDemo(): ReactNode {
  const wasmPrefix = useBaseUrl('/tfjs-wasm/');
  const [settings, setSettings] = useRunSettings({ seed: 0, steps: 1000, backend: 'wasm' });
  const [resolution, setResolution] = useState(7);
  const [restarts, setRestarts] = useState(3);
  const [status, setStatus] = useState<Status>('idle');
  const [message, setMessage] = useState('');
  const [backend, setBackend] = useState<BackendName | ''>('');
  const [cells, setCells] = useState<Cell[]>([]);
  const [total, setTotal] = useState(0);
  const [svg, setSvg] = useState<SVGElement | null>(null);
  const abort = useRef<AbortController | null>(null);

  const { search } = useLocation();
  useEffect(() => {
    setResolution(Math.min(12, Math.max(2, Math.trunc(queryNumber(search, 'grid', 7)))));
    setRestarts(Math.min(8, Math.max(1, Math.trunc(queryNumber(search, 'restarts', 3)))));
  }, [search]);
  useEffect(() => () => abort.current?.abort(), []);

  async function run(): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStatus('loading');
    setMessage('');
    setCells([]);
    try {
      const { backend: active } = await loadTf(settings.backend, wasmPrefix);
      setBackend(active);
      const [tm, plots] = await Promise.all([
        import('@hyperposition/toy-models'),
        import('@hyperposition/plots'),
      ]);
      const spec = tm.phaseDiagramSpec({
        nFeatures: 2,
        resolution,
        restarts,
        seed: settings.seed,
        train: { steps: settings.steps, lr: 0.01, optimizer: 'adam', batchSize: 1024 },
      });
      const count = resolution * resolution;
      setTotal(count);
      const lines = boundaries(0.1, 10);
      const done: Cell[] = [];
      setStatus('training');
      // One shard per cell: each cell trains on its own (its restarts as instances of one
      // model) and appears as soon as it is done. A cell's result does not depend on the sharding.
      for (let index = 0; index < count; index++) {
        if (controller.signal.aborted) break;
        const part = await tm.runSweep(spec, {
          shard: { index, count },
          signal: controller.signal,
        });
        for (const c of part.cells) {
          // (Adam at lr 0.01 does not diverge on this model; a cell that did has no phase)
          if (c.phase === 'diverged') throw new Error(`cell ${c.index} diverged in every restart`);
          done.push({
            relativeImportance: c.x,
            density: c.y,
            phase: c.phase,
            theory: tm.theoreticalPhase(c.x, c.y, 2),
          });
        }
        setCells([...done]);
        setSvg(
          plots.phaseDiagram(done, {
            boundaries: lines,
            title: 'Phase diagram, n = 2, m = 1',
            subtitle: `${done.length} of ${count} cells, ${restarts} restarts each`,
          }),
        );
      }
      setStatus(controller.signal.aborted ? 'stopped' : 'done');
    } catch (error) {
      if (controller.signal.aborted) {
        setStatus('stopped');
        return;
      }
      setStatus('error');
      setMessage(error instanceof Error ? error.message : String(error));
    }
  }

  const running = status === 'loading' || status === 'training';
  const agree = cells.filter((c) => c.phase === c.theory).length;
  return (
    <div className="demo" data-testid="phase-demo">
      <DemoControls
        settings={settings}
        onChange={setSettings}
        running={running}
        onRun={() => void run()}
        onStop={() => abort.current?.abort()}
        runLabel="Run"
      >
        <label>
          grid
          <input
            type="number"
            min={2}
            max={12}
            value={resolution}
            disabled={running}
            onChange={(e) =>
              setResolution(Math.min(12, Math.max(2, Math.trunc(Number(e.target.value)))))
            }
          />
        </label>
        <RestartsInput value={restarts} disabled={running} onChange={setRestarts} />
      </DemoControls>
      <dl className="demo-readout">
        <StatusReadout status={status} message={message} />
        <Readout label="backend" testId="backend" value={backend} />
        <Readout
          label="cells done"
          testId="cells-done"
          value={total ? `${cells.length}/${total}` : ''}
        />
        <Readout
          label="cells agreeing with theory"
          testId="phase-agreement"
          value={cells.length ? `${agree}/${cells.length}` : ''}
        />
      </dl>
      <Figure svg={svg} testId="figure-phase" />
      <p className="figure-caption">
        x: relative importance r of the extra feature (0.1 to 10); y: feature density p = 1 − S (1
        to 0.01). Adam at lr 0.01, batch 1024; each cell keeps its lowest-loss restart. Near r = 1
        and dense features a confused solution can appear.
      </p>
    </div>
  );
}
