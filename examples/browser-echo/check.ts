// `server.ts --check`: serves the page on a free loopback port, opens it in headless
// Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) and waits for the page's
// self-check to say "echo ok".
import { chromium } from 'playwright-core';
import type { EchoServer, EchoServerOptions } from './server.js';

/** How long the page gets to connect and see every self-check message come back. */
const CHECK_TIMEOUT_MS = 20_000;

/**
 * Switches for an unattended Chromium. `--allow-loopback-in-peer-connection` makes it
 * offer 127.0.0.1 candidates, which it otherwise leaves out. By default it offers mDNS
 * names instead of addresses and announces them on the local network; turning that off
 * keeps the check off the network (the server drops the non-loopback addresses it then sees).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Runs the check; prints what happened and resolves true when the echo came back intact. */
export async function checkInChromium(start: (options: EchoServerOptions) => Promise<EchoServer>): Promise<boolean> {
  const server = await start({ port: 0, log: (line) => console.log(`  node: ${line}`) });
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: CHECK_TIMEOUT_MS }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const began = Date.now();
  try {
    const page = await browser.newPage();
    await page.goto(server.url, { timeout: CHECK_TIMEOUT_MS });
    const settled = page.locator('#status.bad, #status:text-is("echo ok")');
    await settled.waitFor({ timeout: CHECK_TIMEOUT_MS }).catch(() => undefined);
    const status = await page.locator('#status').textContent();
    const ok = status === 'echo ok';
    if (!ok) console.log((await page.locator('#log').textContent())?.trimEnd().replace(/^/gm, '  page: '));
    console.log(`check: ${ok ? 'PASS' : 'FAIL'}: page says "${status}" after ${Date.now() - began} ms (Chromium ${browser.version()})`);
    return ok;
  } finally {
    await browser.close();
    await server.close();
  }
}
