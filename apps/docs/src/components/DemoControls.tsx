import { useEffect, useState, type ReactNode } from 'react';
import { useLocation } from '@docusaurus/router';
import type { TrainEngine } from '@hyperposition/toy-models';
import { backendNames, isBackendName, type BackendName } from '../lib/tfBackend';
import { engineNames, isEngineName } from '../lib/trainEngine';

/** The settings every live example shares. */
export interface RunSettings {
  seed: number;
  steps: number;
  backend: BackendName;
  /**
   * The training engine (`train`'s `engine` option), for demos that offer the choice; left
   * out, the demo has no engine picker and ignores `?engine=`.
   */
  engine?: TrainEngine;
}

/** Read a number from the query string, or fall back. */
export function queryNumber(search: string, key: string, fallback: number): number {
  const raw = new URLSearchParams(search).get(key);
  const value = raw === null ? NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

/**
 * Settings state seeded from the query string (`?seed=`, `?steps=`, `?backend=`, and
 * `?engine=` where `defaults.engine` is set), so tests and shared links can fix them; the
 * reader can change them afterwards.
 */
export function useRunSettings(
  defaults: RunSettings,
): [RunSettings, (next: Partial<RunSettings>) => void] {
  const { search } = useLocation();
  const [settings, setSettings] = useState<RunSettings>(defaults);
  useEffect(() => {
    const query = new URLSearchParams(search);
    const backend = query.get('backend');
    const engine = query.get('engine');
    setSettings({
      // Seeds are integers (createRng rejects 1.5), as the seed input keeps them.
      seed: Math.trunc(queryNumber(search, 'seed', defaults.seed)),
      steps: queryNumber(search, 'steps', defaults.steps),
      backend: isBackendName(backend) ? backend : defaults.backend,
      ...(defaults.engine === undefined
        ? {}
        : { engine: isEngineName(engine) ? engine : defaults.engine }),
    });
    // Read when the page opens; later changes come from the controls.
  }, [search]);
  return [settings, (next) => setSettings((old) => ({ ...old, ...next }))];
}

/** Props of {@link DemoControls}. */
export interface DemoControlsProps {
  settings: RunSettings;
  onChange: (next: Partial<RunSettings>) => void;
  running: boolean;
  onRun: () => void;
  onStop: () => void;
  runLabel?: string;
  /** Hide the steps field where a demo has no training steps. */
  hideSteps?: boolean;
  /** Hide the backend picker where a demo does not use tfjs. */
  hideBackend?: boolean;
  children?: ReactNode;
}

/** Seed, steps, backend (and engine, where `settings.engine` is set) fields, and the run and stop buttons. */
export function DemoControls(props: DemoControlsProps): ReactNode {
  const { settings, onChange, running, onRun, onStop } = props;
  return (
    <div className="demo-controls">
      {props.children}
      <label>
        seed
        <input
          type="number"
          data-testid="seed"
          value={settings.seed}
          disabled={running}
          onChange={(e) => onChange({ seed: Math.trunc(Number(e.target.value)) })}
        />
      </label>
      {!props.hideSteps && (
        <label>
          steps
          <input
            type="number"
            data-testid="steps"
            min={1}
            step={100}
            value={settings.steps}
            disabled={running}
            onChange={(e) => onChange({ steps: Math.max(1, Math.trunc(Number(e.target.value))) })}
          />
        </label>
      )}
      {!props.hideBackend && (
        <label>
          backend
          <select
            data-testid="backend-select"
            value={settings.backend}
            disabled={running}
            onChange={(e) => onChange({ backend: e.target.value as BackendName })}
          >
            {backendNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {settings.engine !== undefined && (
        <label title="fused: each step is one pass over typed arrays; tfjs: a chain of TensorFlow.js ops on the backend">
          engine
          <select
            data-testid="engine-select"
            value={settings.engine}
            disabled={running}
            onChange={(e) => onChange({ engine: e.target.value as TrainEngine })}
          >
            {engineNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" data-testid="train" onClick={onRun} disabled={running}>
        {props.runLabel ?? 'Train'}
      </button>
      <button
        type="button"
        className="secondary"
        data-testid="stop"
        onClick={onStop}
        disabled={!running}
      >
        Stop
      </button>
    </div>
  );
}

/** One labelled value in a readout, with a data-testid for the browser tests. */
export function Readout(props: { label: string; testId: string; value: ReactNode }): ReactNode {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}

/** The status readout every live example shows: the state, with the error message when there is one. */
export function StatusReadout(props: { status: string; message?: string }): ReactNode {
  return (
    <Readout
      label="status"
      testId="status"
      value={props.message ? `${props.status}: ${props.message}` : props.status}
    />
  );
}

/** The "restarts" control of the training demos: an integer clamped to [1, 8]. */
export function RestartsInput(props: {
  value: number;
  disabled: boolean;
  onChange: (restarts: number) => void;
}): ReactNode {
  return (
    <label>
      restarts
      <input
        type="number"
        data-testid="restarts"
        min={1}
        max={8}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) =>
          props.onChange(Math.min(8, Math.max(1, Math.trunc(Number(e.target.value)))))
        }
      />
    </label>
  );
}
