// RFC 4180 CSV as GTFS uses it: a header row, comma-separated fields, fields in double quotes
// when they hold a comma, a quote ("" inside quotes) or a line break; CRLF, LF or CR line ends.
// A UTF-8 byte order mark at the start is dropped (many French feeds have one). Blank lines are
// skipped (feeds often end with one). Every error names the file, line and column.

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

/**
 * Splits `text` into records of fields. Does not check field counts (see parseCsvTable).
 * A quote inside an unquoted field, or text after a closing quote, is an error: RFC 4180 does
 * not allow them and guessing what was meant would hide a broken export.
 */
export function parseCsvRecords(text: string, file: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  let i = 0;
  const n = src.length;
  // Whether the current record has any content (an empty line is not a record of one empty field).
  let started = false;

  const endRecord = () => {
    fields.push(field);
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
  };
  const newline = (at: number): number => {
    // CRLF counts as one line end; a lone CR or LF too.
    const next = src[at] === '\r' && src[at + 1] === '\n' ? at + 2 : at + 1;
    line++;
    lineStart = next;
    return next;
  };

  while (i < n) {
    const c = src[i]!;
    if (!started) recordLine = line;
    if (c === '"') {
      if (field.length > 0) throw new CsvError(file, line, i - lineStart + 1, 'a double quote inside an unquoted field (quote the whole field and double the quote: "")');
      started = true;
      const openLine = line;
      const openColumn = i - lineStart + 1;
      i++;
      let closed = false;
      while (i < n) {
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (q === '\r' || q === '\n') {
          field += q === '\r' && src[i + 1] === '\n' ? '\r\n' : q;
          i = newline(i);
          continue;
        }
        field += q;
        i++;
      }
      if (!closed) throw new CsvError(file, openLine, openColumn, 'unterminated quoted field (the file ends before its closing double quote)');
      const after = src[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        throw new CsvError(file, line, i - lineStart + 1, `unexpected "${after}" after a closing double quote (expected a comma or the end of the line)`);
      }
      continue;
    }
    if (c === ',') {
      started = true;
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i = newline(i);
      continue;
    }
    started = true;
    field += c;
    i++;
  }
  if (started || fields.length > 0) endRecord();
  return records;
}

/**
 * A table with a header row: every record must have as many fields as the header. Header names
 * are trimmed (some exports pad them); field values are kept as written.
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  const records = parseCsvRecords(text, file);
  const first = records[0];
  if (!first) throw new CsvError(file, 1, 1, 'empty file: a header row is required');
  const header = first.fields.map((h) => h.trim());
  const seen = new Map<string, number>();
  header.forEach((h, k) => {
    if (h === '') throw new CsvError(file, first.line, 1, `header column ${k + 1} has no name`);
    if (seen.has(h)) throw new CsvError(file, first.line, 1, `header names column "${h}" twice (columns ${seen.get(h)! + 1} and ${k + 1})`);
    seen.set(h, k);
  });
  const body = records.slice(1);
  for (const r of body) {
    if (r.fields.length !== header.length) {
      throw new CsvError(file, r.line, 1, `${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, but the header has ${header.length} (${header.join(',')})`);
    }
  }
  return { file, header, records: body };
}

/** Serialises records as RFC 4180 (CRLF line ends, quotes only where needed); the inverse of parseCsvRecords. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  // A row of one empty field is written "" so that it is not read back as a blank line.
  const row = (r: readonly string[]) => (r.length === 1 && r[0] === '' ? '""' : r.map(quote).join(','));
  return rows.map(row).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
