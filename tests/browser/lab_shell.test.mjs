// The page as a person first meets it: it loads, draws with WebGL2, shows the app's frame, switches
// language by clicking the menu, opens the about box, pans and zooms, and logs nothing to the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  serve, servedLab, openLab, waitForReady, state, frames, clickWidget, waitForWidget, screenshot, distinctColours,
} from './harness.mjs';

const lab = servedLab();

test('the lab starts: WebGL2, a drawn canvas, the menu bar, no console messages', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  await frames(page, 3);

  const webgl2 = await page.evaluate(() => {
    // A canvas that already has a WebGL2 context returns it again; one with WebGL1 returns null.
    const context = document.getElementById('canvas').getContext('webgl2');
    return context instanceof WebGL2RenderingContext;
  });
  assert.equal(webgl2, true, 'the canvas draws with WebGL2');
  assert.equal(await page.isVisible('#loading'), false, 'the loading screen is gone');
  assert.equal(await page.isVisible('#error'), false, 'no error is shown');

  const current = await state(page);
  assert.equal(current.language, 'en');
  // A new lab is the cluster kubeadm leaves: three nodes, each with its podCIDR.
  const nodes = current.objects.filter((o) => o.kind === 'Node');
  assert.deepEqual(nodes.map((n) => [n.name, n.internalIP, n.podCIDR]), [
    ['node-1', '192.168.56.11', '10.244.0.0/24'],
    ['node-2', '192.168.56.12', '10.244.1.0/24'],
    ['node-3', '192.168.56.13', '10.244.2.0/24'],
  ]);
  assert.equal(current.selection, null);
  const labels = Object.fromEntries(current.widgets.map((w) => [w.id, w.label]));
  assert.equal(labels['menu.lab'], 'Lab');
  assert.equal(labels['menu.language'], 'Language');
  assert.equal(labels['menu.help'], 'Help');

  const canvasSize = await page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    return [canvas.width, canvas.height];
  });
  assert.deepEqual(canvasSize, [1280, 800], 'the canvas fills the window');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  assert.ok(await distinctColours(page) > 20, 'the canvas is not blank');
  await screenshot(page, 'first-screen');

  const timing = (await page.evaluate(() => window.podlab.timings.firstFrameMs));
  console.log(`first frame ${timing.toFixed(0)} ms after navigation`);
  await page.close();
});

test('the language switch changes every visible string, by clicking the menu', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const before = await state(page);

  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  const after = await state(page);
  assert.equal(after.language, 'vi');
  const labelOf = (s, id) => s.widgets.find((w) => w.id === id)?.label;
  assert.equal(labelOf(after, 'menu.language'), 'Ngôn ngữ');
  assert.equal(labelOf(after, 'menu.help'), 'Trợ giúp');
  for (const widget of before.widgets) {
    // A side window's record is labelled with the window's id, not with text on screen.
    if (!widget.label || widget.id === 'window' || !after.widgets.some((w) => w.id === widget.id)) continue;
    assert.notEqual(labelOf(after, widget.id), widget.label, `"${widget.label}" is translated`);
  }

  // The about box, in Vietnamese; the full sentence of the seed notes renders with its diacritics.
  await clickWidget(page, 'menu.help');
  await clickWidget(page, 'menu.help.about');
  assert.equal((await state(page)).windows.about, true);
  await waitForWidget(page, 'about.close');
  await screenshot(page, 'about-vietnamese');
  await page.setViewportSize({ width: 640, height: 400 });
  await frames(page, 3);
  await screenshot(page, 'about-vietnamese-small');
  await clickWidget(page, 'about.close');
  assert.equal((await state(page)).windows.about, false);

  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.en');
  assert.equal((await state(page)).language, 'en');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('Vietnamese renders with every diacritic at 3x zoom', async () => {
  const page = await lab.browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 3 });
  await page.goto(lab.server.url);
  await waitForReady(page);
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await clickWidget(page, 'menu.help');
  await clickWidget(page, 'menu.help.about');
  const close = await waitForWidget(page, 'about.close');
  assert.equal(close.label, 'Đóng');
  // The about text ends with the seed notes' sentence "Tất cả các pod có thể giao tiếp với nhau…".
  await frames(page, 2);
  const [x, y] = close.rect;
  await screenshot(page, 'about-vietnamese-3x', { x: x - 4, y: y - 300, width: 380, height: 120 });
  assert.ok(await distinctColours(page) > 50, 'text is drawn with antialiasing at 3x');
  await page.close();
});

test('the canvas follows the window, pans with a drag and zooms with the wheel', async () => {
  const { page } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  await page.setViewportSize({ width: 900, height: 600 });
  await frames(page, 3);
  const resized = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(resized, [900, 600]);

  const start = await state(page);
  const canvas = start.widgets.find((w) => w.id === 'topology.canvas');
  // On the background, right of the fitted cluster: a drag there pans (a drag on a node moves it).
  const [x, y, w, h] = canvas.rect;
  await page.mouse.move(x + w - 8, y + h / 2);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.move(x + w - 8 - 120, y + h / 2 + 50, { steps: 4 });
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 2);
  const panned = await state(page);
  assert.ok(Math.abs(panned.view.offset[0] - start.view.offset[0] + 120) < 2, 'panned left by 120 px');
  assert.ok(Math.abs(panned.view.offset[1] - start.view.offset[1] - 50) < 2, 'panned down by 50 px');

  await page.mouse.wheel(0, -300);
  await frames(page, 3);
  const zoomed = await state(page);
  assert.ok(zoomed.view.zoom > panned.view.zoom * 1.05, `zoomed in (zoom ${panned.view.zoom} -> ${zoomed.view.zoom})`);
  await page.close();
});

test('console lines run through the API and what they build appears on the canvas', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  assert.equal((await run('kubectl run web --image=nginx')).output, 'pod/web created\n');
  assert.equal((await run('kubectl run client --image=busybox')).ok, true);
  await frames(page, 2);
  // kubeadm's CoreDNS pods run on node-1 and node-2 (10.244.0.2, 10.244.1.2), so web goes to node-3.
  const pods = (await state(page)).objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default');
  assert.deepEqual(pods.map((p) => [p.name, p.node, p.podIP]), [['client', 'node-2', '10.244.1.3'], ['web', 'node-3', '10.244.2.2']]);
  const ping = await run('kubectl exec client -- ping -c 1 10.244.2.2');
  assert.equal(ping.ok, true);
  assert.match(ping.output, /64 bytes from 10\.244\.2\.2: icmp_seq=1 ttl=62/);
  assert.equal(ping.trace.delivered, true);
  assert.ok(ping.trace.hops.some((h) => h.encap && h.encap.type === 'vxlan' && h.encap.udp_dst_port === 8472));
  const wrong = await run('kubectl get pdos');
  assert.equal(wrong.ok, false);
  assert.match(wrong.output, /doesn't have a resource type "pdos"/);
  await page.mouse.move(5, 5);
  await frames(page, 2);
  await screenshot(page, 'two-pods');
  assert.deepEqual(messages, []);
  await page.close();
});

test('a person types commands in the console and the canvas follows', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  await clickWidget(page, 'console.input');
  for (const line of ['kubectl create deployment web --image=nginx --replicas=3', 'kubectl get pods -o wide']) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await frames(page, 3);
  }
  const current = await state(page);
  assert.equal(current.console.entries, 2);
  assert.equal(current.console.last.command, 'kubectl get pods -o wide');
  assert.match(current.console.last.output, /^NAME\s+READY\s+STATUS/);
  // The Deployment's three, beside kubeadm's two CoreDNS pods in kube-system.
  assert.equal(current.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default').length, 3);
  // Up recalls the last line; a wrong line shows kubectl's error and changes nothing.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  assert.equal((await state(page)).console.last.command, 'kubectl get pods -o wide');
  await page.keyboard.type('kubectl delete pod nothing-here');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  const after = await state(page);
  assert.equal(after.console.last.ok, false);
  assert.match(after.console.last.output, /pods "nothing-here" not found/);
  assert.equal(after.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default').length, 3);
  await screenshot(page, 'console');
  assert.deepEqual(messages, []);
  await page.close();
});

test('a missing WebAssembly file shows a readable error, not a blank page', async () => {
  const broken = await serve(undefined, { missing: ['podlab.wasm'] });
  const { page } = await openLab(lab.browser, broken.url);
  await page.waitForSelector('#error', { state: 'visible' });
  const text = await page.textContent('#error-text');
  assert.match(text, /podlab\.wasm.*404/);
  await screenshot(page, 'error-missing-wasm');
  const rejected = await page.evaluate(() => window.podlab.ready.then(() => false, () => true));
  assert.equal(rejected, true, 'podlab.ready rejects');
  await page.close();
  await broken.close();
});

test('a browser without WebGL2 gets a readable error', async () => {
  const page = await lab.browser.newPage();
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  });
  await page.goto(lab.server.url);
  await page.waitForSelector('#error', { state: 'visible' });
  assert.match(await page.textContent('#error-text'), /WebGL2/);
  await page.close();
});
