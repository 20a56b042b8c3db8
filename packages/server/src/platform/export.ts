import { stringify } from 'csv-stringify/sync';

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote,
 * so an exported value can never execute in Excel/WPS (CSV formula injection).
 */
export function escapeFormula(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV with a UTF-8 BOM (Excel in China opens it without garbling), every cell formula-escaped. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${stringify([header, ...rows.map((row) => row.map(escapeFormula))])}`;
}
