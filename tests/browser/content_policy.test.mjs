// The page's Content-Security-Policy (web/shell/index.html) holds while a learner uses every part of
// the lab: the menus, a form, the console, Send traffic, the timeline, the packet and object
// inspectors, the DNS view, the YAML panel, a lesson, an exercise submitted with its printable report
// (a page of its own, with its own policy), a share link, and saving and opening a lab file. Every
// `securitypolicyviolation` event and every "Content Security Policy" console report, in any page
// the lab opens, fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedLab, waitForReady, state, frames, clickWidget, clickItem, clickRect, waitForWidget, press,
} from './harness.mjs';

const lab = servedLab();

// Clicks a lessons-panel widget, scrolling the panel until it is in view.
async function clickInLessons(page, id) {
  await waitForWidget(page, id);
  for (let attempt = 0; attempt < 30; ++attempt) {
    const current = await state(page);
    const widget = current.widgets.find((w) => w.id === id);
    const panel = current.widgets.find((w) => w.id === 'lessons.window');
    const [, top, , height] = panel.rect;
    const middle = widget.rect[1] + widget.rect[3] / 2;
    if (middle > top + 30 && middle < top + height - 8) return clickRect(page, widget.rect);
    await page.mouse.move(panel.rect[0] + panel.rect[2] / 2, top + height / 2);
    await page.mouse.wheel(0, middle < top + 30 ? -100 : 100);
    await frames(page, 2);
  }
  throw new Error(`${id} stayed out of the lessons panel's view`);
}

async function typeLines(page, lines) {
  await clickWidget(page, 'console.input');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await frames(page, 3);
  }
}

async function clickMenu(page, menu, item) {
  await clickWidget(page, menu);
  await clickWidget(page, item);
}

async function clickObject(page, kind, name) {
  const current = await state(page);
  const object = current.objects.find((o) => o.kind === kind && o.name === name);
  const canvas = current.widgets.find((w) => w.id === 'topology.canvas').rect;
  const { zoom, offset } = current.view;
  const [x, y, w, h] = object.rect;
  await clickRect(page, [canvas[0] + offset[0] + (x + w / 2) * zoom - 1, canvas[1] + offset[1] + (y + h / 2) * zoom - 1, 2, 2]);
}

// A returning learner's page in a context of its own, with every CSP violation of every page it opens
// collected in `violations`.
async function watchedPage() {
  const context = await lab.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });
  const violations = [];
  await context.addInitScript(() => {
    window.localStorage.setItem('podlab.welcome', 'dismissed');  // a returning learner: no welcome card
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const watch = (page) => page.on('console', (message) => {
    if (/CSP violation|Content Security Policy/.test(message.text())) violations.push(`${page.url().slice(0, 60)}: ${message.text()}`);
  });
  context.on('page', watch);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(lab.server.url);
  await waitForReady(page);
  return { context, page, violations };
}

test('no part of the lab breaks the content security policy', async () => {
  const { context, page, violations } = await watchedPage();
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(policy, /object-src 'none'; base-uri 'none'/);

  // Menus, the About box, the language.
  await clickMenu(page, 'menu.help', 'menu.help.about');
  await clickWidget(page, 'about.close');
  await clickMenu(page, 'menu.language', 'menu.language.vi');
  await clickMenu(page, 'menu.language', 'menu.language.en');
  await clickMenu(page, 'menu.lab', 'menu.lab.fit');
  // A form: Add > Pod.
  await clickWidget(page, 'toolbar.add');
  await clickWidget(page, 'toolbar.add.pod');
  for (const [id, text, index] of [['form.name', 'web'], ['form.image', 'nginx', 0]]) {
    const found = await page.waitForFunction(([wanted, row]) => window.podlab.state().widgets
      .find((w) => w.id === wanted && (row === null || w.index === row)) || null, [id, index ?? null], { timeout: 10000 });
    await clickRect(page, (await found.jsonValue()).rect);
    await press(page, 'Control+A');
    await press(page, 'Backspace');
    await page.keyboard.type(text);
    await frames(page, 3);
  }
  await page.waitForFunction(() => window.podlab.state().build?.valid === true, null, { timeout: 10000 });
  await clickWidget(page, 'form.create');
  await frames(page, 3);
  assert.equal((await state(page)).console.last.ok, true, 'the form created the pod');
  await typeLines(page, ['kubectl expose pod web --port 80', 'kubectl run client --image=busybox']);
  // Send traffic, the timeline, the packet inspector.
  await clickWidget(page, 'send.from');
  await clickItem(page, 'send.from.item', 'client');
  await clickWidget(page, 'send.to');
  await clickItem(page, 'send.to.item', 'web');
  await clickWidget(page, 'send.ping');
  await clickWidget(page, 'send.button');
  await frames(page, 3);
  await clickWidget(page, 'timeline.play');
  await frames(page, 20);
  await clickWidget(page, 'timeline.play');
  await clickMenu(page, 'menu.view', 'menu.view.inspector');
  await clickMenu(page, 'menu.view', 'menu.view.inspector');
  // The object inspector and the DNS view.
  await clickObject(page, 'Pod', 'client');
  await waitForWidget(page, 'object.section');
  await typeLines(page, ['kubectl exec client -- nslookup web']);
  await waitForWidget(page, 'dns.window');
  // The YAML panel: export, apply.
  await clickMenu(page, 'menu.view', 'menu.view.yaml');
  await clickWidget(page, 'yaml.export');
  await frames(page, 3);
  await clickWidget(page, 'yaml.apply');
  await frames(page, 3);
  // A share link, saving the lab and opening it again.
  await clickMenu(page, 'menu.file', 'menu.file.share');
  await waitForWidget(page, 'keeping.share.link');
  await clickWidget(page, 'keeping.share.close');
  const folder = await mkdtemp(join(tmpdir(), 'podlab-'));
  const downloading = page.waitForEvent('download');
  await clickMenu(page, 'menu.file', 'menu.file.save');
  const saved = join(folder, 'lab.podlab.json');
  await (await downloading).saveAs(saved);
  const choosing = page.waitForEvent('filechooser');
  await clickMenu(page, 'menu.file', 'menu.file.open');
  await (await choosing).setFiles(saved);
  await clickWidget(page, 'replace.confirm');  // the lab on screen has work in it: the lab asks first
  await page.waitForFunction(() => window.podlab.state().keeping.replay === null);
  await frames(page, 5);
  assert.deepEqual(violations, []);
  await context.close();
});

test('a lesson and a submitted exercise, with its printable report, keep the content security policy', async () => {
  const { context, page, violations } = await watchedPage();
  // A lesson, then an exercise submitted: its report downloads and opens as a page of its own.
  await clickMenu(page, 'menu.view', 'menu.view.lessons');
  await typeLines(page, ['lab lesson start 01-network-model']);
  await clickInLessons(page, 'lessons.hint');
  await typeLines(page, ['lab exercise start e1-missing-route']);
  const popup = context.waitForEvent('page');
  const report = page.waitForEvent('download');
  await clickInLessons(page, 'lessons.submit');
  await report;
  const printable = await popup;
  await printable.waitForLoadState();
  assert.equal(await printable.locator('h1').textContent(), 'Exercise report');
  assert.equal(await printable.evaluate(() => getComputedStyle(document.querySelector('table')).borderCollapse), 'collapse',
    'the report has its stylesheet');
  const reportPolicy = await printable.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(reportPolicy, /^default-src 'none'; style-src 'self'/);
  await frames(page, 5);
  assert.deepEqual(violations, []);
  await context.close();
});
