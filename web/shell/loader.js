// Starts the lab: checks for WebGL2, downloads the WebAssembly with a progress bar, then runs it.
// Anything that stops the lab from starting is shown on the page in words, never as a blank page.
(function () {
  'use strict';
  const loading = document.getElementById('loading');
  const progress = document.getElementById('loading-progress');
  const loadingText = document.getElementById('loading-text');

  function showError(message) {
    loading.hidden = true;
    document.getElementById('error-text').textContent = message;
    document.getElementById('error').hidden = false;
  }

  // The lab reads keys from the canvas: give it focus when it starts and whenever it is clicked
  // (SDL takes the mouse events, so the browser would not focus it by itself).
  const canvas = document.getElementById('canvas');
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));
  canvas.addEventListener('contextmenu', (event) => event.preventDefault());  // the lab draws its own
  window.podlab.ready.then(() => {
    loading.hidden = true;
    canvas.focus({ preventScroll: true });
  }, (error) => showError(error.message));

  function fail(message) {
    window.podlab.__fail(message);
  }

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  async function download(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Downloading ${url} failed: HTTP ${response.status} ${response.statusText}`);
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!response.body || !total) {
      progress.classList.add('indeterminate');
      return new Uint8Array(await response.arrayBuffer());
    }
    const reader = response.body.getReader();
    const bytes = new Uint8Array(total);
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.length > total) throw new Error(`Downloading ${url} failed: more data than announced`);
      bytes.set(value, received);
      received += value.length;
      progress.style.width = `${(100 * received / total).toFixed(1)}%`;
      loadingText.textContent = `Loading… ${(received / 1048576).toFixed(1)} / ${(total / 1048576).toFixed(1)} MB`;
    }
    return bytes.subarray(0, received);
  }

  async function start() {
    if (typeof WebAssembly !== 'object') return fail('This browser does not support WebAssembly.');
    if (!hasWebGL2()) return fail('This browser has no WebGL2 (it may be turned off, or the graphics driver is blocked).');
    let wasm;
    try {
      wasm = await download('podlab.wasm');
    } catch (error) {
      return fail(error.message === 'Failed to fetch' ? 'The lab could not be downloaded: the network request failed.' : error.message);
    }
    loadingText.textContent = 'Starting…';
    progress.classList.remove('indeterminate');
    progress.style.width = '100%';
    window.Module = {
      canvas: document.getElementById('canvas'),
      wasmBinary: wasm.buffer.byteLength === wasm.length ? wasm.buffer : wasm.slice().buffer,
      print: (text) => console.log(text),
      printErr: (text) => console.error(text),
      // After the lab has started, or in the middle of a line, stopping is a bug in the lab, and
      // crash_guard.js offers to reopen the lab; before that, the lab could not start.
      onAbort: (reason) => {
        if (!window.podlabCrashGuard.aborted(`Aborted(${reason ?? ''})`)) fail(`The lab stopped: ${reason}`);
      },
    };
    const script = document.createElement('script');
    script.src = 'podlab.js';
    script.onerror = () => fail('The lab could not be downloaded: podlab.js did not load.');
    document.body.appendChild(script);
  }

  start();
})();
