// Windows closed while the timeline plays leave nothing stuck: the DNS view closed with its X and
// the packet inspector closed from the View menu during playback, then the menus still open, the
// console still takes the keys (not the timeline's shortcuts), a node dragged a little stays where
// it was put and Fit still frames the whole cluster. Screenshots go to build/screenshots/closing-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  servedLab, openLab, waitForReady, state, frames, clickWidget, screenshot, press,
} from './harness.mjs';

const lab = servedLab();

// The canvas's rectangle on the page, and every node's.
function canvasAndNodes(current) {
  const canvas = current.widgets.find((w) => w.id === 'topology.canvas').rect;
  const nodes = current.objects.filter((o) => o.kind === 'Node');
  return { canvas, nodes };
}

function inside([x, y, w, h], [cx, cy, cw, ch]) {
  return x >= cx - 1 && y >= cy - 1 && x + w <= cx + cw + 1 && y + h <= cy + ch + 1;
}

test('closing the DNS view and the inspector during playback leaves the menus, the console and Fit working', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  for (const line of ['kubectl run client --image=busybox', 'kubectl run web --image=nginx', 'kubectl expose pod web --port 80'])
    assert.equal((await run(line)).ok, true, line);
  await frames(page, 2);

  // A lookup typed in the console: the DNS view opens and the timeline plays its packets.
  await clickWidget(page, 'console.input');
  await page.keyboard.type('kubectl exec client -- curl -s web');
  await press(page, 'Enter');
  let current = await state(page);
  assert.equal(current.dns.visible, true);
  assert.equal(current.timeline.playing, true);
  await screenshot(page, 'closing-01-playing-with-dns');

  // The DNS view's close button (its title bar's right end), pressed and released as a person does.
  const dns = current.widgets.find((w) => w.id === 'dns.window').rect;
  await page.mouse.move(dns[0] + dns[2] - 14, dns[1] + 11);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 3);
  current = await state(page);
  assert.equal(current.dns.visible, false, 'the DNS view closed');
  assert.equal(current.timeline.playing, true, 'the timeline still plays');

  // The inspector closed from the View menu, still during playback.
  await clickWidget(page, 'menu.view');
  await clickWidget(page, 'menu.view.inspector');
  current = await state(page);
  assert.equal(current.windows.inspector, false);

  // The menus open.
  await clickWidget(page, 'menu.file');
  current = await state(page);
  assert.ok(current.widgets.some((w) => w.id === 'menu.file.save'), 'File opens its menu');
  await press(page, 'Escape');
  await frames(page, 2);

  // The console takes the keys: Space and the arrows type, they do not drive the timeline.
  const before = (await state(page)).timeline;
  await clickWidget(page, 'console.input');
  await page.keyboard.type('kubectl get pods');
  await press(page, 'Space');
  await press(page, 'ArrowLeft');
  current = await state(page);
  assert.equal(current.keyboard.textInput, true, 'the console has the keyboard');
  assert.equal(current.console.input, 'kubectl get pods ');
  assert.ok(current.timeline.cursor >= before.cursor, 'ArrowLeft in the console does not step the timeline back');
  await screenshot(page, 'closing-02-console-typing');

  // A node dragged a little on the canvas stays where it was put, and moves by that much only.
  const { nodes } = canvasAndNodes(current);
  const node = nodes[0];
  const [nx, ny, nw] = node.screen;
  await page.mouse.move(nx + nw / 2, ny + 8);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.move(nx + nw / 2 + 40, ny + 8 + 20, { steps: 4 });
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 2);
  // Mouse moves with no button held move nothing.
  await page.mouse.move(nx + nw / 2 + 400, ny + 300, { steps: 6 });
  await frames(page, 2);
  current = await state(page);
  const moved = current.objects.find((o) => o.kind === 'Node' && o.name === node.name);
  assert.ok(Math.abs(moved.rect[0] - node.rect[0]) < 200 && Math.abs(moved.rect[1] - node.rect[1]) < 200,
    `the node moved by the drag only (${node.rect} → ${moved.rect})`);

  // View > Fit frames the whole cluster.
  await clickWidget(page, 'menu.lab');
  await clickWidget(page, 'menu.lab.fit');
  await frames(page, 2);
  current = await state(page);
  const fitted = canvasAndNodes(current);
  for (const each of fitted.nodes) assert.ok(inside(each.screen, fitted.canvas), `${each.name} is on the canvas after Fit (${each.screen})`);
  await screenshot(page, 'closing-03-fit');
  assert.deepEqual(messages, []);
  await page.close();
});
