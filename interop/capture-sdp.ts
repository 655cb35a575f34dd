// Captures real SDP from the system's Chromium and Firefox ESR into
// test/fixtures/browser-sdp/, and rewrites that folder's README with the browser
// versions. Run it again after a browser upgrade:
//
//   node --import tsx interop/capture-sdp.ts
//
// Every file is the SDP text exactly as the browser produced it (CRLF line ends).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import {
  BROWSER_KINDS,
  closePeer,
  createPeer,
  findExecutable,
  gatheredDescription,
  launch,
  loudNotice,
  makeAnswer,
  makeOffer,
  type Browser,
  type BrowserKind,
  type Page,
  type SessionDescription,
} from './harness/index.js';

const FIXTURE_DIR = fileURLToPath(new URL('../test/fixtures/browser-sdp/', import.meta.url));
const GATHER_TIMEOUT_MS = 10_000;

/** One captured file and how it was made, for the README. */
interface Capture {
  file: string;
  description: string;
}

const captures: Capture[] = [];

/** What each browser kind is, as packaged on the capture machine. */
const PRODUCT: Record<BrowserKind, string> = { chromium: 'Chromium (Debian `chromium`)', firefox: 'Firefox ESR (Debian `firefox-esr`)' };

async function save(file: string, description: SessionDescription, how: string): Promise<void> {
  if (!description.sdp.startsWith('v=0\r\n')) throw new Error(`${file}: not SDP text: ${JSON.stringify(description.sdp.slice(0, 40))}`);
  await writeFile(join(FIXTURE_DIR, file), description.sdp);
  captures.push({ file, description: how });
  console.log(`  ${relative(process.cwd(), join(FIXTURE_DIR, file))}  (${description.sdp.split('\r\n').length - 1} lines)`);
}

/** The captures made inside one browser. */
async function captureIn(browser: Browser): Promise<void> {
  const kind = browser.kind;
  const page = await browser.newPage();
  try {
    // A data channel plus fake-device microphone and camera tracks, offered...
    await page.evaluate(createPeer, { id: 'offerer', dataChannel: 'dc', audio: true, video: true, media: 'getUserMedia' as const });
    const offer = await page.evaluate(makeOffer, 'offerer');
    await save(`${kind}-offer-av-data.sdp`, offer, 'createOffer: data channel `dc`, getUserMedia audio + video tracks (addTrack)');
    // ...and answered by a second peer in the same tab that sends tracks of its own.
    await page.evaluate(createPeer, { id: 'answerer', audio: true, video: true, media: 'getUserMedia' as const });
    const answer = await page.evaluate(makeAnswer, { id: 'answerer', offer });
    await save(`${kind}-answer-av-data.sdp`, answer, `createAnswer to ${kind}-offer-av-data.sdp, answerer holding getUserMedia audio + video tracks`);
    await save(
      `${kind}-offer-av-data-gathered.sdp`,
      await page.evaluate(gatheredDescription, { id: 'offerer', timeoutMs: GATHER_TIMEOUT_MS }),
      `localDescription of the ${kind}-offer-av-data.sdp peer once ICE gathering completed`,
    );
    await save(
      `${kind}-answer-av-data-gathered.sdp`,
      await page.evaluate(gatheredDescription, { id: 'answerer', timeoutMs: GATHER_TIMEOUT_MS }),
      `localDescription of the ${kind}-answer-av-data.sdp peer once ICE gathering completed`,
    );

    await page.evaluate(createPeer, { id: 'data', dataChannel: 'dc' });
    await save(`${kind}-offer-data.sdp`, await page.evaluate(makeOffer, 'data'), 'createOffer: data channel `dc` only');
    await save(
      `${kind}-offer-data-gathered.sdp`,
      await page.evaluate(gatheredDescription, { id: 'data', timeoutMs: GATHER_TIMEOUT_MS }),
      `localDescription of the ${kind}-offer-data.sdp peer once ICE gathering completed`,
    );

    await page.evaluate(createPeer, { id: 'audio', audio: true });
    await save(`${kind}-offer-audio.sdp`, await page.evaluate(makeOffer, 'audio'), "createOffer: addTransceiver('audio') only, no track");
  } finally {
    for (const id of ['offerer', 'answerer', 'data', 'audio']) await page.evaluate(closePeer, id).catch(() => undefined);
    await page.close();
  }
}

/** One browser answering the other's offer (data channel + fake audio and video tracks). */
async function captureCross(offering: Browser, answering: Browser): Promise<void> {
  const [offerPage, answerPage]: Page[] = [await offering.newPage(), await answering.newPage()];
  try {
    await offerPage.evaluate(createPeer, { id: 'offerer', dataChannel: 'dc', audio: true, video: true, media: 'getUserMedia' as const });
    await answerPage.evaluate(createPeer, { id: 'answerer', audio: true, video: true, media: 'getUserMedia' as const });
    const offer = await offerPage.evaluate(makeOffer, 'offerer');
    const answer = await answerPage.evaluate(makeAnswer, { id: 'answerer', offer });
    await save(
      `${answering.kind}-answer-to-${offering.kind}-av-data.sdp`,
      answer,
      `${answering.kind} createAnswer to a ${offering.kind} offer made like ${offering.kind}-offer-av-data.sdp`,
    );
  } finally {
    await offerPage.evaluate(closePeer, 'offerer').catch(() => undefined);
    await answerPage.evaluate(closePeer, 'answerer').catch(() => undefined);
    await offerPage.close();
    await answerPage.close();
  }
}

/** Host candidates as browsers send them by default: hidden behind mDNS `.local` names. */
async function captureMdns(kind: BrowserKind): Promise<void> {
  const browser = await launch(kind, { hideHostAddresses: true });
  try {
    await browser.evaluate(createPeer, { id: 'data', dataChannel: 'dc' });
    await browser.evaluate(makeOffer, 'data');
    await save(
      `${kind}-offer-data-gathered-mdns.sdp`,
      await browser.evaluate(gatheredDescription, { id: 'data', timeoutMs: GATHER_TIMEOUT_MS }),
      'as *-offer-data-gathered.sdp, with the browser default of mDNS names for host candidates',
    );
  } finally {
    await browser.close();
  }
}

function readme(browsers: readonly Browser[]): string {
  const lines = [
    '# Browser SDP fixtures',
    '',
    'Real SDP captured from live browsers by `interop/capture-sdp.ts`',
    '(`node --import tsx interop/capture-sdp.ts` rewrites every file here, this README included).',
    'Each file is the text exactly as the browser produced it, CRLF line ends kept',
    '(`.gitattributes` stops git from converting them).',
    '',
    '## Browsers',
    '',
    '| browser | version | user agent |',
    '| --- | --- | --- |',
    ...browsers.map((browser) => `| ${PRODUCT[browser.kind]} | ${browser.version} | \`${browser.userAgent}\` |`),
    '',
    `Captured ${new Date().toISOString().slice(0, 10)} on Debian 12 (\`chromium\` and \`firefox-esr\` packages), headless:`,
    'Chromium through playwright-core with `--allow-loopback-in-peer-connection`,',
    '`--disable-features=WebRtcHideLocalIpsWithMdns` and fake media devices; Firefox ESR through',
    'puppeteer-core over WebDriver BiDi with `media.peerconnection.ice.loopback`,',
    '`media.peerconnection.ice.obfuscate_host_addresses=false` and `media.navigator.streams.fake`',
    '(see `interop/harness/browser.ts`). The `-mdns` files keep each browser\'s default of hiding',
    'host addresses behind `<uuid>.local` names (for Chromium that also means no fake-UI media',
    'permission, which would reveal them; it then drops the loopback candidates too).',
    '',
    'Candidates: the capture machine has loopback plus one interface with documentation-range',
    'addresses (192.0.2.2, fd00::2), no STUN or TURN servers, so every candidate is a host',
    'candidate. Chromium gathers loopback (127.0.0.1, ::1) as well; Firefox ESR does not gather',
    'loopback candidates even with `media.peerconnection.ice.loopback` set. Chromium does not add',
    '`a=end-of-candidates`; Firefox does, and in a gathered offer with media it also lists component 2 (RTCP)',
    'candidates although it offers `a=rtcp-mux`.',
    '',
    '## Files',
    '',
    '| file | what it is |',
    '| --- | --- |',
    ...captures.map(({ file, description }) => `| \`${file}\` | ${description} |`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  await mkdir(FIXTURE_DIR, { recursive: true });
  const browsers: Browser[] = [];
  try {
    for (const kind of BROWSER_KINDS) {
      if (!findExecutable(kind)) {
        loudNotice([`capture-sdp: ${kind.toUpperCase()} IS NOT INSTALLED; its fixtures are not refreshed`]);
        continue;
      }
      browsers.push(await launch(kind));
    }
    if (browsers.length === 0) throw new Error('no browser to capture from');
    for (const browser of browsers) {
      console.log(`${browser.kind} ${browser.version}`);
      await captureIn(browser);
    }
    const [first, second] = browsers;
    if (first && second) {
      console.log('cross-browser answers');
      await captureCross(first, second);
      await captureCross(second, first);
    }
    for (const browser of browsers) await captureMdns(browser.kind);
    await writeFile(join(FIXTURE_DIR, 'README.md'), readme(browsers));
    await writeFile(join(FIXTURE_DIR, '.gitattributes'), '# SDP is CRLF-terminated text; keep it byte for byte.\n*.sdp -text\n');
    console.log(`  ${relative(process.cwd(), join(FIXTURE_DIR, 'README.md'))}`);
  } finally {
    await Promise.all(browsers.map((browser) => browser.close()));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
