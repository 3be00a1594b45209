// Guidepost site search: runs the search box of the default theme with Pagefind's JS API.
//
// The box ships `hidden`, so without JavaScript it is not shown at all; this script reveals it.
// Everything is loaded from the site itself (the Pagefind bundle beside this file's site root),
// so search works offline and from any static host, and sends the query nowhere. Results are
// built with DOM methods and textContent only; the excerpt's <mark> highlights are rebuilt from
// an inert parse, never assigned as HTML.

const MAX_RESULTS = 8;
const MAX_HEADINGS = 3;
const DEBOUNCE_MS = 120;

const form = document.querySelector("form.site-search");
if (form) {
  start(form);
}

function start(form) {
  const input = form.querySelector("input[type=search]");
  const status = document.getElementById(form.dataset.status);
  const panel = document.getElementById(form.dataset.results);
  if (!input || !status || !panel) {
    return;
  }
  form.hidden = false;

  let pagefind = null;
  // A large site's index comes in parts (the bundle's parts.json lists the others): Pagefind
  // merges them into one search. Pagefind runs here rather than in its worker: the worker is a
  // second copy of the search code (43 KB) to download before the first result, and a query
  // takes milliseconds.
  const load = () => {
    const bundle = new URL(form.dataset.bundle, location.href);
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      await module.options({ noWorker: true });
      await module.init();
      const listed = await fetch(new URL("parts.json", bundle), { cache: "no-cache" });
      const parts = listed.ok ? (await listed.json()).parts : [];
      await Promise.all(parts.map((part) => module.mergeIndex(new URL(part, bundle).pathname)));
      return module;
    });
    return pagefind;
  };
  // `guidepost serve` rebuilds the index after edits and says so: the next search starts
  // Pagefind again, with the new index.
  window.addEventListener("guidepost:search-index", () => {
    const old = pagefind;
    pagefind = null;
    old?.then((module) => module.destroy()).catch(() => {});
  });

  let latest = 0;
  let timer = 0;
  const run = async (query) => {
    const ticket = ++latest;
    if (!query.trim()) {
      clear();
      return;
    }
    let found;
    try {
      const api = await load();
      const search = await api.search(query);
      found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    } catch (error) {
      if (ticket === latest) {
        show([], query, "Search is not available right now.");
      }
      throw error;
    }
    if (ticket === latest) {
      show(found, query);
    }
  };

  const clear = () => {
    panel.replaceChildren();
    panel.hidden = true;
    status.textContent = "";
  };

  // The status line is for screen readers; when nothing is found (or search fails) the panel
  // says so on screen too, so a sighted reader is not left looking at nothing.
  const show = (found, query, failure) => {
    const said =
      failure ??
      (found.length === 0
        ? `No results for “${query}”.`
        : `${found.length} result${found.length === 1 ? "" : "s"} for “${query}”. Press the down arrow to go through them.`);
    if (found.length === 0) {
      const empty = document.createElement("p");
      empty.className = "search-empty";
      empty.textContent = said;
      panel.replaceChildren(empty);
    } else {
      const list = document.createElement("ol");
      for (const data of found) {
        list.append(item(data));
      }
      panel.replaceChildren(list);
    }
    panel.hidden = false;
    status.textContent = said;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  input.addEventListener("focus", () => {
    load().catch(() => {});
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  form.addEventListener("keydown", (event) => {
    const links = [...panel.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length > 0) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Escape") {
      clear();
      input.focus();
    }
  });
}

// One result: the page title as a link, the excerpt with its matches highlighted, and links to
// the headings of the page where the query matched.
function item(data) {
  const li = document.createElement("li");
  const title = document.createElement("a");
  title.className = "search-result-title";
  title.href = data.url;
  title.textContent = data.meta?.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...highlighted(data.excerpt));
  li.append(title, excerpt);
  const headings = (data.sub_results || []).filter((s) => s.url !== data.url && s.url.includes("#"));
  if (headings.length > 0) {
    const ul = document.createElement("ul");
    for (const sub of headings.slice(0, MAX_HEADINGS)) {
      const link = document.createElement("a");
      link.href = sub.url;
      link.textContent = sub.title;
      const sli = document.createElement("li");
      sli.append(link);
      ul.append(sli);
    }
    li.append(ul);
  }
  return li;
}

// Pagefind's excerpt is escaped text with <mark> around matches. It is parsed as an inert
// document (no script runs, nothing loads) and copied as text nodes and fresh <mark> elements.
function highlighted(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt || "", "text/html");
  const nodes = [];
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}
