//! The notebook `examples/notebooks/siteplan.ipynb` is checked without
//! Jupyter: its code cells, concatenated into one function body, must be
//! exactly `examples/notebook_cells.rs`, which `cargo test` compiles and
//! tests/examples.rs runs. After editing the notebook, regenerate the
//! example with `SITEPLAN_BLESS=1 cargo test --test notebook`.

use std::path::{Path, PathBuf};

use serde_json::Value;

const HEADER: &str = r#"//! The code cells of the notebook `examples/notebooks/siteplan.ipynb`, in
//! order, as one program: `cargo test` compiles it and tests/examples.rs
//! runs it, so the notebook cannot rot. Generated from the notebook by
//! tests/notebook.rs; after editing the notebook, regenerate it with
//! `SITEPLAN_BLESS=1 cargo test --test notebook`.
//!
//! ```sh
//! cargo run --release --example notebook_cells
//! ```

/// Runs the notebook's code cells (evcxr `:` commands left out).
#[rustfmt::skip]
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
"#;

const FOOTER: &str = r#"    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run()
}
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn notebook() -> Value {
    let path = root().join("examples/notebooks/siteplan.ipynb");
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A cell's `source`: a string or a list of lines.
fn source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().map(|l| l.as_str().unwrap()).collect(),
        other => panic!("cell source is neither text nor lines: {other}"),
    }
}

/// The code cells' text without evcxr commands (lines starting with `:`),
/// leaving out cells that hold nothing else.
fn code_cells(nb: &Value) -> Vec<String> {
    nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cell_type"] == "code")
        .map(|c| {
            source(c)
                .lines()
                .filter(|l| !l.trim_start().starts_with(':'))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|c| !c.trim().is_empty())
        .collect()
}

/// The example program the cells make.
fn program(cells: &[String]) -> String {
    let mut s = HEADER.to_string();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s += &format!("    // ---- code cell {} ----\n", i + 1);
        for line in cell.trim_matches('\n').lines() {
            if !line.is_empty() {
                s += "    ";
                s += line;
            }
            s.push('\n');
        }
    }
    s += "\n";
    s += FOOTER;
    s
}

#[test]
fn notebook_is_valid_nbformat_4() {
    let nb = notebook();
    assert_eq!(nb["nbformat"], 4);
    assert!(nb["nbformat_minor"].as_u64().is_some());
    assert_eq!(nb["metadata"]["kernelspec"]["name"], "rust");
    let cells = nb["cells"].as_array().unwrap();
    assert!(!cells.is_empty());
    let mut ids = std::collections::HashSet::new();
    for c in cells {
        let kind = c["cell_type"].as_str().unwrap();
        assert!(matches!(kind, "code" | "markdown"), "cell type {kind}");
        assert!(c["metadata"].is_object());
        assert!(
            ids.insert(c["id"].as_str().unwrap().to_string()),
            "duplicate cell id"
        );
        source(c);
        if kind == "code" {
            assert!(c["outputs"].is_array());
            assert!(c.get("execution_count").is_some());
        }
    }
    // The first code cell loads this crate.
    let first = cells.iter().find(|c| c["cell_type"] == "code").unwrap();
    assert!(source(first).starts_with(":dep siteplan = { path = \"../..\" }"));
}

#[test]
fn notebook_cells_example_matches_the_notebook() {
    let expected = program(&code_cells(&notebook()));
    let path = root().join("examples/notebook_cells.rs");
    if std::env::var_os("SITEPLAN_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{} is out of date with the notebook; regenerate it with \
         `SITEPLAN_BLESS=1 cargo test --test notebook`",
        path.display()
    );
}

#[test]
fn notebook_shows_a_map_and_a_table() {
    let cells = code_cells(&notebook()).join("\n");
    assert!(cells.contains("EVCXR_BEGIN_CONTENT image/svg+xml"));
    assert!(cells.contains("EVCXR_BEGIN_CONTENT text/html"));
    assert!(cells.contains("ModelKind::PMedian") && cells.contains("ModelKind::MaxCoverage"));
}
