// The Secure Components page of the gateway's Web Console as an operator meets it: logged in, every Secure
// Component the gateway has is listed (no more, no fewer), and a disabled profile of the eUICC is enabled
// with its button.
// Usage: node console-page.mjs PAGE_URL USER PASSWORD COMPONENT_IDS SCREENSHOT.png (COMPONENT_IDS: comma-separated)
// Prints one line per step, the last "enabled ICCID"; exits 1 naming the step that failed.
import { chromium } from 'playwright-core';

const [url, user, password, components, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node console-page.mjs PAGE_URL USER PASSWORD COMPONENT_IDS SCREENSHOT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let step = 'log in and open the page';
let page;
try {
  const context = await browser.newContext({ httpCredentials: { username: user, password }, viewport: { width: 1400, height: 1100 } });
  page = await context.newPage();
  const response = await page.goto(url);
  if (response.status() !== 200) throw new Error(`the page answered ${response.status()}`);
  await page.locator('#scgw-components').waitFor({ timeout: 15000 });
  console.log('page open: ' + (await page.title()));

  step = 'compare the component list with the gateway\'s';
  const listed = (await page.locator('#scgw-components tr[data-component]').evaluateAll(
    (rows) => rows.map((r) => r.getAttribute('data-component')))).sort();
  const expected = components.split(',').sort();
  if (JSON.stringify(listed) !== JSON.stringify(expected)) {
    throw new Error(`listed ${listed.join(', ')}; the gateway has ${expected.join(', ')}`);
  }
  console.log('components: ' + listed.join(', '));

  step = 'enable a disabled profile';
  const row = page.locator('table.scgw-profiles tr[data-iccid]').filter({ has: page.locator('button.enable') })
    .filter({ hasNotText: 'provisioning' }).first();
  const iccid = await row.getAttribute('data-iccid');
  await Promise.all([page.waitForNavigation(), row.locator('button.enable').click()]);
  await page.locator('.scgw-done').waitFor({ timeout: 15000 });
  const state = await page.locator(`table.scgw-profiles tr[data-iccid="${iccid}"] td.state`).innerText();
  if (state.trim() !== 'enabled') throw new Error(`profile ${iccid} shows ${state} after Enable`);
  console.log('said: ' + (await page.locator('.scgw-done').innerText()));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('enabled ' + iccid);
} catch (e) {
  console.error(`failed to ${step}: ${e.message.split('\n')[0]}`);
  await page?.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
