// Frame time of the lab in headless Chromium with 20 nodes, 500 pods and a packet moving on the
// timeline (a ping from a pod on node-2 to one on node-20, playing at 1×). Prints figures; it is a
// benchmark, not a test (`make bench` runs it). Figures, in milliseconds of CPU per frame:
//   wasm frame      the lab's frame function: views, panels, ImGui's render, the WebGL calls
//   wasm build      the part of it before ImGui's render: updating the views, running the panels
//   main thread     all the page's main-thread work per frame (Chrome's TaskDuration), which adds
//                   the browser's own work (events, compositing the canvas) to the frame function
// and the frame rate the page reached. Usage: node tests/browser/bench/frame_time.mjs [seconds]
import { serve, launch, openLab, waitForReady } from '../harness.mjs';

const seconds = Number(process.argv[2] || 5);
const server = await serve();
const browser = await launch();
try {
  const { page, messages } = await openLab(browser, server.url);
  await waitForReady(page);
  const run = (line) => page.evaluate((l) => window.podlab.command(l), line);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const f = (x) => x.toFixed(2);

  // Frames drawn during `seconds`, with the lab's own figures and the main thread's.
  async function measure(title) {
    await page.waitForTimeout(500);  // the first frames after a change prepare the views
    await page.evaluate(() => window.podlab.frameTimes({ reset: true }));
    const taskStart = await taskSeconds();
    const wallStart = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const taskEnd = await taskSeconds();
    const wall = (Date.now() - wallStart) / 1000;
    const times = await page.evaluate(() => window.podlab.frameTimes());
    console.log(title);
    console.log(`  frames: ${times.frames} in ${wall.toFixed(1)} s (${(times.frames / wall).toFixed(1)} fps)`);
    console.log(`  wasm_frame_ms   mean=${f(times.total.mean)} median=${f(times.total.median)} p95=${f(times.total.p95)} max=${f(times.total.max)}`);
    console.log(`  wasm_build_ms   mean=${f(times.build.mean)} median=${f(times.build.median)} p95=${f(times.build.p95)} max=${f(times.build.max)}`);
    console.log(`  main_thread_ms  mean=${f(((taskEnd - taskStart) * 1000) / Math.max(1, times.frames))} (TaskDuration / frames)`);
  }

  await measure('default lab (3 nodes, CoreDNS), idle:');

  for (const line of ['lab cluster init --nodes 20', 'kubectl create deployment web --image=nginx --replicas=500']) {
    const result = await run(line);
    if (!result.ok) throw new Error(`${line}: ${result.output || result.error}`);
  }
  const objects = (await page.evaluate(() => window.podlab.state())).objects;
  const nodes = objects.filter((o) => o.kind === 'Node').length;
  const groups = objects.filter((o) => o.kind === 'PodGroup');
  const pods = (await run('kubectl get pods -o wide')).output.split('\n').filter((l) => l.startsWith('web-'));
  const on = (node) => pods.find((l) => l.split(/\s+/)[6] === node).split(/\s+/);
  const [source] = on('node-2');
  const target = on('node-20')[5];
  const ping = await run(`kubectl exec ${source} -- ping -c 1 ${target}`);
  if (!ping.ok) throw new Error(ping.output);
  await measure(`${nodes} nodes, ${pods.length} web pods in ${groups.length} groups, ping ${source} -> ${target} playing:`);
  const state = await page.evaluate(() => window.podlab.state());
  if (!state.timeline.playing) throw new Error('the timeline stopped playing during the measurement');
  console.log(`  (${state.timeline.events.length} hops at ${state.timeline.speed}x, zoom ${Math.round(state.view.zoom * 100)}%, ` +
              `load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'pageerror');
  if (errors.length) console.log(`console errors: ${errors.map((m) => m.text).join(' | ')}`);
} finally {
  await browser.close();
  await server.close();
}
