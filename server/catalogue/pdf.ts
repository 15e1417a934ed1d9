/**
 * HTML → PDF with the system's Chromium (Debian's /usr/bin/chromium; we never download a browser).
 * The page's own print CSS (@page A4, two columns) decides the layout.
 */
import { chromium } from 'playwright-core';

/** `chromiumPath`: the config's (CHROMIUM_PATH, default /usr/bin/chromium). */
export async function htmlToPdf(html: string, chromiumPath: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    // Everything is inline; nothing is fetched from the network.
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

/** Pages in a PDF, counted from its page objects (enough for a smoke check). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
