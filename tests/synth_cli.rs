//! `siteplan generate` and the synthetic market generator, through the real binary.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use siteplan::synth::{generate, BBox, MarketParams, Region};
use siteplan::SiteStatus;

fn run_generate(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = cargo_bin_cmd!("siteplan");
    cmd.arg("generate").arg("--out").arg(out).args(extra);
    cmd.assert()
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const SMALL: &[&str] = &[
    "--cities",
    "30",
    "--towns",
    "300",
    "--existing",
    "12",
    "--competitors",
    "7",
    "--countries",
    "3",
];

#[test]
fn same_seed_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    let args = [SMALL, &["--seed", "42"]].concat();
    run_generate(&a, &args).success();
    run_generate(&b, &args).success();
    for f in ["demand.csv", "sites.csv"] {
        assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f} differs");
    }
    let args = [SMALL, &["--seed", "43"]].concat();
    run_generate(&c, &args).success();
    for f in ["demand.csv", "sites.csv"] {
        assert_ne!(read(&a.join(f)), read(&c.join(f)), "{f} is the same");
    }
    // The files are exactly what the library produces.
    let m = generate(
        &MarketParams::new()
            .cities(30)
            .towns(300)
            .existing(12)
            .competitors(7)
            .countries(3)
            .seed(42),
    );
    assert_eq!(read(&a.join("demand.csv")), m.demand_csv().into_bytes());
    assert_eq!(read(&a.join("sites.csv")), m.sites_csv().into_bytes());
}

#[test]
fn output_reads_back_with_requested_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/market");
    let assert = run_generate(
        &out,
        &[
            "--cities",
            "40",
            "--towns",
            "400",
            "--existing",
            "15",
            "--candidates",
            "120",
            "--competitors",
            "9",
            "--seed",
            "5",
            "--region",
            "europe",
        ],
    )
    .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("440 demand points"), "{stdout}");
    assert!(
        stdout.contains("144 sites (15 existing, 120 candidate, 9 competitor)"),
        "{stdout}"
    );
    let p = siteplan::io::read_problem(&out.join("demand.csv"), &[out.join("sites.csv")]).unwrap();
    assert_eq!(p.demand().len(), 440);
    assert_eq!(p.sites().len(), 144);
    assert_eq!(p.sites_with_status(SiteStatus::Existing).len(), 15);
    assert_eq!(p.sites_with_status(SiteStatus::Candidate).len(), 120);
    assert_eq!(p.sites_with_status(SiteStatus::Competitor).len(), 9);
    let bbox = Region::Europe.bbox();
    for (lat, lon) in p
        .demand()
        .iter()
        .map(|d| (d.lat, d.lon))
        .chain(p.sites().iter().map(|s| (s.lat, s.lon)))
    {
        assert!(bbox.contains(lat, lon), "{lat},{lon} outside Europe's box");
    }
    assert!(p
        .demand()
        .iter()
        .all(|d| d.weight.fract() == 0.0 && d.weight >= 1.0));
    assert_eq!(p.demand()[0].id, "c0001");
    assert_eq!(p.demand()[40].id, "t00001");
    assert_eq!(p.sites()[0].id, "s0001");
}

#[test]
fn defaults_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    let assert = run_generate(&out, &["--quiet"]).success();
    assert!(assert.get_output().stdout.is_empty());
    let p = siteplan::io::read_problem(&out.join("demand.csv"), &[out.join("sites.csv")]).unwrap();
    assert_eq!(p.demand().len(), 1100);
    assert_eq!(p.sites().len(), 1100);
    assert!(p
        .demand()
        .iter()
        .all(|d| Region::China.bbox().contains(d.lat, d.lon)));
}

#[test]
fn custom_box_keeps_every_point_inside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    run_generate(
        &out,
        &[
            "--region",
            "-3.123456,50.5,-2.5,51",
            "--cities",
            "20",
            "--towns",
            "500",
            "--existing",
            "10",
            "--competitors",
            "10",
        ],
    )
    .success();
    let p = siteplan::io::read_problem(&out.join("demand.csv"), &[out.join("sites.csv")]).unwrap();
    let b = BBox::new(-3.123456, 50.5, -2.5, 51.0).unwrap();
    for (lat, lon) in p
        .demand()
        .iter()
        .map(|d| (d.lat, d.lon))
        .chain(p.sites().iter().map(|s| (s.lat, s.lon)))
    {
        assert!(b.contains(lat, lon), "{lat},{lon} outside {b:?}");
    }
}

#[test]
fn existing_sites_follow_population() {
    let m = generate(
        &MarketParams::new()
            .cities(50)
            .towns(500)
            .existing(40)
            .seed(9),
    );
    let mut per_place = std::collections::HashMap::new();
    for s in m.sites.iter().filter(|s| s.status == SiteStatus::Existing) {
        *per_place.entry(s.city.clone().unwrap()).or_insert(0usize) += 1;
    }
    let top = per_place["c0001"];
    assert!(per_place.values().all(|&n| n <= top));
    assert!(top >= 2, "the largest city holds {top} of 40 stores");
    // Ordered by population, the counts never rise by more than one step
    // against the population order (largest remainder).
    let pop = |id: &str| m.demand.iter().find(|d| d.id == id).unwrap().weight;
    for (a, &na) in &per_place {
        for (b, &nb) in &per_place {
            if pop(a) > pop(b) {
                assert!(na + 1 >= nb, "{a} has {na}, smaller {b} has {nb}");
            }
        }
    }
}

#[test]
fn bad_arguments_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let cases: &[&[&str]] = &[
        &["--region", "30,61,-10,35"],
        &["--region", "1,2,3"],
        &["--region", "a,b,c,d"],
        &["--region", "0,0,200,10"],
        &["--region", "mars"],
        &["--candidates", "5000"],
        &["--cities", "0"],
        &["--cities", "-3"],
        &["--largest", "0"],
        &["--towns", "many"],
        &["--candidates", "0"],
        &["--towns", "999999999999"],
        &["--countries", "100000"],
    ];
    for args in cases {
        let a = run_generate(&out, args).code(2);
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
}

#[test]
fn help_shows_an_example() {
    let a = cargo_bin_cmd!("siteplan")
        .args(["generate", "--help"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(stdout.contains("Example:"), "{stdout}");
    assert!(stdout.contains("siteplan generate --cities"), "{stdout}");
    assert!(stdout.contains("synthetic"), "{stdout}");
}
