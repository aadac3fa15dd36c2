import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDevnet, startDevnet, waitFor } from './devnet-fixture.js';

/** Debian's chromium (apt-get install chromium); never a browser a test tool downloads. */
const CHROMIUM = process.env['QCOS_CHROMIUM'] ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
/** How long the page may take to show a change without a reload. */
const LIVE_MS = 20_000;

const BELL = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
`;

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  // Headless, and nothing that reaches for the network beyond the QAN on loopback.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function signIn(page: Page, qan: string, token: string): Promise<void> {
  await page.goto(`${qan}/ui/`);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=stream-state]:has-text("live")', { timeout: LIVE_MS });
}

/** A page on another origin (another port) that posts a job to the QAN from a plain form. */
function attackerSite(qan: string): Promise<Server> {
  const page = `<!doctype html><form id="f" method="POST" action="${qan}/api/v1/jobs" enctype="text/plain">
<input name='{"uri":"q://rigel/run?shots=10","program":"x","pad":"' value='"}'></form>
<script>document.getElementById('f').submit()</script>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(page);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

describe('the dashboard in a real browser, on a running devnet', () => {
  let net: RunningDevnet;
  let browser: Browser;
  let page: Page;
  /** What the page logged as errors: a script or style the policy refused would show here. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [net, browser] = await Promise.all([startDevnet(), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signIn(page, net.qan, net.tokens.operator);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await net?.stop();
  });

  it('loads the live network: every node ACTIVE under its scope, and this QAN with its height', async () => {
    for (const [scope, aliases] of [
      ['eu-west', ['rigel', 'sirius']],
      ['us-east', ['altair', 'vega']],
    ] as const) {
      for (const alias of aliases) {
        const card = page.locator(`[data-testid=scope-${scope}] [data-testid=node-${alias}]`);
        await expect.poll(() => card.getAttribute('data-status')).toBe('ACTIVE');
      }
    }
    await expect(page.textContent('[data-testid=signed-in-as]')).resolves.toBe(
      'devnet-operator (operator)',
    );
    const self = page.locator('[data-testid=cluster-qan][data-self=true]');
    await expect(self.textContent()).resolves.toMatch(/\(this QAN\)—#\d+/);
    await page.screenshot({ path: `${SCREENSHOTS}network.png`, fullPage: true });
    // The page runs under its content security policy with nothing refused.
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('shows an eavesdropped node QUARANTINE with its reason, live, without a reload', async () => {
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await net.setFaults('rigel', { eavesdropper: 1 });
    const rigel = page.locator('[data-testid=node-rigel]');
    await rigel.and(page.locator('[data-status=QUARANTINE]')).waitFor({ timeout: LIVE_MS });
    await expect(rigel.getAttribute('data-reason')).resolves.toBe('EKS_LOSS');
    await expect(rigel.locator('[data-testid=node-reason]').textContent()).resolves.toMatch(
      /^EKS_LOSS/,
    );
    const stillSamePage = await page.evaluate(
      () => (window as unknown as { notReloaded?: boolean }).notReloaded === true,
    );
    expect(stillSamePage).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}quarantine.png`, fullPage: true });
  });

  it('puts the quarantine in the timeline with the block that made it and its signer', async () => {
    const event = page.locator(
      '[data-testid=timeline-event][data-kind=QUARANTINE][data-alias=rigel]',
    );
    await event.first().waitFor({ timeout: LIVE_MS });
    const height = Number(await event.first().getAttribute('data-height'));
    await expect(event.first().locator('a').first().getAttribute('href')).resolves.toBe(
      `/api/v1/blocks/${height}`,
    );
    const { body: block } = await net.api('operator', `/api/v1/blocks/${height}`);
    const { body: info } = await net.api('reader', '/api/info');
    expect(block.origin).toBe(info.qanId);
    const kinds = block.records.map(
      (r: { kind: string; alias?: string }) => `${r.kind}:${r.alias}`,
    );
    expect(kinds).toContain('EKS_LOSS:rigel');
    await expect(event.first().locator('a.signer').getAttribute('title')).resolves.toBe(
      `signed by ${info.qanId}`,
    );
  });

  it('shows a job for the quarantined node soft-rejected and re-routed, with the reason', async () => {
    const { status, body } = await net.api('client', '/api/v1/jobs', {
      uri: 'q://rigel/run?shots=100',
      program: BELL,
    });
    expect(status).toBe(202);
    const row = page.locator(`[data-testid=job-${body.jobId}]`);
    await row.waitFor({ timeout: LIVE_MS });
    await expect(row.getAttribute('data-outcome')).resolves.toBe('soft-reject');
    await expect(row.locator('[data-testid=job-decision]').textContent()).resolves.toMatch(
      /^soft-rejected rigel \(EKS_LOSS\), re-routed to sirius \(SAME_SCOPE\)$/,
    );
  });

  it('plots the secret key rate and QBER of a QKD link', async () => {
    const sirius = page.locator('[data-testid=qkd-sirius]');
    await expect
      .poll(async () => Number(await sirius.getAttribute('data-points')), { timeout: LIVE_MS })
      .toBeGreaterThanOrEqual(3);
    expect(Number(await sirius.getAttribute('data-last-rate'))).toBeGreaterThan(0);
    // The plot drew something: its canvas holds pixels of the rate line's colour.
    const drawn = await sirius.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 2]! > 200 && data[i]! < 80 && data[i + 1]! < 140) blue++;
      return blue;
    });
    expect(drawn).toBeGreaterThan(50);
    await sirius.screenshot({ path: `${SCREENSHOTS}qkd-sirius.png` });
  });

  it('lists a coherence-window contract as the registry holds it', async () => {
    await waitFor(
      'sirius and vega advertised',
      async () => {
        const lists = await Promise.all(
          ['sirius', 'vega'].map((a) => net.api('reader', `/api/v1/nodes/${a}/reservations`)),
        );
        return lists.every((l) => l.body.memorySlots === 2) ? true : undefined;
      },
      LIVE_MS,
    );
    const startMs = Date.now() + 60_000;
    const { status, body } = await net.api('client', '/api/v1/contracts', {
      kind: 'WINDOW',
      scopes: ['eu-west', 'us-east'],
      participants: ['sirius', 'vega'],
      slots: 1,
      startMs,
      endMs: startMs + 60_000,
      window: { lengthMs: 1_000, toleranceMrad: 100, clockDomain: 'gps' },
    });
    expect(status).toBe(200);
    expect(body.state).toBe('RESERVED');
    const row = page.locator(`[data-testid=contract-${body.id}]`);
    await row.waitFor({ timeout: LIVE_MS });
    // Held from here on: RESERVED, or ACTIVE once both participants answered the window's PREPARE.
    await expect(row.getAttribute('data-state')).resolves.toMatch(/^(RESERVED|ACTIVE)$/);
    await expect(row.textContent()).resolves.toMatch(/^\d+WINDOW(RESERVED|ACTIVE)sirius ↔ vega/);
    await page.screenshot({ path: `${SCREENSHOTS}jobs-contracts.png`, fullPage: true });
  });

  it('shows a reader the network but neither jobs nor contracts', async () => {
    const context = await browser.newContext();
    const reader = await context.newPage();
    await signIn(reader, net.qan, net.tokens.reader);
    await reader.locator('[data-testid=node-rigel]').waitFor({ timeout: LIVE_MS });
    expect(await reader.locator('[data-testid=jobs]').count()).toBe(0);
    expect(await reader.locator('[data-testid=contracts]').count()).toBe(0);
    await context.close();
  });

  it('refuses a cross-site form post that carries the session cookie (CSRF_REJECTED)', async () => {
    const before = await page.locator('tr[data-testid^=job-]').count();
    const site = await attackerSite(net.qan);
    try {
      const { port } = site.address() as AddressInfo;
      const attacked = await page.context().newPage();
      const answer = attacked.waitForResponse((r) => r.url() === `${net.qan}/api/v1/jobs`);
      await attacked.goto(`http://127.0.0.1:${port}/`);
      const response = await answer;
      expect(response.status()).toBe(403);
      expect((await response.json()).code).toBe('CSRF_REJECTED');
      await attacked.close();
    } finally {
      site.close();
    }
    // Nothing was submitted: the jobs panel holds the same rows a tick later.
    await page.waitForTimeout(1_000);
    expect(await page.locator('tr[data-testid^=job-]').count()).toBe(before);
  });

  it('ends the session on sign-out: the event stream then refuses the cookie', async () => {
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('[data-testid=sign-in]');
    const status = await page.evaluate(async () => (await fetch('/api/v1/events')).status);
    expect(status).toBe(401);
  });
});
