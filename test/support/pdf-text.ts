// The text a pdfkit document shows, for tests: its content streams inflated and the strings of its
// text operators (hex glyph codes in the standard fonts' WinAnsi encoding) joined per operator.
import { inflateSync } from 'node:zlib';

function streamsOf(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  let at = 0;
  for (;;) {
    const start = raw.indexOf('>>\nstream\n', at);
    if (start < 0) return out;
    const end = raw.indexOf('\nendstream', start);
    if (end < 0) return out;
    const body = pdf.subarray(start + '>>\nstream\n'.length, end);
    try {
      out.push(inflateSync(body).toString('latin1'));
    } catch {
      out.push(body.toString('latin1'));
    }
    at = end + 1;
  }
}

const fromHex = (h: string) => Buffer.from(h, 'hex').toString('latin1');

/** Every run of text the document draws, in drawing order. */
export function pdfText(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const s of streamsOf(pdf)) {
    for (const m of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      texts.push(m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => fromHex(x[1])).join('') : fromHex(m[2]));
    }
  }
  return texts;
}
