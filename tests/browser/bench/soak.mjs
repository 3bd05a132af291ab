// Soak: 10,000 console lines and 1,000 traffic commands in headless Chromium, run through the
// test API in batches (they land in the console and the lab like typed lines; the page draws and
// autosaves between batches). Every 1,000 lines it prints the WebAssembly memory (HEAP8.length:
// what the lab has asked the browser for, which never shrinks) and the JavaScript heap after a
// garbage collection (CDP Runtime.getHeapUsage), then the ratio of the last figures to those at
// 1,000 lines: near 1 means flat. Then a reload, timing how long the autosaved lab takes to replay,
// which is what the lab-size limits in web/app/page_guard.h rest on. A benchmark, not a test:
// `make soak`. Usage: node tests/browser/bench/soak.mjs [lines] [traffic]
import { serve, launch, openLab, waitForReady } from '../harness.mjs';

const totalLines = Number(process.argv[2] || 10000);
const totalTraffic = Number(process.argv[3] || 1000);
const server = await serve();
const browser = await launch();
try {
  const { page, messages } = await openLab(browser, server.url);
  await waitForReady(page);
  const cdp = await page.context().newCDPSession(page);
  const run = (lines) => page.evaluate((batch) => {
    let failed = 0;
    for (const line of batch) if (!window.podlab.command(line).ok) failed += 1;
    return failed;
  }, lines);

  await run(['kubectl run web --image=nginx --port 80', 'kubectl expose pod web --port 80', 'kubectl run client --image=busybox']);
  const webIP = await page.evaluate(() => window.podlab.state().objects.find((o) => o.kind === 'Pod' && o.name === 'web').podIP);
  // Lines a learner would type over and over; a pod made and deleted, so the lab's size stays put
  // while its history grows. Every eleventh line is traffic.
  const everyday = ['kubectl get pods -o wide', 'kubectl run tmp --image=busybox', 'node node-1 -- ip route',
    'kubectl get svc', 'kubectl delete pod tmp', 'lab fingerprint', 'node node-2 -- iptables-save -t nat', 'kubectl get endpoints web',
    'kubectl exec client -- ip addr'];
  const traffic = [`kubectl exec client -- ping -c 1 ${webIP}`, 'kubectl exec client -- curl -s http://web/',
    'kubectl exec client -- nslookup web', `kubectl exec client -- traceroute ${webIP}`];
  const lineAt = (i) => (i % 11 === 10 ? traffic[Math.floor(i / 11) % traffic.length] : everyday[i % everyday.length]);

  const figures = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const js = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.Module.HEAP8.length);
    return { wasm, js: js.usedSize };
  };
  const mb = (bytes) => (bytes / 1048576).toFixed(1).padStart(8);
  const rows = [];
  let failed = 0;
  const started = Date.now();
  const batch = 100;
  const lines = totalLines + totalTraffic;
  for (let done = 0; done < lines;) {
    const count = Math.min(batch, lines - done);
    failed += await run(Array.from({ length: count }, (_, k) => lineAt(done + k)));
    done += count;
    // Let the page draw two frames (and autosave) between batches.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    if (done % 1000 === 0 || done === lines) rows.push({ lines: done, seconds: (Date.now() - started) / 1000, ...(await figures()) });
  }
  console.log(`soak: ${totalLines} console lines with ${totalTraffic} traffic commands among them (every eleventh line); ${failed} lines failed`);
  console.log('   lines  seconds  wasm heap MB  JS heap MB');
  for (const row of rows) console.log(`${String(row.lines).padStart(8)} ${row.seconds.toFixed(1).padStart(8)}      ${mb(row.wasm)}    ${mb(row.js)}`);
  const first = rows.find((row) => row.lines >= 1000);
  const last = rows.at(-1);
  console.log(`ratio last/1000 lines: wasm heap ${(last.wasm / first.wasm).toFixed(2)}, JS heap ${(last.js / first.js).toFixed(2)}`);

  const stored = await page.evaluate(() => localStorage.getItem('podlab.lab').length);
  const reloadStart = Date.now();
  await page.reload();
  await waitForReady(page);
  await page.waitForFunction((wanted) => {
    const keeping = window.podlab.state().keeping;
    return keeping.replay === null && keeping.lines >= wanted;
  }, lines, { timeout: 600000, polling: 500 });
  const replaySeconds = (Date.now() - reloadStart) / 1000;
  console.log(`replay after reload: ${lines + 3} lines (${(stored / 1048576).toFixed(2)} MB saved) in ${replaySeconds.toFixed(1)} s `
    + `(${((lines + 3) / replaySeconds).toFixed(0)} lines/s)`);
  const notice = await page.evaluate(() => window.podlab.state().keeping.notice);
  if (notice) console.log(`notice after replay: ${notice}`);
  if (messages.length) console.log(`page messages: ${messages.map((m) => m.text).join(' | ')}`);
} finally {
  await browser.close();
  await server.close();
}
