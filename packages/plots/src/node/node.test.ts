import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('rounds numbers in attribute values to the requested precision', () => {
    const text = figureToSvgString(svg, { precision: 1 });
    const attributes = text.match(/="[^"]*"/g) ?? [];
    expect(attributes.length).toBeGreaterThan(50);
    for (const value of attributes) expect(value).not.toMatch(/\d\.\d\d/);
  });

  it('leaves numbers in text, titles, descriptions and aria-labels as they are', () => {
    const titled = featureNorms([[1]], {
      document: doc,
      title: 'run 1.25, lr 0.001',
      description: 'loss 0.0042 after 1.5e3 steps',
    });
    const text = figureToSvgString(titled, { precision: 1 });
    expect(text).toContain('aria-label="run 1.25, lr 0.001"');
    expect(text).toContain('<title>run 1.25, lr 0.001</title>');
    expect(text).toContain('<desc>loss 0.0042 after 1.5e3 steps</desc>');
    expect(text).toContain('>run 1.25, lr 0.001</text>');
  });

  it('replaces characters XML 1.0 does not allow by U+FFFD, so that the output parses', () => {
    const titled = featureNorms([[1]], {
      document: doc,
      title: 'bell\u0007 nul\u0000 esc\u001b lone\ud800 ok\u00e9\ud83d\ude00',
      subtitle: 'tab\there',
    });
    const text = figureToSvgString(titled);
    expect(text).toContain(
      '<title>bell\ufffd nul\ufffd esc\ufffd lone\ufffd ok\u00e9\ud83d\ude00</title>',
    );
    expect(text).toContain(
      'aria-label="bell\ufffd nul\ufffd esc\ufffd lone\ufffd ok\u00e9\ud83d\ude00"',
    );
    expect(text).toContain('>tab\there</text>');
    expect(() => figureToPng(titled, { scale: 0.5 })).not.toThrow();
  });

  it('rejects what is not an <svg> element', () => {
    expect(() => figureToSvgString(doc.createElement('div'))).toThrow(
      'figureToSvgString: svg expected an <svg> element, got <div>',
    );
    expect(() => figureToSvgString(svg, null as never)).toThrow(
      'figureToSvgString: options expected an object, got null',
    );
  });
});

describe('unknown option keys of the node helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plots-keys-'));

  it('figureToSvgString and figureToPng refuse a misspelt key, with a hint', () => {
    expect(() => figureToSvgString(svg, { precison: 2 } as never)).toThrow(
      'figureToSvgString: options.precison expected one of the known options (precision, xmlDeclaration); did you mean options.precision?, got an unknown key',
    );
    expect(() => figureToPng(svg, { scael: 2 } as never)).toThrow(
      'figureToPng: options.scael expected one of the known options (scale, fontFiles); did you mean options.scale?, got an unknown key',
    );
    expect(() => figureToPng(svg, { dpi: 300 } as never)).toThrow(
      'figureToPng: options.dpi expected one of the known options (scale, fontFiles), got an unknown key',
    );
  });

  it('writeSvg and writePng refuse a misspelt key under their own name and write nothing', async () => {
    await expect(
      writeSvg(join(dir, 'a.svg'), svg, { xmlDeclration: false } as never),
    ).rejects.toThrow(
      'writeSvg: options.xmlDeclration expected one of the known options (precision, xmlDeclaration); did you mean options.xmlDeclaration?, got an unknown key',
    );
    await expect(writePng(join(dir, 'a.png'), svg, { fontfiles: [] } as never)).rejects.toThrow(
      'writePng: options.fontfiles expected one of the known options (scale, fontFiles); did you mean options.fontFiles?, got an unknown key',
    );
    await expect(writeSvg(join(dir, 'b.svg'), svg, null as never)).rejects.toThrow(
      'writeSvg: options expected an object, got null',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writeSvg and writePng name a directory, or a missing one, given as the path', async () => {
    await expect(writeSvg(dir, svg)).rejects.toThrow(
      `writeSvg: path expected a file path, got ${JSON.stringify(dir)} (a directory)`,
    );
    const lost = join(dir, 'missing', 'a.png');
    await expect(writePng(lost, svg)).rejects.toThrow(
      `writePng: path expected a file in an existing directory, got ${JSON.stringify(lost)} (${join(dir, 'missing')} is missing)`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accept every documented key, and keys whose value is undefined', () => {
    expect(() =>
      figureToSvgString(svg, { precision: 2, xmlDeclaration: false, extra: undefined } as never),
    ).not.toThrow();
    expect(() =>
      figureToPng(svg, { scale: 0.5, fontFiles: [], extra: undefined } as never),
    ).not.toThrow();
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
    await expect(writeSvg(join(dir, 'missing', 'x.svg'), svg)).rejects.toThrow(
      /^writeSvg: path expected a file in an existing directory, got .* is missing\)$/,
    );
    expect(() => figureToPng(svg, { scale: 0 })).toThrow(
      'figureToPng: options.scale expected a number in (0, 16], got 0',
    );
  });

  it('refuses a PNG above 2^26 pixels instead of letting resvg abort the process', () => {
    const expected =
      'figureToPng: options.scale expected a PNG of at most 67108864 pixels (2^26; figure width x scale by height x scale), got ';
    const wide = featureNorms([[1, 0]], { document: doc, width: 100_000, height: 1_000 });
    expect(() => figureToPng(wide, { scale: 1 })).toThrow(
      `${expected}100000 x 1000 = 100000000 pixels (a 100000 x 1000 px figure at scale 1)`,
    );
    const big = featureNorms([[1, 0]], { document: doc, width: 20_000, height: 4_000 });
    expect(() => figureToPng(big, { scale: 2 })).toThrow(
      `${expected}40000 x 8000 = 320000000 pixels (a 20000 x 4000 px figure at scale 2)`,
    );
    // the same figure at a scale that fits renders (here 2000 x 400 pixels)
    const png = Buffer.from(figureToPng(big, { scale: 0.1 }));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2000, 400]);
  });

  it('checks fontFiles, which resvg would otherwise drop with every other option', () => {
    expect(() => figureToPng(svg, { scale: 3, fontFiles: '/x.ttf' as never })).toThrow(
      'figureToPng: options.fontFiles expected an array of font file paths (strings), got "/x.ttf"',
    );
    expect(() => figureToPng(svg, { scale: 3, fontFiles: [42] as never })).toThrow(
      'figureToPng: options.fontFiles[0] expected a font file path (a non-empty string), got 42',
    );
    expect(() => figureToPng(svg, { scale: 3, fontFiles: null as never })).toThrow(
      'figureToPng: options.fontFiles expected an array of font file paths (strings), got null',
    );
    expect(() => figureToPng(svg, null as never)).toThrow(
      'figureToPng: options expected an object, got null',
    );
    // a font file (its TrueType tag and table directory) keeps the scale
    const font = join(mkdtempSync(join(tmpdir(), 'plots-font-')), 'font.ttf');
    writeFileSync(font, sfnt(FACE_TABLES));
    const png = Buffer.from(figureToPng(svg, { scale: 3, fontFiles: [font] }));
    expect(png.readUInt32BE(16)).toBe(900);
  });

  it('refuses a fontFiles path that is missing or not a file, which resvg would skip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plots-fonts-'));
    const font = join(dir, 'font.ttf');
    writeFileSync(font, sfnt(FACE_TABLES));
    const lost = join(dir, 'missing.ttf');
    // an empty file, or another kind of file, would be skipped as silently
    const empty = join(dir, 'empty.ttf');
    writeFileSync(empty, '');
    const text = join(dir, 'notes.ttf');
    writeFileSync(text, 'not a font');
    expect(() => figureToPng(svg, { fontFiles: [empty] })).toThrow(
      `figureToPng: options.fontFiles[0] expected a TrueType or OpenType font file (.ttf, .otf, .ttc), got ${JSON.stringify(empty)} (empty)`,
    );
    expect(() => figureToPng(svg, { fontFiles: [font, text] })).toThrow(
      `figureToPng: options.fontFiles[1] expected a TrueType or OpenType font file (.ttf, .otf, .ttc), got ${JSON.stringify(text)} (not a font)`,
    );
    expect(() => figureToPng(svg, { fontFiles: [font, lost] })).toThrow(TypeError);
    expect(() => figureToPng(svg, { fontFiles: [font, lost] })).toThrow(
      `figureToPng: options.fontFiles[1] expected an existing font file, got ${JSON.stringify(lost)} (missing)`,
    );
    expect(() => figureToPng(svg, { fontFiles: [dir] })).toThrow(
      `figureToPng: options.fontFiles[0] expected an existing font file, got ${JSON.stringify(dir)} (not a file)`,
    );
    // writePng names itself, as it does for its other options, and writes nothing
    const out = mkdtempSync(join(tmpdir(), 'plots-out-'));
    await expect(writePng(join(out, 'a.png'), svg, { fontFiles: [lost] })).rejects.toThrow(
      `writePng: options.fontFiles[0] expected an existing font file, got ${JSON.stringify(lost)} (missing)`,
    );
    await expect(writePng(join(out, 'a.png'), svg, { scale: 0 })).rejects.toThrow(
      'writePng: options.scale expected a number in (0, 16], got 0',
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a font whose table directory is damaged (resvg would skip it without a word)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plots-fonts-'));
    const file = (name: string, bytes: Buffer): string => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const refused = (path: string, why: string): void =>
      expect(() => figureToPng(svg, { fontFiles: [path] })).toThrow(
        `figureToPng: options.fontFiles[0] expected a TrueType or OpenType font file (.ttf, .otf, .ttc), got ${JSON.stringify(path)} (damaged: ${why})`,
      );
    const whole = sfnt(FACE_TABLES);
    refused(file('cut.ttf', whole.subarray(0, 40)), 'the font: the table directory is cut off');
    refused(
      file('short.ttf', whole.subarray(0, whole.length - 1)),
      `the font: table 'post' ends at byte ${whole.length}, past the file's ${whole.length - 1}`,
    );
    refused(
      file('nameless.ttf', sfnt(FACE_TABLES.filter((t) => t !== 'name'))),
      "the font: no 'name' table",
    );
    refused(
      file('outlineless.ttf', sfnt(FACE_TABLES.filter((t) => t !== 'glyf'))),
      "the font: no outlines ('glyf'/'loca' or 'CFF' table): a bitmap or colour-only font, which resvg does not draw",
    );
    // a collection: each face's directory
    const ttc = Buffer.alloc(16);
    ttc.write('ttcf', 0, 'latin1');
    ttc.writeUInt32BE(0x00010000, 4);
    ttc.writeUInt32BE(1, 8);
    ttc.writeUInt32BE(16, 12);
    refused(file('cut.ttc', ttc), 'face 0: the table directory is cut off');
    // CFF outlines, a collection of whole faces, and a real font pass
    const otf = file(
      'cff.otf',
      sfnt(['CFF ', ...FACE_TABLES.filter((t) => t !== 'glyf' && t !== 'loca')], 'OTTO'),
    );
    expect(figureToPng(svg, { fontFiles: [otf] })[1]).toBe(0x50);
    const face = sfnt(FACE_TABLES);
    const header = Buffer.alloc(16);
    header.write('ttcf', 0, 'latin1');
    header.writeUInt32BE(0x00010000, 4);
    header.writeUInt32BE(1, 8);
    header.writeUInt32BE(16, 12);
    // table offsets in a collection are from the start of the file
    const shifted = Buffer.from(face);
    for (let t = 0; t < FACE_TABLES.length; t++)
      shifted.writeUInt32BE(shifted.readUInt32BE(12 + 16 * t + 8) + 16, 12 + 16 * t + 8);
    const collection = file('whole.ttc', Buffer.concat([header, shifted]));
    expect(figureToPng(svg, { fontFiles: [collection] })[1]).toBe(0x50);
    const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    expect(figureToPng(svg, { fontFiles: [dejavu] })[1]).toBe(0x50);
  });
});

/** The tables a TrueType face needs. */
const FACE_TABLES = ['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post'];

/** A font file with these tables (4 bytes each, after the directory): only its structure is real. */
function sfnt(tags: string[], version: 'true' | 'OTTO' = 'true'): Buffer {
  const dirSize = 12 + 16 * tags.length;
  const buf = Buffer.alloc(dirSize + 4 * tags.length);
  if (version === 'OTTO') buf.write('OTTO', 0, 'latin1');
  else buf.writeUInt32BE(0x00010000, 0);
  buf.writeUInt16BE(tags.length, 4);
  tags.forEach((tag, t) => {
    const rec = 12 + 16 * t;
    buf.write(tag, rec, 'latin1');
    buf.writeUInt32BE(dirSize + 4 * t, rec + 8);
    buf.writeUInt32BE(4, rec + 12);
  });
  return buf;
}
