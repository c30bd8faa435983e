import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { ReportTable } from './report-core.js';

/**
 * A controlled-substance report as a PDF a compliance officer can file or hand to an inspector: US Letter in
 * landscape (wide tables), a header on every page naming the report, the clinic, its DEA registration, the period
 * and when it was generated, the table with its header row repeated on each page, notes, and "Page n of m".
 * Rendered from values only (no database, no clock), so the same report renders alike.
 */

export interface ReportPdfContent {
  title: string;
  clinicName: string;
  /** The registration the records belong to (21 CFR 1304: records are kept per registered location). */
  deaNumber: string | null;
  /** "1 January 2026 to 31 March 2026", "as of …": already in words. */
  period: string;
  generatedAt: Date;
  timeZone: string;
  table: ReportTable;
  /** Statements the report needs on paper, e.g. "taken at close of business". */
  notes: readonly string[];
}

const PAGE = { width: 792, height: 612, margin: 36 };
const TEXT = rgb(0.1, 0.1, 0.1);
const RULE = rgb(0.6, 0.6, 0.6);
const SIZE = 8;
const LINE = SIZE * 1.3;
const PAD = 3;

function clinicTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'long', timeStyle: 'long' }).format(at);
}

/** The standard PDF fonts cover Western European text only: anything else is spelled out or replaced. */
function printable(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  return text
    .replace(/\s/g, ' ')
    .replace(/−/g, '-')
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/µ/g, 'mc')
    .replace(/./gu, (ch) => (supported.has(ch.codePointAt(0)!) ? ch : '?'));
}

/** Words wrapped to a width; a word wider than the cell (an id, an address) is split rather than cut off. */
function wrap(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => font.widthOfTextAtSize(s, SIZE) <= width;
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const ch of word) {
      if (line && !fits(line + ch)) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Column widths in proportion to each column's longest content (capped), filling the printable width. */
function columnWidths(table: ReportTable, font: PDFFont): number[] {
  const usable = PAGE.width - 2 * PAGE.margin;
  const natural = table.columns.map((column, i) => {
    const cells = [column.header, ...table.rows.map((row) => row[i] ?? '')];
    const widest = Math.max(...cells.map((c) => font.widthOfTextAtSize(printable(c, font), SIZE)));
    return Math.min(Math.max(widest, 28), 180) + 2 * PAD;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  return natural.map((w) => (w / total) * usable);
}

export async function renderReportPdf(content: ReportPdfContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(content.title);
  pdf.setSubject(`${content.clinicName}; ${content.period}`);
  pdf.setProducer('ketacare');
  pdf.setCreationDate(content.generatedAt);
  pdf.setModificationDate(content.generatedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const widths = columnWidths(content.table, regular);
  const numeric = content.table.columns.map((c) => c.align === 'right');

  let page: PDFPage;
  let y = 0;
  const text = (s: string, x: number, font: PDFFont, size = SIZE) =>
    page.drawText(printable(s, font), { x, y, size, font, color: TEXT });

  const drawRow = (cells: readonly string[], font: PDFFont) => {
    const wrapped = cells.map((cell, i) => wrap(printable(cell, font), font, widths[i]! - 2 * PAD));
    const height = Math.max(...wrapped.map((l) => l.length)) * LINE + PAD;
    let x = PAGE.margin;
    const top = y;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, n) => {
        const width = font.widthOfTextAtSize(line, SIZE);
        const left = numeric[i] ? x + widths[i]! - PAD - width : x + PAD;
        page.drawText(line, { x: left, y: top - (n + 1) * LINE, size: SIZE, font, color: TEXT });
      });
      x += widths[i]!;
    });
    y = top - height;
    page.drawLine({
      start: { x: PAGE.margin, y },
      end: { x: PAGE.width - PAGE.margin, y },
      thickness: 0.4,
      color: RULE,
    });
    return height;
  };

  const header = content.table.columns.map((c) => c.header);
  const newPage = () => {
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin - 12;
    text(content.title, PAGE.margin, bold, 12);
    y -= 14;
    const registration = content.deaNumber
      ? `DEA registration ${content.deaNumber}`
      : 'No DEA registration on file';
    text(`${content.clinicName} · ${registration}`, PAGE.margin, regular, 9);
    y -= 12;
    text(
      `Period: ${content.period} · Generated ${clinicTime(content.generatedAt, content.timeZone)}`,
      PAGE.margin,
      regular,
      9,
    );
    y -= 10;
    drawRow(header, bold);
  };

  newPage();
  if (content.table.rows.length === 0) {
    y -= LINE;
    text(content.table.empty, PAGE.margin + PAD, regular);
  }
  for (const row of content.table.rows) {
    const needed = Math.max(
      ...row.map((c, i) => wrap(printable(c, regular), regular, widths[i]! - 2 * PAD).length),
    );
    if (y - needed * LINE - PAD < PAGE.margin + 14) newPage();
    drawRow(row, regular);
  }
  for (const note of content.notes) {
    const lines = wrap(printable(note, regular), regular, PAGE.width - 2 * PAGE.margin);
    if (y - (lines.length + 1) * LINE < PAGE.margin + 14) newPage();
    y -= LINE / 2;
    for (const line of lines) {
      y -= LINE;
      text(line, PAGE.margin, regular);
    }
  }

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    p.drawText(label, {
      x: PAGE.width - PAGE.margin - regular.widthOfTextAtSize(label, SIZE),
      y: PAGE.margin - 14,
      size: SIZE,
      font: regular,
      color: TEXT,
    });
  });
  return pdf.save();
}
