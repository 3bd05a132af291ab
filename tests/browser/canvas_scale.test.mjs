// The topology canvas at the sizes learners meet, checked as a person looks at it: the default
// three nodes fill the canvas with text at a readable size and refit when the window changes; a
// cluster of 20 nodes and 500 pods shows every node with the pods grouped by their Deployment
// ("web ×25"), every title still readable, and a group opens on a click; a node dragged by the mouse
// keeps its place. Screenshots go to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedLab, openLab, waitForReady, state, frames, clickRect, waitForWidget, screenshot } from './harness.mjs';

const minTextPixels = 11;

const lab = servedLab();

// Is [x, y, w, h] wholly inside the canvas's rectangle (within half a pixel)?
const within = ([x, y, w, h], [cx, cy, cw, ch]) => x >= cx - 0.5 && y >= cy - 0.5 && x + w <= cx + cw + 0.5 && y + h <= cy + ch + 0.5;

async function canvasRect(page) {
  return (await waitForWidget(page, 'topology.canvas')).rect;
}

test('three nodes fill the canvas at a readable size, and the view refits when the window changes', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const pod = (name, node) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: ${node}\n  containers:\n  - name: main\n    image: busybox\n`;
  const created = await page.evaluate((m) => window.podlab.command(`kubectl apply -f -\n${m}`), `${pod('client', 'node-1')}---\n${pod('web', 'node-2')}`);
  assert.equal(created.ok, true, created.output);
  await frames(page, 3);
  let current = await state(page);
  let canvas = await canvasRect(page);
  const nodes = current.objects.filter((o) => o.kind === 'Node');
  assert.equal(nodes.length, 3);
  assert.ok(current.view.zoom >= 0.8, `fitted at ${Math.round(current.view.zoom * 100)}%`);
  for (const object of current.objects.filter((o) => o.screen)) {
    assert.ok(within(object.screen, canvas), `${object.kind} ${object.name} is inside the canvas`);
    assert.ok(object.labelPx >= minTextPixels, `${object.kind} ${object.name}'s title is ${object.labelPx} px`);
  }
  await screenshot(page, 'canvas-3-nodes');

  // A narrower window: the view refits, everything still inside.
  await page.setViewportSize({ width: 1000, height: 700 });
  await frames(page, 3);
  current = await state(page);
  canvas = await canvasRect(page);
  assert.equal(current.view.followsFit, true);
  for (const node of current.objects.filter((o) => o.kind === 'Node')) assert.ok(within(node.screen, canvas), `${node.name} inside after resize`);
  await screenshot(page, 'canvas-3-nodes-narrow');
  assert.deepEqual(messages, []);
  await page.close();
});

test('20 nodes and 500 pods: every node drawn, pods grouped with their counts, a group opens on a click', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  for (const line of ['lab cluster init --nodes 20', 'kubectl create deployment web --image=nginx --replicas=500']) {
    const result = await page.evaluate((l) => window.podlab.command(l), line);
    assert.equal(result.ok, true, `${line}: ${result.output}`);
  }
  await frames(page, 3);
  let current = await state(page);
  const canvas = await canvasRect(page);
  const nodes = current.objects.filter((o) => o.kind === 'Node');
  assert.equal(nodes.length, 20);
  for (const node of nodes) {
    assert.ok(within(node.screen, canvas), `${node.name} is inside the canvas: ${node.screen} in ${canvas}`);
    assert.ok(node.labelPx >= minTextPixels, `${node.name}'s title is ${node.labelPx} px`);
  }
  const groups = current.objects.filter((o) => o.kind === 'PodGroup');
  assert.equal(groups.reduce((sum, g) => sum + g.count, 0), 500, 'the groups hold all 500 pods');
  // node-1, the control plane, is tainted: the Deployment's pods run on the 19 workers.
  assert.equal(new Set(groups.map((g) => g.node)).size, 19, 'a group on every worker node');
  for (const group of groups) {
    assert.equal(group.owner, 'web');
    assert.equal(group.ownerKind, 'Deployment');
    assert.equal(group.expanded, false);
    assert.ok(group.labelPx >= minTextPixels, `${group.key}'s title is ${group.labelPx} px`);
  }
  // Nothing of the web Deployment is drawn pod by pod: the canvas draws tens of boxes, not hundreds.
  assert.equal(current.objects.filter((o) => o.kind === 'Pod' && o.namespace === 'default').length, 0);
  await screenshot(page, 'canvas-20-nodes');

  // A click on node-7's group opens it: its pods are drawn one by one.
  const target = groups.find((g) => g.node === 'node-7');
  const zoomBefore = current.view.zoom;
  await clickRect(page, target.screen);
  current = await state(page);
  assert.equal(current.view.zoom, zoomBefore, 'the view stays where the learner clicked');
  const opened = current.objects.find((o) => o.kind === 'PodGroup' && o.key === target.key);
  assert.equal(opened.expanded, true);
  const shown = current.objects.filter((o) => o.kind === 'Pod' && o.node === 'node-7' && o.namespace === 'default');
  assert.equal(shown.length, target.count);
  assert.ok(current.objects.filter((o) => o.kind === 'PodGroup' && o.expanded).length === 1, 'the other groups stay closed');
  await screenshot(page, 'canvas-20-nodes-group-open');

  // A click on the open group's header closes it again.
  await clickRect(page, opened.screen);
  current = await state(page);
  assert.equal(current.objects.find((o) => o.kind === 'PodGroup' && o.key === target.key).expanded, false);
  assert.deepEqual(messages, []);
  await page.close();
});

test('a node dragged with the mouse keeps its place when the lab changes', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  await frames(page, 2);
  const before = (await state(page)).objects.find((o) => o.kind === 'Node' && o.name === 'node-2');
  const [x, y, w] = before.screen;
  await page.mouse.move(x + w / 2, y + 10);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.move(x + w / 2 + 30, y + 90, { steps: 5 });
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 2);
  let current = await state(page);
  let moved = current.objects.find((o) => o.kind === 'Node' && o.name === 'node-2');
  assert.ok(Math.abs(moved.screen[0] - before.screen[0] - 30) < 2, `moved right: ${before.screen} -> ${moved.screen}`);
  assert.ok(Math.abs(moved.screen[1] - before.screen[1] - 80) < 2, `moved down: ${before.screen} -> ${moved.screen}`);
  assert.equal(current.view.followsFit, false);
  await screenshot(page, 'canvas-node-dragged');

  const result = await page.evaluate(() => window.podlab.command('kubectl run later --image=nginx'));
  assert.equal(result.ok, true, result.output);
  await frames(page, 2);
  current = await state(page);
  moved = current.objects.find((o) => o.kind === 'Node' && o.name === 'node-2');
  assert.ok(Math.abs(moved.screen[1] - before.screen[1] - 80) < 2, 'still where it was dropped');
  assert.deepEqual(messages, []);
  await page.close();
});
