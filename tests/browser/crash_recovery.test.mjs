// When the lab stops in the middle of a line (a bug: abort(), forced here through the test API, as
// nothing a learner types can do it): the page says so plainly, keeps the lab, and a reload shows the
// same choice rather than replaying the line into another stop; "Reopen without this line" gives back
// the lab as it was (same pods, same fingerprint); the download holds every line, that one marked.
// A line that stops the lab while a share link's lab is replayed is left out the same way.
// Screenshots: build/screenshots/crash-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  servedLab, waitForReady, state, frames, clickWidget, waitForWidget, screenshot,
} from './harness.mjs';

const lab = servedLab();
const headlessCompositorMessage = /GPU stall due to ReadPixels/;

async function openPage(context, url) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const messages = [];
  page.on('console', (message) => {
    if (!headlessCompositorMessage.test(message.text())) messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`pageerror: ${error}`));
  await page.goto(url);
  await waitForReady(page);
  return { page, messages };
}

const newContext = () => lab.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });

async function waitForLab(page, lines) {
  await page.waitForFunction((wanted) => {
    const keeping = window.podlab.state().keeping;
    return keeping.replay === null && keeping.lines === wanted;
  }, lines, { timeout: 30000 });
  await frames(page, 2);
}

async function typeLine(page, line) {
  await clickWidget(page, 'console.input');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function typeLines(page, lines) {
  for (const line of lines) {
    await typeLine(page, line);
    await frames(page, 3);
  }
}

async function fingerprint(page) {
  await typeLines(page, ['lab fingerprint']);
  return (await state(page)).console.last.output.trim();
}

const podsOf = (current) => current.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default')
  .map((p) => `${p.name} ${p.podIP} ${p.node}`).sort();

const built = ['kubectl run web --image=nginx --port 80', 'kubectl expose pod web --port 80', 'kubectl run client --image=busybox'];
const crashLine = 'kubectl run crash --image=nginx';

// What the page shows once the lab stopped: the message box's text, and the start-up error's state.
async function stopMessage(page) {
  await page.waitForSelector('#crash', { timeout: 30000 });
  return page.evaluate(() => ({
    text: document.getElementById('crash').innerText,
    line: document.getElementById('crash-line')?.textContent ?? null,
    startupErrorHidden: document.getElementById('error').hidden,
  }));
}

test('the lab stops in a line: it says so, a reload does not run the line again, it reopens without it', async () => {
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  const before = await fingerprint(page);
  const pods = podsOf(await state(page));
  assert.equal(pods.length, 2);

  await page.evaluate((line) => window.podlab.__forceAbort({ onLine: line }), crashLine);
  await typeLine(page, crashLine);
  let shown = await stopMessage(page);
  assert.match(shown.text, /^Podlab stopped: a bug in the lab\n+It stopped while running this line:/);
  assert.equal(shown.line, crashLine);
  assert.match(shown.text, /This is a fault in Podlab, not in what you typed\. Your lab is kept/);
  assert.doesNotMatch(shown.text, /could not start/);
  assert.equal(shown.startupErrorHidden, true);
  assert.ok(messages.some((m) => /Aborted\(/.test(m)), 'the browser reported the abort');
  await screenshot(page, 'crash-01-stopped');

  // A reload shows the same choice and opens nothing: the line does not run again.
  await page.reload();
  await waitForReady(page);
  shown = await stopMessage(page);
  assert.equal(shown.line, crashLine);
  await frames(page, 10);
  assert.equal((await state(page)).keeping.lines, 0, 'no lab was replayed behind the message');
  await screenshot(page, 'crash-02-after-reload');

  const downloading = page.waitForEvent('download');
  await page.click('#crash-download');
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'podlab-crash.podlab.json');
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(file.format, 'podlab-lab');
  assert.deepEqual(file.lines.map((l) => l.line), [...built, 'lab fingerprint', crashLine]);
  assert.deepEqual(file.lines.at(-1), { line: crashLine, ok: false, crashed: true });
  assert.equal(file.crashed.line, 5);
  assert.match(file.crashed.reason, /Aborted/);

  await page.click('#crash-reopen');
  await page.waitForLoadState();
  await waitForReady(page);
  await waitForLab(page, built.length + 1);
  assert.equal(await page.$('#crash'), null, 'the message is gone');
  assert.deepEqual(podsOf(await state(page)), pods, 'the same pods, with the same IPs, on the same nodes');
  assert.equal(await fingerprint(page), before);
  await screenshot(page, 'crash-03-reopened');
  await context.close();
});

test('a line that stops the lab while a share link opens is left out when it reopens', async () => {
  const context = await newContext();
  const { page } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.file.share');
  await waitForWidget(page, 'keeping.share.link');
  const link = (await state(page)).keeping.shareLink;
  await page.close();

  const other = await newContext();
  const opened = await openPage(other, lab.server.url);
  await opened.page.evaluate((line) => window.podlab.__forceAbort({ onLine: line }), built[1]);
  await opened.page.goto(link);  // only the fragment changes: the lab opens the link without a reload
  const shown = await stopMessage(opened.page);
  assert.equal(shown.line, built[1]);
  await opened.page.click('#crash-reopen');
  await opened.page.waitForLoadState();
  await waitForReady(opened.page);
  await waitForLab(opened.page, built.length - 1);
  const current = await state(opened.page);
  assert.deepEqual(podsOf(current).map((p) => p.split(' ')[0]), ['client', 'web']);
  assert.equal(current.objects.some((o) => o.kind === 'Service' && o.name === 'web'), false, 'the line that stopped it was left out');
  assert.equal(current.keeping.notice, null);
  await other.close();
  await context.close();
});

test('a tab that ended in the middle of a line: the next visit names the line and keeps the lab', async () => {
  const context = await newContext();
  const { page } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  // What the storage holds when the tab ends while a line runs: the line, recorded before it ran.
  await page.evaluate((line) => localStorage.setItem('podlab.lab.pending', JSON.stringify({ line, index: -1, origin: 'live', language: 'en' })), crashLine);
  await page.reload();
  await waitForReady(page);
  const shown = await stopMessage(page);
  assert.equal(shown.line, crashLine);
  assert.match(shown.text, /the page stopped while this line was running/);
  await page.click('#crash-reopen');
  await page.waitForLoadState();
  await waitForReady(page);
  await waitForLab(page, built.length);
  assert.equal(podsOf(await state(page)).length, 2);
  await context.close();
});
