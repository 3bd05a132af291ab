// Inspecting the lab as a learner does, by clicks and keys: a pod clicked on the canvas opens its
// inspector (resolv.conf, routes, the CNI result), a node shows iptables-save, a Service its
// KUBE-SVC and KUBE-SEP chains; a lookup typed in the console with Tab completion opens the DNS
// view, whose queries lead to their packets on the timeline. Screenshots go to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  servedLab, openLab, waitForReady, state, frames, clickRect, clickWidget, waitForWidget, screenshot, press,
} from './harness.mjs';

const lab = servedLab();

const pod = (name, node) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: busybox
`;

// A point of an object's world rectangle on the screen: `fx`, `fy` of the way across and down.
function onScreen(current, [x, y, w, h], fx = 0.5, fy = 0.5) {
  const canvas = current.widgets.find((widget) => widget.id === 'topology.canvas').rect;
  const { zoom, offset } = current.view;
  return [canvas[0] + offset[0] + (x + w * fx) * zoom, canvas[1] + offset[1] + (y + h * fy) * zoom];
}

async function clickObject(page, kind, name, fx = 0.5, fy = 0.5) {
  const current = await state(page);
  const object = current.objects.find((o) => o.kind === kind && o.name === name);
  assert.ok(object, `${kind} ${name} is on the canvas`);
  const [x, y] = onScreen(current, object.rect, fx, fy);
  await clickRect(page, [x - 1, y - 1, 2, 2]);
  await page.mouse.move(x, y + 400);  // no tooltip over the screenshots
  await frames(page, 2);
  return state(page);
}

// A point of the canvas that no object covers.
function background(current) {
  const canvas = current.widgets.find((widget) => widget.id === 'topology.canvas').rect;
  const covered = ([px, py]) => current.objects.some((o) => {
    const [x0, y0] = onScreen(current, o.rect, 0, 0);
    const [x1, y1] = onScreen(current, o.rect, 1, 1);
    return px >= x0 - 8 && px <= x1 + 8 && py >= y0 - 8 && py <= y1 + 8;
  });
  for (let y = canvas[1] + canvas[3] - 40; y > canvas[1] + 120; y -= 20)
    for (let x = canvas[0] + 20; x < canvas[0] + canvas[2] * 0.5; x += 20)
      if (!covered([x, y])) return [x, y];
  throw new Error('no free spot on the canvas');
}

const section = (selection, command) => selection.sections.find((s) => s.command === command);

async function type(page, text) {
  await page.keyboard.type(text);
  await frames(page, 2);
}

test('clicking a pod, a node and a Service opens their inspectors with what the console prints', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const created = await page.evaluate((l) => window.podlab.command(l), `kubectl apply -f -\n${pod('client', 'node-2')}`);
  assert.equal(created.ok, true, created.output);
  await clickWidget(page, 'menu.lab');
  await clickWidget(page, 'menu.lab.fit');
  const entries = (await state(page)).console.entries;

  // A pod: its facts, then sections titled with their commands.
  let current = await clickObject(page, 'Pod', 'client');
  let selection = current.selection;
  assert.equal(selection.kind, 'Pod');
  assert.equal(selection.name, 'client');
  assert.equal(selection.found, true);
  const podIP = current.objects.find((o) => o.kind === 'Pod' && o.name === 'client').podIP;
  assert.deepEqual(selection.facts.find((f) => f.label === 'IP').value, podIP);
  assert.ok(selection.facts.find((f) => f.label === 'pause container').value.length >= 12);
  assert.deepEqual(selection.sections.map((s) => s.command), [
    'kubectl get pod client -o wide', 'lab cni result client', 'kubectl exec client -- ip addr',
    'kubectl exec client -- ip route', 'kubectl exec client -- cat /etc/resolv.conf']);
  assert.match(section(selection, 'kubectl exec client -- cat /etc/resolv.conf').output,
    /^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local\nnameserver 10\.96\.0\.10\noptions ndots:5\n$/);
  assert.match(section(selection, 'kubectl exec client -- ip route').output, /^default via 10\.244\.1\.1 dev eth0 \n/);
  assert.match(section(selection, 'lab cni result client').output, /"cniVersion": "1\.0\.0"/);
  assert.equal(selection.highlight.outlines, 1);
  const titles = current.widgets.filter((w) => w.id === 'object.section').map((w) => w.label);
  assert.deepEqual(titles, selection.sections.map((s) => s.command), 'each section is titled with its command');
  assert.equal((await state(page)).console.entries, entries, 'the inspector ran nothing in the learner\'s console');
  await screenshot(page, 'inspect-00-pod');

  // A node: iptables-save -t nat among its sections.
  current = await clickObject(page, 'Node', 'node-1', 0.5, 0.05);
  selection = current.selection;
  assert.equal(selection.kind, 'Node');
  assert.equal(selection.name, 'node-1');
  assert.deepEqual(selection.sections.map((s) => s.command), [
    'node node-1 -- ip route', 'node node-1 -- ip neigh', 'node node-1 -- bridge fdb', 'node node-1 -- iptables-save -t nat']);
  const nat = section(selection, 'node node-1 -- iptables-save -t nat').output;
  assert.match(nat, /^\*nat\n:PREROUTING ACCEPT \[0:0\]\n/);
  assert.match(nat, /-A KUBE-SERVICES -m comment --comment "kube-system\/kube-dns:dns cluster IP" -m udp -p udp -d 10\.96\.0\.10 --dport 53 -j KUBE-SVC-/);
  await screenshot(page, 'inspect-01-node');

  // The background clears the selection; then a Service: its endpoints and chains.
  const canvas = current.widgets.find((w) => w.id === 'topology.canvas').rect;
  const [bx, by] = background(current);
  await clickRect(page, [bx - 1, by - 1, 2, 2]);
  assert.equal((await state(page)).selection, null, 'a click on the background clears the selection');
  current = await clickObject(page, 'Service', 'kube-dns', 0.5, 0.2);
  selection = current.selection;
  assert.equal(selection.kind, 'Service');
  assert.equal(selection.namespace, 'kube-system');
  assert.equal(selection.highlight.links, 2, 'the links to both CoreDNS pods are highlighted');
  assert.match(section(selection, 'kubectl get endpointslices -n kube-system -l kubernetes.io/service-name=kube-dns').output,
    /10\.244\.0\.2,10\.244\.1\.2/);
  const chains = selection.sections.filter((s) => s.command.startsWith('node node-1 -- iptables -t nat -S '));
  assert.equal(chains.filter((s) => s.command.includes(' KUBE-SVC-')).length, 3);
  const endpoints = chains.filter((s) => s.command.includes(' KUBE-SEP-'));
  assert.equal(endpoints.length, 6);
  assert.ok(endpoints.some((s) => /-j DNAT --to-destination 10\.244\.0\.2:53/.test(s.output)));
  await screenshot(page, 'inspect-02-service');

  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await page.mouse.move(canvas[0] + 20, canvas[1] + 400);
  await frames(page, 2);
  current = await state(page);
  assert.ok(current.selection.facts.find((f) => f.label === 'Cổng'), 'the facts speak Vietnamese');
  await screenshot(page, 'inspect-03-service-vi');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('a lookup typed with Tab completion opens the DNS view; a query leads to its packet', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const created = await page.evaluate((l) => window.podlab.command(l), `kubectl apply -f -\n${pod('client', 'node-3')}---\n${pod('cache', 'node-2')}`);
  assert.equal(created.ok, true, created.output);

  await clickWidget(page, 'console.input');
  await type(page, 'kubectl e');
  await press(page, 'Tab');
  let current = await state(page);
  assert.equal(current.console.input, 'kubectl e', 'several verbs fit: nothing is inserted');
  assert.equal(current.console.candidates, 'edit  exec  expose', 'and they are listed');
  await screenshot(page, 'dns-00-completion-candidates');
  await type(page, 'xe');
  assert.equal((await state(page)).console.candidates, '', 'typing clears the list');
  await press(page, 'Tab');
  assert.equal((await state(page)).console.input, 'kubectl exec ');
  await type(page, 'c');
  await press(page, 'Tab');
  assert.equal((await state(page)).console.candidates, 'cache  client');
  await type(page, 'l');
  await press(page, 'Tab');
  assert.equal((await state(page)).console.input, 'kubectl exec client ');
  await press(page, 'Tab');
  assert.equal((await state(page)).console.input, 'kubectl exec client -- ');
  await type(page, 'nsl');
  await press(page, 'Tab');
  assert.equal((await state(page)).console.input, 'kubectl exec client -- nslookup ');
  await type(page, 'kubernetes.default');
  await press(page, 'Enter');

  current = await state(page);
  assert.equal(current.console.last.command, 'kubectl exec client -- nslookup kubernetes.default');
  assert.match(current.console.last.output, /server can't find kubernetes\.default\.default\.svc\.cluster\.local: NXDOMAIN/);
  const dns = current.dns;
  assert.equal(dns.visible, true);
  assert.equal(dns.resolvConfCommand, 'kubectl exec client -- cat /etc/resolv.conf');
  assert.equal(dns.ndots, 5);
  assert.equal(dns.search, 'default.svc.cluster.local svc.cluster.local cluster.local');
  assert.equal(dns.queries[0].name, 'kubernetes.default.default.svc.cluster.local');
  assert.equal(dns.queries[0].rcode, 'NXDOMAIN');
  const answered = dns.queries.findIndex((q) => q.name === 'kubernetes.default.svc.cluster.local' && q.type === 'A');
  assert.ok(answered > 0, 'the search list came first, then the name that exists');
  assert.equal(dns.queries[answered].rcode, 'NOERROR');
  assert.match(dns.queries[answered].answers[0], / IN A 10\.96\.0\.1$/);
  for (const query of dns.queries) assert.match(query.answeredBy, /^kube-system\/coredns-[a-z0-9]+-[a-z0-9]{5} {2}10\.244\.[01]\.2$/);
  await waitForWidget(page, 'dns.window');
  await clickWidget(page, 'timeline.play');  // pause the playback
  await screenshot(page, 'dns-01-view');

  // A click on the answered query moves the timeline to that query's packet.
  const dnsWindow = current.widgets.find((w) => w.id === 'dns.window').rect;
  const rowOf = async () => (await state(page)).widgets.find((w) => w.id === 'dns.query' && w.index === answered);
  let row = await rowOf();
  await page.mouse.move(dnsWindow[0] + dnsWindow[2] / 2, dnsWindow[1] + dnsWindow[3] / 2);
  for (let tries = 0; tries < 20 && row.rect[1] + row.rect[3] > dnsWindow[1] + dnsWindow[3] - 8; tries++) {
    await page.mouse.wheel(0, 40);
    await frames(page, 2);
    row = await rowOf();
  }
  await clickRect(page, row.rect);
  current = await state(page);
  assert.equal(current.timeline.cursor, current.dns.queries[answered].timelineEvent);
  const event = current.timeline.events[current.timeline.cursor];
  assert.equal(event.action, 'send');
  assert.equal(event.where, 'client');
  assert.equal(current.inspector.layers.find((l) => l.name === 'UDP').fields.find((f) => f.label === 'destination port').value, '53');
  await screenshot(page, 'dns-02-query-in-timeline');

  // Up brings the line back from the history.
  await clickWidget(page, 'console.input');
  await press(page, 'ArrowUp');
  assert.equal((await state(page)).console.input, 'kubectl exec client -- nslookup kubernetes.default');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});
