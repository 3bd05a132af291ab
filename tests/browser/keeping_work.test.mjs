// Keeping work as a learner meets it, by clicks and keys: a lab built in the console is still there
// after a reload (same pods, same fingerprint); File > Copy share link gives a link that opens the
// same lab in another browser; a damaged link says what is wrong while the learner's own lab stays;
// File > Save lab and Open lab, and a file that is not a lab; the YAML panel marks an error at its
// line and keeps the text, applies a good manifest, and exports the lab. Screenshots of every state
// go to build/screenshots/keeping-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedLab, waitForReady, state, frames, clickWidget, waitForWidget, screenshot, press,
} from './harness.mjs';

const lab = servedLab();

const headlessCompositorMessage = /GPU stall due to ReadPixels/;

// A page in its own browser context (its own storage), recording what it logs.
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

// Waits until no lab is being opened and the lab holds `lines` lines.
async function waitForLab(page, lines) {
  await page.waitForFunction((wanted) => {
    const keeping = window.podlab.state().keeping;
    return keeping.replay === null && keeping.lines === wanted;
  }, lines, { timeout: 30000 });
  await frames(page, 2);
}

async function typeLines(page, lines) {
  await clickWidget(page, 'console.input');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await frames(page, 3);
  }
}

// `lab fingerprint` typed in the console, as a learner would check it.
async function fingerprint(page) {
  await typeLines(page, ['lab fingerprint']);
  const last = (await state(page)).console.last;
  assert.equal(last.command, 'lab fingerprint');
  return last.output.trim();
}

const podsOf = (current) => current.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default')
  .map((p) => `${p.name} ${p.podIP} ${p.node}`).sort();

const built = ['kubectl run web --image=nginx --port 80', 'kubectl expose pod web --port 80', 'kubectl run client --image=busybox'];

async function clickMenu(page, menu, item) {
  await clickWidget(page, menu);
  await clickWidget(page, item);
}

async function noticeText(page) {
  const handle = await page.waitForFunction(() => window.podlab.state().keeping.notice, null, { timeout: 30000 });
  await waitForWidget(page, 'keeping.notice.close');
  return handle.jsonValue();
}

test('a lab built in the console is there after a reload: same pods, same fingerprint', async () => {
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  const before = await fingerprint(page);
  assert.match(before, /^[0-9a-f]{16}$/);
  const pods = podsOf(await state(page));
  assert.equal(pods.length, 2);
  await screenshot(page, 'keeping-01-built');

  await page.reload();
  await waitForReady(page);
  await waitForLab(page, built.length + 1);
  const current = await state(page);
  assert.deepEqual(podsOf(current), pods, 'the same pods, with the same IPs, on the same nodes');
  assert.equal(current.keeping.notice, null);
  assert.equal(current.console.entries, built.length + 1, 'the console shows the replayed lines');
  await screenshot(page, 'keeping-02-after-reload');
  assert.equal(await fingerprint(page), before);
  assert.deepEqual(messages, []);
  await context.close();
});

test('a share link opens the same lab in another browser; a damaged one keeps the learner\'s lab', async () => {
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  const before = await fingerprint(page);
  const pods = podsOf(await state(page));

  await clickMenu(page, 'menu.file', 'menu.file.share');
  await waitForWidget(page, 'keeping.share.link');
  const sharing = (await state(page)).keeping;
  assert.equal(sharing.shareCopied, true, 'the link went to the clipboard');
  assert.ok(sharing.shareLink.startsWith(`${lab.server.url}#lab=`), sharing.shareLink);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), sharing.shareLink);
  await screenshot(page, 'keeping-03-share-link');
  await clickWidget(page, 'keeping.share.close');

  // Another browser, with nothing saved: the link alone carries the lab.
  const other = await newContext();
  const opened = await openPage(other, sharing.shareLink);
  await waitForLab(opened.page, built.length + 1);
  assert.deepEqual(podsOf(await state(opened.page)), pods);
  assert.equal(await fingerprint(opened.page), before);
  assert.equal(await opened.page.evaluate(() => window.location.hash), '', 'the link was read once');
  await screenshot(opened.page, 'keeping-04-opened-from-link');
  assert.deepEqual(opened.messages, []);
  await other.close();

  // The same learner opens a link cut short, then one with a character base64url has no place for.
  // Cut to half its data, at a whole number of base64 quads: the characters are fine, the data is not.
  const [place, data] = sharing.shareLink.split('#lab=');
  const cut = `${place}#lab=${data.slice(0, Math.floor(data.length / 8) * 4)}`;
  const damaged = await openPage(context, cut);
  const text = await noticeText(damaged.page);
  assert.match(text, /The share link could not be opened\.\nThe link is damaged or cut short/);
  assert.match(text, /Your lab is as it was\./);
  await waitForLab(damaged.page, built.length + 1);
  assert.deepEqual(podsOf(await state(damaged.page)), pods, 'the autosaved lab is still there');
  await screenshot(damaged.page, 'keeping-05-damaged-link');
  await clickWidget(damaged.page, 'keeping.notice.close');
  assert.equal((await state(damaged.page)).keeping.notice, null);

  const url = new URL(sharing.shareLink);
  await damaged.page.goto(`${url.origin}${url.pathname}#lab=AAAA*AAAA`);  // only the fragment changes
  const second = await noticeText(damaged.page);
  assert.match(second, /character 5 after #lab= is not base64url/);
  assert.deepEqual(podsOf(await state(damaged.page)), pods);
  await screenshot(damaged.page, 'keeping-06-bad-base64');
  assert.deepEqual(damaged.messages, []);
  assert.deepEqual(messages, []);
  await context.close();
});

test('File > Save lab downloads it, Open lab opens it; a file that is not a lab changes nothing', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'podlab-'));
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await typeLines(page, built);
  const before = await fingerprint(page);
  const pods = podsOf(await state(page));
  const downloading = page.waitForEvent('download');
  await clickMenu(page, 'menu.file', 'menu.file.save');
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'podlab.podlab.json');
  const saved = join(folder, download.suggestedFilename());
  await download.saveAs(saved);
  const file = JSON.parse(await readFile(saved, 'utf8'));
  assert.equal(file.format, 'podlab-lab');
  assert.equal(file.version, 1);
  assert.deepEqual(file.lines.map((l) => l.line), [...built, 'lab fingerprint']);

  const other = await newContext();
  const fresh = await openPage(other, lab.server.url);
  await typeLines(fresh.page, ['kubectl run mine --image=nginx']);
  const notLab = join(folder, 'notes.json');
  await writeFile(notLab, '{"format": "podlab-lab",\n "version": 1,\n "seed": 1,\n "lines": [\n');
  let choosing = fresh.page.waitForEvent('filechooser');
  await clickMenu(fresh.page, 'menu.file', 'menu.file.open');
  await (await choosing).setFiles(notLab);
  const text = await noticeText(fresh.page);
  assert.match(text, /^The file notes\.json could not be opened as a lab\.\nIt is not JSON: line 5, column 1: /);
  assert.deepEqual(podsOf(await state(fresh.page)).map((p) => p.split(' ')[0]), ['mine'], 'the lab on screen is untouched');
  await screenshot(fresh.page, 'keeping-07-not-a-lab');
  await clickWidget(fresh.page, 'keeping.notice.close');

  choosing = fresh.page.waitForEvent('filechooser');
  await clickMenu(fresh.page, 'menu.file', 'menu.file.open');
  await (await choosing).setFiles(saved);
  // The learner's lab is asked about, then kept in File > Recent labs.
  await fresh.page.waitForFunction(() => window.podlab.state().recentLabs.question, null, { timeout: 10000 });
  await frames(fresh.page, 2);
  await clickWidget(fresh.page, 'replace.confirm');
  await waitForLab(fresh.page, built.length + 1);
  assert.deepEqual((await state(fresh.page)).recentLabs.labs.map((l) => [l.name, l.lines]), [['podlab', 1]]);
  assert.deepEqual(podsOf(await state(fresh.page)), pods);
  assert.equal(await fingerprint(fresh.page), before);
  await screenshot(fresh.page, 'keeping-08-opened-file');
  assert.deepEqual(fresh.messages, []);
  assert.deepEqual(messages, []);
  await other.close();
  await context.close();
});

test('the YAML panel: an error marked at its line, the text kept, a good manifest applied, the lab exported', async () => {
  const context = await newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await clickMenu(page, 'menu.view', 'menu.view.yaml');
  await clickWidget(page, 'yaml.text');
  const typeText = async (lines) => {
    for (const line of lines) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      await frames(page, 1);
    }
  };
  const manifest = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:',
    '  - name: web', '    image: nginx', '    ports:', '    - containerPort: eighty'];
  await typeText(manifest);
  assert.equal((await state(page)).keeping.yaml.text, `${manifest.join('\n')}\n`);
  await clickWidget(page, 'yaml.apply');
  await frames(page, 3);
  let current = await state(page);
  assert.deepEqual(current.keeping.yaml.errors, [{
    line: 10, column: 22, message: 'spec.containers[0].ports[0].containerPort: expected an integer, got "eighty"',
  }]);
  assert.equal(current.keeping.yaml.text, `${manifest.join('\n')}\n`, 'the text stays, to be fixed');
  assert.equal(current.console.last.command, `kubectl apply -f -\n${manifest.join('\n')}\n`, 'one console line, the text its input');
  assert.ok(current.widgets.some((w) => w.id === 'yaml.error' && w.index === 10));
  assert.equal(podsOf(current).length, 0);
  await screenshot(page, 'keeping-09-yaml-error');

  // Fix the last line: to its end, remove "eighty", type 80. One key per frame, as a person types:
  // the lab reads the keyboard once a frame.
  await clickWidget(page, 'yaml.text');
  await press(page, 'Control+End');
  await press(page, 'ArrowUp');
  await press(page, 'End');
  for (let i = 0; i < 'eighty'.length; i++) await press(page, 'Backspace');
  await page.keyboard.type('80');
  await frames(page, 2);
  await clickWidget(page, 'yaml.apply');
  await frames(page, 3);
  current = await state(page);
  assert.deepEqual(current.keeping.yaml.errors, []);
  assert.equal(current.keeping.yaml.applied, 'pod/web created\n');
  assert.deepEqual(podsOf(current).map((p) => p.split(' ')[0]), ['web']);
  await screenshot(page, 'keeping-10-yaml-applied');

  await clickWidget(page, 'yaml.export');
  await frames(page, 3);
  current = await state(page);
  assert.match(current.keeping.yaml.text, /^apiVersion: podlab\.dev\/v1\nkind: Cluster\n/);
  assert.match(current.keeping.yaml.text, /\n---\napiVersion: v1\nkind: Pod\nmetadata:\n(.*\n)*  name: web\n/);
  await screenshot(page, 'keeping-11-yaml-export');
  assert.deepEqual(messages, []);
  await context.close();
});
