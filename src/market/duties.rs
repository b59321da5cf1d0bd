//! EU import duties on battery-electric cars built in China.

use std::path::Path;

use super::table::Table;
use crate::error::{Error, Result};

/// The countervailing duty of one exporter group.
///
/// # Examples
///
/// ```
/// use siteplan::market::DutyTable;
/// let t = DutyTable::regulation_2024_2754();
/// let saic = t.rates.iter().find(|r| r.exporter_group == "SAIC Group").unwrap();
/// assert_eq!(saic.cvd_pct, 35.3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DutyRate {
    /// Exporter group as the regulation names it, e.g. `BYD Group`.
    pub exporter_group: String,
    /// Countervailing duty in percent of the customs value.
    pub cvd_pct: f64,
}

/// The EU duty table: the standard import duty plus one countervailing duty
/// per exporter group, both ad valorem on the customs value.
///
/// ```
/// use siteplan::market::DutyTable;
/// let t = DutyTable::regulation_2024_2754();
/// assert_eq!(t.standard_pct, 10.0);
/// assert_eq!(t.combined_pct("Other cooperating")?, 30.7);
/// assert_eq!(t.combined_pct("tesla")?, 17.8);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DutyTable {
    /// The ordinary EU import duty on passenger cars, percent (10).
    pub standard_pct: f64,
    /// Countervailing duties by exporter group.
    pub rates: Vec<DutyRate>,
}

impl DutyTable {
    /// The definitive rates of Commission Implementing Regulation (EU)
    /// 2024/2754 of 29 October 2024 (the same values as
    /// `eu_bev_duties_cn.csv`), on top of the 10 % standard duty.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::DutyTable;
    /// let t = DutyTable::regulation_2024_2754();
    /// assert_eq!(t.rates.len(), 6);
    /// assert_eq!(t.combined_pct("BYD Group")?, 27.0);
    /// assert_eq!(t.combined_pct("Geely Group")?, 28.8);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn regulation_2024_2754() -> Self {
        let r = |g: &str, cvd: f64| DutyRate {
            exporter_group: g.to_owned(),
            cvd_pct: cvd,
        };
        DutyTable {
            standard_pct: 10.0,
            rates: vec![
                r("BYD Group", 17.0),
                r("Geely Group", 18.8),
                r("SAIC Group", 35.3),
                r("Tesla (Shanghai)", 7.8),
                r("Other cooperating companies (not sampled)", 20.7),
                r("All other companies (non-cooperating)", 35.3),
            ],
        }
    }

    /// Reads a duty table (`exporter_group,cvd_pct,standard_import_duty_pct`;
    /// other columns ignored). The standard duty must be the same on every row.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("duties.csv");
    /// std::fs::write(&f, "exporter_group,cvd_pct,standard_import_duty_pct\nBYD Group,17.0,10\n")?;
    /// let t = siteplan::market::DutyTable::read(&f)?;
    /// assert_eq!(t.combined_pct("byd")?, 27.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(path: &Path) -> Result<Self> {
        let mut t = Table::read(
            path,
            &["exporter_group", "cvd_pct", "standard_import_duty_pct"],
        )?;
        let rows = std::mem::take(&mut t.rows);
        let mut standard: Option<f64> = None;
        let mut rates = Vec::new();
        for (line, row) in &rows {
            let group = t.text(row, "exporter_group").to_owned();
            if group.is_empty() {
                t.problem(*line, "exporter_group", "is empty".into());
            }
            let cvd = t.number(*line, row, "cvd_pct");
            let std_pct = t.number(*line, row, "standard_import_duty_pct");
            match (cvd, std_pct) {
                (Some(c), Some(s)) if c >= 0.0 && s >= 0.0 => {
                    if standard.is_some_and(|x| x != s) {
                        t.problem(
                            *line,
                            "standard_import_duty_pct",
                            format!("{s} differs from the first row's {}", standard.unwrap()),
                        );
                    }
                    standard.get_or_insert(s);
                    rates.push(DutyRate {
                        exporter_group: group,
                        cvd_pct: c,
                    });
                }
                _ => t.problem(
                    *line,
                    "cvd_pct",
                    "expected non-negative cvd_pct and standard_import_duty_pct".into(),
                ),
            }
        }
        t.finish()?;
        Ok(DutyTable {
            standard_pct: standard.unwrap_or(10.0),
            rates,
        })
    }

    /// The countervailing duty of the group whose name equals `group` or,
    /// failing that, is the only one containing it (case-insensitive).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{market::DutyTable, Error};
    /// let t = DutyTable::regulation_2024_2754();
    /// assert_eq!(t.cvd_pct("byd group")?, 17.0); // the full name, any case
    /// assert_eq!(t.cvd_pct("Tesla")?, 7.8); // the only group containing it
    /// let err = t.cvd_pct("group").unwrap_err(); // BYD, Geely and SAIC
    /// assert!(matches!(&err, Error::Usage(m) if m.contains("matches 3 rows")));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cvd_pct(&self, group: &str) -> Result<f64> {
        let g = group.trim().to_lowercase();
        if let Some(r) = self
            .rates
            .iter()
            .find(|r| r.exporter_group.to_lowercase() == g)
        {
            return Ok(r.cvd_pct);
        }
        let hits: Vec<&DutyRate> = self
            .rates
            .iter()
            .filter(|r| r.exporter_group.to_lowercase().contains(&g))
            .collect();
        match hits.as_slice() {
            [one] => Ok(one.cvd_pct),
            _ => Err(Error::Usage(format!(
                "exporter group {group:?} matches {} rows of the duty table; expected one of: {}",
                hits.len(),
                self.rates
                    .iter()
                    .map(|r| format!("{:?}", r.exporter_group))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Standard duty plus the group's countervailing duty, percent.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::DutyTable;
    /// let t = DutyTable::regulation_2024_2754();
    /// assert_eq!(t.combined_pct("SAIC")?, 45.3);
    /// assert!(t.combined_pct("Volkswagen").is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn combined_pct(&self, group: &str) -> Result<f64> {
        Ok(round_pct(self.standard_pct + self.cvd_pct(group)?))
    }
}

/// Rounds a percentage to 1e-9 so that 10 + 20.7 prints as 30.7.
fn round_pct(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}
