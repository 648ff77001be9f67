/**
 * A small PNG encoder for figures that embed a raster (the W^T W heatmap of many features):
 * 8-bit RGB, no interlacing, filter type 0 on every row, and a zlib stream of stored (not
 * compressed) deflate blocks, so that it runs the same in Node and in a browser without a
 * compression library. The output is a valid PNG that any decoder reads (zlib's `inflate`
 * accepts stored blocks).
 */

/** CRC-32 (ISO 3309, polynomial 0xedb88320) table, built on first use. */
let crcTable: Uint32Array | null = null;

function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Adler-32 of a byte range (RFC 1950), the zlib stream's checksum. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the largest run for which b cannot overflow 2^32 before the modulo
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The largest payload of one stored deflate block. */
const STORED_MAX = 65535;

/** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00) holding `raw`. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_MAX));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no dictionary, fastest; 0x7801 is a multiple of 31
  let o = 2;
  for (let k = 0; k < blocks; k++) {
    const start = k * STORED_MAX;
    const len = Math.min(STORED_MAX, raw.length - start);
    out[o++] = k === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), o);
    o += len;
  }
  const adler = adler32(raw);
  out[o++] = adler >>> 24;
  out[o++] = (adler >>> 16) & 0xff;
  out[o++] = (adler >>> 8) & 0xff;
  out[o] = adler & 0xff;
  return out;
}

/**
 * Encode an 8-bit RGB image as a PNG file.
 *
 * @param width - pixels per row, an integer >= 1.
 * @param height - rows, an integer >= 1.
 * @param rgb - the pixels, row-major, 3 bytes each (`[height * width * 3]`).
 * @returns the bytes of the PNG file.
 * @internal
 */
export function encodePngRgb(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(
      `encodePngRgb: width and height expected integers >= 1, got ${width} x ${height}`,
    );
  }
  if (rgb.length !== width * height * 3) {
    throw new RangeError(
      `encodePngRgb: rgb expected ${width * height * 3} bytes (${width} x ${height} x 3), got ${rgb.length}`,
    );
  }
  // each row: filter byte 0 (none), then the row's pixels
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const idat = zlibStored(raw);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour (RGB)
  // compression 0, filter method 0, no interlace: bytes 10-12 stay 0
  const chunks: [string, Uint8Array][] = [
    ['IHDR', ihdr],
    ['IDAT', idat],
    ['IEND', new Uint8Array(0)],
  ];
  const size = 8 + chunks.reduce((s, [, data]) => s + 12 + data.length, 0);
  const png = new Uint8Array(size);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = new DataView(png.buffer);
  let o = 8;
  for (const [type, data] of chunks) {
    out.setUint32(o, data.length);
    for (let k = 0; k < 4; k++) png[o + 4 + k] = type.charCodeAt(k);
    png.set(data, o + 8);
    out.setUint32(o + 8 + data.length, crc32(png, o + 4, o + 8 + data.length));
    o += 12 + data.length;
  }
  return png;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Standard base64 (RFC 4648, with `=` padding) of a byte array, as a data URL needs it; the
 * same in Node and in a browser.
 * @internal
 */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += BASE64[v >>> 18] + BASE64[(v >>> 12) & 63] + BASE64[(v >>> 6) & 63] + BASE64[v & 63];
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    chunk += BASE64[v >>> 18] + BASE64[(v >>> 12) & 63] + '==';
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += BASE64[v >>> 18] + BASE64[(v >>> 12) & 63] + BASE64[(v >>> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}
