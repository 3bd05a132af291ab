// A learner in the lessons panel: opens it from the View menu, starts lesson 01, runs what each
// step asks (clicking the command in the text, or typing it in the console), watches the goals
// tick green, answers the question before sending the packet, reveals a hint, goes Next to the end,
// reads it in Vietnamese; progress comes back by replaying the lab's lines; an exercise opens from
// the page's address and its report is downloaded and shown as a printable page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  servedLab, openLab, waitForReady, state, frames, clickWidget, clickRect, screenshot, press,
} from './harness.mjs';

const lab = servedLab();

// Clicks the published widget with this id (and label), scrolling the lessons panel with the mouse
// wheel first when the widget is out of its view, as a learner would.
async function clickLabelled(page, id, label = undefined) {
  const matches = (w) => w.id === id && (label === undefined || w.label === label);
  await page.waitForFunction(([wanted, text]) => window.podlab.state().widgets.some(
    (w) => w.id === wanted && (text === null || w.label === text)), [id, label ?? null], { timeout: 10000 });
  for (let attempt = 0; attempt < 30; ++attempt) {
    const current = await state(page);
    const widget = current.widgets.find(matches);
    const panel = current.widgets.find((w) => w.id === 'lessons.window');
    const [, top, , height] = panel ? panel.rect : [0, 0, 0, 1e9];
    const middle = widget.rect[1] + widget.rect[3] / 2;
    if (!panel || (middle > top + 30 && middle < top + height - 8)) {
      await clickRect(page, widget.rect);
      return widget;
    }
    await page.mouse.move(panel.rect[0] + panel.rect[2] / 2, top + height / 2);
    await page.mouse.wheel(0, middle < top + 30 ? -100 : 100);
    await frames(page, 2);
  }
  throw new Error(`${id} ${label ?? ''} stayed out of the lessons panel's view`);
}

// Types a line into the console and runs it, as a learner does.
async function typeLine(page, line) {
  await clickWidget(page, 'console.input');
  await page.keyboard.type(line);
  await press(page, 'Enter');
  const last = (await state(page)).console.last;
  assert.equal(last.command, line);
  assert.equal(last.ok, true, last.output);
}

const lesson = async (page) => (await state(page)).lessons.lesson;
const lastCommand = async (page) => (await state(page)).console.last.command;
const widget = async (page, id) => (await state(page)).widgets.find((w) => w.id === id);

async function openLessonsPanel(page) {
  await clickWidget(page, 'menu.view');
  await clickWidget(page, 'menu.view.lessons');
  const current = await state(page);
  assert.equal(current.windows.lessons, true);
  return current;
}

test('lesson 01 from start to end in the lessons panel, by clicks and keys', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url);
  await waitForReady(page);
  const opened = await openLessonsPanel(page);
  const entry = opened.lessons.lessons.find((l) => l.id === '01-network-model');
  assert.equal(entry.status, 'notStarted');
  assert.equal(entry.title, 'The three rules of the network model');
  await screenshot(page, 'lessons-01-catalog');

  await clickLabelled(page, 'lessons.start', '01-network-model');
  assert.equal(await lastCommand(page), 'lab lesson start 01-network-model', 'the button ran the console line');
  let current = await lesson(page);
  assert.equal(current.step, 0);
  assert.equal(current.goals[0].met, false);
  assert.equal((await widget(page, 'lessons.next.reason')).label, 'Meet every goal to go on.');
  assert.equal((await state(page)).lessons.lessons[0].status, 'inProgress');
  await screenshot(page, 'lessons-02-first-step');

  // Step 1: the hints, one at a time; the second gives the command: clicking it puts it in the
  // console's input, and Enter runs it.
  await clickLabelled(page, 'lessons.hint');
  assert.equal(await lastCommand(page), 'lab lesson hint');
  assert.equal((await lesson(page)).hintsShown, 1);
  await clickLabelled(page, 'lessons.hint');
  assert.equal((await lesson(page)).hintsShown, 2);
  assert.equal(await widget(page, 'lessons.hint'), undefined, 'no more hints to show');
  await clickLabelled(page, 'lessons.code', 'kubectl get pods -o wide');
  assert.equal((await state(page)).keyboard.textInput, true, 'the console input has the keyboard');
  await press(page, 'Enter');
  assert.equal(await lastCommand(page), 'kubectl get pods -o wide');
  current = await lesson(page);
  assert.equal(current.goals[0].met, true, 'the goal tick turned green');
  assert.equal(await widget(page, 'lessons.next.reason'), undefined);
  await screenshot(page, 'lessons-03-goal-met');
  await clickLabelled(page, 'lessons.next');
  assert.equal(await lastCommand(page), 'lab lesson next');
  assert.equal((await lesson(page)).step, 1);

  // Step 2: typed in the console.
  await typeLine(page, 'kubectl exec a -- ping -c 1 10.244.0.4');
  assert.deepEqual((await lesson(page)).goals.map((g) => g.met), [true]);
  await clickLabelled(page, 'lessons.next');

  // Step 3: predict first. Next waits for the answer; a hint is revealed by its button.
  current = await lesson(page);
  assert.equal(current.stepId, 'across-nodes');
  assert.equal(current.question.answered, null);
  assert.equal((await widget(page, 'lessons.next.reason')).label, 'Answer the question first.');
  await screenshot(page, 'lessons-04-question');
  await clickLabelled(page, 'lessons.hint');
  assert.equal(await lastCommand(page), 'lab lesson hint');
  assert.equal((await lesson(page)).hintsShown, 1);
  await clickLabelled(page, 'lessons.choice', "Pod a's own IP, 10.244.0.3");
  assert.equal(await lastCommand(page), 'lab lesson answer 1');
  current = await lesson(page);
  assert.equal(current.question.right, true);
  assert.equal((await widget(page, 'lessons.verdict')).label, 'Right.');
  assert.equal((await widget(page, 'lessons.next.reason')).label, 'Meet every goal to go on.');
  await typeLine(page, 'kubectl exec a -- ping -c 1 10.244.1.3');
  assert.deepEqual((await lesson(page)).goals.map((g) => g.met), [true, true]);
  await screenshot(page, 'lessons-05-answered');
  await clickLabelled(page, 'lessons.next');

  // Step 4, the last: one goal at a time turns green; Finish ends the lesson.
  await typeLine(page, 'node node-2 -- ping -c 1 10.244.1.3');
  assert.deepEqual((await lesson(page)).goals.map((g) => g.met), [true, false]);
  await screenshot(page, 'lessons-06-one-goal-met');
  await typeLine(page, 'node node-1 -- curl -s 10.244.0.3');
  assert.equal((await widget(page, 'lessons.next')).label, 'Finish');
  await clickLabelled(page, 'lessons.next');
  current = await lesson(page);
  assert.equal(current.finished, true);
  assert.ok(await widget(page, 'lessons.finished'));
  assert.equal((await state(page)).lessons.lessons[0].status, 'done');
  await clickLabelled(page, 'lessons.catalog');
  await screenshot(page, 'lessons-07-finished');

  // In Vietnamese: the lesson's own text, not only the buttons.
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await clickLabelled(page, 'lessons.back');
  current = await lesson(page);
  assert.equal(current.stepId, 'nodes-reach-pods');
  assert.match(current.text, /Quy tắc thứ ba nói về chính node/);
  assert.equal((await widget(page, 'lessons.title')).label, 'Ba quy tắc của mô hình mạng');
  assert.equal((await widget(page, 'lessons.back')).label, 'Quay lại');
  assert.equal(current.goals[0].text, 'Từ node-2, gửi gói tin đến được pod b: `node node-2 -- ping -c 1 10.244.1.3`');
  await screenshot(page, 'lessons-08-vietnamese');

  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('after a reload, replaying the lab\'s lines brings the learner back to the same step', async () => {
  const lines = ['lab lesson start 01-network-model', 'kubectl get pods -o wide', 'lab lesson next',
    'kubectl exec a -- ping -c 1 10.244.0.4', 'lab lesson next', 'lab lesson answer 2'];
  const first = await openLab(lab.browser, lab.server.url);
  await waitForReady(first.page);
  for (const line of lines) await first.page.evaluate((l) => window.podlab.command(l), line);
  const before = (await state(first.page)).lessons.lesson;
  await first.page.reload();
  await waitForReady(first.page);
  for (const line of lines) await first.page.evaluate((l) => window.podlab.command(l), line);
  await openLessonsPanel(first.page);
  const after = (await state(first.page)).lessons.lesson;
  assert.equal(after.stepId, 'across-nodes');
  assert.deepEqual(after, before);
  assert.equal(after.question.answered, 1);
  assert.equal((await widget(first.page, 'lessons.choice.wrong')).label, 'node-1\'s IP, 192.168.56.11');
  await screenshot(first.page, 'lessons-09-replayed');
  await first.page.close();
});

test('an exercise opened from the address: tasks at 0%, the clock running, Submit hands over the report', async () => {
  const { page, messages } = await openLab(lab.browser, `${lab.server.url}?exercise=e1-missing-route`);
  await waitForReady(page);
  await frames(page, 3);
  const current = await state(page);
  assert.equal(current.windows.lessons, true, 'the lessons panel opened');
  assert.equal(current.console.last.command, 'lab exercise start e1-missing-route');
  const exercise = current.lessons.exercise;
  assert.equal(exercise.id, 'e1-missing-route');
  assert.deepEqual(exercise.tasks.map((t) => [t.id, t.points, t.met]), [['locate', 3, false], ['repair', 7, false]]);
  assert.equal(exercise.percent, 0);
  assert.equal(exercise.timeLimitMinutes, 25);
  assert.ok(exercise.leftMs <= 25 * 60000 && exercise.leftMs > 24 * 60000, `time left ${exercise.leftMs} ms`);
  assert.ok(await widget(page, 'lessons.exercise.clock'));
  await screenshot(page, 'exercise-01-opened');

  const popup = page.context().waitForEvent('page');
  const download = page.waitForEvent('download');
  await clickLabelled(page, 'lessons.submit');
  assert.equal(await lastCommand(page), 'lab exercise submit');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'podlab-report-e1-missing-route.json');
  const report = JSON.parse(await readFile(await file.path(), 'utf8'));
  assert.equal(report.exercise.id, 'e1-missing-route');
  assert.equal(report.score.percent, 0);
  assert.match(report.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const printable = await popup;
  await printable.waitForLoadState();
  assert.equal(await printable.locator('h1').textContent(), 'Exercise report');
  assert.match(await printable.locator('body').textContent(), /0 \/ 10 \(0%\)/);
  await printable.setViewportSize({ width: 900, height: 800 });
  await printable.screenshot({ path: 'build/screenshots/exercise-02-report.png' });
  await screenshot(page, 'exercise-03-submitted');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});
