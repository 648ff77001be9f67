#!/usr/bin/env node
// Render a results file of bench/run.mjs as a Markdown table (for the docs' Performance page).
//
//   node bench/markdown.mjs [bench/results/latest.json]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const r = JSON.parse(readFileSync(file, 'utf8'));

const fmt = (s) =>
  s == null
    ? '-'
    : s >= 100
      ? `${s.toFixed(0)} s`
      : s >= 1
        ? `${s.toFixed(2)} s`
        : s >= 1e-3
          ? `${(s * 1e3).toFixed(2)} ms`
          : `${(s * 1e6).toFixed(2)} µs`;
const x = (v) => (v == null ? '-' : v >= 100 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`);

const lines = [
  '| workload | ours | PyTorch | speedup | hardware floor | ours / floor | target | met |',
  '| --- | ---: | ---: | ---: | ---: | ---: | --- | :---: |',
];
for (const row of r.rows) {
  lines.push(
    `| ${row.workload} | ${fmt(row.ours)} | ${r.peer.available ? fmt(row.peer) : 'not installed'} | ${x(row.speedup)} | ${fmt(row.limit)} | ${x(row.oursOverLimit)} | ${row.target} | ${row.met == null ? '-' : row.met ? 'yes' : 'no'} |`,
  );
}
const g = r.hardware.gemm;
const fmtBytes = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`);
const at = Object.entries(r.hardware.bandwidthAt ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
console.log(
  `Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode}), ${r.machine.cpu}, ${r.machine.cpus} cores, ` +
    `load ${r.machine.loadAverage1m.toFixed(1)}, Node ${r.machine.node}` +
    (r.peer.meta ? `, PyTorch ${r.peer.meta.torch} (${r.peer.meta.threads} thread)` : '') +
    `. GEMM ${g.gflops.toFixed(1)} GFLOP/s (${g.source}); memory ${(r.hardware.bandwidth / 1e9).toFixed(1)} GB/s, ` +
    `cache ${(r.hardware.cacheBandwidth / 1e9).toFixed(1)} GB/s` +
    (at.length
      ? `; the same copy at the VSA rows' working sets, timed beside each operation: ${at
          .map(([k, v]) => `${fmtBytes(Number(k))} ${(v / 1e9).toFixed(0)} GB/s`)
          .join(', ')}`
      : '') +
    '.\n',
);
console.log(lines.join('\n'));
