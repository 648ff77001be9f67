import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureNorms } from '../figures/featureNorms.js';
import { createDocument, figureToPng, figureToSvgString, writePng, writeSvg } from './index.js';

const doc = createDocument();
const svg = featureNorms(
  [
    [1, 0, 0.7],
    [0, 1, 0.7],
  ],
  { document: doc, width: 300, height: 200 },
);

describe('figureToSvgString', () => {
  it('adds xmlns and xmlns:xlink and an XML declaration', () => {
    const text = figureToSvgString(svg);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
    // the element itself is left untouched
    expect(svg.getAttribute('xmlns')).toBeNull();
  });

  it('escapes text and attributes for XML, so that resvg and XML parsers accept them', () => {
    const titled = featureNorms([[1]], { document: doc, title: 'a < b & "c"' });
    const text = figureToSvgString(titled);
    expect(text).toContain('aria-label="a &lt; b &amp; &quot;c&quot;"');
    expect(text).toContain('<title>a &lt; b &amp; "c"</title>');
    expect(() => figureToPng(titled)).not.toThrow();
  });

  it('rounds numbers to the requested precision', () => {
    const text = figureToSvgString(svg, { precision: 1 });
    expect(text).not.toMatch(/\d\.\d\d/);
  });

  it('rejects what is not an <svg> element', () => {
    expect(() => figureToSvgString(doc.createElement('div'))).toThrow(
      'figureToSvgString: svg expected an <svg> element, got <div>',
    );
  });
});

describe('writeSvg and writePng', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plots-test-'));

  it('writeSvg writes a standalone SVG file and leaves no temporary file', async () => {
    const path = join(dir, 'norms.svg');
    await writeSvg(path, svg);
    expect(readFileSync(path, 'utf8')).toBe(figureToSvgString(svg));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writePng writes a PNG of width x scale by height x scale', async () => {
    const path = join(dir, 'norms.png');
    await writePng(path, svg, { scale: 2 });
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height as big-endian uint32 at bytes 16 and 20
    expect(bytes.readUInt32BE(16)).toBe(600);
    expect(bytes.readUInt32BE(20)).toBe(400);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('renders text (the PNG has dark pixels in the title row)', () => {
    // a figure without its title text differs from one with it: text renders with system fonts
    const withTitle = figureToPng(svg, { scale: 1 });
    const bare = svg.cloneNode(true) as Element;
    for (const t of Array.from(bare.querySelectorAll('text'))) t.remove();
    expect(Buffer.from(figureToPng(bare, { scale: 1 })).equals(Buffer.from(withTitle))).toBe(false);
  });

  it('fails cleanly when the directory does not exist, and rejects a bad scale', async () => {
    await expect(writeSvg(join(dir, 'missing', 'x.svg'), svg)).rejects.toThrow(/ENOENT/);
    expect(() => figureToPng(svg, { scale: 0 })).toThrow(
      'figureToPng: options.scale expected a number in (0, 16], got 0',
    );
  });
});
