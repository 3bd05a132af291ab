// Huge inputs and a full storage, as a learner meets them: each refused with the limit and what to
// do, the lab unchanged. The browser's storage filled before the page loads: the lab keeps working,
// says plainly it can no longer autosave and how to keep the work, and File > Save lab still has it
// all. A manifest over the limit (console and YAML file), a lab file too large or too long, a lab too
// large for a share link. Screenshots: build/screenshots/limits-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function typeLines(page, lines) {
  await clickWidget(page, 'console.input');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await frames(page, 3);
  }
}

async function noticeText(page) {
  const handle = await page.waitForFunction(() => window.podlab.state().keeping.notice, null, { timeout: 30000 });
  await waitForWidget(page, 'keeping.notice.close');
  return handle.jsonValue();
}

async function clickMenu(page, menu, item) {
  await clickWidget(page, menu);
  await clickWidget(page, item);
}

const podNames = (current) => current.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default').map((p) => p.name).sort();

test('a full storage: the lab keeps working, says it can no longer autosave, and Save lab keeps the work', async () => {
  const context = await newContext();
  let { page, messages } = await openPage(context, lab.server.url);
  // Fill this origin's storage to the brim, then load the page again.
  const filled = await page.evaluate(() => {
    let size = 1 << 20;
    let count = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`filler.${count}`, 'x'.repeat(size));
        count += 1;
      } catch (e) {
        if (e.name !== 'QuotaExceededError') throw e;
        size >>= 1;
      }
    }
    return count;
  });
  assert.ok(filled > 0);
  await page.close();
  ({ page, messages } = await openPage(context, lab.server.url));

  await typeLines(page, ['kubectl run web --image=nginx']);
  const text = await noticeText(page);
  assert.equal(text, "The browser's storage for this page is full, so the lab can no longer be saved automatically: a reload would "
    + 'lose the lines run since. The lab keeps working. To keep your work, save it to a file with File > Save lab.');
  await screenshot(page, 'limits-01-storage-full');
  await clickWidget(page, 'keeping.notice.close');
  await typeLines(page, ['kubectl run client --image=busybox']);
  let current = await state(page);
  assert.deepEqual(podNames(current), ['client', 'web'], 'the lab keeps working');
  assert.equal(current.keeping.notice, null, 'said once, not after every line');

  const downloading = page.waitForEvent('download');
  await clickMenu(page, 'menu.file', 'menu.file.save');
  const file = JSON.parse(await readFile(await (await downloading).path(), 'utf8'));
  assert.deepEqual(file.lines.map((l) => l.line), ['kubectl run web --image=nginx', 'kubectl run client --image=busybox']);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a manifest over the limit is refused with the limit, in the console and from a YAML file; the lab is unchanged', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'podlab-'));
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, ['kubectl run web --image=nginx']);
  const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "${'a'.repeat(1200000)}"\n`;
  const result = await page.evaluate((text) => window.podlab.command(`kubectl apply -f -\n${text}`), manifest);
  assert.equal(result.ok, false);
  await frames(page, 2);
  const current = await state(page);
  assert.equal(current.console.last.command, 'kubectl apply -f -\n…');
  assert.match(current.console.last.output, /^This input is 1\.1 MB; the lab takes at most 1\.0 MB in one line or manifest\. Nothing was run\./);
  assert.equal(current.keeping.lines, 1, 'nothing was added to the lab');
  await screenshot(page, 'limits-02-input-too-large');

  const big = join(folder, 'big.yaml');
  await writeFile(big, manifest);
  await clickMenu(page, 'menu.view', 'menu.view.yaml');
  const choosing = page.waitForEvent('filechooser');
  await clickWidget(page, 'yaml.load');
  await (await choosing).setFiles(big);
  assert.match(await noticeText(page), /^The file big\.yaml was not read: it is 1\.1 MB, and the lab takes at most 1\.0 MB in one manifest\./);
  assert.equal((await state(page)).keeping.yaml.text, '', 'the panel was left as it was');
  assert.deepEqual(messages, []);
  await context.close();
});

test('a lab file too large or too long is not opened, and a lab too large for a link says to save a file', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'podlab-'));
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, ['kubectl run mine --image=nginx']);

  const long = join(folder, 'long.podlab.json');
  const lines = Array.from({ length: 20001 }, () => ({ line: 'kubectl get pods', ok: true }));
  await writeFile(long, JSON.stringify({ format: 'podlab-lab', version: 1, seed: 1, lines }));
  let choosing = page.waitForEvent('filechooser');
  await clickMenu(page, 'menu.file', 'menu.file.open');
  await (await choosing).setFiles(long);
  assert.equal(await noticeText(page), 'The file long.podlab.json could not be opened as a lab.\nIt has 20001 lines; Podlab opens '
    + 'labs of up to 20000 lines (a longer one takes too long to replay).\nYour lab is as it was.');
  await screenshot(page, 'limits-03-too-many-lines');
  await clickWidget(page, 'keeping.notice.close');

  const huge = join(folder, 'huge.podlab.json');
  await writeFile(huge, ' '.repeat(17 * 1024 * 1024));
  choosing = page.waitForEvent('filechooser');
  await clickMenu(page, 'menu.file', 'menu.file.open');
  await (await choosing).setFiles(huge);
  assert.equal(await noticeText(page), 'The file huge.podlab.json could not be opened as a lab.\nIt holds more than 16.0 MB of text, '
    + 'the most Podlab opens.\nYour lab is as it was.');
  await clickWidget(page, 'keeping.notice.close');
  assert.deepEqual(podNames(await state(page)), ['mine']);

  // Random names do not compress: a line holding 120,000 of their characters makes a link over the limit.
  const random = await page.evaluate(() => Array.from(crypto.getRandomValues(new Uint8Array(60000)), (b) => b.toString(16).padStart(2, '0')).join(''));
  await page.evaluate((name) => window.podlab.command(`kubectl get pod x${name}`), random);
  await clickMenu(page, 'menu.file', 'menu.file.share');
  assert.match(await noticeText(page), /^This lab is too large for a share link: the link would be \d+ characters long, and browsers and chat apps cut links longer than 65536 characters short\. Save it with File > Save lab and send the file instead\.$/);
  assert.equal((await state(page)).keeping.shareOpen, false);
  await screenshot(page, 'limits-04-link-too-long');
  assert.deepEqual(messages, []);
  await context.close();
});
