// The browser's side of keeping the learner's work, called by web/platform/keeping.cpp and calling
// back into the lab through Module.ccall: the lab saved in localStorage after every line, lab files
// downloaded and opened, and share links that carry the whole lab in the URL fragment
// (#lab= + base64url of the deflate-raw compressed saved lab). Decoding a link is the browser's
// work (CompressionStream); what the text says is the lab's (web/app/saved_lab.h).
(function () {
  'use strict';
  const storageKey = 'podlab.lab';
  const keptAsideKey = 'podlab.lab.kept-aside';  // an autosave that did not replay
  const recentKey = 'podlab.recent';  // labs another lab replaced: File > Recent labs
  const linkPrefix = '#lab=';

  const call = (name, types, args) => window.podlabCall(name, null, types, args);
  const openLab = (text, origin, name) => {
    window.podlabCrashGuard.opening(text, origin);
    call('podlab_open_lab', ['string', 'string', 'string'], [text, origin, name]);
  };
  const limits = () => window.podlabLimits;  // web/app/page_guard.h, published by the lab when it starts
  const linkDamaged = (reason, position) => call('podlab_link_damaged', ['string', 'number'], [reason, position]);

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;  // storage switched off for this page
    }
  }

  async function deflate(text) {
    const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // The text, or null when it would be larger than a lab may be: a few kilobytes of link can
  // inflate to gigabytes, so reading stops at the limit.
  async function inflate(bytes, limit) {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        reader.cancel();
        return { tooLarge: size };
      }
      chunks.push(value);
    }
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await new Blob(chunks).arrayBuffer()) };
  }

  function toBase64url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // {bytes}, or {badAt}: the 1-based place of the first character base64url has no room for.
  function fromBase64url(text) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    if (bad >= 0) return { badAt: bad + 1 };
    if (text.length % 4 === 1) return { badAt: text.length };  // a lone last character holds no whole byte
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return { bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)) };
  }

  // Opens the lab in the URL's fragment, if there is one. Returns false when there is none or it
  // is damaged (the lab reports a damaged one), true when its lab is being opened.
  async function openLink() {
    const hash = window.location.hash;
    if (!hash.startsWith(linkPrefix)) return false;
    // The link has done its work once read: a reload opens the autosave, which by then is its lab.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    const decoded = fromBase64url(hash.slice(linkPrefix.length));
    if (decoded.badAt) {
      linkDamaged('base64', decoded.badAt);
      return false;
    }
    let inflated;
    try {
      inflated = await inflate(decoded.bytes, limits().labFileBytes);
    } catch (e) {
      linkDamaged('deflate', 0);
      return false;
    }
    if (inflated.tooLarge) {
      call('podlab_too_large', ['string', 'string', 'number'], ['link', '', inflated.tooLarge]);
      return false;
    }
    openLab(inflated.text, 'link', '');
    return true;
  }

  // The learner's own lab first; a link then asks before it replaces it.
  async function restore() {
    loadRecent();
    if (window.podlabCrashGuard.holdsCrash()) return;  // the lab stopped: the learner chooses what to open
    const saved = storage()?.getItem(storageKey);
    if (saved) openLab(saved, 'autosave', '');
    await openLink();
    call('podlab_lab_started', [], []);
  }

  function loadRecent() {
    const text = storage()?.getItem(recentKey) || '';
    call('podlab_recent_labs', ['string', 'number'], [text, -new Date().getTimezoneOffset()]);
  }

  // A link pasted into the address bar of an open lab changes only the fragment: no reload.
  window.addEventListener('hashchange', () => { openLink(); });

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function pickFile(purpose) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = purpose === 'lab' ? '.json,application/json' : '.yaml,.yml,.json';
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const limit = purpose === 'lab' ? limits().labFileBytes : limits().inputBytes;
      if (file.size > limit) {
        call('podlab_too_large', ['string', 'string', 'number'], [purpose, file.name, file.size]);
        return;
      }
      const text = await file.text();
      if (purpose === 'lab') openLab(text, 'file', file.name);
      else call('podlab_yaml_loaded', ['string', 'string'], [text, file.name]);
    });
    input.click();
  }

  async function shareLink(json) {
    const place = window.location.origin + window.location.pathname + window.location.search;
    const url = place + linkPrefix + toBase64url(await deflate(json));
    if (url.length > limits().shareLinkChars) {
      call('podlab_link_too_long', ['number'], [url.length]);
      return;
    }
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch (e) {
      copied = false;  // the page shows the link to copy by hand
    }
    call('podlab_share_link', ['string', 'number'], [url, copied ? 1 : 0]);
  }

  window.podlabKeeping = {
    restore,
    // Returns false when the browser's storage refused it (full): the lab says it can no longer autosave.
    store(text) {
      window.podlabCrashGuard.stored(text);
      try {
        storage()?.setItem(storageKey, text);
        return true;
      } catch (e) {
        return false;
      }
    },
    keepAside(text) {
      try {
        storage()?.setItem(keptAsideKey, text);
      } catch (e) { /* full: the notice offers the kept lab for download */ }
    },
    storeRecent(text) {
      try {
        storage()?.setItem(recentKey, text);
      } catch (e) { /* full: the autosave notice already says the browser's storage is full */ }
    },
    download,
    pickFile,
    shareLink,
  };
})();
