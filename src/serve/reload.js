// guidepost serve: live reload, stylesheet swap, the diagnostics overlay, and word that the
// search index was rebuilt (the search box then starts Pagefind again).
// Served only by `guidepost serve` (never part of a build), as a same-origin file so the pages'
// Content-Security-Policy (script-src 'self') allows it. The overlay is made with DOM methods and
// textContent only: diagnostics quote the author's files and must never be parsed as HTML.
(() => {
  'use strict';
  const OVERLAY_ID = 'guidepost-serve-overlay';
  window.__guidepostServe = { events: [] };

  function hideOverlay() {
    const old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showOverlay(text) {
    hideOverlay();
    const box = document.createElement('div');
    box.id = OVERLAY_ID;
    box.setAttribute('role', 'alert');
    const s = box.style;
    s.position = 'fixed';
    s.inset = '0';
    s.zIndex = '2147483647';
    s.overflow = 'auto';
    s.background = 'rgba(20, 20, 24, 0.94)';
    s.color = '#f5f5f5';
    s.padding = '2rem';
    s.font = '14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
    const title = document.createElement('h2');
    title.textContent = 'guidepost: the last edit does not build';
    title.style.color = '#ff8080';
    title.style.marginTop = '0';
    const note = document.createElement('p');
    note.textContent = 'What built last is still served. Fix the file and this closes by itself.';
    const pre = document.createElement('pre');
    pre.style.whiteSpace = 'pre-wrap';
    pre.textContent = text;
    box.append(title, note, pre);
    (document.body || document.documentElement).append(box);
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set('guidepost-reload', String(Date.now()));
      const next = link.cloneNode();
      next.href = url.href;
      next.addEventListener('load', () => link.remove(), { once: true });
      next.addEventListener('error', () => link.remove(), { once: true });
      link.after(next);
    }
  }

  const source = new EventSource('/__guidepost/events');
  const note = (name) => window.__guidepostServe.events.push(name);
  source.addEventListener('hello', () => note('hello'));
  source.addEventListener('reload', () => { note('reload'); location.reload(); });
  source.addEventListener('css', () => { note('css'); swapStylesheets(); });
  source.addEventListener('diagnostics', (e) => { note('diagnostics'); showOverlay(e.data); });
  source.addEventListener('clear', () => { note('clear'); hideOverlay(); });
  source.addEventListener('search', () => {
    note('search');
    window.dispatchEvent(new Event('guidepost:search-index'));
  });
})();
