//! Memory sizes and the memory budget of a run.
//!
//! A [`Bytes`] is a size as the user writes it (`8GiB`, `500MB`, `2G`,
//! `123456789`) and as messages show it. [`default_budget`] is the budget
//! a run gets when none is set: three quarters of the memory this process
//! may use, the smaller of `MemAvailable` in `/proc/meminfo` and the
//! cgroup's memory limit (v2 `memory.max`, v1 `memory.limit_in_bytes`),
//! or [`FALLBACK_BUDGET`] where neither can be read.
//!
//! What a plan will need is estimated in [`crate::travel::estimate`] and
//! checked against the budget by the pipeline
//! ([`crate::pipeline::check_memory`]), before the cost matrix is built.
//!
//! ```
//! use siteplan::memory::Bytes;
//! let b: Bytes = "8GiB".parse()?;
//! assert_eq!(b.0, 8 << 30);
//! assert_eq!("500MB".parse::<Bytes>()?.0, 500_000_000);
//! assert_eq!(b.to_string(), "8.0 GiB");
//! # Ok::<(), String>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The budget when the machine's memory cannot be read: 4 GiB.
pub const FALLBACK_BUDGET: Bytes = Bytes(4 << 30);

/// A number of bytes.
///
/// Parses from an integer number of bytes or a number with a unit:
/// `K`/`KB` (1000), `KiB` (1024), `M`/`MB`, `MiB`, `G`/`GB`, `GiB`,
/// `T`/`TB`, `TiB` (case-insensitive, spaces allowed, decimals too:
/// `1.5GiB`). A bare `K`, `M`, `G` or `T` is a power of 1024, as in
/// `ulimit` and Docker (`2G` = 2 GiB); `KB`, `MB`, `GB`, `TB` are powers
/// of 1000. Displays with a binary unit and one decimal.
///
/// # Examples
///
/// ```
/// use siteplan::memory::Bytes;
/// assert_eq!("2G".parse::<Bytes>()?.0, 2 << 30);
/// assert_eq!("2 GB".parse::<Bytes>()?.0, 2_000_000_000);
/// assert_eq!("1.5gib".parse::<Bytes>()?.0, 3 << 29);
/// assert_eq!("4096".parse::<Bytes>()?.0, 4096);
/// assert!("lots".parse::<Bytes>().unwrap_err().contains("expected a size"));
/// assert_eq!(Bytes(1536).to_string(), "1.5 KiB");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Bytes(pub u64);

impl FromStr for Bytes {
    type Err = String;

    fn from_str(s: &str) -> Result<Bytes, String> {
        let bad = || {
            format!(
                "{s:?}: expected a size such as 8GiB, 500MB, 2G or a number of bytes \
                 (units K, M, G, T = 1024-based; KB, MB, GB, TB = 1000-based; KiB, MiB, GiB, TiB)"
            )
        };
        let t = s.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        if num.is_empty() {
            return Err(bad());
        }
        let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kib" => 1 << 10,
            "kb" => 1_000,
            "m" | "mib" => 1 << 20,
            "mb" => 1_000_000,
            "g" | "gib" => 1 << 30,
            "gb" => 1_000_000_000,
            "t" | "tib" => 1 << 40,
            "tb" => 1_000_000_000_000,
            _ => return Err(bad()),
        };
        if let Ok(n) = num.parse::<u64>() {
            return n.checked_mul(factor).map(Bytes).ok_or_else(bad);
        }
        let v: f64 = num.parse().map_err(|_| bad())?;
        let bytes = v * factor as f64;
        if !(bytes.is_finite() && bytes < u64::MAX as f64) {
            return Err(bad());
        }
        Ok(Bytes(bytes.round() as u64))
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
        if self.0 < 1024 {
            return write!(f, "{} B", self.0);
        }
        let mut v = self.0 as f64 / 1024.0;
        let mut unit = 0;
        while v >= 1024.0 && unit + 1 < UNITS.len() {
            v /= 1024.0;
            unit += 1;
        }
        write!(f, "{v:.1} {}", UNITS[unit])
    }
}

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Text(String),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "expected a size such as \"8GiB\", \"500MB\", \"2G\" or a number of bytes",
            )
        })? {
            Raw::Int(n) => Ok(Bytes(n)),
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// Where a run's memory budget came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetSource {
    /// `--max-memory` or the `max_memory` key.
    Set,
    /// Three quarters of the memory available to this process.
    Machine,
    /// [`FALLBACK_BUDGET`]: the machine's memory could not be read.
    Fallback,
}

/// A memory budget and where it came from.
///
/// # Examples
///
/// ```
/// use siteplan::memory::{Budget, BudgetSource, Bytes};
/// let set = Budget::resolve(Some(Bytes(1 << 30)));
/// assert_eq!((set.bytes, set.source), (Bytes(1 << 30), BudgetSource::Set));
/// assert!(set.describe().contains("--max-memory"));
/// let machine = Budget::resolve(None);
/// assert!(machine.bytes.0 > 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most bytes a run may plan to use.
    pub bytes: Bytes,
    /// Where it came from.
    pub source: BudgetSource,
}

impl Budget {
    /// `set` when given, else [`default_budget`].
    ///
    /// # Examples
    ///
    /// See [`Budget`].
    /// ```
    /// use siteplan::memory::{Budget, Bytes};
    /// assert_eq!(Budget::resolve(Some(Bytes(5))).bytes, Bytes(5));
    /// ```
    pub fn resolve(set: Option<Bytes>) -> Budget {
        match set {
            Some(bytes) => Budget {
                bytes,
                source: BudgetSource::Set,
            },
            None => default_budget(),
        }
    }

    /// The budget and its origin in words (`1.0 GiB (--max-memory)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::memory::{Budget, BudgetSource, Bytes};
    /// let b = Budget { bytes: Bytes(3 << 30), source: BudgetSource::Machine };
    /// assert_eq!(b.describe(), "3.0 GiB (3/4 of the memory available to this process)");
    /// ```
    pub fn describe(&self) -> String {
        let from = match self.source {
            BudgetSource::Set => "--max-memory / max_memory",
            BudgetSource::Machine => "3/4 of the memory available to this process",
            BudgetSource::Fallback => "the fallback; the machine's memory could not be read",
        };
        format!("{} ({from})", self.bytes)
    }
}

/// The budget of a run with no `--max-memory`: 3/4 of the smaller of
/// `MemAvailable` and the cgroup memory limit; [`FALLBACK_BUDGET`] where
/// neither can be read.
///
/// # Examples
///
/// ```
/// let b = siteplan::memory::default_budget();
/// assert!(b.bytes.0 > 0);
/// ```
pub fn default_budget() -> Budget {
    let meminfo = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| mem_available(&t));
    let cgroup = cgroup_limit();
    match [meminfo, cgroup].into_iter().flatten().min() {
        Some(avail) => Budget {
            bytes: Bytes(avail / 4 * 3),
            source: BudgetSource::Machine,
        },
        None => Budget {
            bytes: FALLBACK_BUDGET,
            source: BudgetSource::Fallback,
        },
    }
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
///
/// ```
/// let t = "MemTotal:  24683772 kB\nMemAvailable:  1000 kB\n";
/// assert_eq!(siteplan::memory::mem_available(t), Some(1_024_000));
/// assert_eq!(siteplan::memory::mem_available("MemTotal: 5 kB\n"), None);
/// ```
pub fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// The memory limit of this process's cgroup (v2, then v1), if any.
fn cgroup_limit() -> Option<u64> {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    // v2: the process's own group, then the root of the mounted hierarchy.
    let own = read("/proc/self/cgroup").and_then(|t| {
        t.lines()
            .find_map(|l| l.strip_prefix("0::"))
            .map(|g| format!("/sys/fs/cgroup{}/memory.max", g.trim_end_matches('/')))
    });
    let candidates = [
        own,
        Some("/sys/fs/cgroup/memory.max".to_owned()),
        Some("/sys/fs/cgroup/memory/memory.limit_in_bytes".to_owned()),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(|p| read(&p))
        .filter_map(|t| t.trim().parse::<u64>().ok())
        // v1 reports "no limit" as a huge number near i64::MAX.
        .filter(|&v| v < 1 << 60)
        .min()
}

/// Bytes of a cost matrix per kept pair: a site index and a cost.
pub const MATRIX_BYTES_PER_PAIR: u64 = 12;
/// Bytes of a cost matrix per demand point: its row offset.
pub const MATRIX_BYTES_PER_ROW: u64 = 8;
/// Bytes of the heuristic engine per kept pair: its rows and columns
/// (a copy of the matrix each way) and one restricted copy of both.
pub const ENGINE_BYTES_PER_PAIR: u64 = 48;
/// Bytes of the exact (MIP) route per kept pair: a variable, its column
/// of constraint entries and the solver's factorisation.
pub const MIP_BYTES_PER_PAIR: u64 = 400;
/// Bytes per demand point or site outside the matrix: the record, its id
/// in the id index, the spatial index, weights, penalties and the
/// per-point arrays of solves and evaluations.
pub const BYTES_PER_POINT: u64 = 320;
/// Bytes per row of an OD cost file kept after reading (a triple).
pub const OD_BYTES_PER_ROW: u64 = 16;
/// Bytes per row of an OD cost file while it is read, on top of the file's
/// own bytes: parsed rows, their line numbers and the sort order.
pub const OD_READ_BYTES_PER_ROW: u64 = 72;

/// What a plan is estimated to need, by part. The parts are held at once,
/// so the need is their sum ([`MemoryEstimate::total`]).
///
/// # Examples
///
/// ```
/// use siteplan::memory::{Bytes, MemoryEstimate};
/// let e = MemoryEstimate::new(1_000, 50, 50_000, false);
/// assert_eq!(e.matrix, Bytes(50_000 * 12 + 1_000 * 8));
/// assert_eq!(e.total().0, e.matrix.0 + e.solver.0 + e.inputs.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Kept pairs of the cost matrix.
    pub pairs: u64,
    /// The cost matrix.
    pub matrix: Bytes,
    /// The solve's working set.
    pub solver: Bytes,
    /// Demand points, sites and the OD table, if any.
    pub inputs: Bytes,
}

impl MemoryEstimate {
    /// The need of a plan of `n_demand` points and `n_sites` sites whose
    /// matrix keeps `pairs` pairs, solved by the exact route (`mip`) or by
    /// the heuristic engine.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::memory::MemoryEstimate;
    /// let heuristic = MemoryEstimate::new(10, 10, 100, false);
    /// let exact = MemoryEstimate::new(10, 10, 100, true);
    /// assert!(exact.solver > heuristic.solver);
    /// ```
    pub fn new(n_demand: u64, n_sites: u64, pairs: u64, mip: bool) -> MemoryEstimate {
        let per_pair = if mip {
            MIP_BYTES_PER_PAIR
        } else {
            ENGINE_BYTES_PER_PAIR
        };
        MemoryEstimate {
            pairs,
            matrix: Bytes(
                pairs
                    .saturating_mul(MATRIX_BYTES_PER_PAIR)
                    .saturating_add(n_demand.saturating_mul(MATRIX_BYTES_PER_ROW)),
            ),
            solver: Bytes(pairs.saturating_mul(per_pair)),
            inputs: Bytes(
                n_demand
                    .saturating_add(n_sites)
                    .saturating_mul(BYTES_PER_POINT),
            ),
        }
    }

    /// This estimate with an OD table of `rows` rows read from a file of
    /// `file_bytes` bytes: the table is kept, and while it is read the
    /// file and the parsed rows are held too (the larger of the two
    /// moments counts).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::memory::MemoryEstimate;
    /// let e = MemoryEstimate::new(10, 10, 100, false);
    /// assert!(e.with_od_file(1_000, 40_000).total() > e.total());
    /// ```
    pub fn with_od_file(mut self, rows: u64, file_bytes: u64) -> MemoryEstimate {
        let kept = rows.saturating_mul(OD_BYTES_PER_ROW);
        let reading = file_bytes.saturating_add(rows.saturating_mul(OD_READ_BYTES_PER_ROW));
        let later = self.matrix.0.saturating_add(self.solver.0);
        self.inputs = Bytes(
            self.inputs
                .0
                .saturating_add(kept)
                .saturating_add(reading.saturating_sub(later)),
        );
        self
    }

    /// Everything held at once.
    ///
    /// # Examples
    ///
    /// See [`MemoryEstimate`].
    /// ```
    /// let e = siteplan::memory::MemoryEstimate::new(0, 0, 0, false);
    /// assert_eq!(e.total().0, 0);
    /// ```
    pub fn total(&self) -> Bytes {
        Bytes(
            self.matrix
                .0
                .saturating_add(self.solver.0)
                .saturating_add(self.inputs.0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_trip_through_text() {
        for s in ["1", "1023", "1KiB", "3MiB", "7GiB", "2TiB"] {
            let b: Bytes = s.parse().unwrap();
            assert!(b.0 > 0, "{s}");
        }
        assert_eq!("0".parse::<Bytes>().unwrap(), Bytes(0));
        assert!("".parse::<Bytes>().is_err());
        assert!("-1G".parse::<Bytes>().is_err());
        assert!("1Q".parse::<Bytes>().is_err());
        assert!("99999999999T".parse::<Bytes>().is_err());
        assert_eq!(Bytes(5 << 30).to_string(), "5.0 GiB");
        assert_eq!(Bytes(512).to_string(), "512 B");
    }

    #[test]
    fn budget_is_below_what_the_machine_has() {
        let b = default_budget();
        if let Some(avail) = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|t| mem_available(&t))
        {
            assert!(b.bytes.0 <= avail, "{b:?} vs {avail}");
        }
    }
}
