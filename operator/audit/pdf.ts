import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); INOPSIO_CHROMIUM names another. */
export const chromiumPath = () => process.env.INOPSIO_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts headless Chromium, saying how to install it when it is missing. */
export function launchChromium() {
  return chromium
    .launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true })
    .catch((error: unknown) => {
      throw new Error(
        `Chromium could not start from ${chromiumPath()}: install it with apt-get install -y chromium, or set INOPSIO_CHROMIUM`,
        { cause: error },
      );
    });
}

/** Prints an HTML file to PDF (A4 landscape, backgrounds kept for the status colours). */
export async function printPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.pdf({
      path: pdfFile,
      format: 'A4',
      landscape: true,
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    await browser.close();
  }
}
