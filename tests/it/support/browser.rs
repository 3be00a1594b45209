//! A real-browser harness for integration tests: Debian's Chromium, headless, driven over the
//! Chrome DevTools Protocol (CDP), plus a tiny static file server.
//!
//! Test modules use it as `crate::support::browser`.
//!
//! * [`Browser::launch`] starts `/usr/bin/chromium` (or `$GUIDEPOST_CHROMIUM`) headless with a
//!   fresh temporary profile, through the `headless_chrome` crate (process, port, kill on drop).
//!   The harness then speaks CDP over its own WebSocket as plain JSON (see [`Browser`] for why).
//! * Every other host is unreachable: the browser's proxy is a recorder on 127.0.0.1 that logs
//!   what it is asked for and answers `502`, and host names other than `localhost` resolve to
//!   nothing. So a test never sends traffic off the machine, and a page's requests to foreign
//!   hosts are seen twice: by CDP (`Network.requestWillBeSent`) and by the proxy, which does not
//!   depend on CDP reporting every request (workers, for one, are not in the page's session).
//! * [`Browser::visit`] loads a URL in the one tab the browser keeps, waits for `load` plus a
//!   short settle, optionally activates the page (see [`VisitOptions::activate`]) and returns a
//!   [`Visit`]: every JavaScript dialog (auto-dismissed so the page never hangs), every request,
//!   console and log messages, uncaught exceptions and popups, with [`Visit::eval`] to ask the
//!   page itself (`window.__gp_xss`, an injected axe-core run, a search box's results, ...).
//! * [`serve_dir`] serves a directory on `127.0.0.1:0` from a background thread.
//! * [`launch_or_skip`] implements the policy for a missing Chromium: in CI (`CI` set) the test
//!   fails; locally it prints a notice and the test returns early.
//!
//! Site isolation is switched off so that iframes (`srcdoc`, `data:`, cross-origin) run in the
//! page's renderer and their dialogs and requests reach the page's CDP session.

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use headless_chrome::LaunchOptions;
use serde_json::{Value, json};
use tempfile::TempDir;

/// Errors of the harness: launch failures, CDP errors, page exceptions, I/O.
pub(crate) type Error = Box<dyn std::error::Error + Send + Sync>;

/// The harness's result type.
pub(crate) type Result<T> = std::result::Result<T, Error>;

/// Environment variable naming the Chromium binary; [`DEFAULT_CHROMIUM`] without it.
pub(crate) const CHROMIUM_ENV: &str = "GUIDEPOST_CHROMIUM";

/// Debian's Chromium (`apt-get install chromium`; `scripts/setup.sh` installs it).
pub(crate) const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The Chromium binary the harness drives: `$GUIDEPOST_CHROMIUM`, else [`DEFAULT_CHROMIUM`].
pub(crate) fn chromium_path() -> PathBuf {
    match std::env::var_os(CHROMIUM_ENV) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(DEFAULT_CHROMIUM),
    }
}

/// Whether the tests run in CI: `CI` is set to anything but empty, `0` or `false`.
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Launches the browser for the test named `test`, or decides the test cannot run here.
///
/// A missing Chromium binary fails the test in CI (panics) and returns `None` locally after
/// printing a notice, so the caller returns early. Any other launch failure panics everywhere:
/// a browser that is installed but cannot start is a broken test machine, not a skip.
pub(crate) fn launch_or_skip(test: &str) -> Option<Browser> {
    let path = chromium_path();
    if !path.is_file() {
        let message = format!(
            "{test}: Chromium not found at {} (install Debian's `chromium`, e.g. with \
             scripts/setup.sh, or set {CHROMIUM_ENV})",
            path.display()
        );
        assert!(!in_ci(), "{message}; CI must run the browser tests");
        eprintln!("notice: {message}; skipping this browser test locally");
        return None;
    }
    match Browser::launch() {
        Ok(browser) => Some(browser),
        Err(e) => panic!("{test}: could not launch {}: {e}", path.display()),
    }
}

/// What a [`Browser::visit_with`] does after navigating.
#[derive(Debug, Clone)]
pub(crate) struct VisitOptions {
    /// How long to wait for the `load` event before giving up on it (the visit still returns,
    /// with [`Visit::loaded`] false).
    pub(crate) load_timeout: Duration,
    /// Quiet time after `load` (and again after activation) for timers, `meta refresh`, late
    /// requests and `javascript:` navigations to happen.
    pub(crate) settle: Duration,
    /// After the first settle, act like a very thorough user: fire every inline event handler
    /// (`on*` attribute) with a synthetic event of its name (body/frameset handlers on `window`
    /// too), click every element whose `href`/`xlink:href` resolves to a `javascript:` URL, submit
    /// every form whose `action` is one and click every control whose `formaction` is one. Other
    /// links are not followed. The counts are in [`Visit::activation`].
    pub(crate) activate: bool,
}

impl Default for VisitOptions {
    fn default() -> Self {
        VisitOptions {
            load_timeout: Duration::from_secs(10),
            settle: Duration::from_millis(300),
            activate: false,
        }
    }
}

/// The kind of a JavaScript dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DialogKind {
    /// `alert()`.
    Alert,
    /// `confirm()`.
    Confirm,
    /// `prompt()`.
    Prompt,
    /// A `beforeunload` confirmation.
    BeforeUnload,
}

/// A JavaScript dialog that opened during a visit (and was dismissed by the harness;
/// `beforeunload` is accepted so that navigation goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dialog {
    /// alert, confirm, prompt or beforeunload.
    pub(crate) kind: DialogKind,
    /// The dialog's text (`alert(1)` → `1`).
    pub(crate) message: String,
    /// The URL of the frame that opened it.
    pub(crate) url: String,
}

impl fmt::Display for Dialog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            DialogKind::Alert => "alert",
            DialogKind::Confirm => "confirm",
            DialogKind::Prompt => "prompt",
            DialogKind::BeforeUnload => "beforeunload",
        };
        write!(
            f,
            "{kind}({:?}) from {}",
            self.message,
            shorten(&self.url, 80)
        )
    }
}

/// A request the page made, as CDP reported it (`Network.requestWillBeSent`): documents
/// (navigations, iframes), subresources, and each hop of a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The full URL (with its fragment, if any).
    pub(crate) url: String,
    /// CDP's resource type: `Document`, `Stylesheet`, `Image`, `Media`, `Script`, `Ping`, ...
    pub(crate) resource_type: String,
    /// HTTP method.
    pub(crate) method: String,
    /// Set when this request is the target of a redirect from that URL.
    pub(crate) redirected_from: Option<String>,
}

/// A request that reached the recording proxy, i.e. one for a host other than the loopback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProxiedRequest {
    /// `GET`, `POST`, ... or `CONNECT` (HTTPS and `wss:`, whose path the proxy cannot see).
    pub(crate) method: String,
    /// The absolute URL (`http://host/path`) or, for `CONNECT`, `host:port`.
    pub(crate) target: String,
}

impl ProxiedRequest {
    /// The request as a URL: the absolute URL, or `https://host:port/` for `CONNECT`.
    pub(crate) fn url(&self) -> String {
        if self.method.eq_ignore_ascii_case("CONNECT") {
            format!("https://{}/", self.target)
        } else {
            self.target.clone()
        }
    }
}

/// A console or log message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsoleMessage {
    /// `log`, `error`, `warning`, ... (console API) or `log:<source>:<level>` (Log domain:
    /// CSP violations, failed loads, interventions).
    pub(crate) level: String,
    /// The message text (console arguments joined by spaces).
    pub(crate) text: String,
}

/// What activation did (see [`VisitOptions::activate`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Activation {
    /// Synthetic events dispatched for `on*` attributes.
    pub(crate) events: u64,
    /// Clicks on `javascript:` links and `formaction` controls.
    pub(crate) clicks: u64,
    /// Forms submitted because their `action` is a `javascript:` URL.
    pub(crate) submits: u64,
}

/// Everything a page did during one [`Browser::visit`].
pub(crate) struct Visit {
    /// The URL that was visited.
    pub(crate) url: String,
    /// `location.href` at the end (a payload may have navigated the page).
    pub(crate) final_url: String,
    /// Whether the `load` event fired before [`VisitOptions::load_timeout`].
    pub(crate) loaded: bool,
    /// JavaScript dialogs, in order (at most [`MAX_RECORDED`]; see [`Visit::dialog_count`]).
    pub(crate) dialogs: Vec<Dialog>,
    /// How many dialogs opened in all (an alert loop opens many).
    pub(crate) dialog_count: u64,
    /// Requests reported by CDP, in order: the page itself first.
    pub(crate) requests: Vec<Request>,
    /// Requests that reached the recording proxy (only foreign hosts go there).
    pub(crate) proxied: Vec<ProxiedRequest>,
    /// Console API calls and Log domain entries.
    pub(crate) console: Vec<ConsoleMessage>,
    /// Uncaught exceptions.
    pub(crate) exceptions: Vec<String>,
    /// URLs of windows the page opened (`window.open`, `target=_blank`); closed by the harness.
    pub(crate) popups: Vec<String>,
    /// What activation did, when it was asked for.
    pub(crate) activation: Option<Activation>,
    cdp: CdpHandle,
    session: String,
}

impl fmt::Debug for Visit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Visit")
            .field("url", &self.url)
            .field("final_url", &self.final_url)
            .field("loaded", &self.loaded)
            .field("dialogs", &self.dialogs)
            .field("requests", &self.requests)
            .field("proxied", &self.proxied)
            .field("console", &self.console)
            .field("exceptions", &self.exceptions)
            .field("popups", &self.popups)
            .field("activation", &self.activation)
            .finish_non_exhaustive()
    }
}

impl Visit {
    /// Evaluates `js` in the page as it is now (awaiting a returned promise) and returns its value
    /// as JSON; `undefined` (and anything JSON cannot hold, like functions) becomes `Null`. A
    /// thrown exception is an error. Dialogs opened by `js` are dismissed but not added here.
    pub(crate) fn eval(&self, js: &str) -> Result<Value> {
        eval_with(&self.cdp, &self.session, js)
    }

    /// The URLs of every request (CDP and proxy) whose origin (scheme, host, port) differs from
    /// `origin` (`http://127.0.0.1:8000`, or any URL on that origin), plus popups to such URLs.
    ///
    /// Not network, never listed: `data:`, `about:` and `javascript:` URLs. `blob:` and
    /// `filesystem:` URLs are judged by the origin inside them (`blob:http://127.0.0.1:8000/…` is
    /// the page's own; `blob:null/…`, made in a sandboxed or `data:` frame, is listed): a blob
    /// request means script ran, but only a foreign one is reported here. Other schemes (`ws:`,
    /// `ftp:`, `file:`, `chrome:`) are compared like any URL, so they are foreign. A proxied
    /// request already reported by CDP is listed once; one CDP did not report is listed with a
    /// note, unless Chromium sent it by itself to one of [`BROWSER_BACKGROUND_HOSTS`].
    pub(crate) fn foreign_requests(&self, origin: &str) -> Vec<String> {
        let own = origin_of(origin).unwrap_or_else(|| origin.trim_end_matches('/').to_owned());
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        let mut push = |url: String| {
            if seen.insert(url.clone()) {
                out.push(url);
            }
        };
        let cdp: Vec<&str> = self.requests.iter().map(|r| r.url.as_str()).collect();
        for url in cdp
            .iter()
            .copied()
            .chain(self.popups.iter().map(String::as_str))
        {
            if is_foreign(url, &own) {
                push(url.to_owned());
            }
        }
        for p in &self.proxied {
            let url = p.url();
            let covered = if p.method.eq_ignore_ascii_case("CONNECT") {
                cdp.iter()
                    .any(|u| host_port(u).as_deref() == Some(p.target.as_str()))
            } else {
                cdp.iter().any(|u| strip_fragment(u) == p.target)
            };
            if !covered && !is_browser_background(p) {
                push(format!(
                    "{url} (seen by the proxy only: {} {})",
                    p.method, p.target
                ));
            }
        }
        out
    }

    /// Whether nothing observable happened that script or a foreign host could have caused:
    /// no dialog, no popup and no foreign request. (Markers like `window.__gp_xss` are the
    /// caller's to check with [`Visit::eval`].)
    pub(crate) fn is_quiet(&self, origin: &str) -> bool {
        self.dialog_count == 0 && self.popups.is_empty() && self.foreign_requests(origin).is_empty()
    }
}

/// The most dialogs, requests, console messages and exceptions a visit keeps (the counts go on).
pub(crate) const MAX_RECORDED: usize = 200;

/// How long one CDP call may take before the harness gives up on it.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Headless Chromium with one tab, recording what each visited page does.
///
/// `headless_chrome` launches the process (temporary profile, debugging port, kill on drop);
/// the harness then speaks CDP itself over its own WebSocket to that browser, as untyped JSON:
/// the crate's client polls its socket (100 ms or more per call, measured) and silently drops
/// events its generated types cannot parse (a new enum value from a newer Chromium), which
/// would hide requests from a security test. Dropping the [`Browser`] kills the browser, stops
/// the proxy and deletes the profile.
pub(crate) struct Browser {
    // Field order is drop order: the connection closes and the browser dies before its profile
    // directory is removed.
    cdp: Cdp,
    process: headless_chrome::Browser,
    state: Arc<Shared>,
    session: String,
    proxy: Proxy,
    _profile: Profile,
}

/// Recording state shared with the CDP reader thread.
struct Shared {
    log: Mutex<Recorded>,
    changed: Condvar,
    /// Our tab's target id and CDP session id, once attached.
    ids: Mutex<Option<(String, String)>>,
    /// The proxy's log, cleared when a visit's navigation commits.
    proxied: Arc<Mutex<Vec<ProxiedRequest>>>,
}

/// What the reader recorded for the current visit.
#[derive(Default)]
struct Recorded {
    /// Whether the visit's navigation committed: only then does recording start.
    committed: bool,
    /// Requests seen before the commit, by loader id: the new document's own request (and its
    /// redirects) are kept at the commit, the previous page's are dropped.
    before_commit: Vec<(String, Request)>,
    loads: u64,
    dialogs: Vec<Dialog>,
    dialog_count: u64,
    requests: Vec<Request>,
    console: Vec<ConsoleMessage>,
    exceptions: Vec<String>,
    /// Windows opened by our tab: target id → latest URL.
    popups: Vec<(String, String)>,
}

impl Browser {
    /// Launches headless Chromium ([`chromium_path`]) with a fresh temporary profile,
    /// `--no-sandbox --disable-gpu --disable-background-networking --disable-component-update
    /// --disable-sync --no-first-run`, site isolation off, Chromium's popup blocker on, a
    /// recording proxy for every non-loopback host, and opens the tab that [`Browser::visit`]
    /// uses.
    pub(crate) fn launch() -> Result<Browser> {
        let path = chromium_path();
        if !path.is_file() {
            return Err(format!("Chromium not found at {}", path.display()).into());
        }
        let profile = tempfile::Builder::new()
            .prefix("guidepost-chromium-")
            .tempdir()?;
        let proxy = Proxy::start()?;
        let proxy_server = format!("http://{}", proxy.addr);
        let args: Vec<&OsStr> = [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--safebrowsing-disable-auto-update",
            "--mute-audio",
            "--disable-site-isolation-trials",
            // Replaces headless_chrome's own --disable-features (the last one wins), keeping it.
            "--disable-features=TranslateUI,BlinkGenPropertyTrees,IsolateOrigins,site-per-process,\
             OptimizationHints,MediaRouter,HttpsUpgrades,InterestFeedContentSuggestions",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ]
        .into_iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions::default_builder()
            .path(Some(path))
            .headless(true)
            .sandbox(false)
            .enable_gpu(false)
            .window_size(Some((1280, 900)))
            .user_data_dir(Some(profile.path().to_path_buf()))
            .proxy_server(Some(&proxy_server))
            .idle_browser_timeout(Duration::from_secs(24 * 3600))
            .ignore_default_args(vec![
                OsStr::new("--disable-features=TranslateUI,BlinkGenPropertyTrees"),
                // A popup a payload opens could block the shared renderer with its own alert.
                OsStr::new("--disable-popup-blocking"),
            ])
            .args(args)
            .build()?;
        let process = headless_chrome::Browser::new(options)?;

        let state = Arc::new(Shared {
            log: Mutex::new(Recorded::default()),
            changed: Condvar::new(),
            ids: Mutex::new(None),
            proxied: Arc::clone(&proxy.log),
        });
        let reader_state = Arc::clone(&state);
        let cdp = Cdp::connect(&process.get_ws_url(), move |message| {
            reader_state.on_message(message)
        })?;
        cdp.call(
            None,
            "Target.setDiscoverTargets",
            json!({ "discover": true }),
        )?;
        let target =
            cdp.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?["targetId"]
                .as_str()
                .ok_or("Target.createTarget returned no targetId")?
                .to_owned();
        let session = cdp.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )?["sessionId"]
            .as_str()
            .ok_or("Target.attachToTarget returned no sessionId")?
            .to_owned();
        *state.ids.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((target.clone(), session.clone()));
        for (method, params) in [
            ("Page.enable", json!({})),
            ("Network.enable", json!({})),
            ("Runtime.enable", json!({})),
            ("Log.enable", json!({})),
            // Autofocus and focus/blur handlers behave as in a focused window.
            (
                "Emulation.setFocusEmulationEnabled",
                json!({ "enabled": true }),
            ),
        ] {
            cdp.call(Some(&session), method, params)?;
        }
        Ok(Browser {
            cdp,
            process,
            state,
            session,
            proxy,
            _profile: Profile(profile),
        })
    }

    /// Sends a CDP command to the tab's session and returns its result, for what the harness
    /// does not wrap (`browser.call("Emulation.setEmulatedMedia", json!({...}))`).
    pub(crate) fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.cdp.call(Some(&self.session), method, params)
    }

    /// The browser's product string (`Chrome/156.0...`).
    pub(crate) fn version(&self) -> Result<String> {
        let version = self.cdp.call(None, "Browser.getVersion", json!({}))?;
        Ok(version["product"].as_str().unwrap_or_default().to_owned())
    }

    /// Makes the tab ignore (`true`) or honour (`false`, the default) pages' own
    /// Content-Security-Policy from the next navigation on. Security tests bypass it to check
    /// that the HTML alone is safe, CSP being a second line of defence.
    pub(crate) fn set_bypass_csp(&self, bypass: bool) -> Result<()> {
        self.call("Page.setBypassCSP", json!({ "enabled": bypass }))?;
        Ok(())
    }

    /// Lays pages out `width` CSS px wide (900 tall, scale 1), as a phone does (`mobile`: the
    /// viewport meta applies) or a desktop; `None` goes back to the window's own size.
    pub(crate) fn set_viewport(&self, viewport: Option<(u32, bool)>) -> Result<()> {
        match viewport {
            Some((width, mobile)) => self.call(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile }),
            )?,
            None => self.call("Emulation.clearDeviceMetricsOverride", json!({}))?,
        };
        Ok(())
    }

    /// Evaluates `js` in the current page; see [`Visit::eval`].
    pub(crate) fn eval(&self, js: &str) -> Result<Value> {
        eval_in(&self.cdp, &self.session, js)
    }

    /// [`Browser::visit_with`] with the default options (300 ms settle, no activation).
    pub(crate) fn visit(&self, url: &str) -> Result<Visit> {
        self.visit_with(url, &VisitOptions::default())
    }

    /// Loads `url` in the tab and records what the page does until it has settled.
    ///
    /// Recording starts when the navigation commits (`Page.frameNavigated` of the main frame):
    /// events reach the reader in the order the browser sent them, so what the previous page did
    /// until it was replaced is left out, and the new document's own request is kept. An error
    /// means the harness could not do its job (navigation refused, CDP failure); what the page
    /// did is never an error.
    pub(crate) fn visit_with(&self, url: &str, options: &VisitOptions) -> Result<Visit> {
        // Forget the previous page; the reader starts recording again when this navigation
        // commits (see `Shared::on_page_event`).
        *self.state.lock() = Recorded::default();
        if let Some(error) = self.navigate(url)? {
            return Err(format!("navigation to {url} failed: {error}").into());
        }
        let loaded = self.wait_until(options.load_timeout, |log| log.loads > 0);
        if !self.state.lock().committed {
            return Err(format!("navigation to {url} never committed").into());
        }
        thread::sleep(options.settle);
        let activation = if options.activate {
            let value = self.eval(ACTIVATE_JS).unwrap_or(Value::Null);
            let activation = Activation {
                events: value["events"].as_u64().unwrap_or(0),
                clicks: value["clicks"].as_u64().unwrap_or(0),
                submits: value["submits"].as_u64().unwrap_or(0),
            };
            // Nothing was fired or clicked: nothing new can happen.
            if activation != Activation::default() {
                thread::sleep(options.settle);
            }
            Some(activation)
        } else {
            None
        };
        let final_url = self
            .eval("location.href")
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let log = std::mem::take(&mut *self.state.lock());
        for (target, _) in &log.popups {
            let _ = self
                .cdp
                .call(None, "Target.closeTarget", json!({ "targetId": target }));
        }
        let proxied = self.proxy.take();
        Ok(Visit {
            url: url.to_owned(),
            final_url,
            loaded,
            dialogs: log.dialogs,
            dialog_count: log.dialog_count,
            requests: log.requests,
            proxied,
            console: log.console,
            exceptions: log.exceptions,
            popups: log.popups.into_iter().map(|(_, url)| url).collect(),
            activation,
            cdp: self.cdp.handle(),
            session: self.session.clone(),
        })
    }

    /// Waits up to `timeout` for the proxy to log a request matching `seen` after the last
    /// visit returned: on a loaded machine the proxy's thread can log a request the browser sent
    /// during the visit only after the visit's log was taken.
    pub(crate) fn proxy_logs_later(
        &self,
        timeout: Duration,
        seen: impl Fn(&ProxiedRequest) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self
                .proxy
                .log
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .any(&seen)
            {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// `Page.navigate`; returns the navigation's error text, if any.
    fn navigate(&self, url: &str) -> Result<Option<String>> {
        let result = self.call("Page.navigate", json!({ "url": url }))?;
        Ok(result["errorText"]
            .as_str()
            .filter(|e| !e.is_empty())
            .map(str::to_owned))
    }

    fn wait_until(&self, timeout: Duration, done: impl Fn(&Recorded) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut log = self.state.lock();
        while !done(&log) {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            log = self
                .state
                .changed
                .wait_timeout(log, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Close the browser in order (its helper processes exit with it) and wait for it, so
        // that nothing writes into the profile while it is being deleted.
        let _ = self.cdp.call(None, "Browser.close", json!({}));
        if let Some(pid) = self.process.get_process_id() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while process_alive(pid) && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Whether a process is still running (not gone, not a zombie waiting to be reaped).
fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesized command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => false,
    }
}

/// The temporary profile directory; deleting it is retried while late writes finish.
struct Profile(TempDir);

impl Drop for Profile {
    fn drop(&mut self) {
        for _ in 0..20 {
            if std::fs::remove_dir_all(self.0.path()).is_ok() || !self.0.path().exists() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Recorded> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Handles one message from the browser on the reader thread; returns commands to send at
    /// once (dismissing a dialog), without waiting for their answers.
    fn on_message(&self, message: &Value) -> Vec<Command> {
        let Some(method) = message["method"].as_str() else {
            return Vec::new();
        };
        let params = &message["params"];
        let ids = self
            .ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some((target, session)) = ids else {
            return Vec::new();
        };
        match message["sessionId"].as_str() {
            None => {
                // Browser-level: windows our tab opened.
                let info = &params["targetInfo"];
                if matches!(method, "Target.targetCreated" | "Target.targetInfoChanged")
                    && info["type"] == "page"
                    && info["openerId"].as_str() == Some(target.as_str())
                {
                    let id = info["targetId"].as_str().unwrap_or_default().to_owned();
                    let url = info["url"].as_str().unwrap_or_default().to_owned();
                    let mut log = self.lock();
                    if let Some(entry) = log.popups.iter_mut().find(|(t, _)| *t == id) {
                        entry.1 = url;
                    } else if log.committed {
                        log.popups.push((id, url));
                    } else if method == "Target.targetCreated" {
                        // Opened by the previous page: close it, it is not this visit's.
                        return vec![Command {
                            session: None,
                            method: "Target.closeTarget",
                            params: json!({ "targetId": id }),
                        }];
                    }
                }
                Vec::new()
            }
            Some(s) if s == session => self.on_page_event(method, params, &session),
            Some(_) => Vec::new(),
        }
    }

    fn on_page_event(&self, method: &str, params: &Value, session: &str) -> Vec<Command> {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let mut log = self.lock();
        match method {
            "Page.javascriptDialogOpening" => {
                let kind = match params["type"].as_str() {
                    Some("confirm") => DialogKind::Confirm,
                    Some("prompt") => DialogKind::Prompt,
                    Some("beforeunload") => DialogKind::BeforeUnload,
                    _ => DialogKind::Alert,
                };
                if log.committed {
                    log.dialog_count += 1;
                    if log.dialogs.len() < MAX_RECORDED {
                        log.dialogs.push(Dialog {
                            kind,
                            message: text(&params["message"]),
                            url: text(&params["url"]),
                        });
                    }
                }
                // Dismissed in any case, so that no page ever waits on a dialog.
                return vec![Command {
                    session: Some(session.to_owned()),
                    method: "Page.handleJavaScriptDialog",
                    params: json!({ "accept": kind == DialogKind::BeforeUnload }),
                }];
            }
            // The visit's document commits: the previous page is gone, and every event from now
            // on (they arrive in the order the browser sent them) belongs to this visit.
            "Page.frameNavigated" if !log.committed && params["frame"]["parentId"].is_null() => {
                let loader = text(&params["frame"]["loaderId"]);
                let before = std::mem::take(&mut log.before_commit);
                log.requests = before
                    .into_iter()
                    .filter(|(l, _)| *l == loader)
                    .map(|(_, r)| r)
                    .collect();
                log.committed = true;
                self.proxied
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clear();
            }
            "Page.loadEventFired" if log.committed => {
                log.loads += 1;
                drop(log);
                self.changed.notify_all();
            }
            "Network.requestWillBeSent" => {
                let request = &params["request"];
                let mut url = text(&request["url"]);
                url.push_str(request["urlFragment"].as_str().unwrap_or_default());
                let request = Request {
                    url,
                    resource_type: params["type"].as_str().unwrap_or("Other").to_owned(),
                    method: text(&request["method"]),
                    redirected_from: params["redirectResponse"]["url"]
                        .as_str()
                        .map(str::to_owned),
                };
                if !log.committed {
                    if log.before_commit.len() < MAX_RECORDED {
                        log.before_commit.push((text(&params["loaderId"]), request));
                    }
                } else if log.requests.len() < MAX_RECORDED {
                    log.requests.push(request);
                }
            }
            "Runtime.consoleAPICalled" if log.committed => {
                let joined = params["args"]
                    .as_array()
                    .map(|args| {
                        args.iter()
                            .map(|arg| match &arg["value"] {
                                Value::String(s) => s.clone(),
                                Value::Null => text(&arg["description"]),
                                v => v.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                if log.console.len() < MAX_RECORDED {
                    let level = text(&params["type"]);
                    log.console.push(ConsoleMessage {
                        level,
                        text: joined,
                    });
                }
            }
            "Log.entryAdded" if log.committed => {
                let entry = &params["entry"];
                if log.console.len() < MAX_RECORDED {
                    let mut message = text(&entry["text"]);
                    if let Some(url) = entry["url"].as_str() {
                        message.push_str(&format!(" ({url})"));
                    }
                    log.console.push(ConsoleMessage {
                        level: format!("log:{}:{}", text(&entry["source"]), text(&entry["level"])),
                        text: message,
                    });
                }
            }
            "Runtime.exceptionThrown" if log.committed => {
                let details = &params["exceptionDetails"];
                let description = details["exception"]["description"]
                    .as_str()
                    .map_or_else(|| text(&details["text"]), str::to_owned);
                if log.exceptions.len() < MAX_RECORDED {
                    log.exceptions.push(description);
                }
            }
            _ => {}
        }
        Vec::new()
    }
}

/// A command the reader thread sends on its own, without waiting for the answer.
struct Command {
    session: Option<String>,
    method: &'static str,
    params: Value,
}

type Pending = Arc<Mutex<HashMap<u64, mpsc::Sender<Value>>>>;

/// A minimal CDP client: one WebSocket owned by a reader thread that also writes what
/// [`Cdp::call`] queues, so a call costs a few milliseconds, and every message is plain JSON.
struct Cdp {
    outgoing: mpsc::Sender<String>,
    pending: Pending,
    next_id: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// A cheap handle to send calls over a [`Cdp`] connection (used by [`Visit::eval`]).
#[derive(Clone)]
struct CdpHandle {
    outgoing: mpsc::Sender<String>,
    pending: Pending,
    next_id: Arc<AtomicU64>,
}

impl Cdp {
    /// Connects to the browser's DevTools WebSocket; `on_message` sees every event on the reader
    /// thread and may return commands to send at once.
    fn connect(
        ws_url: &str,
        on_message: impl Fn(&Value) -> Vec<Command> + Send + 'static,
    ) -> Result<Cdp> {
        let address = ws_url
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| format!("unexpected DevTools URL {ws_url}"))?;
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        let (mut socket, _) = tungstenite::client(ws_url, stream)
            .map_err(|e| format!("DevTools WebSocket handshake with {ws_url}: {e}"))?;
        // The reader wakes this often to send queued calls.
        socket
            .get_mut()
            .set_read_timeout(Some(Duration::from_millis(2)))?;

        let (outgoing, queued) = mpsc::channel::<String>();
        let pending: Pending = Arc::new(Mutex::new(HashMap::new()));
        let next_id = Arc::new(AtomicU64::new(1));
        let stop = Arc::new(AtomicBool::new(false));
        let (reader_pending, reader_ids, reader_stop) = (
            Arc::clone(&pending),
            Arc::clone(&next_id),
            Arc::clone(&stop),
        );
        let thread = thread::Builder::new()
            .name("guidepost-test-cdp".to_owned())
            .spawn(move || {
                'run: while !reader_stop.load(Ordering::SeqCst) {
                    while let Ok(text) = queued.try_recv() {
                        if socket.send(tungstenite::Message::text(text)).is_err() {
                            break 'run;
                        }
                    }
                    let text = match socket.read() {
                        Ok(tungstenite::Message::Text(text)) => text,
                        Ok(tungstenite::Message::Close(_)) => break,
                        Ok(_) => continue,
                        Err(tungstenite::Error::Io(e))
                            if matches!(
                                e.kind(),
                                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                            ) =>
                        {
                            continue;
                        }
                        Err(_) => break,
                    };
                    let Ok(message) = serde_json::from_str::<Value>(text.as_str()) else {
                        continue;
                    };
                    if let Some(id) = message["id"].as_u64() {
                        let waiter = reader_pending
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .remove(&id);
                        if let Some(waiter) = waiter {
                            let _ = waiter.send(message);
                        }
                        continue;
                    }
                    for command in on_message(&message) {
                        let id = reader_ids.fetch_add(1, Ordering::SeqCst);
                        let text = command_json(
                            id,
                            command.session.as_deref(),
                            command.method,
                            command.params,
                        );
                        if socket.send(tungstenite::Message::text(text)).is_err() {
                            break 'run;
                        }
                    }
                }
                // Callers still waiting learn that the connection is gone.
                reader_pending
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clear();
                let _ = socket.close(None);
            })?;
        Ok(Cdp {
            outgoing,
            pending,
            next_id,
            stop,
            thread: Some(thread),
        })
    }

    fn handle(&self) -> CdpHandle {
        CdpHandle {
            outgoing: self.outgoing.clone(),
            pending: Arc::clone(&self.pending),
            next_id: Arc::clone(&self.next_id),
        }
    }

    /// Sends `method` (to a session, or to the browser) and waits for its result.
    fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.handle().call(session, method, params)
    }
}

impl CdpHandle {
    fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel();
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, tx);
        self.outgoing
            .send(command_json(id, session, method, params))
            .map_err(|_| format!("{method}: the DevTools connection is closed"))?;
        let answer = rx.recv_timeout(CALL_TIMEOUT).map_err(|e| {
            self.pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&id);
            format!("{method}: no answer from the browser ({e})")
        })?;
        if let Some(error) = answer.get("error") {
            return Err(format!("{method}: {error}").into());
        }
        Ok(answer["result"].clone())
    }
}

impl Drop for Cdp {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn command_json(id: u64, session: Option<&str>, method: &str, params: Value) -> String {
    let mut command = json!({ "id": id, "method": method, "params": params });
    if let Some(session) = session {
        command["sessionId"] = json!(session);
    }
    command.to_string()
}

/// `Runtime.evaluate` returning the value as JSON.
fn eval_in(cdp: &Cdp, session: &str, js: &str) -> Result<Value> {
    eval_with(&cdp.handle(), session, js)
}

fn eval_with(cdp: &CdpHandle, session: &str, js: &str) -> Result<Value> {
    let result = cdp.call(
        Some(session),
        "Runtime.evaluate",
        json!({ "expression": js, "returnByValue": true, "awaitPromise": true }),
    )?;
    if let Some(details) = result.get("exceptionDetails") {
        let text = details["exception"]["description"]
            .as_str()
            .or_else(|| details["text"].as_str())
            .unwrap_or("exception");
        return Err(format!("evaluating {}: {text}", shorten(js, 60)).into());
    }
    Ok(result["result"]["value"].clone())
}

/// The page-side half of [`VisitOptions::activate`]; returns the counts.
const ACTIVATE_JS: &str = r#"(() => {
  const counts = { events: 0, clicks: 0, submits: 0 };
  const isJs = (value) => {
    if (value === null || value === undefined) return false;
    try { return new URL(String(value), document.baseURI).protocol === 'javascript:'; }
    catch (e) { return false; }
  };
  const fire = (target, type) => {
    try { target.dispatchEvent(new Event(type, { bubbles: false, cancelable: true })); counts.events++; }
    catch (e) {}
  };
  const click = (el) => {
    try {
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      counts.clicks++;
    } catch (e) {}
  };
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.length > 2 && name.startsWith('on')) {
        fire(el, name.slice(2));
        if (el.localName === 'body' || el.localName === 'frameset') fire(window, name.slice(2));
      }
    }
    const href = el.getAttribute('href') ?? el.getAttribute('xlink:href')
      ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (isJs(href)) click(el);
    if (el.localName === 'form' && isJs(el.getAttribute('action'))) {
      try { HTMLFormElement.prototype.submit.call(el); counts.submits++; } catch (e) {}
    }
    if (isJs(el.getAttribute('formaction'))) click(el);
  }
  return counts;
})()"#;

/// The origin (`scheme://host[:port]`) of `url`, or `None` for URLs without one (`data:`,
/// `about:`, `javascript:`, unparsable). `blob:` URLs have the origin inside them.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    match parsed.origin() {
        origin @ url::Origin::Tuple(..) => Some(origin.ascii_serialization()),
        url::Origin::Opaque(_) => None,
    }
}

/// Whether a request to `url` leaves the page's origin `own` (see [`Visit::foreign_requests`]
/// for the rules on `data:`, `about:`, `blob:` and `filesystem:`).
pub(crate) fn is_foreign(url: &str, own: &str) -> bool {
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(scheme.as_str(), "data" | "about" | "javascript") {
        return false;
    }
    let inner = match scheme.as_str() {
        "filesystem" => &url["filesystem:".len()..],
        _ => url,
    };
    origin_of(inner).is_none_or(|origin| origin != own)
}

/// Hosts (and their subdomains) that Chromium contacts on its own even with background
/// networking off: `accounts.google.com` (sign-in `ListAccounts`, about two seconds after start,
/// cannot be switched off), update, safe-browsing and optimization-guide endpoints.
pub(crate) const BROWSER_BACKGROUND_HOSTS: &[&str] = &[
    "google.com",
    "googleapis.com",
    "gstatic.com",
    "gvt1.com",
    "gvt2.com",
];

/// Whether a proxied request went to one of [`BROWSER_BACKGROUND_HOSTS`] without CDP having
/// reported it for the page (the caller checks the latter).
fn is_browser_background(p: &ProxiedRequest) -> bool {
    let url = p.url();
    let Some(host) = url::Url::parse(&url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    else {
        return false;
    };
    BROWSER_BACKGROUND_HOSTS
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// `host:port` of a URL (default port filled in), for matching proxy `CONNECT`s.
fn host_port(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(format!(
        "{}:{}",
        parsed.host_str()?,
        parsed.port_or_known_default()?
    ))
}

fn strip_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The recording proxy: every non-loopback request of the browser comes here, is logged and
/// refused with `502`.
struct Proxy {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<ProxiedRequest>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    fn start() -> Result<Proxy> {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        let (addr, stop, thread) = accept_loop("guidepost-test-proxy", move |stream| {
            let Some((method, target, _)) = read_request_head(&stream) else {
                return;
            };
            let mut log = sink.lock().unwrap_or_else(PoisonError::into_inner);
            if log.len() < MAX_RECORDED {
                log.push(ProxiedRequest { method, target });
            }
            drop(log);
            let mut stream = stream;
            let _ = stream.write_all(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            let _ = stream.shutdown(Shutdown::Both);
        })?;
        Ok(Proxy {
            addr,
            log,
            stop,
            thread: Some(thread),
        })
    }

    /// Returns and clears what the proxy saw.
    fn take(&self) -> Vec<ProxiedRequest> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        stop_accept_loop(self.addr, &self.stop, self.thread.take());
    }
}

/// A static file server for tests on `127.0.0.1` (random port), running in a background thread
/// until dropped. `GET`/`HEAD` only; `/dir/` serves `dir/index.html`, `/dir` redirects to
/// `/dir/`, a missing file is a `404`. Content-Type follows the extension (html, css, js, mjs,
/// svg, png, jpg, gif, webp, ico, json, xml, txt, woff2, wasm; other files are
/// `application/octet-stream`). Paths are percent-decoded; `..` and NUL are refused.
pub(crate) struct Server {
    addr: SocketAddr,
    served: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Serves `root` (which may not exist yet: files are read per request) until the [`Server`] is
/// dropped.
pub(crate) fn serve_dir(root: impl AsRef<Path>) -> Result<Server> {
    let root = root.as_ref().to_path_buf();
    let served = Arc::new(Mutex::new(Vec::new()));
    let (dir, log) = (root, Arc::clone(&served));
    let (addr, stop, thread) = accept_loop("guidepost-test-server", move |stream| {
        serve_one(stream, &dir, &log);
    })?;
    Ok(Server {
        addr,
        served,
        stop,
        thread: Some(thread),
    })
}

impl Server {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub(crate) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of a site path: `url("/xss/001/")` → `http://127.0.0.1:PORT/xss/001/`; a path
    /// without a leading `/` gets one.
    pub(crate) fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.origin())
        } else {
            format!("{}/{path}", self.origin())
        }
    }

    /// `"METHOD /path STATUS"` of every request served so far, in order.
    pub(crate) fn served(&self) -> Vec<String> {
        self.served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        stop_accept_loop(self.addr, &self.stop, self.thread.take());
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) {
    let Some((method, target, _)) = read_request_head(&stream) else {
        return;
    };
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    let (status, headers, body) = respond(&method, &path, root);
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(format!("{method} {target} {status}"));
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nCache-Control: no-store\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

type Response = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

fn respond(method: &str, path: &str, root: &Path) -> Response {
    let text = |status, body: &str| {
        (
            status,
            vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body.as_bytes().to_vec(),
        )
    };
    if method != "GET" && method != "HEAD" {
        return text("405 Method Not Allowed", "method not allowed\n");
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return text("400 Bad Request", "bad path\n");
    };
    let rel = Path::new(decoded.trim_start_matches('/'));
    if decoded.contains('\0')
        || !rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return text("403 Forbidden", "forbidden\n");
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        if !decoded.ends_with('/') {
            return (
                "301 Moved Permanently",
                vec![("Location", format!("{path}/"))],
                Vec::new(),
            );
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => (
            "200 OK",
            vec![("Content-Type", content_type(&file).to_owned())],
            body,
        ),
        Err(_) => text("404 Not Found", "not found\n"),
    }
}

/// The Content-Type for a file, by extension.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Reads an HTTP request head; returns method, target and the header lines.
fn read_request_head(stream: &TcpStream) -> Option<(String, String, Vec<String>)> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?.take(64 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            break;
        }
        let header = header.trim_end().to_owned();
        if header.is_empty() {
            break;
        }
        headers.push(header);
    }
    Some((method, target, headers))
}

/// Binds `127.0.0.1:0` and handles each connection on its own thread with `handle`.
fn accept_loop(
    name: &str,
    handle: impl Fn(TcpStream) + Send + Sync + 'static,
) -> Result<(SocketAddr, Arc<AtomicBool>, JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let handle = Arc::new(handle);
    let thread = thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let handle = Arc::clone(&handle);
                let _ = thread::Builder::new().spawn(move || handle(stream));
            }
        })?;
    Ok((addr, stop, thread))
}

fn stop_accept_loop(addr: SocketAddr, stop: &AtomicBool, thread: Option<JoinHandle<()>>) {
    stop.store(true, Ordering::SeqCst);
    // Wake the blocking accept() so the thread sees the flag.
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
    if let Some(thread) = thread {
        let _ = thread.join();
    }
}
