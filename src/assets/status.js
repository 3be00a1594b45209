// Fills every "Your status" block on the page from a guidepost-check report: the #report=
// fragment the checker's --open/--link builds, a pasted report or a chosen file, or one the
// reader asked this browser to remember. It makes no network request: a URL fragment never
// reaches a server, and the report is only read, checked and written into the page as text.
// Markup comes from the <template> elements the server rendered; report strings only ever go
// through textContent, so a report holding HTML or script shows as text. Every link (each
// check's next step) comes from the site's own table in the block, never from the report.

const SCHEMA_VERSION = 2;
const STORAGE_KEY = "guidepost-status-report";
const STATUSES = ["ok", "attention", "problem", "unknown"];
// Most urgent first: what the reader should act on leads the block.
const RANK = { problem: 0, attention: 1, unknown: 2, ok: 3 };

/** Decodes base64url (no padding) into a UTF-8 string. */
function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "===".slice((base64.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Parses and checks a report; throws an Error whose message tells the reader what to do. */
function readReport(text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(
      "This is not a guidepost-check report (it is not valid JSON). Copy everything " +
        "guidepost-check --json printed, or run guidepost-check again and choose to see the result here.",
    );
  }
  if (report === null || typeof report !== "object" || typeof report.schema !== "number") {
    throw new Error(
      "This is not a guidepost-check report (it has no version number). Run guidepost-check " +
        "again and choose to see the result here.",
    );
  }
  if (report.schema < SCHEMA_VERSION) {
    throw new Error(
      `This report was made by an older guidepost-check (report version ${report.schema}); ` +
        `this site reads version ${SCHEMA_VERSION}. Download guidepost-check again from the ` +
        "downloads page and run the new one.",
    );
  }
  if (report.schema > SCHEMA_VERSION) {
    throw new Error(
      `This report was made by a newer guidepost-check (report version ${report.schema}) ` +
        `than this site reads (version ${SCHEMA_VERSION}). Use the guidepost-check from this ` +
        "site's downloads page.",
    );
  }
  if (!Array.isArray(report.checks)) {
    throw new Error("This report has no list of checks. Run guidepost-check again.");
  }
  return report;
}

function text(value) {
  return typeof value === "string" ? value : value == null ? "" : String(value);
}

/** A `YYYY-MM-DD` date or an RFC 3339 time in the reader's own format; the text if neither. */
function localDate(value, kind) {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (kind === "date" && day) {
    const date = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return date.toLocaleDateString(undefined, { dateStyle: "long" });
  }
  if (kind === "datetime" || kind === "generated") {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return kind === "generated"
        ? date.toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" })
        : date.toLocaleDateString(undefined, { dateStyle: "long" });
    }
  }
  return value;
}

/** "2 of 4 need attention: Activation, Account type." over the checks a block shows. */
function summaryLine(checks) {
  const act = checks.filter((c) => c.status === "problem" || c.status === "attention");
  const unknown = checks.filter((c) => c.status === "unknown");
  const names = (list) => list.map((c) => text(c.title)).join(", ");
  let line;
  if (act.length === 0) {
    line = unknown.length ? "Nothing needs attention." : `All ${checks.length} checks are fine.`;
  } else if (act.length === 1) {
    line = `1 of ${checks.length} needs attention: ${names(act)}.`;
  } else {
    line = `${act.length} of ${checks.length} need attention: ${names(act)}.`;
  }
  if (unknown.length) line += ` Could not check: ${names(unknown)}.`;
  return line;
}

/** The site's next step for a result (its error code's entry, else its outcome's), or null. */
function nextStep(widget, check) {
  const key = `${check.id} ${text(check.outcome)}`;
  const step = (wanted) => widget.querySelector(`.status-next-steps li[data-step="${CSS.escape(wanted)}"] a`);
  return (check.code && step(`${key} ${text(check.code).toLowerCase()}`)) || step(key);
}

/** Shows `report` in one widget. */
function render(widget, report) {
  const wanted = (widget.dataset.checks || "").split(" ").filter(Boolean);
  const live = widget.querySelector(".status-live");
  const list = live.querySelector(".status-list");
  const checkTemplate = widget.querySelector("template.status-check-template");
  const factTemplate = widget.querySelector("template.status-fact-template");
  const shown = report.checks
    .filter((c) => c && typeof c === "object" && wanted.includes(c.id))
    .map((c) => ({ ...c, status: STATUSES.includes(c.status) ? c.status : "unknown" }))
    .map((c, order) => ({ c, order }))
    .sort((a, b) => RANK[a.c.status] - RANK[b.c.status] || a.order - b.order)
    .map(({ c }) => c);
  live.querySelector(".status-summary-line").textContent = summaryLine(shown);
  const checker = report.checker && typeof report.checker === "object" ? report.checker : {};
  live.querySelector(".status-source").textContent =
    `From your guidepost-check report of ${localDate(text(report.generated), "generated")} ` +
    `(checker ${text(checker.version)}).`;
  list.replaceChildren();
  for (const check of shown) {
    const item = checkTemplate.content.firstElementChild.cloneNode(true);
    item.classList.add(`status-${check.status}`);
    // The words for each status come from the server (data-label-ok, ...).
    const label = `label${check.status[0].toUpperCase()}${check.status.slice(1)}`;
    item.querySelector(".status-badge").textContent = widget.dataset[label] || check.status;
    item.querySelector(".status-name").textContent = text(check.title);
    item.querySelector(".status-summary").textContent = text(check.summary);
    const step = check.status === "ok" ? null : nextStep(widget, check);
    const next = item.querySelector(".status-next");
    if (step) {
      next.setAttribute("href", step.getAttribute("href"));
      next.textContent = step.textContent;
    } else {
      item.querySelector(".status-next-line").remove();
    }
    const facts = item.querySelector(".status-facts");
    if (Array.isArray(check.facts)) {
      for (const fact of check.facts) {
        if (!fact || typeof fact !== "object") continue;
        const row = factTemplate.content.firstElementChild.cloneNode(true);
        row.querySelector("dt").textContent = text(fact.label);
        row.querySelector("dd").textContent = localDate(text(fact.value), text(fact.kind));
        facts.append(row);
      }
    }
    if (!facts.children.length) facts.remove();
    const reason = item.querySelector(".status-reason");
    if (check.reason_unknown) {
      reason.textContent = `Why the checker could not tell: ${text(check.reason_unknown)}`;
    } else {
      reason.remove();
    }
    const details = item.querySelector(".status-details");
    if (!details.querySelector("dl, .status-reason")) details.remove();
    list.append(item);
  }
  widget.querySelector(".status-server").hidden = true;
  const intro = widget.querySelector(".status-intro");
  if (intro) intro.hidden = true;
  live.hidden = false;
}

function showAll(widgets, report) {
  for (const widget of widgets) render(widget, report);
}

/** A quiet note under the block (what was shown, remembered, forgotten). */
function say(widgets, message) {
  for (const widget of widgets) widget.querySelector(".status-message").textContent = message;
}

/** A problem with a report or link: shown at the top of the block and announced. */
function alarm(widgets, message) {
  for (const widget of widgets) {
    const alert = widget.querySelector(".status-alert");
    alert.querySelector(".status-alert-text").textContent = message;
    alert.hidden = false;
  }
}

function calm(widgets) {
  for (const widget of widgets) widget.querySelector(".status-alert").hidden = true;
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
      alarm(widgets, error.message);
      return;
    }
    calm(widgets);
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
        () => alarm(widgets, "That file could not be read. Choose the file guidepost-check saved."),
      );
    });
  }

  const stored = remembered();
  if (stored !== null) {
    for (const widget of widgets) widget.querySelector(".status-remember").checked = true;
  }
  const match = /(?:^#|&)report=([^&]*)/.exec(location.hash);
  if (match) {
    let decoded = null;
    try {
      decoded = fromBase64Url(match[1]);
    } catch {
      alarm(
        widgets,
        "The report in this link is damaged or incomplete. Run guidepost-check again and " +
          "choose to see the result on the site, or paste what guidepost-check --json printed.",
      );
    }
    // The report stays out of the address bar and the history once read.
    history.replaceState(null, "", location.pathname + location.search);
    if (decoded !== null) use(decoded, "from guidepost-check");
    // The reader came from the checker to see this block: bring it into view.
    widgets[0].scrollIntoView({ block: "start" });
  } else if (stored !== null) {
    use(stored, "remembered on this device");
  }
}

start();
