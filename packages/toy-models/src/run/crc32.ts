/** The table of the reflected CRC-32 polynomial 0xEDB88320 (zlib's, PNG's and gzip's CRC). */
let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table !== null) return table;
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  table = t;
  return t;
}

/**
 * CRC-32 of some bytes, as zlib's `crc32` (and Python's `zlib.crc32`) computes it, written as
 * 8 lower-case hex digits: the check value that run.json records for its binary weights.
 *
 * @param bytes - the bytes.
 * @returns 8 hex digits.
 * @example
 * ```ts
 * crc32Hex(new TextEncoder().encode('123456789')); // returns 'cbf43926'
 * ```
 * @internal
 */
export function crc32Hex(bytes: Uint8Array): string {
  const t = crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
