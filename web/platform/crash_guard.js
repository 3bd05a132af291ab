// What the page does when the lab stops in the middle of its work: a bug in the lab (an assert, an
// out-of-bounds access, abort()), not anything the learner typed. Every console line is recorded in
// the browser's storage before it runs and cleared after (web/platform/page_guard.cpp), so when the
// lab stops the page knows which line it was running, even after a reload or a crash of the tab. It
// says so plainly, keeps the lab, and offers to reopen it without that line, or to download it with
// that line marked ("crashed": true) for a bug report. Until the learner chooses, a reload shows the
// same choice instead of replaying the line into another stop.
(function () {
  'use strict';
  const labKey = 'podlab.lab';               // the autosave (lab_keeping.js)
  const pendingKey = 'podlab.lab.pending';   // {line, index, origin}: the line being run
  const crashKey = 'podlab.lab.crashed';     // a stop the learner has not yet dealt with

  const words = {
    en: {
      title: 'Podlab stopped: a bug in the lab',
      line: 'It stopped while running this line:',
      noLine: 'It stopped between two lines, while drawing the page.',
      cause: 'This is a fault in Podlab, not in what you typed. Your lab is kept: every line before this one is saved.',
      reopen: 'Reopen the lab without this line',
      reopenAll: 'Reopen the lab',
      download: 'Download the lab for a bug report',
      downloadHint: 'The file holds every line, this one marked "crashed": true. Please attach it to a bug report.',
      notStored: 'The browser\'s storage is full, so the lab could not be reopened here. Download it, reload the page, and open the file with File > Open lab.',
      tabStopped: 'the page stopped while this line was running (the tab was closed or the browser ended it)',
    },
    vi: {
      title: 'Podlab đã dừng: một lỗi trong phòng lab',
      line: 'Nó dừng khi đang chạy dòng lệnh này:',
      noLine: 'Nó dừng giữa hai dòng lệnh, khi đang vẽ trang.',
      cause: 'Đây là lỗi của Podlab, không phải do những gì bạn gõ. Phòng lab của bạn vẫn được giữ: mọi dòng lệnh trước dòng này đều đã được lưu.',
      reopen: 'Mở lại phòng lab, bỏ dòng lệnh này',
      reopenAll: 'Mở lại phòng lab',
      download: 'Tải phòng lab về để báo lỗi',
      downloadHint: 'Tệp chứa mọi dòng lệnh, dòng này được đánh dấu "crashed": true. Hãy đính kèm nó vào báo cáo lỗi.',
      notStored: 'Bộ nhớ của trình duyệt đã đầy nên không thể mở lại phòng lab ở đây. Hãy tải nó về, tải lại trang, rồi mở tệp bằng Tệp > Mở phòng lab.',
      tabStopped: 'trang đã dừng khi dòng lệnh này đang chạy (thẻ bị đóng hoặc trình duyệt đã kết thúc nó)',
    },
  };

  let pending = null;     // the line being run, also in storage
  let opening = null;     // {text, origin}: the lab being opened, whose lines a replay runs
  let lastLab = null;     // the last autosave the lab made, stored or not
  let language = 'en';
  let crash = null;       // the stop shown on the page
  let stopped = false;    // the lab in this page has stopped (after a reload it runs, behind the message)

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }
  function get(key) {
    try {
      return storage()?.getItem(key) ?? null;
    } catch (e) {
      return null;
    }
  }
  function set(key, value) {
    try {
      storage()?.setItem(key, value);
      return true;
    } catch (e) {
      return false;  // full: the caller says what that means
    }
  }
  function remove(key) {
    try {
      storage()?.removeItem(key);
    } catch (e) { /* nothing to free */ }
  }

  // The lab as it was saved, to reopen or download: the lab being opened when a replayed line
  // stopped it, else the last autosave.
  function baseLab(record) {
    const text = record.lab ?? get(labKey);
    try {
      const lab = JSON.parse(text);
      if (lab && Array.isArray(lab.lines)) return lab;
    } catch (e) { /* no lab saved yet */ }
    return { format: 'podlab-lab', version: 1, seed: 1, lines: [] };
  }

  // Whether the line is one of baseLab's lines (at record.index). Not when the tab itself ended
  // while a file or a link was being opened: that lab is gone, and the autosave is the learner's own.
  const inBase = (record) => record.index >= 0 && (record.lab !== null || record.origin === 'autosave');

  // A lab as JSON text, its seed written as in `original` (a 64-bit seed loses digits as a JS number).
  function labText(lab, original) {
    const text = JSON.stringify(lab);
    const seed = /"seed"\s*:\s*(\d+)/.exec(original ?? '');
    return seed ? text.replace(/"seed":[^,}]*/, `"seed":${seed[1]}`) : text;
  }

  function labWithout(record) {
    const lab = baseLab(record);
    if (inBase(record)) lab.lines.splice(record.index, 1);
    return lab;
  }

  function labMarked(record) {
    const lab = baseLab(record);
    if (record.line === null) return { ...lab, crashed: { reason: record.reason } };
    if (inBase(record)) lab.lines[record.index] = { ...lab.lines[record.index], crashed: true };
    else lab.lines.push({ line: record.line, ok: false, crashed: true });
    const number = inBase(record) ? record.index + 1 : lab.lines.length;
    return { ...lab, crashed: { line: number, reason: record.reason } };
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(record) {
    crash = record;
    const say = words[record.language] || words.en;
    document.getElementById('loading').hidden = true;
    const box = element('div', { id: 'crash', role: 'alert' });
    box.append(element('div', { class: 'title' }, say.title));
    if (record.line !== null) {
      box.append(element('p', {}, say.line));
      box.append(element('pre', { id: 'crash-line' }, record.line));
    } else {
      box.append(element('p', {}, say.noLine));
    }
    box.append(element('p', {}, say.cause));
    box.append(element('p', { id: 'crash-reason' }, record.reason));
    const buttons = element('div', { class: 'buttons' });
    const reopen = element('button', { id: 'crash-reopen', type: 'button' }, record.line !== null ? say.reopen : say.reopenAll);
    const download = element('button', { id: 'crash-download', type: 'button' }, say.download);
    buttons.append(reopen, download);
    box.append(buttons);
    box.append(element('p', { class: 'hint' }, say.downloadHint));
    const problem = element('p', { id: 'crash-problem', hidden: '' });
    box.append(problem);
    reopen.addEventListener('click', () => {
      remove(crashKey);
      remove(pendingKey);
      // A line run on the lab on screen with no copy of the lab kept: the autosave is already the lab without it.
      const autosaveIsIt = record.index < 0 && record.lab === null;
      if (!set(labKey, labText(labWithout(record), record.lab ?? get(labKey))) && !autosaveIsIt) {
        set(crashKey, JSON.stringify(record));
        problem.textContent = say.notStored;
        problem.hidden = false;
        return;
      }
      window.location.reload();
    });
    download.addEventListener('click', () => {
      window.podlabKeeping.download('podlab-crash.podlab.json', `${labText(labMarked(record), record.lab ?? get(labKey))}\n`);
    });
    document.body.append(box);
    reopen.focus();
  }

  // The lab stopped. Returns false when it never started and was running no line: the page's
  // start-up error says why it could not start.
  function aborted(reason) {
    if (stopped) return true;
    const started = window.podlab?.timings?.firstFrameMs !== undefined;
    if (!pending && !started) return false;
    const replayed = pending && pending.index >= 0;
    const record = {
      reason: String(reason),
      line: pending ? pending.line : null,
      index: pending ? pending.index : -1,
      origin: replayed ? opening?.origin ?? 'autosave' : 'live',
      language,
      // The lab the line belongs to: the one being opened, or the lab on screen as last saved
      // (before this line: the lab saves itself before each line; none yet: an empty lab).
      lab: replayed ? opening?.text ?? null : lastLab ?? JSON.stringify({ format: 'podlab-lab', version: 1, seed: 1, lines: [] }),
    };
    // Kept for the reload; if the storage is full, without the lab (the autosave has it).
    if (!set(crashKey, JSON.stringify(record))) set(crashKey, JSON.stringify({ ...record, lab: null }));
    remove(pendingKey);
    pending = null;
    stopped = true;
    if (!crash) show(record);
    return true;
  }

  // At start, before the lab opens its autosave or a link: true when a stop is waiting for the
  // learner's choice (the lab then opens nothing).
  function holdsCrash() {
    let saved = get(crashKey);
    const line = get(pendingKey);
    if (!saved && line) {
      const record = JSON.parse(line);
      const say = words[record.language] || words.en;
      saved = JSON.stringify({ ...record, reason: say.tabStopped, lab: null });
      set(crashKey, saved);
      remove(pendingKey);
    }
    if (!saved) return false;
    show(JSON.parse(saved));
    return true;
  }

  window.addEventListener('error', (event) => {
    if (event.error instanceof WebAssembly.RuntimeError || pending) aborted(event.message);
  });

  window.podlabCrashGuard = {
    lineStarting(line, index, lang) {
      language = lang;
      pending = { line, index, origin: index >= 0 ? opening?.origin ?? 'autosave' : 'live', language };
      set(pendingKey, JSON.stringify(pending));
    },
    lineDone() {
      pending = null;
      remove(pendingKey);
    },
    opening(text, origin) { opening = { text, origin }; },
    stored(text) { lastLab = text; },
    aborted,
    holdsCrash,
    stopped: () => stopped,
  };
})();
