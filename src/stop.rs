//! Stopping a running solve from outside: Ctrl-C in the terminal, an
//! interrupt in a notebook.
//!
//! A stop is asked for with [`request`] (one atomic store, safe to call from
//! a signal handler). Every solver checks for it wherever it checks its time
//! limit ([`past`], [`over`]), so a request ends the solve as promptly as
//! the time limit would; the pipeline then returns
//! [`Error::Interrupted`](crate::Error::Interrupted) and writes nothing.
//!
//! The request is process-wide, as Ctrl-C is. A front end that starts a new
//! run after an interrupt calls [`clear`] first.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use siteplan::stop;
//!
//! let later = Instant::now() + Duration::from_secs(3600);
//! assert!(!stop::past(later));
//! stop::request();
//! assert!(stop::requested() && stop::past(later));
//! stop::clear();
//! assert!(!stop::past(later));
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks every running solve in this process to stop at its next check.
/// Async-signal-safe: it only stores to an atomic.
///
/// ```
/// siteplan::stop::request();
/// assert!(siteplan::stop::requested());
/// siteplan::stop::clear();
/// ```
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Withdraws a stop request, before a new run starts.
///
/// ```
/// siteplan::stop::request();
/// siteplan::stop::clear();
/// assert!(!siteplan::stop::requested());
/// ```
pub fn clear() {
    REQUESTED.store(false, Ordering::SeqCst);
}

/// Whether a stop has been asked for (and not cleared since).
///
/// ```
/// siteplan::stop::clear();
/// assert!(!siteplan::stop::requested());
/// ```
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Whether a solve must stop now: its `deadline` has passed or a stop was
/// asked for.
///
/// ```
/// use std::time::Instant;
/// siteplan::stop::clear();
/// assert!(siteplan::stop::past(Instant::now()));
/// ```
pub fn past(deadline: Instant) -> bool {
    requested() || Instant::now() >= deadline
}

/// Whether a solve started at `start` and allowed `seconds` must stop now:
/// the time is up or a stop was asked for.
///
/// ```
/// use std::time::{Duration, Instant};
/// siteplan::stop::clear();
/// let start = Instant::now();
/// assert!(!siteplan::stop::over(start, 60.0));
/// std::thread::sleep(Duration::from_millis(5));
/// assert!(siteplan::stop::over(start, 0.001));
/// ```
pub fn over(start: Instant, seconds: f64) -> bool {
    requested() || start.elapsed().as_secs_f64() > seconds
}
