// The GTFS CSV reader (RFC 4180): what it reads back is what was written, whatever the fields
// hold (commas, quotes, line breaks, accents), with or without a byte order mark, with CRLF or
// LF line ends; and broken files fail with the file and line of the problem.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, formatCsv, parseCsvRecords, parseCsvTable } from '../../scenarios/gtfs/csv.ts';

const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r', '\r\n', 'Z', '1', "'", 'ß') as fc.Arbitrary<string>, maxLength: 8 });
const plainField = fc.string({ unit: fc.constantFrom('a', 'é', ' ', 'Z', '1', "'", '.', ':') as fc.Arbitrary<string>, maxLength: 8 });
const table = (f: fc.Arbitrary<string>) =>
  fc.integer({ min: 1, max: 5 }).chain((columns) => fc.array(fc.array(f, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 8 }));

describe('CSV records', () => {
  it('reads back exactly the fields written, with or without a byte order mark', () => {
    fc.assert(
      fc.property(table(field), fc.boolean(), (rows, bom) => {
        const text = (bom ? '\uFEFF' : '') + formatCsv(rows);
        expect(parseCsvRecords(text, 'x.txt').map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('reads CRLF, LF and CR line ends alike, with or without a final line end, and skips blank lines', () => {
    fc.assert(
      fc.property(table(plainField), fc.constantFrom('\r\n', '\n', '\r'), fc.boolean(), (rows, eol, final) => {
        // A row of one empty field would be a blank line: the writer quotes it, so do the same here.
        const lines = rows.map((r) => (r.length === 1 && r[0] === '' ? '""' : r.join(',')));
        const text = lines.join(eol + (final ? eol : '')) + (final ? eol : '');
        const records = parseCsvRecords(text, 'x.txt');
        expect(records.map((r) => r.fields)).toEqual(rows);
        // Line numbers count the blank lines in between.
        expect(records.map((r) => r.line)).toEqual(rows.map((_, k) => 1 + k * (final ? 2 : 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('numbers each record by the line it starts on, even after quoted fields spanning lines', () => {
    fc.assert(
      fc.property(table(field), (rows) => {
        const text = formatCsv(rows);
        const records = parseCsvRecords(text, 'x.txt');
        let line = 1;
        rows.forEach((row, k) => {
          expect(records[k]!.line).toBe(line);
          // Line breaks inside this row's fields, plus the row's own CRLF.
          line += row.reduce((n, f) => n + f.split(/\r\n|\r|\n/).length - 1, 0) + 1;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('names the file, line and column of an unterminated quote, a stray quote and text after a closing quote', () => {
    fc.assert(
      fc.property(fc.array(fc.array(plainField, { minLength: 2, maxLength: 2 }), { minLength: 0, maxLength: 5 }), fc.constantFrom('open', 'stray', 'after'), (good, kind) => {
        const head = good.map((r) => r.map((f) => `"${f}"`).join(',')).join('\n');
        const bad = { open: 'ok,"never closed', stray: 'ok,ab"c', after: 'ok,"closed"x' }[kind];
        const text = (head ? `${head}\n` : '') + bad + '\nnext,line\n';
        const line = good.length + 1;
        try {
          parseCsvRecords(text, 'feed/stops.txt');
          expect.unreachable('should have failed');
        } catch (e) {
          expect(e).toBeInstanceOf(CsvError);
          const err = e as CsvError;
          expect(err.line).toBe(line);
          expect(err.message.startsWith(`feed/stops.txt:${line}:`)).toBe(true);
          expect(err.column).toBe(kind === 'open' ? 4 : kind === 'stray' ? 6 : 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('CSV tables', () => {
  it('trims header names, drops the byte order mark from the first one, and keeps values as written', () => {
    const t = parseCsvTable('\uFEFFstop_id, stop_name ,stop_lat\r\nA," Gare, quai ""A"" ",47.1\r\n', 'stops.txt');
    expect(t.header).toEqual(['stop_id', 'stop_name', 'stop_lat']);
    expect(t.records[0]!.fields).toEqual(['A', ' Gare, quai "A" ', '47.1']);
  });

  it('refuses a record whose field count differs from the header, naming its line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 }), (columns, goodRows, badCount) => {
        fc.pre(badCount !== columns);
        const row = (n: number) => Array.from({ length: n }, (_, k) => `v${k}`).join(',');
        const text = [row(columns), ...Array.from({ length: goodRows }, () => row(columns)), row(badCount)].join('\n');
        expect(() => parseCsvTable(text, 't.txt')).toThrow(new RegExp(`^t\\.txt:${goodRows + 2}:1: ${badCount} fields?, but the header has ${columns}`));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an empty file and a header naming a column twice', () => {
    expect(() => parseCsvTable('', 'trips.txt')).toThrow('trips.txt:1:1: empty file');
    expect(() => parseCsvTable('\uFEFF\r\n', 'trips.txt')).toThrow('empty file');
    expect(() => parseCsvTable('trip_id,route_id,trip_id\n', 'trips.txt')).toThrow('header names column "trip_id" twice');
  });
});
