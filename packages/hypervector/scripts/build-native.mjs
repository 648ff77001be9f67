#!/usr/bin/env node
// Builds the optional native kernels (native/*.cc) into
// native/build/hyperposition-<platform>-<arch>.node with the machine's C++ compiler and
// Node's own headers. Best effort by default: where there is no compiler, no headers or no
// x86-64 CPU, it says why and exits 0, and the package runs on WebAssembly as before.
//
//   node scripts/build-native.mjs            build if the sources are newer than the output
//   node scripts/build-native.mjs --force    always rebuild
//   node scripts/build-native.mjs --strict   exit 1 when it cannot build (CI)
//
// Environment: CXX (the compiler, default c++ then g++ then clang++), HYPERPOSITION_NODE_INCLUDE
// (a folder with node_api.h), HYPERPOSITION_NATIVE_BUILD=0 (skip).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native');
const outDir = join(src, 'build');
const target = join(outDir, `hyperposition-${process.platform}-${process.arch}.node`);
// The Node (V8 version and module ABI) the binary was built with: fast.cc uses V8's own C++
// API, so a binary built under another Node is rebuilt rather than reused.
const stamp = `${target}.node-version`;
const nodeVersion = `${process.versions.v8} ${process.versions.modules}`;
const args = new Set(process.argv.slice(2));
const strict = args.has('--strict') || process.env.HYPERPOSITION_NATIVE_STRICT === '1';

function skip(reason) {
  console.log(
    `@hyperposition/hypervector: native kernels not built (${reason}); WebAssembly is used instead`,
  );
  process.exit(strict ? 1 : 0);
}

// Everything in one guarded function: no failure (a read-only folder, a missing file) may
// fail the package's installation.
function build() {
  if (process.env.HYPERPOSITION_NATIVE_BUILD === '0') skip('HYPERPOSITION_NATIVE_BUILD=0');
  if (process.arch !== 'x64') skip(`CPU architecture ${process.arch}; only x64 has kernels`);
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    skip(`platform ${process.platform}; only Linux and macOS are built`);
  }

  const sources = readdirSync(src).filter((f) => /\.(cc|inc|h)$/.test(f));
  const sameNode = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === nodeVersion;
  if (!args.has('--force') && existsSync(target) && sameNode) {
    const built = statSync(target).mtimeMs;
    const self = statSync(fileURLToPath(import.meta.url)).mtimeMs;
    if (sources.every((f) => statSync(join(src, f)).mtimeMs <= built) && self <= built) {
      process.exit(0);
    }
  }

  const includeCandidates = [
    process.env.HYPERPOSITION_NODE_INCLUDE,
    join(dirname(process.execPath), '..', 'include', 'node'),
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter(Boolean);
  const include = includeCandidates.find((d) => existsSync(join(d, 'node_api.h')));
  if (!include) skip(`no node_api.h in ${includeCandidates.join(', ')}`);

  function works(cxx) {
    try {
      execFileSync(cxx, ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }
  const cxx = [process.env.CXX, 'c++', 'g++', 'clang++'].filter(Boolean).find(works);
  if (!cxx) skip('no C++ compiler (set CXX)');

  // fast.cc uses V8's own headers, whose inline code depends on how this Node's V8 was
  // configured: it is built for fast calls only where config.gypi says pointer compression and
  // the sandbox are off (the layout it was checked against); else it registers no fast calls.
  const fastDefines = [];
  try {
    const config = readFileSync(join(include, 'config.gypi'), 'utf8');
    // Debian writes the keys in single quotes, Node's release archives in double ones.
    const off = (key) => new RegExp(`['"]${key}['"]: 0\\b`).test(config);
    if (
      off('v8_enable_pointer_compression') &&
      off('v8_enable_sandbox') &&
      off('v8_enable_31bit_smis_on_64bit_arch') &&
      existsSync(join(include, 'v8.h'))
    ) {
      fastDefines.push('-DHP_FAST_CALLS=1');
      // Node 24's V8 headers require C++20 (v8config.h says so); the rest stays C++17.
      const v8config = join(include, 'v8config.h');
      if (existsSync(v8config) && /C\+\+20 or later required/.test(readFileSync(v8config, 'utf8')))
        fastDefines.push('-std=c++20');
    }
  } catch {
    // No config.gypi: no fast calls.
  }

  // Each instruction set in its own translation unit; the glue has no instruction-set flags.
  const units = [
    ['fast.cc', fastDefines],
    ['addon.cc', []],
    ['pool.cc', []],
    ['vsa.cc', ['-ffp-contract=off']],
    ['vsa_avx2.cc', ['-mavx2', '-ffp-contract=off']],
    ['fft_avx512.cc', ['-mavx512f', '-ffp-contract=off']],
    ['optim.cc', ['-ffp-contract=off', '-fno-math-errno']],
    ['gemm_avx512.cc', ['-mavx512f', '-mfma']],
    ['gemm_avx2.cc', ['-mavx2', '-mfma']],
    ['csr_avx512.cc', ['-mavx512f', '-ffp-contract=off']],
    ['csr_avx2.cc', ['-mavx2', '-ffp-contract=off']],
    ['hamming.cc', ['-ffp-contract=off']],
    ['hamming_avx512.cc', ['-mavx512f', '-mavx512vpopcntdq', '-ffp-contract=off']],
    ['hamming_popcnt.cc', ['-mpopcnt', '-ffp-contract=off']],
    ['loss.cc', ['-ffp-contract=off']],
  ];
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(join(outDir, '.tmp-'));
  try {
    const objects = [];
    const compile = (file, flags, obj, stdio = 'inherit') =>
      execFileSync(
        cxx,
        [
          '-O3',
          '-std=c++17',
          '-fPIC',
          '-fvisibility=hidden',
          ...flags,
          `-I${include}`,
          '-c',
          join(src, file),
          '-o',
          obj,
        ],
        { stdio: ['ignore', stdio, stdio] },
      );
    for (const [file, flags] of units) {
      const obj = join(tmp, file.replace(/\.cc$/, '.o'));
      if (file === 'fast.cc' && flags.length > 0) {
        // The fast calls compile against V8's own headers; where that fails (a compiler older
        // than those headers want), the addon is built without them rather than not at all.
        try {
          compile(file, flags, obj, 'pipe');
        } catch (e) {
          const lines = e instanceof Error && 'stderr' in e ? String(e.stderr).split('\n') : [];
          const why = (lines.find((l) => l.includes('error')) ?? lines[0] ?? '').trim();
          console.warn(`@hyperposition/hypervector: fast API calls left out (${why})`);
          compile(file, [], obj);
        }
      } else {
        compile(file, flags, obj);
      }
      objects.push(obj);
    }
    const link =
      process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared'];
    const staged = join(tmp, 'out.node');
    execFileSync(cxx, [...link, '-pthread', '-o', staged, ...objects], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    renameSync(staged, target); // atomic: a running process never sees half a file
    writeFileSync(stamp, `${nodeVersion}\n`);
    console.log(`@hyperposition/hypervector: native kernels built (${target})`);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // An older build would not match the sources (or the JavaScript that calls it): drop it.
    rmSync(target, { force: true });
    rmSync(stamp, { force: true });
    skip(`the compiler failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  rmSync(tmp, { recursive: true, force: true });
}

try {
  build();
} catch (e) {
  skip(`unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
}
