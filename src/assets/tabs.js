// Turns each tabs widget (`<div class="tabs">`: headings, each followed by its tab's content)
// into tabs, following the WAI-ARIA tabs pattern: a tablist of buttons (Left/Right arrows,
// Home and End move between them and open the tab; Tab goes on into the open panel), each
// panel named by its tab. Without this script the page shows every tab under its heading.
//
// The reader's choice is kept in this browser only (localStorage, never sent anywhere) per
// group: tabs with the same `data-tabs-group`, or by default the same labels, open the same
// tab on every page. A link to a heading inside a tab opens that tab.

const KEY = "guidepost-tabs:";
const widgets = [];

/** Reads (one argument) or keeps (two) a group's choice; storage may be off (private windows). */
function stored(group, label) {
  try {
    return label ? localStorage.setItem(KEY + group, label) : localStorage.getItem(KEY + group);
  } catch {
    return null; // without storage the choice lasts for this page only
  }
}

/** Builds the tabs of one widget; `n` makes its ids unique on the page. */
function build(root, n) {
  const level = root.firstElementChild?.tagName;
  const headings = [...root.children].filter((el) => el.tagName === level);
  if (!/^H[2-6]$/.test(level) || headings.length < 2) {
    return;
  }
  const list = document.createElement("div");
  list.className = "tabs-list";
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", root.dataset.tabsLabel || "Choose your version");
  const widget = { tabs: [], panels: [] };
  headings.forEach((heading, i) => {
    const panel = document.createElement("div");
    const tab = document.createElement("button");
    panel.id = `tabs-${n}-panel-${i}`;
    tab.id = `tabs-${n}-tab-${i}`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
    root.insertBefore(panel, heading);
    // The heading and everything up to the next one move into the panel.
    for (let node = heading; node && (node === heading || node.tagName !== level); ) {
      const next = node.nextSibling;
      panel.append(node);
      node = next;
    }
    heading.classList.add("tab-heading", "visually-hidden");
    const words = heading.cloneNode(true);
    words.querySelectorAll(".anchor").forEach((anchor) => anchor.remove());
    tab.type = "button";
    tab.textContent = words.textContent.trim();
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    list.append(tab);
    widget.tabs.push(tab);
    widget.panels.push(panel);
  });
  root.prepend(list);
  const { tabs } = widget;
  widget.group = root.dataset.tabsGroup || tabs.map((t) => t.textContent).sort().join("|");
  widgets.push(widget);
  list.addEventListener("click", (event) => {
    const at = tabs.indexOf(event.target.closest('[role="tab"]'));
    if (at >= 0) choose(widget, at, true);
  });
  list.addEventListener("keydown", (event) => {
    const at = tabs.indexOf(document.activeElement);
    const last = tabs.length - 1;
    const to = { ArrowRight: at < last ? at + 1 : 0, ArrowLeft: at > 0 ? at - 1 : last, Home: 0, End: last }[event.key];
    if (at >= 0 && to !== undefined) {
      event.preventDefault();
      choose(widget, to, true);
      tabs[to].focus();
    }
  });
  show(widget, Math.max(indexOf(widget, stored(widget.group)), 0));
}

function indexOf(widget, label) {
  return widget.tabs.findIndex((t) => t.textContent === label);
}

/** Opens tab `i` of a widget. */
function show(widget, i) {
  widget.tabs.forEach((tab, j) => {
    tab.setAttribute("aria-selected", String(i === j));
    tab.tabIndex = i === j ? 0 : -1;
    widget.panels[j].hidden = i !== j;
  });
}

/** Opens tab `i`; when the reader chose it, every widget of the group follows and it is kept. */
function choose(widget, i, byReader) {
  const label = widget.tabs[i].textContent;
  show(widget, i);
  if (byReader) {
    for (const other of widgets) {
      const same = indexOf(other, label);
      if (other !== widget && other.group === widget.group && same >= 0) {
        show(other, same);
      }
    }
    stored(widget.group, label);
  }
}

/** Opens the tab that holds the element the address points to, if any. */
function revealTarget() {
  let target;
  try {
    target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return; // a malformed address names nothing
  }
  for (const widget of widgets) {
    const i = widget.panels.findIndex((p) => target && p.contains(target));
    if (i >= 0) {
      choose(widget, i, false);
      target.scrollIntoView();
    }
  }
}

document.querySelectorAll(".tabs").forEach(build);
revealTarget();
window.addEventListener("hashchange", revealTarget);
