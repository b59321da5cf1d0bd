//! Typed errors of the library.
//!
//! Every variant says what went wrong and, where it can, what to do about it.
//! The binary maps them to exit codes: [`Error::Input`] and [`Error::Usage`]
//! → 2, [`Error::Infeasible`] → 3, everything else → 1.

use std::fmt;
use std::path::PathBuf;

/// How many problems of one file are collected before reading stops.
pub const MAX_REPORTED_PROBLEMS: usize = 20;

/// One problem found in an input file: where it is and what was expected.
///
/// Displays as `file:line: column "name": message`, the shape compilers use,
/// so editors and terminals can jump to it.
///
/// ```
/// use siteplan::InputProblem;
/// let p = InputProblem::new("demand.csv", Some(17), Some("lat"), "95.2 is outside -90..90");
/// assert_eq!(p.to_string(), r#"demand.csv:17: column "lat": 95.2 is outside -90..90"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line number (the header is line 1), when the problem has one.
    pub line: Option<u64>,
    /// The column's name, when the problem is in one field.
    pub column: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

impl InputProblem {
    /// A problem at `file`, optionally at a line and column.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::InputProblem;
    /// // A problem of the whole file has neither line nor column.
    /// let p = InputProblem::new("sites.csv", None, None, "has a header but no data rows");
    /// assert_eq!(p.to_string(), "sites.csv: has a header but no data rows");
    /// let p = InputProblem::new("sites.csv", Some(4), None, "found 3 fields, expected 4");
    /// assert_eq!(p.to_string(), "sites.csv:4: found 3 fields, expected 4");
    /// ```
    pub fn new(
        file: impl Into<String>,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        InputProblem {
            file: file.into(),
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(col) = &self.column {
            write!(f, "column \"{col}\": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// A list of input problems, possibly cut at [`MAX_REPORTED_PROBLEMS`] per file.
///
/// # Examples
///
/// ```
/// use siteplan::{Error, InputProblem, InputProblems};
/// let list = InputProblems {
///     problems: vec![
///         InputProblem::new("d.csv", Some(2), Some("weight"), "-1 is negative"),
///         InputProblem::new("d.csv", Some(5), Some("id"), "duplicate id"),
///     ],
///     truncated: true,
/// };
/// let text = Error::Input(list).to_string();
/// let lines: Vec<&str> = text.lines().collect();
/// assert_eq!(lines[1], r#"d.csv:5: column "id": duplicate id"#);
/// assert!(lines[2].starts_with("(stopped after 20 problems"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputProblems {
    /// The problems, in file order.
    pub problems: Vec<InputProblem>,
    /// True when more problems existed than were kept.
    pub truncated: bool,
}

impl fmt::Display for InputProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.truncated {
            write!(
                f,
                "\n(stopped after {MAX_REPORTED_PROBLEMS} problems in one file; fix these and run again)"
            )?;
        }
        Ok(())
    }
}

/// Errors returned by siteplan.
///
/// # Examples
///
/// ```
/// use siteplan::Error;
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("demand.csv");
/// std::fs::write(&f, "id,lat,lon,weight\na,31.2,121.5,100\nb,95,121.0,50\n")?;
/// let err = siteplan::io::read_demand(&f).unwrap_err();
/// let Error::Input(list) = &err else { panic!("expected an input error: {err}") };
/// assert_eq!(list.problems[0].line, Some(3)); // the header is line 1
/// assert!(err.to_string().ends_with(r#"demand.csv:3: column "lat": 95 is outside -90..90"#));
/// assert_eq!(err.exit_code(), 2);
///
/// // Writing into a folder that does not exist: an Io error naming the file.
/// let out = dir.path().join("no-such-folder").join("plan.csv");
/// let err = siteplan::io::write_atomic(&out, |_| Ok(())).unwrap_err();
/// assert!(matches!(&err, Error::Io { path, .. } if path == &out));
/// assert_eq!(err.exit_code(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// One or more input files are malformed or hold invalid values.
    #[error("{0}")]
    Input(InputProblems),
    /// The request itself is inconsistent (bad option values or combinations).
    #[error("{0}")]
    Usage(String),
    /// The inputs are valid but no plan can satisfy the request; the text says why.
    #[error("no feasible plan: {0}")]
    Infeasible(String),
    /// A solver backend failed in a way that is not infeasibility.
    #[error("solver failed: {0}")]
    Solver(String),
    /// The run was stopped from outside (Ctrl-C, [`crate::stop::request`])
    /// before it finished; nothing was written.
    #[error("interrupted")]
    Interrupted,
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// One input problem as an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{Error, InputProblem};
    /// let err = Error::input(InputProblem::new("costs.csv", Some(9), Some("cost"), "NaN is not a finite number"));
    /// assert_eq!(err.to_string(), r#"costs.csv:9: column "cost": NaN is not a finite number"#);
    /// assert_eq!(err.exit_code(), 2);
    /// ```
    pub fn input(problem: InputProblem) -> Self {
        Error::Input(InputProblems {
            problems: vec![problem],
            truncated: false,
        })
    }

    /// The process exit code the command-line tool uses for this error.
    ///
    /// ```
    /// assert_eq!(siteplan::Error::Usage("x".into()).exit_code(), 2);
    /// assert_eq!(siteplan::Error::Infeasible("x".into()).exit_code(), 3);
    /// assert_eq!(siteplan::Error::Interrupted.exit_code(), 130);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Infeasible(_) => 3,
            Error::Interrupted => 130,
            _ => 1,
        }
    }
}

/// Result with [`Error`].
///
/// # Examples
///
/// ```
/// fn parse_weight(s: &str) -> siteplan::Result<f64> {
///     s.parse()
///         .map_err(|_| siteplan::Error::Usage(format!("{s:?} is not a weight")))
/// }
/// assert_eq!(parse_weight("2.5")?, 2.5);
/// let err = parse_weight("heavy").unwrap_err();
/// assert_eq!(err.to_string(), r#""heavy" is not a weight"#);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;
