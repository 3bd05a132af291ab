// Watching traffic as a learner does: two pods on different nodes, a ping sent with the "Send
// traffic" form (by clicks), the timeline stepped hop by hop with the keyboard, the inspector read at
// every hop (the VXLAN outer headers while the packet crosses the node network), a row of the event
// list clicked, play and pause with Space, and the whole thing again in Vietnamese. Screenshots of
// every state go to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  servedLab, openLab, waitForReady, state, frames, clickRect, clickWidget, waitForWidget, screenshot, press, clickItem,
} from './harness.mjs';

const lab = servedLab();

const pod = (name, node, image) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: ${image}
`;

const layer = (inspector, name, outer) => inspector.layers.find((l) => l.name === name && l.outer === outer);
const field = (l, label) => l.fields.find((f) => f.label === label);

test('a ping from node-1 to node-2, sent by the form and stepped hop by hop with the keyboard', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  const created = await run(`kubectl apply -f -\n${pod('client', 'node-1', 'busybox')}---\n${pod('web', 'node-2', 'nginx')}`);
  assert.equal(created.ok, true, created.output);
  await frames(page, 2);
  const pods = Object.fromEntries((await state(page)).objects.filter((o) => o.kind === 'Pod').map((p) => [p.name, p]));
  assert.equal(pods.client.node, 'node-1');
  assert.equal(pods.web.node, 'node-2');
  const start = await state(page);
  assert.equal(start.timeline.events.length, 0);
  assert.equal(start.inspector, null);
  await screenshot(page, 'traffic-00-two-pods');

  // The form, by clicks: from client, to web, ping.
  await clickWidget(page, 'send.from');
  await clickItem(page, 'send.from.item', 'client');
  await clickWidget(page, 'send.to');
  await screenshot(page, 'traffic-01-choose-target');
  await clickItem(page, 'send.to.item', 'web');
  await clickWidget(page, 'send.ping');
  const expected = `kubectl exec client -- ping -c 1 ${pods.web.podIP}`;
  assert.equal((await state(page)).sendTraffic.command, expected);
  await clickWidget(page, 'send.button');

  // The line ran through the console, and the timeline plays from the first hop.
  let current = await state(page);
  assert.equal(current.console.last.command, expected, 'the form ran its line in the console');
  assert.equal(current.console.last.ok, true);
  assert.match(current.console.last.output, /1 packets transmitted, 1 received/);
  const events = current.timeline.events;
  assert.ok(events.length > 30, `a cross-node ping and its reply have many hops (${events.length})`);
  assert.equal(events[0].action, 'send');
  assert.equal(events[0].where, 'client');
  assert.ok(events.some((e) => e.direction === 'return'), 'the reply is on the timeline');
  assert.equal(current.timeline.playing, true, 'new traffic plays');
  await frames(page, 20);
  const canvasWidget = current.widgets.find((w) => w.id === 'topology.canvas');
  const canvasCorner = { x: canvasWidget.rect[0] + 30, y: canvasWidget.rect[1] + 30 };
  await page.mouse.move(canvasCorner.x, canvasCorner.y);
  await frames(page, 2);
  await screenshot(page, 'traffic-02-playing');
  current = await state(page);
  assert.ok(current.timeline.cursor > 0, 'playing moves the cursor');
  assert.ok(current.timeline.packet, 'the packet is drawn on the canvas');

  // Pause by clicking, then the keyboard: Home, and Right through every hop.
  await clickWidget(page, 'timeline.play');
  assert.equal((await state(page)).timeline.playing, false);
  await page.mouse.move(canvasCorner.x, canvasCorner.y);  // no tooltip over the screenshots
  await press(page, 'Home');
  assert.equal((await state(page)).timeline.cursor, 0);

  const canvas = (await state(page)).widgets.find((w) => w.id === 'topology.canvas');
  let encapsulatedHops = 0;
  let sawDecapsulation = false;
  for (let i = 0; i < events.length; i++) {
    current = await state(page);
    assert.equal(current.timeline.cursor, i, `Right moved to hop ${i + 1}`);
    const event = current.timeline.events[i];
    const inspector = current.inspector;
    assert.equal(inspector.event, i, 'the inspector follows the cursor');
    assert.ok(inspector.title.startsWith(`${i + 1}. ${event.node}`), inspector.title);
    const [cx, cy, cw, ch] = canvas.rect;
    const [px, py] = current.timeline.packet.screen;
    assert.ok(px >= cx && px <= cx + cw && py >= cy && py <= cy + ch, `the packet of hop ${i + 1} is on the canvas`);
    if (event.encapsulated) {
      encapsulatedHops++;
      const vxlan = layer(inspector, 'VXLAN', true);
      const outerIp = layer(inspector, 'IPv4', true);
      const udp = layer(inspector, 'UDP', true);
      assert.ok(vxlan && outerIp && udp, `hop ${i + 1} (${event.action} at ${event.node} ${event.where}) shows the outer headers`);
      assert.equal(field(vxlan, 'VNI').value, '1');
      assert.equal(field(udp, 'destination port').value, '8472');
      const nodes = [field(outerIp, 'source').value, field(outerIp, 'destination').value].sort();
      assert.deepEqual(nodes, ['192.168.56.11', '192.168.56.12']);
      assert.ok(layer(inspector, 'IPv4', false), 'and the pod\'s own packet inside');
      if (event.action === 'encapsulate') assert.ok(vxlan.added && outerIp.added, 'added at the encapsulation');
    } else if (inspector.layers.length) {
      assert.equal(layer(inspector, 'VXLAN', true), undefined, `hop ${i + 1} is not in a tunnel`);
    }
    if (event.action === 'decapsulate') {
      sawDecapsulation = true;
      assert.ok(inspector.removed.includes('VXLAN'), 'decapsulation takes the VXLAN header away');
    }
    await screenshot(page, `traffic-hop-${String(i + 1).padStart(2, '0')}-${event.node}-${event.action}`);
    await press(page, 'ArrowRight');
  }
  assert.ok(encapsulatedHops >= 8, `both ways cross the node network in VXLAN (${encapsulatedHops} hops)`);
  assert.ok(sawDecapsulation);
  current = await state(page);
  assert.equal(current.timeline.cursor, events.length - 1, 'Right stops at the last hop');
  await press(page, 'ArrowLeft');
  assert.equal((await state(page)).timeline.cursor, events.length - 2);

  // A row of the list, clicked: the first encapsulated hop, scrolled into view with the mouse wheel.
  const target = events.findIndex((e) => e.action === 'encapsulate');
  await press(page, 'Home');
  const list = (await state(page)).widgets.find((w) => w.id === 'timeline.list');
  await page.mouse.move(list.rect[0] + list.rect[2] / 2, list.rect[1] + list.rect[3] / 2);
  const rowOf = async () => (await state(page)).widgets.find((w) => w.id === 'timeline.event' && w.index === target);
  let row = await rowOf();
  // The column names sit above the list, which scrolls under them: a row is seen when it lies whole in the list.
  const inList = (r) => r && r.rect[1] >= list.rect[1] && r.rect[1] + r.rect[3] <= list.rect[1] + list.rect[3];
  for (let tries = 0; tries < 30 && !inList(row); tries++) {
    await page.mouse.wheel(0, 40);
    await frames(page, 2);
    row = await rowOf();
  }
  assert.ok(inList(row), 'the row scrolled into view');
  await clickRect(page, row.rect);
  current = await state(page);
  assert.equal(current.timeline.cursor, target, 'clicking a row jumps there');
  assert.equal(layer(current.inspector, 'VXLAN', true).added, true);
  await screenshot(page, 'traffic-03-clicked-encapsulation');

  // Space plays and pauses.
  await press(page, 'Space');
  assert.equal((await state(page)).timeline.playing, true);
  await frames(page, 6);
  await screenshot(page, 'traffic-04-moving-in-tunnel');
  await press(page, 'Space');
  assert.equal((await state(page)).timeline.playing, false);

  // Typing in the console does not move the timeline.
  const before = (await state(page)).timeline.cursor;
  await clickWidget(page, 'console.input');
  await page.keyboard.type('kubectl get pods');
  await press(page, 'ArrowLeft');
  await press(page, 'ArrowRight');
  await press(page, 'Space');
  assert.equal((await state(page)).keyboard.textInput, true);
  assert.equal((await state(page)).timeline.cursor, before, 'keys typed into the console stay there');
  assert.equal((await state(page)).timeline.playing, false);
  await press(page, 'Enter');
  assert.equal((await state(page)).console.last.command, 'kubectl get pods ');

  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('the same in Vietnamese, and the View menu hides and shows the panels', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  await run(`kubectl apply -f -\n${pod('client', 'node-1', 'busybox')}---\n${pod('web', 'node-2', 'nginx')}`);
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await clickWidget(page, 'send.curl');
  await clickWidget(page, 'send.button');
  let current = await state(page);
  assert.match(current.console.last.command, /^kubectl exec client -- curl -s http:\/\/10\.244\.1\.\d+\/$/);
  await clickWidget(page, 'timeline.play');  // pause
  await page.mouse.move(30, 300);
  const encapsulate = current.timeline.events.findIndex((e) => e.action === 'encapsulate');
  await press(page, 'Home');
  for (let i = 0; i < encapsulate; i++) await press(page, 'ArrowRight');
  current = await state(page);
  assert.equal(current.timeline.cursor, encapsulate);
  const outerIp = layer(current.inspector, 'IPv4', true);
  assert.ok(field(outerIp, 'nguồn'), 'field names are Vietnamese');
  assert.ok(field(outerIp, 'đích'));
  const labels = Object.fromEntries(current.widgets.map((w) => [w.id, w.label]));
  assert.equal(labels['send.button'], 'Gửi');
  assert.equal(labels['timeline.play'], 'Phát');
  await screenshot(page, 'traffic-vi-encapsulation');

  // Forwarding at node-2: the TTL changed field, highlighted in Vietnamese.
  const forward = current.timeline.events.findIndex((e, i) => i > encapsulate && e.action === 'forward');
  await press(page, 'End');
  await press(page, 'Home');
  for (let i = 0; i < forward; i++) await press(page, 'ArrowRight');
  current = await state(page);
  const ttl = field(layer(current.inspector, 'IPv4', false), 'TTL');
  assert.equal(ttl.changed, true);
  assert.equal(ttl.before, '63');
  assert.equal(ttl.value, '62');
  await screenshot(page, 'traffic-vi-ttl-changed');

  await clickWidget(page, 'menu.view');
  await screenshot(page, 'traffic-vi-view-menu');
  await clickWidget(page, 'menu.view.inspector');
  current = await state(page);
  assert.equal(current.windows.inspector, false);
  assert.equal(current.inspector, null);
  await screenshot(page, 'traffic-vi-no-inspector');
  await clickWidget(page, 'menu.view');
  await clickWidget(page, 'menu.view.inspector');
  assert.equal((await state(page)).windows.inspector, true);
  await page.setViewportSize({ width: 900, height: 600 });
  await frames(page, 4);
  await screenshot(page, 'traffic-vi-small-window');
  assert.deepEqual(messages, []);
  await page.close();
});

test('the external host and the Services under the nodes, a NodePort curl from outside, kube-system collapsed', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  assert.equal((await run('kubectl run web --image=nginx')).ok, true);
  const exposed = await run('kubectl expose pod web --port=80 --type=NodePort');
  assert.equal(exposed.ok, true, exposed.output);
  await clickWidget(page, 'menu.lab');
  await clickWidget(page, 'menu.lab.fit');
  let objects = (await state(page)).objects;
  const services = Object.fromEntries(objects.filter((o) => o.kind === 'Service').map((s) => [s.name, s]));
  assert.equal(services.web.type, 'NodePort');
  assert.equal(services.web.endpointLinks, 1);
  assert.ok(services.web.ports[0].nodePort >= 30000);
  assert.equal(services['kube-dns'].namespace, 'kube-system');
  assert.equal(services['kube-dns'].clusterIP, '10.96.0.10');
  assert.equal(services['kube-dns'].endpointLinks, 2);
  assert.equal(services.kubernetes.namespace, 'default');
  const external = objects.find((o) => o.kind === 'ExternalHost');
  assert.equal(external.name, 'external');
  const nodes = objects.filter((o) => o.kind === 'Node');
  const nodesBottom = Math.max(...nodes.map((n) => n.rect[1] + n.rect[3]));
  for (const service of Object.values(services)) assert.ok(service.rect[1] > nodesBottom, 'Services sit under the nodes');
  assert.ok(external.rect[1] > nodesBottom, 'the external host hangs under the node network, beside the Services');
  for (const service of Object.values(services)) {
    assert.ok(external.rect[0] + external.rect[2] <= service.rect[0] || service.rect[0] + service.rect[2] <= external.rect[0] ||
              external.rect[1] + external.rect[3] <= service.rect[1], `the external host and ${service.name} do not overlap`);
  }
  await screenshot(page, 'services-00-external-host-and-services');

  // A NodePort curl from outside: the first hop is on the external host's box.
  const node1 = nodes.find((n) => n.name === 'node-1');  // web runs on node-3: forwarded across
  const curl = await run(`lab external -- curl -s ${node1.internalIP}:${services.web.ports[0].nodePort}`);
  assert.equal(curl.ok, true, curl.output);
  await frames(page, 2);
  await clickWidget(page, 'timeline.play');  // pause
  await page.mouse.move(30, 300);
  await press(page, 'Home');
  const current = await state(page);
  assert.equal(current.timeline.events[0].place, 'external');
  await screenshot(page, 'services-01-nodeport-from-outside');

  // kube-system collapsed from the legend: the CoreDNS boxes go, a marker stays in their nodes.
  await clickWidget(page, 'legend.kube-system');
  objects = (await state(page)).objects;
  assert.equal(objects.filter((o) => o.kind === 'Pod' && o.namespace === 'kube-system').length, 0);
  const markers = objects.filter((o) => o.kind === 'CollapsedPods');
  assert.equal(markers.reduce((sum, m) => sum + m.count, 0), 2);
  await screenshot(page, 'services-02-kube-system-collapsed');
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await screenshot(page, 'services-03-vietnamese');
  await clickWidget(page, 'menu.view');
  await clickWidget(page, 'menu.view.collapse-kube-system');
  objects = (await state(page)).objects;
  assert.equal(objects.filter((o) => o.kind === 'Pod' && o.namespace === 'kube-system').length, 2);
  assert.deepEqual(messages, []);
  await page.close();
});
