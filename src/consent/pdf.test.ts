import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { defaultDocument } from './defaults.js';
import { renderSignedCopy, type SignedCopyContent } from './pdf.js';

const doc = defaultDocument('intranasal');
const content: SignedCopyContent = {
  clinicName: 'Demo Ketamine Clinic — Springfield',
  timeZone: 'America/Chicago',
  signatureId: '01a21727-051a-7442-9f71-5b5784baff5a',
  route: 'intranasal',
  documentTitle: doc.title,
  documentVersion: 3,
  documentHash: 'a'.repeat(64),
  bodyMarkdown: doc.bodyMarkdown,
  attestations: doc.attestations,
  acknowledged: doc.attestations.map((a) => a.id),
  typedName: 'Zoë Ortiz',
  signedVia: 'clinic_tablet',
  witnessStaffId: '01a21727-051a-7442-9f71-5b5784baff00',
  signedAt: new Date('2026-03-02T15:00:00Z'),
  withdrawal: null,
};

describe('signed consent PDF', () => {
  it('renders the shipped template over several pages, with the hash in its metadata', async () => {
    const bytes = await renderSignedCopy(content);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    expect(pdf.getSubject()).toContain(content.documentHash);
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-03-02T15:00:00.000Z');
  });

  it('renders the same signature to the same bytes (no library-set "now")', async () => {
    expect(
      Buffer.from(await renderSignedCopy(content)).equals(Buffer.from(await renderSignedCopy(content))),
    ).toBe(true);
  });

  it('does not fail on text the standard fonts cannot draw or on a word wider than the page', async () => {
    const bytes = await renderSignedCopy({
      ...content,
      typedName: '李小龍 ≥ ✓',
      withdrawal: { reason: `See ${'x'.repeat(400)}`, withdrawnAt: new Date('2026-04-01T15:00:00Z') },
    });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
  });
});
