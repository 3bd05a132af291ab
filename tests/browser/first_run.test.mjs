// A first visit, as a new learner makes it: the welcome card over the canvas, Start lesson 1, then
// the whole lesson walked by clicking the commands in the text and goals (each puts its line in the
// console; Enter runs it) and Next, up to the offer of the next lesson; the same first screen in
// Vietnamese; an exercise submitted shows its summary in the page, with the report to download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  servedLab, openLab, waitForReady, state, frames, clickWidget, clickRect, screenshot, press, waitForWidget,
} from './harness.mjs';

const lab = servedLab();

const widget = async (page, id) => (await state(page)).widgets.find((w) => w.id === id);
const lesson = async (page) => (await state(page)).lessons.lesson;

// Clicks a published widget of the lessons panel, scrolling the panel with the wheel until it is in view.
async function clickInPanel(page, id, label = undefined) {
  const matches = (w) => w.id === id && (label === undefined || w.label === label);
  await page.waitForFunction(([wanted, text]) => window.podlab.state().widgets.some(
    (w) => w.id === wanted && (text === null || w.label === text)), [id, label ?? null], { timeout: 10000 });
  for (let attempt = 0; attempt < 30; ++attempt) {
    const current = await state(page);
    const found = current.widgets.find(matches);
    const panel = current.widgets.find((w) => w.id === 'lessons.window');
    const [, top, , height] = panel.rect;
    const middle = found.rect[1] + found.rect[3] / 2;
    if (middle > top + 30 && middle < top + height - 8) {
      await clickRect(page, found.rect);
      return found;
    }
    await page.mouse.move(panel.rect[0] + panel.rect[2] / 2, top + height / 2);
    await page.mouse.wheel(0, middle < top + 30 ? -100 : 100);
    await frames(page, 2);
  }
  throw new Error(`${id} ${label ?? ''} stayed out of the lessons panel's view`);
}

// Every widget of `ids` lies inside the welcome card, and is as wide as its label needs.
async function assertCardFits(page, ids) {
  const current = await state(page);
  const card = current.widgets.find((w) => w.id === 'welcome.window');
  assert.ok(card, 'the welcome card is on screen');
  for (const id of ids) {
    const button = current.widgets.find((w) => w.id === id);
    assert.ok(button, id);
    assert.ok(button.rect[0] >= card.rect[0] && button.rect[0] + button.rect[2] <= card.rect[0] + card.rect[2] + 0.5,
      `${id} (${button.label}) inside the card`);
    const needed = await page.evaluate((text) => {
      const context = document.createElement('canvas').getContext('2d');
      context.font = '17px sans-serif';
      return context.measureText(text).width;
    }, button.label);
    assert.ok(button.rect[2] >= needed * 0.8, `${id} (${button.label}) is ${button.rect[2]} wide for a label of about ${needed}`);
  }
}

test('a first visit: the welcome card, lesson 1 walked by clicks on its commands and Next, then Next lesson', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url, { welcome: true });
  await waitForReady(page);
  await frames(page, 3);
  let current = await state(page);
  assert.equal(current.windows.welcome, true, 'the card greets a first visit');
  assert.equal((await widget(page, 'welcome.lesson')).label, 'Start lesson 1');
  assert.equal((await widget(page, 'welcome.exercise')).label, 'Open an exercise');
  assert.equal((await widget(page, 'welcome.build')).label, 'Build your own lab');
  await assertCardFits(page, ['welcome.lesson', 'welcome.exercise', 'welcome.build', 'welcome.close']);
  await screenshot(page, 'first-run-01-welcome');

  await clickWidget(page, 'welcome.lesson');
  current = await state(page);
  assert.equal(current.windows.welcome, false);
  assert.equal(current.windows.lessons, true);
  assert.equal(current.console.last.command, 'lab lesson start 01-network-model');
  assert.equal(await page.evaluate(() => window.localStorage.getItem('podlab.welcome')), 'dismissed');
  assert.equal(current.lessons.lessons[0].listed, '01  The three rules of the network model');
  await screenshot(page, 'first-run-02-lesson-started');

  for (let step = 0; !(await lesson(page)).finished; ++step) {
    assert.ok(step < 6, 'the lesson ends');
    const now = await lesson(page);
    if (now.question && now.question.answered === null) {
      await clickInPanel(page, 'lessons.choice', "Pod a's own IP, 10.244.0.3");  // the learner's prediction
      assert.equal((await lesson(page)).question.right, true);
    }
    // The commands the step's text and goals offer, each clicked once, in the order they are shown.
    const lines = [...new Set((await state(page)).widgets.filter((w) => w.id === 'lessons.code').map((w) => w.label))];
    assert.ok(lines.length > 0, `step ${now.stepId} offers a command to click`);
    for (const line of lines) {
      await clickInPanel(page, 'lessons.code', line);
      const input = (await state(page)).console.input;
      assert.equal(input, line, 'the click put the whole line, with its values, in the console');
      assert.doesNotMatch(input, /\b[A-Z_]{2,}\b/, 'no placeholder left to edit');
      await press(page, 'Enter');
      const last = (await state(page)).console.last;
      assert.equal(last.command, line);
      assert.equal(last.ok, true, last.output);
    }
    assert.equal((await lesson(page)).nextBlocked, null, `step ${now.stepId}: every goal met by the clicked commands`);
    await screenshot(page, `first-run-03-step-${step + 1}-done`);
    await clickInPanel(page, 'lessons.next');
  }
  const finished = await lesson(page);
  assert.equal(finished.progress, 'Done: all 4 steps');
  assert.equal((await widget(page, 'lessons.progress')).label, 'done');
  assert.equal(finished.nextLesson, '02-why-this-model');
  assert.equal((await widget(page, 'lessons.next-lesson')).label, 'Next lesson');
  await screenshot(page, 'first-run-04-lesson-done');
  await clickInPanel(page, 'lessons.next-lesson');
  // Lesson 1's lab is the learner's work too: the lab asks before lesson 2 replaces it.
  assert.match((await waitForWidget(page, 'replace.question')).label, /Replace your current lab\?/);
  await clickWidget(page, 'replace.confirm');
  assert.equal((await state(page)).console.last.command, 'lab lesson start 02-why-this-model');
  assert.equal((await lesson(page)).id, '02-why-this-model');
  await screenshot(page, 'first-run-05-next-lesson');

  // Closed once, the card stays away on the next visit; Help brings it back.
  await page.reload();
  await waitForReady(page);
  await frames(page, 3);
  assert.equal((await state(page)).windows.welcome, false);
  await clickWidget(page, 'menu.help');
  assert.ok(await widget(page, 'menu.help.lessons'));
  await clickWidget(page, 'menu.help.welcome');
  assert.equal((await state(page)).windows.welcome, true);
  await clickWidget(page, 'welcome.close');
  assert.equal((await state(page)).windows.welcome, false);
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('the first screen in Vietnamese: the card, its buttons and the lessons list, nothing clipped', async () => {
  const { page, messages } = await openLab(lab.browser, lab.server.url, { welcome: true });
  await waitForReady(page);
  await clickWidget(page, 'menu.language');
  await clickWidget(page, 'menu.language.vi');
  await frames(page, 3);
  assert.equal((await state(page)).windows.welcome, true, 'choosing a language does not dismiss the card');
  assert.equal((await widget(page, 'welcome.lesson')).label, 'Bắt đầu bài học 1');
  assert.equal((await widget(page, 'welcome.exercise')).label, 'Mở một bài tập');
  assert.equal((await widget(page, 'welcome.build')).label, 'Tự dựng lab của bạn');
  await assertCardFits(page, ['welcome.lesson', 'welcome.exercise', 'welcome.build', 'welcome.close']);
  await screenshot(page, 'first-run-06-welcome-vi');

  await clickWidget(page, 'welcome.exercise');
  const current = await state(page);
  assert.equal(current.windows.lessons, true);
  assert.equal(current.lessons.lessons[0].listed, '01  Ba quy tắc của mô hình mạng');
  await screenshot(page, 'first-run-07-catalog-vi');
  await clickWidget(page, 'toolbar.delete');
  assert.equal((await widget(page, 'toolbar.delete.pods')).label, 'Các pod');
  assert.equal((await widget(page, 'toolbar.delete.nodes')).label, 'Các node');
  await screenshot(page, 'first-run-08-delete-menu-vi');
  await press(page, 'Escape');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});

test('an exercise submitted shows a readable summary in the page; its time taken is the report\'s', async () => {
  const { page, messages } = await openLab(lab.browser, `${lab.server.url}?exercise=e2-wrong-selector`, { welcome: true });
  await waitForReady(page);
  await frames(page, 3);
  assert.equal((await state(page)).windows.welcome, false, 'a page opened for an exercise goes straight to it');
  await clickInPanel(page, 'lessons.hint');
  await clickInPanel(page, 'lessons.hint');
  await clickInPanel(page, 'lessons.hint');
  await clickInPanel(page, 'lessons.code', 'kubectl label pods web-1 web-2 tier=frontend --overwrite');
  await press(page, 'Enter');
  const download = page.waitForEvent('download');
  await clickInPanel(page, 'lessons.submit');
  const file = await download;
  const report = JSON.parse(await readFile(await file.path(), 'utf8'));
  assert.equal(report.score.percent, 60);
  await frames(page, 3);
  const exercise = (await state(page)).lessons.exercise;
  assert.equal(exercise.summary.percent, 60);
  assert.deepEqual(exercise.summary.tasks.map((t) => t.met), [true, false],
    'the fix alone does not fetch the page: that task waits for the learner\'s own curl');
  assert.equal(exercise.summary.elapsedSeconds, report.elapsedSeconds);
  assert.equal(exercise.clockStopped, true);
  assert.equal(exercise.elapsedMs, report.elapsedSeconds * 1000, 'the clock stopped at the report\'s time');
  assert.ok(await widget(page, 'lessons.summary.time'));
  assert.equal((await widget(page, 'lessons.exercise.elapsed')).label, 'Submitted after %s');
  assert.ok(await widget(page, 'lessons.summary.met'));
  assert.ok(await widget(page, 'lessons.summary.unmet'));
  await clickInPanel(page, 'lessons.summary.score');
  await screenshot(page, 'first-run-09-exercise-summary');
  const again = page.waitForEvent('download');
  await clickInPanel(page, 'lessons.summary.download');
  assert.equal((await again).suggestedFilename(), 'podlab-report-e2-wrong-selector.json');
  assert.deepEqual(messages, [], 'nothing was logged to the console');
  await page.close();
});
