// Fills every "Your status" block on the page from a guidepost-check report: the #report=
// fragment the checker's --open/--link builds, a pasted report or a chosen file, or one the
// reader asked this browser to remember. It makes no network request: a URL fragment never
// reaches a server, and the report is only read, checked and written into the page as text.
// Markup comes from the <template> elements the server rendered; report strings only ever go
// through textContent, so a report holding HTML or script shows as text.

const SCHEMA_VERSION = 1;
const STORAGE_KEY = "guidepost-status-report";
const STATUSES = ["ok", "attention", "problem", "unknown"];

/** Decodes base64url (no padding) into a UTF-8 string. */
function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "===".slice((base64.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Parses and checks a report; throws an Error whose message is meant for the reader. */
function readReport(text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error("This is not a guidepost-check report: it is not valid JSON.");
  }
  if (report === null || typeof report !== "object" || typeof report.schema !== "number") {
    throw new Error("This is not a guidepost-check report: it has no schema version.");
  }
  if (report.schema !== SCHEMA_VERSION) {
    throw new Error(
      `This report uses format version ${report.schema}, but this site reads version ` +
        `${SCHEMA_VERSION}. Download the checker from this site's downloads page and run it again.`,
    );
  }
  if (!Array.isArray(report.checks)) {
    throw new Error("This report has no list of checks.");
  }
  return report;
}

function text(value) {
  return typeof value === "string" ? value : value == null ? "" : String(value);
}

/** Shows `report` in one widget. */
function render(widget, report) {
  const wanted = (widget.dataset.checks || "").split(" ").filter(Boolean);
  const live = widget.querySelector(".status-live");
  const list = live.querySelector(".status-list");
  const checkTemplate = widget.querySelector("template.status-check-template");
  const factTemplate = widget.querySelector("template.status-fact-template");
  const helpLinks = new Map(
    Array.from(widget.querySelectorAll(".status-help-links a[data-check]"), (a) => [
      a.dataset.check,
      a.getAttribute("href"),
    ]),
  );
  const checker = report.checker && typeof report.checker === "object" ? report.checker : {};
  live.querySelector(".status-source").textContent =
    `From your guidepost-check report of ${text(report.generated)} ` +
    `(checker ${text(checker.version)}, ${text(checker.os)}).`;
  list.replaceChildren();
  for (const id of wanted) {
    const check = report.checks.find((c) => c && c.id === id);
    if (!check) continue;
    const item = checkTemplate.content.firstElementChild.cloneNode(true);
    const status = STATUSES.includes(check.status) ? check.status : "unknown";
    item.classList.add(`status-${status}`);
    // The words for each status come from the server (data-label-ok, ...).
    const label = `label${status[0].toUpperCase()}${status.slice(1)}`;
    item.querySelector(".status-badge").textContent = widget.dataset[label] || status;
    item.querySelector(".status-name").textContent = text(check.title);
    item.querySelector(".status-summary").textContent = text(check.summary);
    const facts = item.querySelector(".status-facts");
    if (check.facts && typeof check.facts === "object") {
      for (const [label, value] of Object.entries(check.facts)) {
        const row = factTemplate.content.firstElementChild.cloneNode(true);
        row.querySelector("dt").textContent = text(label);
        row.querySelector("dd").textContent = text(value);
        facts.append(row);
      }
    }
    if (!facts.children.length) facts.remove();
    const reason = item.querySelector(".status-reason");
    if (check.reason_unknown) reason.textContent = `Why unknown: ${text(check.reason_unknown)}`;
    else reason.remove();
    // The link comes from the server's own list, never from the report.
    const help = helpLinks.get(id);
    if (help) item.querySelector(".status-help").setAttribute("href", help);
    else item.querySelector(".status-help-line").remove();
    list.append(item);
  }
  widget.querySelector(".status-server").hidden = true;
  live.hidden = false;
}

function showAll(widgets, report) {
  for (const widget of widgets) render(widget, report);
}

function say(widgets, message) {
  for (const widget of widgets) widget.querySelector(".status-message").textContent = message;
}

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function setRemembered(reportText) {
  try {
    if (reportText === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, reportText);
    return true;
  } catch {
    return false;
  }
}

function start() {
  const widgets = Array.from(document.querySelectorAll(".status-widget"));
  if (!widgets.length) return;
  let current = null;

  const use = (reportText, source) => {
    let report;
    try {
      report = readReport(reportText);
    } catch (error) {
      say(widgets, error.message);
      return;
    }
    current = reportText;
    showAll(widgets, report);
    const kept = widgets[0].querySelector(".status-remember").checked;
    if (kept) setRemembered(reportText);
    say(widgets, `Showing your report (${source}).${kept ? " Remembered on this device." : ""}`);
  };

  for (const widget of widgets) {
    widget.querySelector(".status-controls").hidden = false;
    const remember = widget.querySelector(".status-remember");
    remember.addEventListener("change", () => {
      for (const other of widgets) other.querySelector(".status-remember").checked = remember.checked;
      if (remember.checked && current !== null) {
        say(widgets, setRemembered(current) ? "Remembered on this device." : "This browser does not allow storing it.");
      } else if (!remember.checked) {
        setRemembered(null);
        say(widgets, "Not remembered: nothing of your report is stored on this device.");
      }
    });
    widget.querySelector(".status-forget").addEventListener("click", () => {
      setRemembered(null);
      for (const other of widgets) other.querySelector(".status-remember").checked = false;
      say(widgets, "Forgotten: nothing of your report is stored on this device.");
    });
    widget.querySelector(".status-show").addEventListener("click", () => {
      use(widget.querySelector(".status-paste").value, "pasted");
    });
    widget.querySelector(".status-file").addEventListener("change", (event) => {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      file.text().then(
        (content) => use(content, `file ${file.name}`),
        () => say(widgets, "That file could not be read."),
      );
    });
  }

  const stored = remembered();
  if (stored !== null) {
    for (const widget of widgets) widget.querySelector(".status-remember").checked = true;
  }
  const match = /(?:^#|&)report=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    let decoded = null;
    try {
      decoded = fromBase64Url(match[1]);
    } catch {
      say(widgets, "The report in this link is damaged: run guidepost-check --open again.");
    }
    // The report stays out of the address bar and the history once read.
    history.replaceState(null, "", location.pathname + location.search);
    if (decoded !== null) use(decoded, "from guidepost-check");
  } else if (stored !== null) {
    use(stored, "remembered on this device");
  }
}

start();
