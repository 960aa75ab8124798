/** Intrinsic sizes of the image formats the app ships (WebP, AVIF, SVG), read from their headers. */

/** {format, width, height} of a WebP (VP8, VP8L or VP8X), AVIF (ispe box) or SVG (viewBox); throws otherwise. */
export function imageInfo(bytes, name = 'image') {
  const buf = Buffer.from(bytes);
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return { format: 'webp', ...webpSize(buf, name) };
  if (buf.toString('latin1', 4, 8) === 'ftyp' && /avi[fs]/.test(buf.toString('latin1', 8, 32))) return { format: 'avif', ...avifSize(buf, name) };
  const text = buf.toString('utf8');
  const viewBox = /<svg[^>]*viewBox="\s*[\d.-]+[\s,]+[\d.-]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(text);
  if (viewBox) return { format: 'svg', width: Number(viewBox[1]), height: Number(viewBox[2]) };
  throw new Error(`${name}: not a WebP, AVIF or SVG image`);
}

function webpSize(buf, name) {
  const chunk = buf.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
  if (chunk === 'VP8L') {
    const bits = buf.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
  throw new Error(`${name}: unknown WebP chunk ${chunk}`);
}

function avifSize(buf, name) {
  const at = buf.indexOf('ispe', 0, 'latin1');
  if (at < 0) throw new Error(`${name}: AVIF without an ispe box`);
  return { width: buf.readUInt32BE(at + 8), height: buf.readUInt32BE(at + 12) };
}
