export { createDocument } from './createDocument.js';
export { figureToSvgString, type SvgStringOptions } from './figureToSvgString.js';
export { writeSvg } from './writeSvg.js';
export { figureToPng, writePng, type PngOptions } from './writePng.js';
