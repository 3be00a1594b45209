//! `guidepost serve`: the site from memory, rebuilt on every change, with live reload.
//!
//! The same pipeline as `build` runs with a sink that stores each output in a map
//! ([`store`]) instead of writing it, so nothing on disk is created or deleted and the served
//! files equal `build` output byte for byte. A watcher ([`watch`]) collects changes to
//! `content/`, `templates/`, `static/` and `site.yaml`; after a short quiet period the site is
//! rebuilt ([`rebuild`]), the new map replaces the old one only when the build succeeded (or,
//! while no whole site was served, when only broken pages were left out: [`broken`]), and
//! the browsers are told over server-sent events ([`http`]) to reload, to swap stylesheets, or
//! to show the diagnostics as an overlay. The search index follows in the background
//! ([`search`]).

pub mod broken;
pub mod http;
pub mod incremental;
pub mod rebuild;
pub mod search;
pub mod store;
pub mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::BuildOptions;
use crate::reporter::Reporter;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How to build the site (`write` is ignored: nothing is written).
    pub build: BuildOptions,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; `None` means [`DEFAULT_PORT`] or the next free one, `Some(0)` any free port.
    pub port: Option<u16>,
    /// Print diagnostics with colour.
    pub styled: bool,
}

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after [`DEFAULT_PORT`] are tried when it is busy.
const PORT_TRIES: u16 = 20;

/// What the browsers are told.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Load the page again.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
    /// The last edit does not build: show this text.
    Diagnostics(String),
    /// The site builds again: hide the overlay.
    Clear,
    /// The search index was rebuilt: drop the old one.
    Search,
}

/// Whether the served site is the result of the last edit.
#[derive(Debug, Clone, Default)]
pub enum Status {
    /// It is.
    #[default]
    Ok,
    /// The last rebuild failed with these diagnostics; the previous site (or the pages that
    /// built, while no whole site was served) is still served.
    Failed(String),
}

/// Why `serve` could not start, or stopped other than by Ctrl-C (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site root is not a directory.
    #[error("site root {} is not a directory", .0.display())]
    NoRoot(PathBuf),
    /// The port asked for with `--port` is taken or not allowed.
    #[error(
        "cannot listen on {address}: {source}; choose another --port (--port 0 takes any free one)"
    )]
    Port {
        /// The address and port asked for.
        address: SocketAddr,
        /// Why binding failed.
        source: io::Error,
    },
    /// None of the ports tried without `--port` is free.
    #[error(
        "cannot listen on {address} ports {}-{}: {source}; choose one with --port",
        DEFAULT_PORT,
        DEFAULT_PORT + PORT_TRIES - 1
    )]
    NoFreePort {
        /// The address listened on.
        address: IpAddr,
        /// Why binding the last port failed.
        source: io::Error,
    },
    /// The bound socket could not be set up for serving.
    #[error("cannot set up the listening socket: {0}")]
    Listener(#[source] io::Error),
    /// The inputs cannot be watched.
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
    /// The thread that rebuilds the site could not be started.
    #[error("cannot start the rebuild thread: {0}")]
    RebuildThread(#[source] io::Error),
    /// The runtime of the HTTP server could not be started.
    #[error("cannot start the HTTP server: {0}")]
    Runtime(#[source] io::Error),
    /// The HTTP server stopped with an error.
    #[error("the HTTP server stopped: {0}")]
    Server(#[source] io::Error),
}

/// Binds the listener: the given port, or the default one and the next free ones.
pub fn bind(address: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    match port {
        Some(port) => {
            let address = SocketAddr::new(address, port);
            TcpListener::bind(address).map_err(|source| ServeError::Port { address, source })
        }
        None => {
            // Replaced by the error of each port tried (there is at least one).
            let mut last = io::Error::from(io::ErrorKind::AddrInUse);
            for port in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match TcpListener::bind(SocketAddr::new(address, port)) {
                    Ok(listener) => return Ok(listener),
                    Err(e) => last = e,
                }
            }
            Err(ServeError::NoFreePort {
                address,
                source: last,
            })
        }
    }
}

/// The URL a listener serves, as printed.
pub fn url_of(listener: &TcpListener, prefix: &str) -> Result<String, ServeError> {
    let address = listener.local_addr().map_err(ServeError::Listener)?;
    Ok(format!("http://{address}{prefix}/"))
}

/// Serves the site until Ctrl-C. `announce` receives the URL once the server listens.
/// Rebuild, search and watch messages go to `reporter`.
pub fn serve(
    options: ServeOptions,
    reporter: Arc<dyn Reporter>,
    announce: impl FnOnce(&str),
) -> Result<(), ServeError> {
    let root = &options.build.root;
    if !root.is_dir() {
        return Err(ServeError::NoRoot(root.clone()));
    }
    let listener = bind(options.bind, options.port)?;
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Listener)?;

    let (notices, _) = broadcast::channel(64);
    let shared: store::Shared = Arc::new(RwLock::new(Arc::new(store::Served::default())));
    let status = Arc::new(RwLock::new(Status::Ok));
    let search = search::SearchJobs::start(shared.clone(), notices.clone(), reporter.clone());
    let search_progress = search.progress();
    let mut builder = rebuild::Rebuilder::new(
        options.clone(),
        shared.clone(),
        status.clone(),
        notices.clone(),
        search,
        reporter.clone(),
    );
    builder.initial();
    let prefix = shared
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .prefix
        .clone();
    let changes = watch::start(root, reporter)?;

    let url = url_of(&listener, &prefix)?;
    std::thread::Builder::new()
        .name("guidepost-rebuild".to_owned())
        .spawn(move || builder.run(changes))
        .map_err(ServeError::RebuildThread)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let app = http::router(http::AppState {
        files: shared,
        notices,
        status,
        search: search_progress,
    });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Listener)?;
        announce(&url);
        tokio::select! {
            served = axum::serve(listener, app) => served.map_err(ServeError::Server),
            // Ctrl-C: stop listening and return; open event streams are simply dropped.
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    // The rebuild thread may be inside a build; the process ends with `main` anyway.
    runtime.shutdown_background();
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn a_busy_port_names_the_address_and_keeps_the_reason() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = bind(IpAddr::from([127, 0, 0, 1]), Some(port)).unwrap_err();
        let reason = err.source().and_then(|s| s.downcast_ref::<io::Error>());
        assert_eq!(
            reason.map(io::Error::kind),
            Some(io::ErrorKind::AddrInUse),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("cannot listen on 127.0.0.1:{port}: "))
                && message.ends_with("choose another --port (--port 0 takes any free one)"),
            "{message}"
        );
    }
}
