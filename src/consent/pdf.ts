import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

/**
 * The signed copy of a consent as a PDF: the document text as signed, each acknowledged attestation, the typed
 * name, the signing time in the clinic's time zone, the document version and hash, and the signature id — so a
 * printed copy can be checked against the record. Rendered from values only (no database, no clock).
 */

export interface SignedCopyContent {
  clinicName: string;
  timeZone: string;
  signatureId: string;
  route: string;
  documentTitle: string;
  documentVersion: number;
  documentHash: string;
  bodyMarkdown: string;
  attestations: readonly { id: string; text: string }[];
  acknowledged: readonly string[];
  typedName: string;
  signedVia: 'portal' | 'clinic_tablet';
  witnessStaffId: string | null;
  signedAt: Date;
  withdrawal: { reason: string; withdrawnAt: Date } | null;
}

const routeNames: Record<string, string> = {
  iv: 'Intravenous (IV) ketamine',
  im: 'Intramuscular (IM) ketamine',
  intranasal: 'Intranasal esketamine',
  oral: 'Oral ketamine',
};

const PAGE = { width: 612, height: 792, margin: 54 }; // US Letter, ¾-inch margins
const TEXT = rgb(0.1, 0.1, 0.1);

/** The signing time as a person reads it, in the clinic's time zone (e.g. "March 2, 2026 at 9:00:00 AM CST"). */
function clinicTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'long', timeStyle: 'long' }).format(at);
}

/** Lays text out top to bottom, wrapping words and starting new pages as needed. */
class Writer {
  #page: PDFPage;
  #y: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.#page = this.#newPage();
    this.#y = PAGE.height - PAGE.margin;
  }

  #newPage() {
    this.#y = PAGE.height - PAGE.margin;
    return this.pdf.addPage([PAGE.width, PAGE.height]);
  }

  /** The standard PDF fonts cover Western European text only: anything else is spelled out or replaced. */
  #printable(text: string, font: PDFFont): string {
    const supported = new Set(font.getCharacterSet());
    return text
      .replace(/\s/g, ' ')
      .replace(/≥/g, '>=')
      .replace(/≤/g, '<=')
      .replace(/→/g, '->')
      .replace(/./gu, (ch) => (supported.has(ch.codePointAt(0)!) ? ch : '?'));
  }

  /** A word wider than the line (a long typed name or pasted link) is split rather than run off the page. */
  #pieces(word: string, font: PDFFont, size: number, width: number): string[] {
    const pieces: string[] = [];
    let piece = '';
    for (const ch of word) {
      if (piece && font.widthOfTextAtSize(piece + ch, size) > width) {
        pieces.push(piece);
        piece = '';
      }
      piece += ch;
    }
    return [...pieces, piece];
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; indent?: number; after?: number } = {}) {
    const { size = 10, bold = false, indent = 0, after = 6 } = options;
    const font = bold ? this.fonts.bold : this.fonts.regular;
    const width = PAGE.width - 2 * PAGE.margin - indent;
    const lineHeight = size * 1.35;
    let line = '';
    const flush = () => {
      if (this.#y - lineHeight < PAGE.margin) this.#page = this.#newPage();
      this.#y -= lineHeight;
      this.#page.drawText(line, { x: PAGE.margin + indent, y: this.#y, size, font, color: TEXT });
      line = '';
    };
    const words = this.#printable(text, font)
      .split(' ')
      .filter(Boolean)
      .flatMap((word) => this.#pieces(word, font, size, width));
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > width) {
        flush();
        line = word;
      } else {
        line = candidate;
      }
    }
    if (line) flush();
    this.#y -= after;
  }

  /** A Markdown body as plain, readable text: headings bold, list items bulleted, emphasis markers dropped. */
  markdown(source: string) {
    const blocks: { kind: 'h1' | 'h2' | 'item' | 'quote' | 'text'; text: string }[] = [];
    for (const raw of source.split('\n')) {
      const line = raw.trim().replace(/\*\*|__/g, '');
      const last = blocks.at(-1);
      if (line === '') blocks.push({ kind: 'text', text: '' });
      else if (line.startsWith('# ')) blocks.push({ kind: 'h1', text: line.slice(2) });
      else if (/^#{2,6} /.test(line)) blocks.push({ kind: 'h2', text: line.replace(/^#+ /, '') });
      else if (/^[-*] /.test(line)) blocks.push({ kind: 'item', text: line.slice(2) });
      else if (line.startsWith('>')) {
        const text = line.replace(/^>\s?/, '');
        if (last?.kind === 'quote') last.text += ` ${text}`;
        else blocks.push({ kind: 'quote', text });
      } else if (last && (last.kind === 'text' || last.kind === 'item') && last.text !== '')
        last.text += ` ${line}`;
      else blocks.push({ kind: 'text', text: line });
    }
    for (const block of blocks) {
      if (block.text === '') continue;
      if (block.kind === 'h1') this.paragraph(block.text, { size: 15, bold: true, after: 8 });
      else if (block.kind === 'h2') this.paragraph(block.text, { size: 12, bold: true });
      else if (block.kind === 'item') this.paragraph(`•  ${block.text}`, { indent: 12, after: 3 });
      else if (block.kind === 'quote') this.paragraph(block.text, { bold: true, after: 10 });
      else this.paragraph(block.text);
    }
  }

  space(points: number) {
    this.#y -= points;
  }
}

export async function renderSignedCopy(content: SignedCopyContent): Promise<Uint8Array> {
  // No library-set "now" dates: the copy's metadata carries the signing time, so the same signature renders alike.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(`${content.documentTitle} (signed copy)`);
  pdf.setSubject(`Consent signature ${content.signatureId}; document SHA-256 ${content.documentHash}`);
  pdf.setProducer('ketacare');
  pdf.setCreationDate(content.signedAt);
  pdf.setModificationDate(content.withdrawal?.withdrawnAt ?? content.signedAt);
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const w = new Writer(pdf, fonts);
  const signedAt = clinicTime(content.signedAt, content.timeZone);

  w.paragraph(content.clinicName, { bold: true, size: 11, after: 2 });
  w.paragraph(`Signed copy of informed consent — ${routeNames[content.route] ?? content.route}`, {
    after: 2,
  });
  w.paragraph(`Document version ${content.documentVersion}; signed ${signedAt}`, { after: 14 });

  w.markdown(content.bodyMarkdown);

  w.space(8);
  w.paragraph('Attestations acknowledged', { size: 12, bold: true });
  const acknowledged = new Set(content.acknowledged);
  for (const attestation of content.attestations) {
    const mark = acknowledged.has(attestation.id) ? '[x]' : '[ ]';
    w.paragraph(`${mark}  ${attestation.text}`, { indent: 12, after: 4 });
  }

  w.space(8);
  w.paragraph('Signature', { size: 12, bold: true });
  w.paragraph(`Typed full name: ${content.typedName}`, { after: 2 });
  w.paragraph(`Signed: ${signedAt} (clinic time zone ${content.timeZone})`, { after: 2 });
  w.paragraph(
    content.signedVia === 'portal'
      ? 'Signed in the patient portal'
      : `Signed on the clinic tablet; staff member present: ${content.witnessStaffId ?? 'not recorded'}`,
    { after: 2 },
  );
  w.paragraph(`Document version: ${content.documentVersion}`, { after: 2 });
  w.paragraph(`Document SHA-256: ${content.documentHash}`, { after: 2 });
  w.paragraph(`Signature id: ${content.signatureId}`);
  if (content.withdrawal) {
    w.space(8);
    w.paragraph(`Withdrawn: ${clinicTime(content.withdrawal.withdrawnAt, content.timeZone)}`, { bold: true });
    w.paragraph(`Reason: ${content.withdrawal.reason}`);
  }
  return pdf.save();
}
