// CSV as spreadsheets read it (RFC 4180): quoted when needed, CRLF line ends, and cells that a
// spreadsheet would run as a formula prefixed with an apostrophe.
export type Cell = string | number | boolean | null | undefined;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: Cell[]) => cells.map(csvCell).join(',') + '\r\n';
