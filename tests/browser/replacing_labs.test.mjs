// Never losing a learner's work, as a new learner meets it: an exercise opened from the page's
// address survives a reload in the middle (lines, score, and the clock still counting from its
// start), and after Submit a reload shows it submitted; a learner's own lab is asked about before an
// exercise replaces it, kept in File > Recent labs, and back when they leave the exercise; a recent
// lab reopens; a new cluster clears the old traffic's views. Screenshots go to
// build/screenshots/replacing-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  servedLab, waitForReady, state, frames, clickWidget, clickRect, screenshot, press,
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

// Waits until the page has opened the lab it starts with and holds `lines` lines.
async function waitForLab(page, lines) {
  await page.waitForFunction((wanted) => {
    const current = window.podlab.state();
    return current.keeping.replay === null && current.keeping.lines === wanted;
  }, lines, { timeout: 30000 });
  await frames(page, 2);
}

async function typeLine(page, line) {
  await clickWidget(page, 'console.input');
  await page.keyboard.type(line);
  await press(page, 'Enter');
  const last = (await state(page)).console.last;
  assert.equal(last.command, line);
  return last;
}

async function waitForQuestion(page) {
  const handle = await page.waitForFunction(() => window.podlab.state().recentLabs.question, null, { timeout: 10000 });
  await frames(page, 2);
  return handle.jsonValue();
}

const exercise = async (page) => (await state(page)).lessons.exercise;

// Clicks a widget of the lessons panel, scrolling the panel with the wheel first when it is out of view.
async function clickInLessons(page, id) {
  await page.waitForFunction((wanted) => window.podlab.state().widgets.some((w) => w.id === wanted), id, { timeout: 10000 });
  for (let attempt = 0; attempt < 30; ++attempt) {
    const current = await state(page);
    const widget = current.widgets.find((w) => w.id === id);
    const [px, top, pw, height] = current.widgets.find((w) => w.id === 'lessons.window').rect;
    const middle = widget.rect[1] + widget.rect[3] / 2;
    if (middle > top + 30 && middle < top + height - 8) return clickRect(page, widget.rect);
    await page.mouse.move(px + pw / 2, top + height / 2);
    await page.mouse.wheel(0, middle < top + 30 ? -100 : 100);
    await frames(page, 2);
  }
  throw new Error(`${id} stayed out of the lessons panel's view`);
}

test('an exercise reloaded in the middle keeps its lines, score and clock; after Submit it stays submitted', async () => {
  const context = await lab.browser.newContext({ acceptDownloads: true });
  const url = `${lab.server.url}?exercise=e1-missing-route`;
  const { page, messages } = await openPage(context, url);
  await waitForLab(page, 1);
  assert.equal((await exercise(page)).id, 'e1-missing-route');
  assert.equal((await state(page)).recentLabs.question, null, 'a new learner has nothing to lose: no question');
  // The locate task: the learner's own traceroute and route lookup.
  await typeLine(page, 'kubectl exec a -- traceroute 10.244.1.3');
  await typeLine(page, 'node node-2 -- ip route');
  const before = await exercise(page);
  assert.ok(before.percent > 0, `the locate task scores (${before.percent}%)`);
  await page.waitForTimeout(3000);

  await page.reload();
  await waitForReady(page);
  await waitForLab(page, 3);
  const after = await exercise(page);
  assert.equal(after.id, 'e1-missing-route');
  assert.equal(after.percent, before.percent, 'the score survives the reload');
  assert.deepEqual(after.tasks.map((t) => t.met), before.tasks.map((t) => t.met));
  assert.ok(after.elapsedMs >= before.elapsedMs + 3000, `the clock counts from the first start (${before.elapsedMs} → ${after.elapsedMs} ms)`);
  assert.ok(after.leftMs < 25 * 60000 - 3000, `time left ${after.leftMs} ms`);
  assert.equal((await state(page)).console.entries, 3, 'the console shows the start and both lines again');
  await screenshot(page, 'replacing-01-exercise-after-reload');

  // Submit, then reload: submitted, the same score, the clock stopped.
  const popup = context.waitForEvent('page');
  const download = page.waitForEvent('download');
  await clickInLessons(page, 'lessons.submit');
  await download;
  await (await popup).close();
  const submitted = await exercise(page);
  assert.equal(submitted.submitted, true);
  await page.waitForTimeout(1500);
  await page.reload();
  await waitForReady(page);
  await waitForLab(page, 4);
  const reloaded = await exercise(page);
  assert.equal(reloaded.submitted, true, 'a reload shows the submitted exercise, not a fresh one');
  assert.equal(reloaded.percent, submitted.percent);
  assert.ok(Math.abs(reloaded.elapsedMs - submitted.elapsedMs) < 1000, `the clock stopped at the submission (${submitted.elapsedMs}, ${reloaded.elapsedMs})`);
  assert.ok((await state(page)).widgets.some((w) => w.id === 'lessons.submitted'));
  await screenshot(page, 'replacing-02-submitted-after-reload');
  assert.deepEqual(messages, []);
  await context.close();
});

test('the learner\'s lab is asked about, kept in Recent labs, and back when they leave the exercise', async () => {
  const context = await lab.browser.newContext({ acceptDownloads: true });
  const { page, messages } = await openPage(context, lab.server.url);
  await waitForLab(page, 0);
  await typeLine(page, 'kubectl run mine --image=nginx');
  const mine = (await typeLine(page, 'lab fingerprint')).output.trim();

  // The teacher's link, opened in the same browser: asked first.
  await page.goto(`${lab.server.url}?exercise=e1-missing-route`);
  await waitForReady(page);
  const question = await waitForQuestion(page);
  assert.match(question, /^Replace your current lab\? It will be kept as “podlab · \d{4}-\d\d-\d\d \d\d:\d\d · 2 lines” in File > Recent labs/);
  assert.equal((await state(page)).keeping.lines, 2, 'the learner\'s lab is on screen while the page asks');
  await screenshot(page, 'replacing-03-question');
  await clickWidget(page, 'replace.confirm');
  await waitForLab(page, 1);
  let current = await state(page);
  assert.equal(current.lessons.exercise.id, 'e1-missing-route');
  assert.equal(current.recentLabs.beforeExercise, 'podlab');
  assert.deepEqual(current.recentLabs.labs.map((l) => [l.name, l.lines]), [['podlab', 2]]);

  // Leave the exercise: the learner's own lab is back, the exercise kept in its turn.
  await typeLine(page, 'node node-2 -- ip route');
  await clickInLessons(page, 'lessons.leave');
  await waitForLab(page, 2);
  current = await state(page);
  assert.equal(current.lessons.exercise, null);
  assert.ok(current.objects.some((o) => o.kind === 'Pod' && o.name === 'mine'));
  assert.equal((await typeLine(page, 'lab fingerprint')).output.trim(), mine);
  assert.deepEqual((await state(page)).recentLabs.labs.map((l) => [l.name, l.lines]), [['e1-missing-route', 2]]);
  assert.ok(!page.url().includes('exercise='), 'a reload now opens the learner\'s lab');

  // File > Recent labs reopens the exercise, asking first; the learner's lab is kept again.
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.file.recent');
  await frames(page, 2);
  await screenshot(page, 'replacing-04-recent-labs-menu');
  const item = (await state(page)).widgets.find((w) => w.id === 'menu.file.recent.item' && w.index === 0);
  assert.ok(item, 'the recent lab is listed');
  await clickRect(page, item.rect);
  await waitForQuestion(page);
  await clickWidget(page, 'replace.confirm');
  await waitForLab(page, 2);
  current = await state(page);
  assert.equal(current.lessons.exercise.id, 'e1-missing-route');
  assert.deepEqual(current.recentLabs.labs.map((l) => [l.name, l.lines]), [['podlab', 3]]);

  // "Keep my lab" leaves everything as it was.
  await clickWidget(page, 'menu.file');
  await clickWidget(page, 'menu.file.recent');
  await frames(page, 2);
  await clickRect(page, (await state(page)).widgets.find((w) => w.id === 'menu.file.recent.item' && w.index === 0).rect);
  await waitForQuestion(page);
  await clickWidget(page, 'replace.cancel');
  current = await state(page);
  assert.equal(current.recentLabs.question, null);
  assert.equal(current.lessons.exercise.id, 'e1-missing-route');
  assert.deepEqual(messages, []);
  await context.close();
});

test('a new cluster clears the timeline, the inspector, the DNS view and the packet on the canvas', async () => {
  const context = await lab.browser.newContext();
  const { page, messages } = await openPage(context, lab.server.url);
  await waitForLab(page, 0);
  await typeLine(page, 'kubectl run client --image=busybox');
  await typeLine(page, 'kubectl exec client -- nslookup kubernetes.default');
  await frames(page, 10);
  let current = await state(page);
  assert.ok(current.timeline.events.length > 0);
  assert.ok(current.dns && current.dns.visible);
  assert.ok(current.timeline.packet, 'the packet is on the canvas');

  await clickWidget(page, 'toolbar.new-cluster');
  await clickWidget(page, 'form.create');
  await waitForQuestion(page);
  await clickWidget(page, 'replace.confirm');
  await waitForLab(page, 1);
  current = await state(page);
  assert.match(current.console.last.command, /^lab cluster init /);
  assert.equal(current.build, null, 'the form closed once its line ran');
  assert.deepEqual(current.timeline.events, []);
  assert.equal(current.timeline.packet, null);
  assert.equal(current.inspector, null);
  assert.equal(current.dns, null);
  await screenshot(page, 'replacing-05-new-cluster-clean');

  // A new pod that gets the same IP as the old client has no trace attached to it.
  await typeLine(page, 'kubectl run client --image=busybox');
  current = await state(page);
  assert.deepEqual(current.timeline.events, []);
  assert.deepEqual(messages, []);
  await context.close();
});
