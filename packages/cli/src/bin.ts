#!/usr/bin/env node
import { main } from './main.js';

// Ctrl-C stops long work at the next step and keeps its checkpoint; a second Ctrl-C kills.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
