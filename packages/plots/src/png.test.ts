import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { galleryRng } from './gallery/random.js';
import { encodePngRgb, toBase64 } from './png.js';

describe('encodePngRgb', () => {
  it('writes the signature, IHDR and an IEND with the CRC every PNG ends with', () => {
    const png = encodePngRgb(2, 1, new Uint8Array([255, 0, 0, 0, 0, 255]));
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // IHDR: length 13, width 2, height 1, depth 8, colour type 2; its CRC over type and data
    expect(Array.from(png.subarray(8, 16))).toEqual([0, 0, 0, 13, 73, 72, 68, 82]);
    expect(Array.from(png.subarray(16, 29))).toEqual([0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    // the IEND chunk is the same 12 bytes in every PNG: CRC-32 of "IEND" is 0xae426082
    expect(Array.from(png.subarray(png.length - 12))).toEqual([
      0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82,
    ]);
  });

  it('stores rows that zlib inflates back (checking the Adler-32), across several blocks', () => {
    // 200 x 120 x 3 bytes + 120 filter bytes = 72,120 bytes: two stored blocks
    const [w, h] = [200, 120];
    const rng = galleryRng(7);
    const rgb = Uint8Array.from({ length: w * h * 3 }, () => Math.floor(256 * rng.uniform()));
    const png = encodePngRgb(w, h, rgb);
    const view = new DataView(png.buffer);
    const idatLength = view.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(h * (3 * w + 1));
    for (let y = 0; y < h; y++) {
      expect(raw[y * (3 * w + 1)]).toBe(0);
      expect(
        Buffer.compare(
          raw.subarray(y * (3 * w + 1) + 1, (y + 1) * (3 * w + 1)),
          rgb.subarray(3 * w * y, 3 * w * (y + 1)),
        ),
      ).toBe(0);
    }
    // zlib header, 2 blocks of 5 header bytes, the data, the Adler-32
    expect(idatLength).toBe(2 + 2 * 5 + raw.length + 4);
  });

  it('rejects a size that is not a positive integer and a pixel array of the wrong length', () => {
    expect(() => encodePngRgb(0, 1, new Uint8Array(0))).toThrow(
      'encodePngRgb: width and height expected integers >= 1, got 0 x 1',
    );
    expect(() => encodePngRgb(2, 2, new Uint8Array(11))).toThrow(
      'encodePngRgb: rgb expected 12 bytes (2 x 2 x 3), got 11',
    );
  });
});

describe('toBase64', () => {
  it("equals Node's base64 for every length from 0 to 40 and for a long array", () => {
    const rng = galleryRng(11);
    for (const n of [...Array.from({ length: 41 }, (_, k) => k), 10_000]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(256 * rng.uniform()));
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
