#!/usr/bin/env node
// Takes a headless-Chromium screenshot of a page: node scripts/screenshot.mjs URL OUT.png [WIDTHxHEIGHT] [--files a.dcm,b.dcm] [--keys "i,r"]
import { chromium } from 'playwright-core';

const [url, out = 'screenshot.png', size = '1400x900', ...rest] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [WIDTHxHEIGHT] [--files a,b] [--keys k1,k2] [--wait ms]');
  process.exit(2);
}
const option = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const [width, height] = size.split('x').map(Number);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.firstImage, null, { timeout: 30_000 }).catch(() => console.error('no image shown within 30 s'));
  const files = option('--files');
  if (files) await page.locator('rc-app').locator('#file-input').setInputFiles(files.split(','));
  for (const key of (option('--keys') ?? '').split(',').filter(Boolean)) await page.keyboard.press(key);
  await page.waitForTimeout(Number(option('--wait') ?? 1500));
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
