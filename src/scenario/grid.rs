//! Expanding a sweep file into a list of named scenarios.
//!
//! A sweep file is a base scenario (the keys of `plan --config`) plus a
//! `[grid]` table of axes — each a list of values for one key, expanded as
//! the cartesian product, the first axis varying slowest — and/or an explicit
//! `[[scenario]]` list of overrides. Grid scenarios come first, then the
//! explicit ones, in file order; that order is each scenario's index.
//!
//! Keys may be dotted paths into nested tables: `market_entry.eu_duty_pct`
//! (written bare in `[grid]`, which TOML reads as a nested table, or quoted
//! as `"market_entry.eu_duty_pct"`) sets `eu_duty_pct` inside the base's
//! `[market_entry]` table and leaves its other keys alone. In `[[scenario]]`
//! entries a table value is merged key by key into the base the same way.

use serde::Serialize;
use toml::{Table, Value};

use crate::error::{Error, Result};

/// One scenario of a sweep: its stable index and name, the parameters it
/// varies, and the full settings table (base merged with its overrides).
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{expand, ScenarioSpec};
/// let file: toml::Table = toml::from_str(r#"
///     model = "p-median"
///     new_sites = 5
///     [grid]
///     new_sites = [5, 10]
///     seed = [1, 2, 3]
/// "#).unwrap();
/// let specs: Vec<ScenarioSpec> = expand(&file)?;
/// assert_eq!(specs.len(), 2 * 3); // the product of the axes
/// let s = &specs[4];
/// assert_eq!((s.index, s.name.as_str()), (4, "new_sites=10,seed=2"));
/// assert_eq!(s.params, [("new_sites".to_string(), "10".to_string()), ("seed".to_string(), "2".to_string())]);
/// // The base keys are kept, the varied ones overridden.
/// assert_eq!(s.settings["model"].as_str(), Some("p-median"));
/// assert_eq!(s.settings["new_sites"].as_integer(), Some(10));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSpec {
    /// Position in the expanded list (grid first, then explicit scenarios).
    pub index: usize,
    /// Stable, file-name-safe name derived from the varied parameters
    /// (or given by an explicit scenario's `name`).
    pub name: String,
    /// The varied keys and their values, in axis order.
    pub params: Vec<(String, String)>,
    /// The complete settings: base keys overridden by this scenario's.
    #[serde(skip)]
    pub settings: Table,
}

/// Keys of a sweep file that are not scenario settings.
const SWEEP_KEYS: [&str; 2] = ["grid", "scenario"];

/// Expands a parsed sweep file into scenarios.
///
/// ```
/// let file: toml::Table = toml::from_str(r#"
///     model = "max-coverage"
///     new_sites = 10
///     [grid]
///     new_sites = [10, 20]
///     cutoff = [30, 50.5]
///     [[scenario]]
///     name = "tight"
///     cutoff = 10
/// "#).unwrap();
/// let s = siteplan::scenario::expand(&file)?;
/// let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
/// assert_eq!(names, ["new_sites=10,cutoff=30", "new_sites=10,cutoff=50.5",
///                    "new_sites=20,cutoff=30", "new_sites=20,cutoff=50.5", "tight"]);
/// assert_eq!(s[3].settings["cutoff"].as_float(), Some(50.5));
/// assert_eq!(s[4].settings["new_sites"].as_integer(), Some(10));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn expand(file: &Table) -> Result<Vec<ScenarioSpec>> {
    let mut base = file.clone();
    for k in SWEEP_KEYS {
        base.remove(k);
    }
    let mut out = Vec::new();
    if let Some(grid) = file.get("grid") {
        let grid = grid
            .as_table()
            .ok_or_else(|| usage("[grid] must be a table of lists"))?;
        let mut axes: Vec<(String, &Vec<Value>)> = Vec::new();
        grid_axes(grid, "", &mut axes)?;
        let total: usize = axes.iter().map(|a| a.1.len()).product();
        if axes.is_empty() {
            return Err(usage("[grid] has no axes"));
        }
        for i in 0..total {
            // Mixed-radix digits, the first axis varying slowest.
            let mut rest = i;
            let mut pick = vec![0; axes.len()];
            for (a, axis) in axes.iter().enumerate().rev() {
                pick[a] = rest % axis.1.len();
                rest /= axis.1.len();
            }
            let mut settings = base.clone();
            let mut params = Vec::new();
            for (a, (k, list)) in axes.iter().enumerate() {
                let v = &list[pick[a]];
                set_path(&mut settings, k, v.clone())?;
                params.push((k.clone(), value_text(v)));
            }
            out.push(ScenarioSpec {
                index: out.len(),
                name: String::new(),
                params,
                settings,
            });
        }
    }
    if let Some(list) = file.get("scenario") {
        let list = list
            .as_array()
            .ok_or_else(|| usage("[[scenario]] must be an array of tables"))?;
        for (n, entry) in list.iter().enumerate() {
            let t = entry
                .as_table()
                .ok_or_else(|| usage(format!("[[scenario]] number {}: expected a table", n + 1)))?;
            let mut settings = base.clone();
            let mut params = Vec::new();
            let mut name = None;
            for (k, v) in t {
                if k == "name" {
                    name = Some(
                        v.as_str()
                            .ok_or_else(|| usage("[[scenario]] name: expected a string"))?
                            .to_string(),
                    );
                    continue;
                }
                let mut leaves = Vec::new();
                leaf_values(k, v, &mut leaves);
                for (path, leaf) in leaves {
                    set_path(&mut settings, &path, leaf.clone())?;
                    params.push((path, value_text(leaf)));
                }
            }
            out.push(ScenarioSpec {
                index: out.len(),
                name: name.unwrap_or_default(),
                params,
                settings,
            });
        }
    }
    if out.is_empty() {
        return Err(usage(
            "the sweep file has neither a [grid] table nor [[scenario]] entries",
        ));
    }
    name_scenarios(&mut out)?;
    Ok(out)
}

/// Collects the axes of a `[grid]` table: lists are axes, tables are
/// walked into with their key as a dotted prefix.
fn grid_axes<'a>(
    table: &'a Table,
    prefix: &str,
    axes: &mut Vec<(String, &'a Vec<Value>)>,
) -> Result<()> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Array(list) if list.is_empty() => {
                return Err(usage(format!("[grid] {key}: the list is empty")));
            }
            Value::Array(list) => axes.push((key, list)),
            Value::Table(t) => grid_axes(t, &key, axes)?,
            _ => {
                return Err(usage(format!(
                    "[grid] {key}: expected a list of values, e.g. {key} = [1, 2]"
                )))
            }
        }
    }
    Ok(())
}

/// The leaves of an override: a table is walked into (dotted paths), any
/// other value is a leaf.
fn leaf_values<'a>(key: &str, v: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Table(t) if !t.is_empty() => {
            for (k, x) in t {
                leaf_values(&format!("{key}.{k}"), x, out);
            }
        }
        _ => out.push((key.to_string(), v)),
    }
}

/// Sets `value` at a dotted `path` (`a.b.c`), creating missing tables.
///
/// ```
/// let mut t: toml::Table = toml::from_str("[market_entry]\nprice = 1.0\n").unwrap();
/// siteplan::scenario::grid::set_path(&mut t, "market_entry.eu_duty_pct", toml::Value::Integer(48))?;
/// assert_eq!(t["market_entry"]["eu_duty_pct"].as_integer(), Some(48));
/// assert_eq!(t["market_entry"]["price"].as_float(), Some(1.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn set_path(table: &mut Table, path: &str, value: Value) -> Result<()> {
    let mut parts: Vec<&str> = path.split('.').collect();
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(usage(format!("{path:?}: empty part in a dotted key")));
    }
    let last = parts.pop().expect("split gives at least one part");
    let mut t = table;
    for (i, p) in parts.iter().enumerate() {
        let entry = t
            .entry(p.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        t = entry.as_table_mut().ok_or_else(|| {
            usage(format!(
                "{path}: {} is not a table, so it has no key {}",
                parts[..=i].join("."),
                parts.get(i + 1).copied().unwrap_or(last)
            ))
        })?;
    }
    t.insert(last.to_string(), value);
    Ok(())
}

/// Fills empty names from the parameters and makes them file-name safe;
/// given names must be unique.
fn name_scenarios(list: &mut [ScenarioSpec]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for s in list.iter_mut() {
        if s.name.is_empty() {
            s.name = if s.params.is_empty() {
                "base".to_string()
            } else {
                s.params
                    .iter()
                    .map(|(k, v)| format!("{}={v}", short_key(k, &s.params)))
                    .collect::<Vec<_>>()
                    .join(",")
            };
        }
        s.name = safe_name(&s.name);
        if let Some(why) = unsafe_folder_name(&s.name) {
            return Err(usage(format!(
                "scenario {}: name = {:?}: {why}",
                s.index, s.name
            )));
        }
        if let Some(first) = seen.insert(s.name.clone(), s.index) {
            return Err(usage(format!(
                "scenarios {first} and {} have the same name {:?}; give explicit scenarios distinct `name`s",
                s.index, s.name
            )));
        }
    }
    Ok(())
}

/// A dotted key's last part when no other varied key ends the same way
/// (names stay short: `eu_duty_pct=48`), else the whole key.
fn short_key<'a>(key: &'a str, params: &[(String, String)]) -> &'a str {
    let last = |k: &'a str| k.rsplit('.').next().unwrap_or(k);
    let tail = last(key);
    let clash = params
        .iter()
        .filter(|(k, _)| k.rsplit('.').next() == Some(tail))
        .count()
        > 1;
    if clash {
        key
    } else {
        tail
    }
}

/// Why `name` cannot be the folder `scenarios/NAME/` of a scenario's plan
/// files (`None` when it can): it must be a single path component other
/// than `.` and `..`, made of the characters [`safe_name`] keeps, so that
/// nothing of a scenario is written outside the sweep's output folder.
pub(crate) fn unsafe_folder_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("a scenario needs a name")
    } else if name == "." || name == ".." {
        Some("\".\" and \"..\" would put the scenario's plan files outside its folder scenarios/NAME/; choose another name")
    } else if safe_name(name) != name {
        Some("a scenario's name may hold only letters, digits and ._=,+- (it names the folder scenarios/NAME/)")
    } else {
        None
    }
}

/// Keeps letters, digits and `._=,+-`; everything else becomes `_`.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._=,+-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A value as it appears in names and tables: strings bare, numbers as
/// written by TOML, arrays joined by `+`.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::grid::value_text;
/// use toml::Value;
/// assert_eq!(value_text(&Value::String("max-coverage".into())), "max-coverage");
/// assert_eq!(value_text(&Value::Float(50.0)), "50");
/// assert_eq!(value_text(&Value::Float(50.5)), "50.5");
/// let list = Value::Array(vec![Value::String("a.csv".into()), Value::String("b.csv".into())]);
/// assert_eq!(value_text(&list), "a.csv+b.csv");
/// ```
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                format!("{f}")
            }
        }
        Value::Boolean(b) => b.to_string(),
        Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join("+"),
        other => other.to_string(),
    }
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Table {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn grid_is_a_cartesian_product_first_axis_slowest() {
        let s = expand(&parse("[grid]\na = [1, 2, 3]\nb = ['x', 'y']\n")).unwrap();
        assert_eq!(s.len(), 6);
        let p: Vec<String> = s.iter().map(|s| s.name.clone()).collect();
        assert_eq!(p[0], "a=1,b=x");
        assert_eq!(p[1], "a=1,b=y");
        assert_eq!(p[5], "a=3,b=y");
        assert!(s.iter().enumerate().all(|(i, s)| s.index == i));
    }

    #[test]
    fn duplicate_explicit_names_are_refused() {
        let e = expand(&parse("[[scenario]]\nname='a'\n[[scenario]]\nname='a'\n")).unwrap_err();
        assert!(e.to_string().contains("same name"));
    }

    #[test]
    fn names_are_file_safe() {
        let s = expand(&parse("[grid]\nregion = ['a/b c']\n")).unwrap();
        assert_eq!(s[0].name, "region=a_b_c");
    }

    #[test]
    fn names_that_leave_the_scenario_folder_are_refused() {
        for bad in [".", ".."] {
            let file = parse(&format!("[[scenario]]\nname = '{bad}'\n"));
            let e = expand(&file).unwrap_err().to_string();
            assert!(e.contains(&format!("name = \"{bad}\"")), "{e}");
            assert!(e.contains("outside"), "{e}");
        }
        // Slashes are replaced, so a path cannot be named either.
        let s = expand(&parse("[[scenario]]\nname = '../../etc'\n")).unwrap();
        assert_eq!(s[0].name, ".._.._etc");
        assert!(unsafe_folder_name(&s[0].name).is_none());
        assert!(unsafe_folder_name("a/b").is_some() && unsafe_folder_name("").is_some());
    }

    #[test]
    fn dotted_keys_set_nested_values() {
        let file = parse(
            "model = 'market-entry'\n\
             [market_entry]\nprice = 35000.0\neu_duty_pct = 30.7\n\
             [grid]\nmarket_entry.eu_duty_pct = [0, 48]\n\"market_entry.growth_pct\" = [5.0]\n\
             [[scenario]]\nname = 'dear'\nmarket_entry.price = 40000.0\n",
        );
        let s = expand(&file).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].name, "eu_duty_pct=0,growth_pct=5");
        assert_eq!(s[0].params[0].0, "market_entry.eu_duty_pct");
        let me = s[1].settings["market_entry"].as_table().unwrap();
        assert_eq!(me["eu_duty_pct"].as_integer(), Some(48));
        assert_eq!(me["growth_pct"].as_float(), Some(5.0));
        assert_eq!(me["price"].as_float(), Some(35000.0));
        // An explicit scenario's table is merged, not swapped in whole.
        let me = s[2].settings["market_entry"].as_table().unwrap();
        assert_eq!(me["price"].as_float(), Some(40000.0));
        assert_eq!(me["eu_duty_pct"].as_float(), Some(30.7));
        assert_eq!(
            s[2].params,
            [("market_entry.price".to_string(), "40000".to_string())]
        );
        // A dotted key through a value that is not a table is refused.
        let bad = parse("model = 'x'\n[grid]\n\"model.y\" = [1]\n");
        assert!(expand(&bad)
            .unwrap_err()
            .to_string()
            .contains("not a table"));
    }

    #[test]
    fn empty_sweep_is_an_error() {
        assert!(expand(&parse("model = 'p-median'\n")).is_err());
        assert!(expand(&parse("[grid]\na = []\n")).is_err());
        assert!(expand(&parse("[grid]\na = 3\n")).is_err());
    }
}
