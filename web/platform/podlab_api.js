// window.podlab: the lab's JavaScript API, for the page's loader and for tests.
//   podlab.ready          a promise, resolved with podlab after the first frame is drawn,
//                         rejected with an Error when the lab cannot start
//   podlab.state()        JSON of what is on screen: language, objects, selection, frame count,
//                         and the widgets the last frame drew (id, label, rect in CSS pixels)
//   podlab.command(line)  runs one console line, returns {ok, output} or {ok: false, error}
//   podlab.timings        firstFrameMs: milliseconds from navigation to the first frame
//   podlab.frameTimes({reset})  CPU milliseconds of the frames drawn since the last reset:
//                         {frames, total: {mean, median, p95, max}, build: {…}}
// The C++ side of this bridge is web/platform/js_api.cpp.
(function () {
  'use strict';
  let settle;
  const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  ready.catch(() => {});  // a failed start is shown on the page; don't also report it as unhandled

  function call(name, returns, types, args) {
    if (!window.Module || !window.Module.calledRun) throw new Error('podlab: the lab has not started yet');
    return window.Module.ccall(name, returns, types, args);
  }

  window.podlab = {
    ready,
    timings: {},
    state() { return JSON.parse(call('podlab_state', 'string', [], [])); },
    command(line) { return JSON.parse(call('podlab_command', 'string', ['string'], [String(line)])); },
    frameTimes({ reset = false } = {}) { return JSON.parse(call('podlab_frame_times', 'string', ['number'], [reset ? 1 : 0])); },
    __firstFrame() {
      this.timings.firstFrameMs = performance.now();
      settle.resolve(this);
    },
    __fail(message) { settle.reject(new Error(message)); },
  };
})();
