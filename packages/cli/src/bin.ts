#!/usr/bin/env node
import { main } from './main.js';

// Ctrl-C (SIGINT), a scheduler's stop (SIGTERM: Slurm's time limit or preemption, Kubernetes,
// `kill`) and a closed terminal (SIGHUP) stop long work at the next step and keep its
// checkpoint; the same signal again kills at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => controller.abort());
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
