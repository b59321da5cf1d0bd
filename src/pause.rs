//! A pause for kill and interrupt tests, honoured only by debug builds.
//!
//! With `SITEPLAN_PAUSE=POINT:N` in the environment, a debug build of
//! `siteplan` stops the N-th time (1-based, counted in this process) it
//! reaches POINT, prints `siteplan: paused at POINT` on stderr and waits,
//! so that a test can kill or interrupt it at a known moment, whatever the
//! speed of the machine. Release builds ignore the variable: the check
//! compiles to nothing.
//!
//! | POINT | where it waits |
//! |---|---|
//! | `result` | half of a result file (`results/NNNNNN.json`) written to its temporary file, not yet renamed into place |
//! | `tables` | half of `robustness.geojson` written (summary.csv and robustness.csv are done, report.html is not) |
//! | `solve` | before a sweep scenario's solve starts; it carries on once a stop is asked for ([`crate::stop::request`]) |
//! | `plan` | before the solve of a plan ([`crate::pipeline::run_with`]: `siteplan plan`, and each sweep scenario); it carries on once a stop is asked for |
//! | `generate` | before a market is generated ([`crate::synth::try_generate`]); it carries on once a stop is asked for |
//! | `write` | after a file written by [`crate::io::write_atomic`] is in place (renamed from its temporary file) |

use std::io::Write;

/// Whether this is the paused moment: the N-th arrival at `point` when
/// `SITEPLAN_PAUSE=point:N` (debug builds only).
fn hit(point: &str) -> bool {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::OnceLock;
        static WANTED: OnceLock<Option<(String, usize)>> = OnceLock::new();
        static SEEN: AtomicUsize = AtomicUsize::new(0);
        let wanted = WANTED.get_or_init(|| {
            let v = std::env::var("SITEPLAN_PAUSE").ok()?;
            let (p, n) = v.split_once(':')?;
            Some((p.to_string(), n.parse().ok()?))
        });
        match wanted {
            Some((p, n)) if p == point => SEEN.fetch_add(1, Ordering::SeqCst) + 1 == *n,
            _ => false,
        }
    }
    #[cfg(not(debug_assertions))]
    {
        let _ = point;
        false
    }
}

/// Says where it stopped, then waits: for ever, or with `until_stop`
/// until a stop is asked for.
fn hold(point: &str, until_stop: bool) {
    eprintln!("siteplan: paused at {point}");
    while !(until_stop && crate::stop::requested()) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Writes `bytes` to `w`; at the paused moment of `point` only their first
/// half, flushed to the file, before waiting for ever.
pub(crate) fn write_all(point: &str, w: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    if hit(point) {
        let half = bytes.len() / 2;
        w.write_all(&bytes[..half])?;
        w.flush()?;
        hold(point, false);
        return w.write_all(&bytes[half..]);
    }
    w.write_all(bytes)
}

/// At the paused moment of `point`, waits until a stop is asked for.
pub(crate) fn before(point: &str) {
    if hit(point) {
        hold(point, true);
    }
}

/// At the paused moment of `point`, waits for ever.
pub(crate) fn after(point: &str) {
    if hit(point) {
        hold(point, false);
    }
}
