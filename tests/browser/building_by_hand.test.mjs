// Building a lab by hand, as a person who has never seen Podlab would: only the mouse and the
// keyboard. A new two-node cluster from the toolbar; a pod on each node from the nodes' right-click
// menus (with a mistake typed and explained on the way); a ping across the nodes stepped hop by hop
// with the VXLAN outer header in the inspector; a Service for the web pod from its right-click menu;
// a curl by the Service's name from the other pod, with the DNS queries and the DNAT in the timeline
// and the inspector; the datapath switched and the canvas rebuilt. Every action shows its console
// line. Screenshots of each state go to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  servedLab, openLab, waitForReady, state, frames, clickRect, clickWidget, waitForWidget, screenshot, press, clickItem,
} from './harness.mjs';

const lab = servedLab();

// Clicks a text field (the index-th of its id) and replaces what it holds by typing.
async function typeInto(page, id, text, index = undefined) {
  const found = await page.waitForFunction(([wanted, row]) => window.podlab.state().widgets
    .find((w) => w.id === wanted && (row === null || w.index === row)) || null, [id, index ?? null], { timeout: 10000 });
  await clickRect(page, (await found.jsonValue()).rect);
  await press(page, 'Control+A');
  await press(page, 'Backspace');
  await page.keyboard.type(text);
  await frames(page, 3);
}

// Where an object of the canvas is on screen: its centre, or a point `dy` world units under its top.
async function objectPoint(page, kind, name, dy = undefined) {
  const current = await state(page);
  const object = current.objects.find((o) => o.kind === kind && o.name === name);
  assert.ok(object, `${kind} ${name} is on the canvas`);
  const canvas = current.widgets.find((w) => w.id === 'topology.canvas');
  const [x, y, w, h] = object.rect;
  const worldX = x + w / 2;
  const worldY = dy === undefined ? y + h / 2 : y + dy;
  return {
    x: canvas.rect[0] + current.view.offset[0] + worldX * current.view.zoom,
    y: canvas.rect[1] + current.view.offset[1] + worldY * current.view.zoom,
  };
}

async function rightClick(page, point) {
  await page.mouse.move(point.x, point.y);
  await frames(page, 1);
  await page.mouse.down({ button: 'right' });
  await frames(page, 1);
  await page.mouse.up({ button: 'right' });
  await frames(page, 2);
}

async function createForm(page) {
  // As a person waits for the button to be enabled.
  await page.waitForFunction(() => window.podlab.state().build?.valid === true, null, { timeout: 10000 });
  const before = (await state(page)).console.entries;
  await clickWidget(page, 'form.create');
  const after = await state(page);
  assert.equal(after.console.entries, before + 1, 'Create ran one console line');
  assert.equal(after.console.last.ok, true, after.console.last.output);
  assert.equal(after.build, null, 'the form closed');
  return after.console.last;
}

const layer = (inspector, name, outer) => inspector.layers.find((l) => l.name === name && l.outer === outer);
const field = (l, label) => l.fields.find((f) => f.label === label);

test('a two-node cluster, two pods and a Service built with the mouse; a curl by name through DNS, DNAT and the tunnel', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const corner = async () => {
    const canvas = (await state(page)).widgets.find((w) => w.id === 'topology.canvas');
    return { x: canvas.rect[0] + 20, y: canvas.rect[1] + canvas.rect[3] - 60 };
  };

  // [1] A new cluster from the toolbar: two nodes, flannel VXLAN.
  await clickWidget(page, 'toolbar.new-cluster');
  let current = await state(page);
  assert.equal(current.build.form, 'cluster');
  assert.equal(current.build.line,
    'lab cluster init --nodes 2 --datapath flannel-vxlan --pod-network-cidr 10.244.0.0/16 --service-cidr 10.96.0.0/12');
  await typeInto(page, 'form.pod-cidr', '10.244.0.0');
  current = await state(page);
  assert.equal(current.build.valid, false, 'a CIDR without its prefix length is refused as typed');
  assert.ok(current.build.problems.some((p) => p.field === 'pod-cidr' && /CIDR/.test(p.text)));
  assert.ok(current.widgets.some((w) => w.id === 'form.problem' && w.label === 'pod-cidr'), 'the problem is shown by the field');
  await screenshot(page, 'build-01-cluster-form-mistake');
  await typeInto(page, 'form.pod-cidr', '10.244.0.0/16');
  assert.equal((await state(page)).build.valid, true);
  await screenshot(page, 'build-02-cluster-form');
  let line = await createForm(page);
  assert.match(line.command, /^lab cluster init --nodes 2 /);
  current = await state(page);
  assert.deepEqual(current.objects.filter((o) => o.kind === 'Node').map((n) => n.name), ['node-1', 'node-2']);
  await clickWidget(page, 'menu.lab');
  await clickWidget(page, 'menu.lab.fit');
  await screenshot(page, 'build-03-two-nodes');

  // [2] A pod on node-1 from the node's right-click menu; a wrong name first, explained by the field.
  await rightClick(page, await objectPoint(page, 'Node', 'node-1', 30));
  await waitForWidget(page, 'context.add-pod-on-node');
  await screenshot(page, 'build-04-node-menu');
  await clickWidget(page, 'context.add-pod-on-node');
  current = await state(page);
  assert.equal(current.build.form, 'pod');
  await typeInto(page, 'form.name', 'Client_1');
  current = await state(page);
  assert.equal(current.build.valid, false);
  const nameProblem = current.build.problems.find((p) => p.field === 'name');
  assert.match(nameProblem.detail, /RFC 1123 subdomain/, 'the API server\'s own rule, next to the field');
  const create = current.widgets.find((w) => w.id === 'form.create');
  await clickRect(page, create.rect);
  assert.equal((await state(page)).build.form, 'pod', 'Create does nothing while the form is invalid');
  await screenshot(page, 'build-05-pod-form-invalid-name');
  await typeInto(page, 'form.name', 'client');
  await typeInto(page, 'form.image', 'busybox', 0);
  current = await state(page);
  assert.equal(current.build.valid, true, JSON.stringify(current.build.problems));
  assert.equal(current.build.line, 'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n'
    + 'spec:\n  nodeName: node-1\n  containers:\n  - name: client\n    image: busybox\nEOF',
  'pinned to the node it was asked on: a manifest, shown before it runs');
  await screenshot(page, 'build-06-pod-form-client');
  line = await createForm(page);
  assert.equal(line.output, 'pod/client created\n');

  // [3] A web pod on node-2 with a label and a port.
  await rightClick(page, await objectPoint(page, 'Node', 'node-2', 30));
  await clickWidget(page, 'context.add-pod-on-node');
  await typeInto(page, 'form.name', 'web');
  await typeInto(page, 'form.labels', 'app=web');
  await typeInto(page, 'form.port', '80', 0);
  current = await state(page);
  assert.match(current.build.line, /labels:\n {4}app: web\nspec:\n {2}nodeName: node-2\n/);
  await screenshot(page, 'build-07-pod-form-web');
  await createForm(page);
  current = await state(page);
  const pods = Object.fromEntries(current.objects.filter((o) => o.kind === 'Pod').map((p) => [p.name, p]));
  assert.equal(pods.client.node, 'node-1');
  assert.equal(pods.web.node, 'node-2');
  await page.mouse.move((await corner()).x, (await corner()).y);
  await frames(page, 2);
  await screenshot(page, 'build-08-two-pods');

  // [4] A ping across the nodes with the Send traffic form, stepped hop by hop.
  await clickWidget(page, 'send.from');
  await clickItem(page, 'send.from.item', 'client');
  await clickWidget(page, 'send.to');
  await clickItem(page, 'send.to.item', 'web');
  await clickWidget(page, 'send.ping');
  await clickWidget(page, 'send.button');
  current = await state(page);
  assert.equal(current.console.last.command, `kubectl exec client -- ping -c 1 ${pods.web.podIP}`);
  assert.match(current.console.last.output, /1 packets transmitted, 1 received/);
  await clickWidget(page, 'timeline.play');  // pause
  await page.mouse.move((await corner()).x, (await corner()).y);
  await press(page, 'Home');
  const events = (await state(page)).timeline.events;
  let encapsulated = 0;
  for (let i = 0; i < events.length; i++) {
    current = await state(page);
    assert.equal(current.timeline.cursor, i);
    const event = current.timeline.events[i];
    if (event.encapsulated) {
      encapsulated++;
      const vxlan = layer(current.inspector, 'VXLAN', true);
      const outerIp = layer(current.inspector, 'IPv4', true);
      assert.ok(vxlan && outerIp, `hop ${i + 1} (${event.action} at ${event.node}) shows the VXLAN outer header`);
      assert.deepEqual([field(outerIp, 'source').value, field(outerIp, 'destination').value].sort(),
        ['192.168.56.11', '192.168.56.12']);
      if (event.action === 'encapsulate' && event.direction === 'outbound') await screenshot(page, 'build-09-ping-encapsulated');
    }
    await press(page, 'ArrowRight');
  }
  assert.ok(encapsulated >= 8, `the ping and its reply cross the node network in VXLAN (${encapsulated} hops)`);

  // [5] A Service for the web pod, from the pod's right-click menu: named, selector and port filled in.
  await rightClick(page, await objectPoint(page, 'Pod', 'web'));
  await waitForWidget(page, 'context.expose');
  await screenshot(page, 'build-10-pod-menu');
  await clickWidget(page, 'context.expose');
  current = await state(page);
  assert.equal(current.build.form, 'service');
  assert.equal(current.build.selected, 'web', 'the form shows the pods its selector picks');
  assert.equal(current.build.line, 'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'
    + 'spec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 80\nEOF');
  await typeInto(page, 'form.port', '99999');
  current = await state(page);
  assert.ok(current.build.problems.some((p) => p.field === 'port' && /65535/.test(p.text)));
  await screenshot(page, 'build-11-service-form-bad-port');
  await typeInto(page, 'form.port', '80');
  await screenshot(page, 'build-12-service-form');
  line = await createForm(page);
  assert.equal(line.output, 'service/web created\n');
  current = await state(page);
  const service = current.objects.find((o) => o.kind === 'Service' && o.name === 'web');
  assert.ok(service && service.clusterIP, 'the Service is drawn with its ClusterIP');
  assert.equal(service.endpointLinks, 1);
  await clickWidget(page, 'menu.lab');
  await clickWidget(page, 'menu.lab.fit');
  await page.mouse.move((await corner()).x, (await corner()).y);
  await screenshot(page, 'build-13-service');

  // [6] curl http://web/ from client: the Service by its DNS name, picked with the mouse.
  await clickWidget(page, 'send.to');
  await clickItem(page, 'send.to.item', 'Service web  ·  DNS web.default');
  await clickWidget(page, 'send.curl');
  assert.equal((await state(page)).sendTraffic.command, 'kubectl exec client -- curl -s http://web/');
  await clickWidget(page, 'send.button');
  current = await state(page);
  assert.equal(current.console.last.command, 'kubectl exec client -- curl -s http://web/');
  assert.equal(current.console.last.ok, true, current.console.last.output);
  await clickWidget(page, 'timeline.play');  // pause
  await page.mouse.move((await corner()).x, (await corner()).y);
  await press(page, 'Home');
  const curlEvents = (await state(page)).timeline.events;
  let sawDnsQuery = false;
  let sawDnat = false;
  // Stepped hop by hop with the keyboard; the inspector read where a packet starts and where netfilter acts.
  for (let i = 0; i < curlEvents.length; i++) {
    const event = curlEvents[i];
    if (event.hop === 0 || event.action === 'netfilter') {
      current = await state(page);
      assert.equal(current.timeline.cursor, i);
      const { inspector } = current;
      const udp = layer(inspector, 'UDP', false);
      if (udp && field(udp, 'destination port').value === '53' && !sawDnsQuery) {
        sawDnsQuery = true;
        await screenshot(page, 'build-14-curl-dns-query');
      }
      const tcp = layer(inspector, 'TCP', false);
      if (!sawDnat && tcp && event.action === 'netfilter' && inspector.rules.some((r) => /DNAT/.test(r))
          && inspector.rules.some((r) => /default\/web/.test(r))) {
        sawDnat = true;
        await screenshot(page, 'build-15-curl-dnat');
      }
    }
    await press(page, 'ArrowRight');
  }
  const sawTunnel = curlEvents.some((e) => e.encapsulated && e.action === 'encapsulate');
  assert.ok(sawDnsQuery, 'the DNS query for web (UDP to port 53) is on the timeline');
  assert.ok(sawDnat, 'kube-proxy\'s DNAT rules for the Service are in the inspector');
  assert.ok(sawTunnel, 'the connection to the pod on node-2 crosses the tunnel');
  await screenshot(page, 'build-16-curl-done');

  // [7] The datapath switched from the toolbar: the canvas is rebuilt with tunl0.
  await clickWidget(page, 'toolbar.datapath');
  await screenshot(page, 'build-17-datapath-menu');
  await clickItem(page, 'toolbar.datapath.item', 'Calico IPIP');
  current = await state(page);
  assert.equal(current.console.last.command, 'lab datapath calico-ipip');
  assert.equal(current.console.last.ok, true);
  await page.mouse.move((await corner()).x, (await corner()).y);
  await frames(page, 2);
  await screenshot(page, 'build-18-calico');

  // Every action is in the console, as lines a learner can type.
  // cluster init, two pods, ping, Service, curl, datapath
  assert.equal((await state(page)).console.entries, 7);
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('the manual datapath by hand, in Vietnamese: a tunnel and routes from the nodes\' menus, a refused line explained', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');

  // The datapath switch: every node loses flannel.1, pods keep their addresses.
  await clickWidget(page, 'toolbar.datapath');
  await clickItem(page, 'toolbar.datapath.item', 'manual');
  let current = await state(page);
  assert.equal(current.console.last.command, 'lab datapath manual');
  assert.equal(current.console.last.ok, true);

  // Two pods from the toolbar, each put on its node with the form's node choice.
  for (const [name, node] of [['a', 'node-2'], ['b', 'node-3']]) {
    await clickWidget(page, 'toolbar.add');
    await clickWidget(page, 'toolbar.add.pod');
    current = await state(page);
    assert.equal(current.widgets.find((w) => w.id === 'form.create').label, 'Tạo', 'the form speaks Vietnamese');
    await typeInto(page, 'form.name', name);
    await typeInto(page, 'form.image', 'busybox', 0);
    await clickWidget(page, 'form.node');
    await clickItem(page, 'form.choice', node);
    if (name === 'a') await screenshot(page, 'build-vi-01-pod-form');
    await createForm(page);
  }
  current = await state(page);
  const pods = Object.fromEntries(current.objects.filter((o) => o.kind === 'Pod').map((p) => [p.name, p]));
  const nodes = Object.fromEntries(current.objects.filter((o) => o.kind === 'Node').map((n) => [n.name, n]));
  assert.equal(pods.a.node, 'node-2');
  assert.equal(pods.b.node, 'node-3');

  // A tunnel from node-2's menu, to node-3 picked in the form.
  await rightClick(page, await objectPoint(page, 'Node', 'node-2', 30));
  await clickWidget(page, 'context.add-tunnel-from-node');
  await clickWidget(page, 'form.to');
  await clickItem(page, 'form.choice', 'node-3');
  current = await state(page);
  assert.equal(current.build.line, 'lab tunnel add tunl1 --from node-2 --to node-3');
  await screenshot(page, 'build-vi-02-tunnel-form');
  await createForm(page);

  // A route on each node to the other's podCIDR through the tunnel.
  for (const [node, other] of [['node-2', 'node-3'], ['node-3', 'node-2']]) {
    await rightClick(page, await objectPoint(page, 'Node', node, 30));
    await clickWidget(page, 'context.add-route-on-node');
    await typeInto(page, 'form.destination', nodes[other].podCIDR);
    await clickWidget(page, 'form.dev');
    await typeInto(page, 'form.device', 'tunl9');
    current = await state(page);
    assert.ok(current.build.problems.some((p) => p.field === 'device' && p.detail === 'tunl9'),
      'a device the node does not have is caught by the field');
    await typeInto(page, 'form.device', 'tunl1');
    current = await state(page);
    assert.equal(current.build.line, `lab route add ${node} ${nodes[other].podCIDR} dev tunl1`, JSON.stringify(current.build));
    if (node === 'node-2') await screenshot(page, 'build-vi-03-route-form');
    await createForm(page);
  }

  // The same route again: the form finds nothing wrong, the lab refuses it, the form says why.
  await rightClick(page, await objectPoint(page, 'Node', 'node-2', 30));
  await clickWidget(page, 'context.add-route-on-node');
  await typeInto(page, 'form.destination', nodes['node-3'].podCIDR);
  await clickWidget(page, 'form.dev');
  await typeInto(page, 'form.device', 'tunl1');
  const entries = (await state(page)).console.entries;
  await clickWidget(page, 'form.create');
  current = await state(page);
  assert.equal(current.console.entries, entries + 1);
  assert.equal(current.console.last.ok, false);
  assert.equal(current.build.form, 'route', 'the form stays open');
  assert.equal(current.build.refused, 'RTNETLINK answers: File exists\n');
  assert.ok(current.widgets.some((w) => w.id === 'form.refused'));
  await screenshot(page, 'build-vi-04-route-refused');
  await clickWidget(page, 'form.cancel');
  assert.equal((await state(page)).build, null);

  // a pings b through the hand-made tunnel: the timeline shows the IPIP encapsulation.
  await clickWidget(page, 'send.from');
  await clickItem(page, 'send.from.item', 'a');
  await clickWidget(page, 'send.to');
  await clickItem(page, 'send.to.item', 'b');
  await clickWidget(page, 'send.ping');
  await clickWidget(page, 'send.button');
  current = await state(page);
  assert.equal(current.console.last.command, `kubectl exec a -- ping -c 1 ${pods.b.podIP}`);
  assert.match(current.console.last.output, /1 packets transmitted, 1 received/);
  assert.ok(current.timeline.events.some((e) => e.action === 'encapsulate' && e.where.includes('tunl1')));
  await screenshot(page, 'build-vi-05-ping-through-tunl1');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});
