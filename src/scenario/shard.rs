//! Splitting a sweep across machines by scenario index.

use std::fmt;
use std::str::FromStr;

/// Runs only the scenarios whose index ≡ `k` (mod `n`).
///
/// `K/N` names the shard directly; `auto/N` reads `K` from the
/// `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job) or `SLURM_ARRAY_TASK_ID`
/// (Slurm job array) environment variable, taken modulo `N`, so an array
/// numbered 1..=N covers every shard once too.
///
/// ```
/// use siteplan::scenario::Shard;
/// let s: Shard = "1/3".parse().unwrap();
/// assert!(s.includes(4) && !s.includes(3));
/// assert!("3/3".parse::<Shard>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard's number, 0-based.
    pub k: usize,
    /// Number of shards.
    pub n: usize,
}

impl Shard {
    /// True when scenario `index` belongs to this shard.
    ///
    /// # Examples
    ///
    /// Every scenario belongs to exactly one of the `N` shards:
    ///
    /// ```
    /// use siteplan::scenario::Shard;
    /// let shards = [Shard { k: 0, n: 3 }, Shard { k: 1, n: 3 }, Shard { k: 2, n: 3 }];
    /// for index in 0..10 {
    ///     assert_eq!(shards.iter().filter(|s| s.includes(index)).count(), 1);
    /// }
    /// assert!(shards[2].includes(5) && !shards[2].includes(6));
    /// ```
    pub fn includes(&self, index: usize) -> bool {
        index % self.n == self.k
    }

    /// Resolves `auto/N` from a lookup of environment variables (the
    /// process environment in [`FromStr`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::scenario::Shard;
    /// // A Slurm job array numbered 1..=4: task 4 runs shard 0 of 4.
    /// let slurm = |var: &str| (var == "SLURM_ARRAY_TASK_ID").then(|| "4".to_string());
    /// assert_eq!(Shard::parse_with_env("auto/4", slurm), Ok(Shard { k: 0, n: 4 }));
    /// assert_eq!(Shard::parse_with_env("2/4", |_| None), Ok(Shard { k: 2, n: 4 }));
    /// assert!(Shard::parse_with_env("auto/4", |_| None).is_err()); // no index variable
    /// ```
    pub fn parse_with_env(s: &str, env: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("--shard {s:?}: expected K/N or auto/N, e.g. 0/4"))?;
        let n: usize = n
            .trim()
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("--shard {s:?}: N must be a whole number ≥ 1"))?;
        let k = if k.trim() == "auto" {
            let (var, value) = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"]
                .iter()
                .find_map(|v| env(v).map(|x| (*v, x)))
                .ok_or_else(|| {
                    format!(
                        "--shard {s:?}: neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set"
                    )
                })?;
            let id: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("{var}={value:?} is not a whole number"))?;
            id % n
        } else {
            let k: usize = k
                .trim()
                .parse()
                .map_err(|_| format!("--shard {s:?}: K must be a whole number or auto"))?;
            if k >= n {
                return Err(format!("--shard {s:?}: K must be below N"));
            }
            k
        };
        Ok(Shard { k, n })
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        Shard::parse_with_env(s, |v| std::env::var(v).ok())
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reads_kubernetes_then_slurm() {
        let k8s = |v: &str| (v == "JOB_COMPLETION_INDEX").then(|| "2".to_string());
        assert_eq!(
            Shard::parse_with_env("auto/4", k8s),
            Ok(Shard { k: 2, n: 4 })
        );
        let slurm = |v: &str| (v == "SLURM_ARRAY_TASK_ID").then(|| "4".to_string());
        assert_eq!(
            Shard::parse_with_env("auto/4", slurm),
            Ok(Shard { k: 0, n: 4 })
        );
        assert!(Shard::parse_with_env("auto/4", |_| None).is_err());
    }

    #[test]
    fn every_index_is_in_exactly_one_shard() {
        for n in 1..6 {
            for i in 0..50 {
                let hits = (0..n).filter(|&k| Shard { k, n }.includes(i)).count();
                assert_eq!(hits, 1);
            }
        }
    }

    #[test]
    fn bad_shards_are_refused() {
        for s in ["", "1", "a/2", "0/0", "2/2", "-1/3"] {
            assert!(s.parse::<Shard>().is_err(), "{s}");
        }
    }
}
