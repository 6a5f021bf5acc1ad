// The Secure Component Admin object as a user meets it in the local Leshan server's web UI: the object is
// listed with its model, and a remote command script written, run and read there returns the card's answer.
// Usage: node admin-object.mjs WEB_UI_URL ENDPOINT INSTANCE SCREENSHOT.png HEADER (INSTANCE: the card's instance of
// 42769; HEADER: the 4 bytes the card's bootstrap file begins with, in hex: the number of objects and their size)
// Prints one line per step; exits 1 naming the step that failed.
import { chromium } from 'playwright-core';

const [url, endpoint, instance, screenshot, header] = process.argv.slice(2);
if (!header) {
  console.error('usage: node admin-object.mjs WEB_UI_URL ENDPOINT INSTANCE SCREENSHOT.png HEADER');
  process.exit(2);
}
const PKCS15 = 'A000000063504B43532D3135';
// SELECT by path 7FFF/6432 (EF LwM2M_Bootstrap), READ BINARY of its 4-byte header, inside SCP03 level 51.
const SCRIPT = 'AA12' + '2209' + '00A4080C047FFF6432' + '2205' + '00B0000004';
const EXPECTED = 'AB0F' + '800102' + '23029000' + '2306' + header.toUpperCase() + '9000';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // As this machine needs them: no sandbox as root, and nothing that reaches out to Google's hosts.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let step = 'open the web UI';

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/#/clients/${endpoint}/42769`);
  const row = (path) => page.locator(`xpath=//*[normalize-space(text())='${path}']/ancestor::*[.//button][1]`);
  const button = (path, label) => row(path).locator('button', { hasText: new RegExp(`^\\s*${label}\\s*$`, 'i') });
  const shown = async (path) => (await row(path).innerText()).replace(/\s+/g, ' ');

  step = 'find the object and its model';
  await page.getByText('Secure Component Admin-v1.0').waitFor({ timeout: 15000 });
  await row(`/42769/${instance}/0`).waitFor();
  console.log('object 42769 listed with its model');

  step = 'read the Component ID';
  await button(`/42769/${instance}/0`, 'R').click();
  await page.waitForFunction(() => document.body.innerText.includes('sim-'), null, { timeout: 10000 });
  console.log('component: ' + (await shown(`/42769/${instance}/0`)));

  const write = async (path, value) => {
    step = `write ${path}`;
    await button(path, 'W').click();
    const dialog = page.locator('.v-dialog--active');
    await dialog.locator('textarea, input[type=text], input:not([type])').last().fill(value);
    await dialog.locator('button', { hasText: 'Write' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10000 }).catch(() => dialog.waitFor({ state: 'hidden', timeout: 10000 }));
    console.log(`wrote ${path}`);
  };
  await write(`/42769/${instance}/11`, PKCS15);
  await write(`/42769/${instance}/12`, '51');
  await write(`/42769/${instance}/6`, SCRIPT);

  step = 'execute Run';
  await button(`/42769/${instance}/7`, 'EXE').click();
  console.log(`executed /42769/${instance}/7`);

  step = 'read the Result until the script has ended';
  let result = '';
  for (let i = 0; i < 50 && !new RegExp(`Result /42769/${instance}/9 .*\\b2\\b`).test(result); i++) {
    await button(`/42769/${instance}/9`, 'R').click();
    await page.waitForTimeout(200);
    result = await shown(`/42769/${instance}/9`);
  }
  console.log('result: ' + result);
  if (!/\b2\b/.test(result.replace(`/42769/${instance}/9`, ''))) throw new Error(`Result is not 2 (ok): ${result}`);

  step = 'read the Admin Response';
  await button(`/42769/${instance}/8`, 'R').click();
  await page.waitForFunction((hex) => document.body.innerText.toUpperCase().replace(/[^0-9A-F]/g, '').includes(hex), EXPECTED, { timeout: 10000 });
  console.log('response: ' + (await shown(`/42769/${instance}/8`)));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('the card answered ' + EXPECTED);
} catch (e) {
  console.error(`failed to ${step}: ${e.message.split('\n')[0]}`);
  await browser.contexts()[0]?.pages()[0]?.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
