//! Runs one probe on its own thread and waits for it at most a fixed time.
//!
//! A Windows call can hang (a stuck WMI provider, a slow domain controller). The caller gets
//! "timed out" as an ordinary [`ProbeError`] and moves on; the stuck thread is abandoned and
//! ends with the process. A probe that panics is reported the same way instead of aborting.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use super::{ProbeError, Probed};

/// A probe that has been started; [`Pending::wait`] collects its answer.
#[derive(Debug)]
pub struct Pending<T> {
    name: &'static str,
    timeout: Duration,
    started: Instant,
    answer: Result<Receiver<Probed<T>>, ProbeError>,
}

/// Starts `probe` on a new thread named after it; it has `timeout` from now to answer.
pub fn spawn<T, F>(name: &'static str, timeout: Duration, probe: F) -> Pending<T>
where
    T: Send + 'static,
    F: FnOnce() -> Probed<T> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let started = Instant::now();
    let spawned = thread::Builder::new()
        .name(format!("probe-{name}"))
        .spawn(move || {
            let answer = catch_unwind(AssertUnwindSafe(probe))
                .unwrap_or_else(|_| Err(ProbeError::new(format!("the {name} probe crashed"))));
            // The receiver is gone if the caller already gave up on us: nothing to do then.
            let _ = tx.send(answer);
        });
    Pending {
        name,
        timeout,
        started,
        answer: spawned
            .map(|_| rx)
            .map_err(|e| ProbeError::new(format!("could not start the {name} probe: {e}"))),
    }
}

impl<T> Pending<T> {
    /// The probe's answer, or a "timed out" error once its time (counted from
    /// [`spawn`]) is up.
    pub fn wait(self) -> Probed<T> {
        let rx = self.answer?;
        let left = self.timeout.saturating_sub(self.started.elapsed());
        match rx.recv_timeout(left) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => Err(ProbeError::new(format!(
                "the {} probe timed out after {} s",
                self.name,
                self.timeout.as_secs_f32()
            ))),
            Err(RecvTimeoutError::Disconnected) => Err(ProbeError::new(format!(
                "the {} probe stopped without an answer",
                self.name
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_the_answer() {
        assert_eq!(
            spawn("quick", Duration::from_secs(5), || Ok(7)).wait(),
            Ok(7)
        );
    }

    #[test]
    fn times_out_without_waiting_for_the_probe() {
        let started = Instant::now();
        let pending = spawn("slow", Duration::from_millis(100), || {
            thread::sleep(Duration::from_secs(5));
            Ok(1)
        });
        let err = pending.wait().unwrap_err();
        assert!(err.reason.contains("timed out"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_panicking_probe_is_an_error() {
        let pending = spawn::<u8, _>("boom", Duration::from_secs(5), || panic!("boom"));
        assert!(pending.wait().unwrap_err().reason.contains("crashed"));
    }

    #[test]
    fn probes_run_at_the_same_time() {
        let started = Instant::now();
        let a = spawn("a", Duration::from_secs(5), || {
            thread::sleep(Duration::from_millis(500));
            Ok(1)
        });
        let b = spawn("b", Duration::from_secs(5), || {
            thread::sleep(Duration::from_millis(500));
            Ok(2)
        });
        assert_eq!((a.wait(), b.wait()), (Ok(1), Ok(2)));
        assert!(started.elapsed() < Duration::from_millis(950));
    }
}
