import { mkdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocked, folderHolder, lockFolder } from './folderLock.js';
import { fakeLock, tempDir } from './testing/harness.js';

const root = tempDir('lock');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const ns = readlinkSync('/proc/self/ns/pid');
const minutesAgo = (file: string, m: number): void => {
  const t = new Date(Date.now() - m * 60_000);
  utimesSync(file, t, t);
};

describe('folder locks', () => {
  it('tell a live holder from one that is gone, on this host and boot and pid namespace', () => {
    const dir = join(root, 'a');
    mkdirSync(dir);
    expect(folderHolder(dir)).toBeNull();
    const pid = fakeLock(dir, 'live');
    expect(folderHolder(dir)).toBe(`pid ${pid} on ${hostname()}`);
    fakeLock(dir, 'gone');
    expect(folderHolder(dir)).toBeNull();
    // this process's own pid in a lock it did not take (a restarted container): gone
    writeFileSync(
      join(dir, 'lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), boot, ns }),
    );
    expect(folderHolder(dir)).toBeNull();
    // a live pid whose start time differs: a reused pid, gone
    writeFileSync(
      join(dir, 'lock'),
      JSON.stringify({ pid: process.ppid, host: hostname(), boot, ns, start: '1' }),
    );
    expect(folderHolder(dir)).toBeNull();
  });

  it('another host, boot or pid namespace: held until 10 minutes without a heartbeat', () => {
    const dir = join(root, 'b');
    mkdirSync(dir);
    for (const other of [
      { host: `${hostname()}-other`, boot, ns },
      { host: hostname(), boot: 'another-boot', ns },
      { host: hostname(), boot, ns: 'pid:[1]' },
    ]) {
      const file = join(dir, 'lock');
      writeFileSync(file, JSON.stringify({ pid: 1, ...other }));
      expect(folderHolder(dir)).toBe(`pid 1 on ${other.host}`);
      minutesAgo(file, 9);
      expect(folderHolder(dir)).not.toBeNull();
      minutesAgo(file, 11);
      expect(folderHolder(dir)).toBeNull();
    }
  });

  it('a damaged lock file is a process starting until it is 10 minutes old', () => {
    const dir = join(root, 'c');
    mkdirSync(dir);
    for (const text of ['', '{"pi', 'null', '7']) {
      writeFileSync(join(dir, 'lock'), text);
      expect(folderHolder(dir)).toBe('a process that is starting');
      minutesAgo(join(dir, 'lock'), 11);
      expect(folderHolder(dir)).toBeNull();
    }
  });

  it('a folder is created with its lock, once; a lock left behind is taken over', () => {
    const dir = join(root, 'd');
    const lock = createLocked('sweep', dir, 'd');
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
      boot,
      ns,
    });
    // a second creator is refused (its own pid, but the folder appeared: a run at the same moment)
    expect(() => createLocked('sweep', dir, 'd')).toThrow(
      'hyperposition sweep: --out expected a folder no other run is using (d is in use), got one running as',
    );
    lock.release();
    lock.release();
    expect(folderHolder(dir)).toBeNull();
    fakeLock(dir, 'live');
    expect(() => lockFolder('train', dir, 'd')).toThrow('(d is in use)');
    fakeLock(dir, 'gone');
    const again = lockFolder('train', dir, 'd');
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid);
    again.release();
  });
});
