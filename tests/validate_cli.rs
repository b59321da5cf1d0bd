//! `siteplan validate` on good and bad inputs, through the real binary.
//!
//! Every case runs in its own temporary directory; bad inputs must exit with
//! code 2, name the file, line and column on stderr, and leave the directory
//! exactly as it was.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

const DEMAND: &str = "id,lat,lon,weight\na,31.2,121.5,100\nb,30.3,120.2,50\n";
const SITES: &str = "id,lat,lon,status\ns1,31.2,121.4,existing\ns2,30.2,120.1,candidate\n";

/// A temporary directory holding `files`.
fn workdir(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

/// Every path under `dir` (hidden ones included), relative to it.
fn listing(dir: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(at).unwrap() {
            let p = e.unwrap().path();
            out.insert(p.strip_prefix(root).unwrap().display().to_string());
            if p.is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

fn siteplan(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_siteplan"));
    cmd.current_dir(dir);
    cmd
}

/// Output of `siteplan validate ARGS` in `dir`: (exit code, stdout, stderr).
fn validate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = siteplan(dir).arg("validate").args(args).output().unwrap();
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs validate on `files` with `args`, expecting exit 2, every `expected`
/// text on stderr, nothing on stdout and the directory left as it was.
/// Returns stderr.
fn rejects(files: &[(&str, &[u8])], args: &[&str], expected: &[&str]) -> String {
    let dir = workdir(files);
    let before = listing(dir.path());
    let (code, stdout, stderr) = validate(dir.path(), args);
    assert_eq!(code, 2, "exit code; stderr:\n{stderr}");
    for e in expected {
        assert!(
            stderr.contains(e),
            "stderr lacks {e:?}; stderr was:\n{stderr}"
        );
    }
    assert_eq!(stdout, "", "nothing on stdout when inputs are bad");
    assert_eq!(listing(dir.path()), before, "no file written");
    stderr
}

const DS: &[&str] = &["--demand", "demand.csv", "--sites", "sites.csv"];
const DSC: &[&str] = &[
    "--demand",
    "demand.csv",
    "--sites",
    "sites.csv",
    "--costs",
    "costs.csv",
];

/// A bad demand file with good sites.
fn bad_demand(body: &str, expected: &[&str]) -> String {
    rejects(
        &[
            ("demand.csv", body.as_bytes()),
            ("sites.csv", SITES.as_bytes()),
        ],
        DS,
        expected,
    )
}

/// A bad sites file with good demand.
fn bad_sites(body: &str, expected: &[&str]) -> String {
    rejects(
        &[
            ("demand.csv", DEMAND.as_bytes()),
            ("sites.csv", body.as_bytes()),
        ],
        DS,
        expected,
    )
}

/// A bad costs file with good demand and sites.
fn bad_costs(body: &str, expected: &[&str]) -> String {
    rejects(
        &[
            ("demand.csv", DEMAND.as_bytes()),
            ("sites.csv", SITES.as_bytes()),
            ("costs.csv", body.as_bytes()),
        ],
        DSC,
        expected,
    )
}

// ---- files that cannot be read at all ----

#[test]
fn missing_file() {
    rejects(
        &[("sites.csv", SITES.as_bytes())],
        DS,
        &["error: demand.csv: file not found"],
    );
}

#[test]
fn missing_costs_file() {
    rejects(
        &[
            ("demand.csv", DEMAND.as_bytes()),
            ("sites.csv", SITES.as_bytes()),
        ],
        DSC,
        &["costs.csv: file not found"],
    );
}

#[test]
fn directory_instead_of_file() {
    let dir = workdir(&[("sites.csv", SITES.as_bytes())]);
    std::fs::create_dir(dir.path().join("demand.csv")).unwrap();
    let before = listing(dir.path());
    let (code, _, stderr) = validate(dir.path(), DS);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("demand.csv: is a directory; expected a CSV file"),
        "{stderr}"
    );
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn empty_file() {
    bad_demand(
        "",
        &["demand.csv: file is empty (0 bytes); expected a header row such as `id,lat,lon,weight`"],
    );
    bad_sites(
        "",
        &["sites.csv: file is empty (0 bytes); expected a header row such as `id,lat,lon`"],
    );
}

#[test]
fn header_only() {
    bad_demand(
        "id,lat,lon,weight\n",
        &["demand.csv:1: the header is the only row; expected at least one demand point after it"],
    );
    bad_sites(
        "id,lat,lon\r\n",
        &["sites.csv:1: the header is the only row; expected at least one site after it"],
    );
    bad_costs(
        "demand_id,site_id,cost",
        &["costs.csv:1: the header is the only row; expected at least one demand_id,site_id,cost row after it"],
    );
}

// ---- header and shape ----

#[test]
fn missing_required_column() {
    bad_demand(
        "id,lat,weight\na,31,2\n",
        &[
            r#"demand.csv:1: column "lon": required column is missing (header has: id,lat,weight; required: id,lat,lon,weight)"#,
        ],
    );
    bad_costs(
        "demand_id,cost\na,1\n",
        &[r#"costs.csv:1: column "site_id": required column is missing"#],
    );
}

#[test]
fn wrong_field_count() {
    let err = bad_demand(
        "id,lat,lon,weight\na,31.2,121.5,100\nb,30.3,120.2\nc,1,2,3,4\n",
        &[
            "demand.csv:3: row has 3 fields but the header has 4",
            "demand.csv:4: row has 5 fields but the header has 4",
        ],
    );
    assert!(!err.contains("demand.csv:2"), "{err}");
}

// ---- values ----

#[test]
fn non_numeric_number() {
    bad_demand(
        "id,lat,lon,weight\na,31.2,121.5,100\nb,north,120.2,50\n",
        &[r#"demand.csv:3: column "lat": "north" is not a number"#],
    );
}

#[test]
fn nan_and_infinite_numbers() {
    bad_demand(
        "id,lat,lon,weight\na,NaN,121.5,100\nb,30.3,inf,50\nc,30,120,-Infinity\nd,30,120,1e999\n",
        &[
            r#"demand.csv:2: column "lat": NaN is not a finite number"#,
            r#"demand.csv:3: column "lon": inf is not a finite number"#,
            r#"demand.csv:4: column "weight": -Infinity is not a finite number"#,
            r#"demand.csv:5: column "weight": 1e999 is not a finite number"#,
        ],
    );
}

#[test]
fn latitude_out_of_range() {
    bad_demand(
        "id,lat,lon,weight\na,31.2,121.5,100\nb,90.5,120.2,50\n",
        &[r#"demand.csv:3: column "lat": 90.5 is outside -90..90"#],
    );
    bad_sites(
        "id,lat,lon\ns1,-91,0\n",
        &[r#"sites.csv:2: column "lat": -91 is outside -90..90"#],
    );
}

#[test]
fn swapped_coordinates_get_a_hint() {
    bad_demand(
        "id,lat,lon,weight\na,121.5,31.2,100\n",
        &[r#"demand.csv:2: column "lat": 121.5 is outside -90..90 (are lat and lon swapped?)"#],
    );
}

#[test]
fn longitude_out_of_range() {
    bad_demand(
        "id,lat,lon,weight\na,31.2,180.01,100\n",
        &[r#"demand.csv:2: column "lon": 180.01 is outside -180..180"#],
    );
    bad_sites(
        "id,lat,lon\ns1,0,-200\n",
        &[r#"sites.csv:2: column "lon": -200 is outside -180..180"#],
    );
}

#[test]
fn negative_weight() {
    bad_demand(
        "id,lat,lon,weight\na,31.2,121.5,-3\n",
        &[r#"demand.csv:2: column "weight": -3 is negative; expected a number ≥ 0"#],
    );
}

#[test]
fn negative_capacity() {
    bad_sites(
        "id,lat,lon,capacity\ns1,31,121,100\ns2,30,120,-0.5\n",
        &[r#"sites.csv:3: column "capacity": -0.5 is negative; expected a number ≥ 0"#],
    );
}

#[test]
fn negative_fixed_cost() {
    bad_sites(
        "id,lat,lon,fixed_cost\ns1,31,121,-1000\n",
        &[r#"sites.csv:2: column "fixed_cost": -1000 is negative; expected a number ≥ 0"#],
    );
}

#[test]
fn negative_cost() {
    bad_costs(
        "demand_id,site_id,cost\na,s1,3\nb,s2,-2.5\n",
        &[r#"costs.csv:3: column "cost": -2.5 is negative; expected a number ≥ 0"#],
    );
}

#[test]
fn non_finite_cost() {
    bad_costs(
        "demand_id,site_id,cost\na,s1,NaN\n",
        &[r#"costs.csv:2: column "cost": NaN is not a finite number"#],
    );
}

#[test]
fn duplicate_demand_id() {
    bad_demand(
        "id,lat,lon,weight\na,31.2,121.5,100\nb,30.3,120.2,50\na,30,120,1\n",
        &[r#"demand.csv:4: column "id": duplicate id "a" (first on line 2)"#],
    );
}

#[test]
fn duplicate_site_id_across_files() {
    let dir = workdir(&[
        ("demand.csv", DEMAND.as_bytes()),
        ("sites_a.csv", b"id,lat,lon\ns1,31,121\ns2,30,120\n"),
        ("sites_b.csv", b"id,lat,lon\ns3,29,119\ns2,28,118\n"),
    ]);
    let before = listing(dir.path());
    let (code, _, stderr) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites_a.csv",
            "--sites",
            "sites_b.csv",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr
            .contains(r#"sites_b.csv:3: column "id": duplicate id "s2" (first on sites_a.csv:3)"#),
        "{stderr}"
    );
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn duplicate_cost_pair() {
    bad_costs(
        "demand_id,site_id,cost\na,s1,3\nb,s1,4\na,s1,5\n",
        &[r#"costs.csv:4: pair ("a", "s1") is given twice (first on line 2)"#],
    );
}

#[test]
fn unknown_status() {
    bad_sites(
        "id,lat,lon,status\ns1,31,121,existing\ns2,30,120,closed\n",
        &[
            r#"sites.csv:3: column "status": "closed" is not a status; expected existing, candidate, competitor or excluded"#,
        ],
    );
}

#[test]
fn costs_with_unknown_ids() {
    bad_costs(
        "demand_id,site_id,cost\na,s1,3\nzz,s1,4\nb,qq,5\n",
        &[
            r#"costs.csv:3: column "demand_id": "zz" is not the id of any demand point"#,
            r#"costs.csv:4: column "site_id": "qq" is not the id of any site"#,
        ],
    );
}

#[test]
fn invalid_utf8() {
    let mut body = b"id,name,lat,lon,weight\na,Shanghai,31.2,121.5,100\nb,".to_vec();
    body.extend_from_slice(b"Hangzh\xF6u,30.3,120.2,50\n");
    rejects(
        &[("demand.csv", &body), ("sites.csv", SITES.as_bytes())],
        DS,
        &[
            r#"demand.csv:3: column "name": is not valid UTF-8 (byte 7 of the field); save the file as UTF-8"#,
        ],
    );
}

#[test]
fn invalid_utf8_in_an_ignored_column() {
    rejects(
        &[
            (
                "demand.csv",
                b"id,lat,lon,weight,note\na,31.2,121.5,100,\xFF\n",
            ),
            ("sites.csv", SITES.as_bytes()),
        ],
        DS,
        &[r#"demand.csv:2: column "note": is not valid UTF-8"#],
    );
}

#[test]
fn unterminated_quote() {
    bad_demand(
        "id,name,lat,lon,weight\na,\"Shanghai, China\",31.2,121.5,100\nb,\"Hangzhou,30.3,120.2,50\nc,x,1,2,3\n",
        &["demand.csv:3: a quoted field opened here is never closed (unterminated quote)"],
    );
}

#[test]
fn several_files_report_together() {
    let err = rejects(
        &[
            ("demand.csv", b"id,lat,lon,weight\na,95,121.5,100\n"),
            ("sites.csv", b"id,lat,lon,fixed_cost\ns1,31,121,-1\n"),
        ],
        DS,
        &[
            r#"demand.csv:2: column "lat""#,
            r#"sites.csv:2: column "fixed_cost""#,
        ],
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn thirty_bad_rows_report_the_first_twenty() {
    let mut body = String::from("id,lat,lon,weight\n");
    for i in 0..30 {
        body.push_str(&format!("p{i},31,121,-{}\n", i + 1));
    }
    let err = bad_demand(
        &body,
        &[
            r#"demand.csv:2: column "weight": -1 is negative"#,
            r#"demand.csv:21: column "weight": -20 is negative"#,
            "(stopped after 20 problems in one file; fix these and run again)",
        ],
    );
    let reported = err.lines().filter(|l| l.contains("demand.csv:")).count();
    assert_eq!(reported, 20, "{err}");
    assert!(!err.contains("demand.csv:22:"), "{err}");
}

#[test]
fn bad_cutoff_is_a_usage_error() {
    rejects(
        &[
            ("demand.csv", DEMAND.as_bytes()),
            ("sites.csv", SITES.as_bytes()),
        ],
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff=-5",
        ],
        &["--cutoff -5: expected a finite number ≥ 0"],
    );
}

// ---- accepted variants ----

/// Validates `demand` against the standard sites and returns stdout.
fn accepts(demand: &[u8], sites: &[u8]) -> String {
    let dir = workdir(&[("demand.csv", demand), ("sites.csv", sites)]);
    let before = listing(dir.path());
    let (code, stdout, stderr) = validate(dir.path(), DS);
    assert_eq!(code, 0, "stderr:\n{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(listing(dir.path()), before, "validate writes nothing");
    stdout
}

#[test]
fn accepts_utf8_bom() {
    let mut d = b"\xEF\xBB\xBF".to_vec();
    d.extend_from_slice(DEMAND.as_bytes());
    let out = accepts(&d, SITES.as_bytes());
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
}

#[test]
fn accepts_crlf() {
    let out = accepts(
        DEMAND.replace('\n', "\r\n").as_bytes(),
        SITES.replace('\n', "\r\n").as_bytes(),
    );
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
    assert!(out.contains("sites: 2 (1 existing, 1 candidate"), "{out}");
}

#[test]
fn accepts_quoted_fields_with_commas() {
    let out = accepts(
        b"id,name,lat,lon,weight\n\"a\",\"Shanghai, China\",\"31.2\",121.5,100\nb,\"Hang \"\"zhou\"\"\",30.3,120.2,50\n",
        SITES.as_bytes(),
    );
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
}

#[test]
fn accepts_columns_in_any_order_and_extra_columns() {
    let out = accepts(
        b"weight,population_2020,LON,Id,lat\n100,24870895,121.5,a,31.2\n50,,120.2,b,30.3\n",
        b"status,longitude,latitude,opened,id\nexisting,121.4,31.2,2019,s1\n,120.1,30.2,,s2\n",
    );
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
    assert!(out.contains("sites: 2 (1 existing, 1 candidate"), "{out}");
}

#[test]
fn accepts_missing_final_newline() {
    let out = accepts(DEMAND.trim_end().as_bytes(), SITES.trim_end().as_bytes());
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
}

#[test]
fn accepts_all_variants_at_once() {
    let mut d = b"\xEF\xBB\xBF".to_vec();
    d.extend_from_slice(
        b"note,weight,\"lat\",id,lon\r\n\"x, y\",100,31.2,a,121.5\r\n,50,30.3,b,120.2",
    );
    let out = accepts(&d, SITES.as_bytes());
    assert!(out.contains("demand points: 2 (total weight 150)"), "{out}");
}

// ---- a good run ----

const FULL_DEMAND: &str = "id,name,lat,lon,weight
sh,Shanghai,31.23,121.47,24.9
hz,Hangzhou,30.27,120.15,12.2
su,Suzhou,31.30,120.62,12.7
ur,Urumqi,43.83,87.62,4.1
";
const FULL_SITES: &str = "id,lat,lon,status,fixed_cost,capacity
e1,31.20,121.45,existing,0,
c1,30.25,120.20,candidate,500,10
k1,43.80,87.60,competitor,,
x1,43.85,87.65,excluded,,
";

#[test]
fn good_run_prints_a_summary() {
    let dir = workdir(&[
        ("demand.csv", FULL_DEMAND.as_bytes()),
        ("sites.csv", FULL_SITES.as_bytes()),
    ]);
    let (code, stdout, stderr) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff",
            "50",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    let expected = "inputs are valid
demand points: 4 (total weight 53.9)
sites: 4 (1 existing, 1 candidate, 1 competitor, 1 excluded)
bounding box: lat 30.2500..43.8500, lon 87.6000..121.4700
travel costs: great-circle km
unreachable demand (no existing or candidate site within 50 km): 2 points, weight 16.8 (31.17% of total)
";
    assert_eq!(stdout, expected);
}

#[test]
fn good_run_with_costs() {
    let costs = "demand_id,site_id,cost\nsh,e1,12\nhz,c1,9\nsu,e1,95\nur,k1,3\n";
    let dir = workdir(&[
        ("demand.csv", FULL_DEMAND.as_bytes()),
        ("sites.csv", FULL_SITES.as_bytes()),
        ("costs.csv", costs.as_bytes()),
    ]);
    let (code, stdout, stderr) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--costs",
            "costs.csv",
            "--cutoff",
            "60",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("travel costs: 4 pairs from costs.csv (3 within cost 60)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("unreachable demand (no existing or candidate site within cost 60): 2 points, weight 16.8"),
        "{stdout}"
    );
}

#[test]
fn one_unreachable_point_reads_in_the_singular() {
    let dir = workdir(&[
        ("demand.csv", DEMAND.as_bytes()),
        ("sites.csv", b"id,lat,lon\ns1,31.2,121.4\n"),
    ]);
    let (code, stdout, _) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff",
            "10",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("within 10 km): 1 point, weight 50 (33.33% of total)"),
        "{stdout}"
    );
}

#[test]
fn without_cutoff_a_far_candidate_still_reaches() {
    // The nearest site is a competitor; a candidate far away still counts.
    let dir = workdir(&[
        ("demand.csv", b"id,lat,lon,weight\na,31.2,121.5,10\n"),
        (
            "sites.csv",
            b"id,lat,lon,status\nk,31.2,121.5,competitor\nc,40.0,116.4,candidate\n",
        ),
    ]);
    let (code, stdout, stderr) = validate(dir.path(), DS);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("(no existing or candidate site at any distance): 0 points, weight 0"),
        "{stdout}"
    );
    let (_, stdout, _) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff",
            "1000",
        ],
    );
    assert!(
        stdout.contains("within 1000 km): 1 point, weight 10"),
        "{stdout}"
    );
    let (_, stdout, _) = validate(
        dir.path(),
        &[
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff",
            "1100",
        ],
    );
    assert!(stdout.contains("within 1100 km): 0 points"), "{stdout}");
}

#[test]
fn quiet_prints_nothing() {
    let dir = workdir(&[
        ("demand.csv", FULL_DEMAND.as_bytes()),
        ("sites.csv", FULL_SITES.as_bytes()),
    ]);
    for args in [
        &[
            "--quiet",
            "validate",
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
        ][..],
        &[
            "validate",
            "-q",
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--cutoff",
            "50",
        ][..],
    ] {
        let out = siteplan(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stdout.is_empty(),
            "{:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn quiet_still_reports_errors() {
    let dir = workdir(&[("sites.csv", SITES.as_bytes())]);
    let out = siteplan(dir.path())
        .args([
            "-q",
            "validate",
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("demand.csv: file not found"));
}

#[test]
fn help_has_an_example() {
    let out = siteplan(Path::new("."))
        .args(["validate", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Example:"), "{help}");
    assert!(help.contains("siteplan validate --demand"), "{help}");
}

#[test]
fn missing_option_is_a_usage_error() {
    let dir = workdir(&[("demand.csv", DEMAND.as_bytes())]);
    let (code, _, stderr) = validate(dir.path(), &["--demand", "demand.csv"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--sites"), "{stderr}");
}

#[test]
fn line_numbers_count_crlf_and_quoted_line_ends() {
    bad_demand(
        "id,lat,lon,weight\r\na,31.2,121.5,100\r\nb,91,120.2,50\r\n",
        &[r#"demand.csv:3: column "lat": 91 is outside -90..90"#],
    );
    bad_demand(
        "id,name,lat,lon,weight\n\"a\",\"two\nline name\",31.2,121.5,100\nb,x,30.3,120.2,-50\n",
        &[r#"demand.csv:4: column "weight": -50 is negative"#],
    );
    bad_demand(
        "id,lat,lon,weight\n\na,31.2,121.5,100\n\nb,30.3,120.2,-50\n",
        &[r#"demand.csv:5: column "weight": -50 is negative"#],
    );
    bad_demand(
        "\r\n\nid,lat,weight\na,1,2\n",
        &[r#"demand.csv:3: column "lon": required column is missing"#],
    );
    bad_demand(
        "\nid,lat,lon,weight\n",
        &["demand.csv:2: the header is the only row"],
    );
}
