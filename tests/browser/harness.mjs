// Shared set-up for the browser tests: serves the built page from build/web/dist on a free loopback
// port, starts Debian's Chromium through playwright-core, and helps tests act as a person would
// (clicking the widgets the lab publishes) and look at what is on screen.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serveDirectory } from './static_server.mjs';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const distDir = process.env.PODLAB_DIST || join(repoRoot, 'build', 'web', 'dist');
export const screenshotDir = join(repoRoot, 'build', 'screenshots');

export const serve = (root = distDir, options = {}) => serveDirectory(root, options);

// For one test file: serves the page and starts Chromium before its tests, closes both after them.
// The returned object's `server` and `browser` are set once the tests run.
export function servedLab() {
  const lab = { server: null, browser: null };
  before(async () => {
    lab.server = await serve();
    lab.browser = await launch();
  });
  after(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.PODLAB_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-unsafe-swiftshader'],
  });
}

// Headless Chromium with software WebGL logs "GPU stall due to ReadPixels" four times for any page
// that draws with WebGL2, even a ten-line one that only clears the canvas: its compositor reads the
// canvas back. That message is the browser's, not the lab's; every other message counts.
const headlessCompositorMessage = /^\[\.WebGL-0x[0-9a-f]+\]GL Driver Message \(OpenGL, Performance, GL_CLOSE_PATH_NV, High\): GPU stall due to ReadPixels/;

// Opens the lab in a new page and records every console message and page error.
// A returning learner's page unless `welcome`: the welcome card was dismissed on an earlier visit
// (first_run.test.mjs opens the page as a first visit).
export async function openLab(browser, url, { width = 1280, height = 800, welcome = false } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (!welcome) await page.addInitScript(() => window.localStorage.setItem('podlab.welcome', 'dismissed'));
  const messages = [];
  page.on('console', (message) => {
    if (headlessCompositorMessage.test(message.text())) return;
    messages.push({ type: message.type(), text: message.text() });
  });
  page.on('pageerror', (error) => messages.push({ type: 'pageerror', text: String(error) }));
  const started = Date.now();
  await page.goto(url);
  return { page, messages, started };
}

export async function waitForReady(page) {
  await page.waitForFunction(() => window.podlab && window.podlab.timings.firstFrameMs !== undefined,
    null, { timeout: 60000 });
}

export const state = (page) => page.evaluate(() => window.podlab.state());

// Waits until the lab has drawn `count` more frames, so an input has been seen and drawn.
export async function frames(page, count = 2) {
  const start = (await state(page)).frame;
  await page.waitForFunction((target) => window.podlab.state().frame >= target, start + count);
}

export async function waitForWidget(page, id) {
  const handle = await page.waitForFunction((wanted) => {
    const widget = window.podlab.state().widgets.find((w) => w.id === wanted);
    return widget || null;
  }, id, { timeout: 10000 });
  return handle.jsonValue();
}

// Clicks a rectangle [x, y, w, h] in its centre, as a person would: move, press, release, a frame apart.
export async function clickRect(page, [x, y, w, h]) {
  await page.mouse.move(x + w / 2, y + h / 2);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 2);
}

// Clicks a published widget in its centre.
// Presses one key and lets the lab draw two frames: the lab reads the keyboard once a frame, so a
// person's keys arrive one frame or more apart.
export async function press(page, key) {
  await page.keyboard.press(key);
  await frames(page, 2);
}

// Clicks the row of a published list whose label starts with `prefix`.
export async function clickItem(page, id, prefix) {
  const found = await page.waitForFunction(([wanted, start]) => {
    const widget = window.podlab.state().widgets.find((w) => w.id === wanted && w.label.startsWith(start));
    return widget || null;
  }, [id, prefix], { timeout: 10000 });
  const widget = await found.jsonValue();
  await clickRect(page, widget.rect);
  return widget;
}

export async function clickWidget(page, id) {
  const widget = await waitForWidget(page, id);
  await clickRect(page, widget.rect);
  return widget;
}

export async function screenshot(page, name, clip = undefined) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, clip });
  return path;
}

// How many distinct colours the visible page has: a black or blank canvas has one or two.
export async function distinctColours(page) {
  const png = await page.screenshot();
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  }, png.toString('base64'));
}
