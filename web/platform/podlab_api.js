// window.podlab: the lab's JavaScript API, for the page's loader and for tests.
//   podlab.ready          a promise, resolved with podlab after the first frame is drawn,
//                         rejected with an Error when the lab cannot start
//   podlab.state()        JSON of what is on screen: language, objects, selection, frame count,
//                         and the widgets the last frame drew (id, label, rect in CSS pixels)
//   podlab.command(line)  runs one console line, returns {ok, output} or {ok: false, error}
//   podlab.timings        firstFrameMs: milliseconds from navigation to the first frame
//   podlab.frameTimes({reset})  CPU milliseconds of the frames drawn since the last reset:
//                         {frames, total: {mean, median, p95, max}, build: {…}}
//   podlab.__forceAbort({onLine})  tests only: makes the lab stop as a bug would (abort()), at once,
//                         or when the console line `onLine` is about to run (web/platform/crash_guard.js)
// The C++ side of this bridge is web/platform/js_api.cpp.
(function () {
  'use strict';
  let settle;
  const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  ready.catch(() => {});  // a failed start is shown on the page; don't also report it as unhandled

  // Calls an exported function of the lab. ccall would copy string arguments onto the lab's 1 MB
  // stack, past its end for a large lab file or manifest: they go through the heap instead.
  function call(name, returns, types, args) {
    const module = window.Module;
    if (!module || !module.calledRun) throw new Error('podlab: the lab has not started yet');
    if (window.podlabCrashGuard.stopped()) throw new Error('podlab: the lab has stopped');
    const allocated = [];
    try {
      const values = args.map((value, i) => {
        if (types[i] !== 'string') return value;
        const size = module.lengthBytesUTF8(value) + 1;
        const pointer = module._malloc(size);
        allocated.push(pointer);
        module.stringToUTF8(value, pointer, size);
        return pointer;
      });
      return module.ccall(name, returns, types.map((type) => (type === 'string' ? 'number' : type)), values);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) window.podlabCrashGuard.aborted(error.message);
      throw error;
    } finally {
      if (!window.podlabCrashGuard.stopped()) allocated.forEach((pointer) => module._free(pointer));
    }
  }
  window.podlabCall = call;  // for lab_keeping.js

  window.podlab = {
    ready,
    timings: {},
    state() { return JSON.parse(call('podlab_state', 'string', [], [])); },
    command(line) { return JSON.parse(call('podlab_command', 'string', ['string'], [String(line)])); },
    frameTimes({ reset = false } = {}) { return JSON.parse(call('podlab_frame_times', 'string', ['number'], [reset ? 1 : 0])); },
    __forceAbort({ onLine } = {}) {
      if (onLine === undefined) call('podlab_force_abort', null, [], []);
      else call('podlab_abort_on_line', null, ['string'], [String(onLine)]);
    },
    __firstFrame() {
      this.timings.firstFrameMs = performance.now();
      settle.resolve(this);
    },
    __fail(message) { settle.reject(new Error(message)); },
  };
})();
