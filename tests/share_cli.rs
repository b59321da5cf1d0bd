//! `siteplan plan` with the share models, run as a real binary.
//!
//! The market: town a (weight 100) with our existing store and a
//! candidate, town b (weight 60, 56 km east) with a competitor and a
//! candidate. With `--decay exponential:0` every store pulls 1, with
//! `--cutoff 10` each town sees only its own stores, and the outside
//! option pulls 1. Before: a buys 1/2 from us (50), b 0 (a competitor and
//! the outside option). Opening at a gives a 2/3 (66.67 in all); opening
//! at b gives b 1/3 (50 + 20 = 70): the new store goes to b and takes 10
//! from the competitor and 10 from the outside option.

use std::path::Path;

use assert_cmd::Command;

const DEMAND: &str = "id,name,lat,lon,weight\n\
a,Town A,0.0,0.0,100\n\
b,Town B,0.0,0.5,60\n";

const SITES: &str = "id,lat,lon,status\n\
e,0.0,0.0,existing\n\
ca,0.0,0.0,candidate\n\
cb,0.0,0.5,candidate\n\
k,0.0,0.5,competitor\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demand.csv"), DEMAND).unwrap();
    std::fs::write(dir.path().join("sites.csv"), SITES).unwrap();
    dir
}

/// `siteplan plan` on the market, without the decay and cutoff.
fn base(dir: &Path, model: &str) -> Command {
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.current_dir(dir)
        .arg("plan")
        .args(["--demand", "demand.csv", "--sites", "sites.csv"])
        .args(["--model", model, "--out", "out"]);
    c
}

fn plan(dir: &Path, model: &str) -> Command {
    let mut c = base(dir, model);
    c.args(["--decay", "exponential:0", "--cutoff", "10"]);
    c
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("out/summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(v: &serde_json::Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

#[test]
fn market_share_opens_where_it_wins_most_and_reports_where_customers_come_from() {
    let dir = setup();
    plan(dir.path(), "market-share")
        .args(["--new-sites", "1", "--outside-weight", "1"])
        .assert()
        .success();
    let s = summary(dir.path());
    assert_eq!(s["new_sites"], serde_json::json!(["cb"]));
    assert_eq!(s["status"], "optimal");
    assert!(close(&s["objective"], 70.0) && close(&s["captured_weight"], 70.0));
    assert!(close(&s["share_before"], 50.0 / 160.0));
    assert!(close(&s["share_after"], 70.0 / 160.0));
    let sites = std::fs::read_to_string(dir.path().join("out/sites.csv")).unwrap();
    let lines: Vec<&str> = sites.lines().collect();
    assert_eq!(
        lines[0],
        "id,name,status,opened,new,load,served_weight,capacity,fixed_cost,points,\
         captured,from_own,from_competitors,from_outside"
    );
    let cb: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(cb[0], "cb");
    let num = |i: usize| cb[i].parse::<f64>().unwrap();
    assert!((num(10) - 20.0).abs() < 1e-9); // captured
    assert!(num(11).abs() < 1e-9); // from our own store: none
    assert!((num(12) - 10.0).abs() < 1e-9 && (num(13) - 10.0).abs() < 1e-9);
    // The existing store has no "from" columns.
    assert!(lines[1].ends_with(",50,,,"), "{}", lines[1]);
    let shares = std::fs::read_to_string(dir.path().join("out/shares.csv")).unwrap();
    assert_eq!(
        shares,
        "demand_id,name,weight,share_before,share_after\n\
         a,Town A,100,0.5,0.5\n\
         b,Town B,60,0,0.3333333333333333\n"
    );
    // The report's share section: before and after, and the sources of
    // the new store's 20 (10 from competitors, 10 from the outside).
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    for row in [
        "| Our share before | 31.25% |",
        "| Our share after | 43.75% |",
        "| … from competitors | 10 |",
        "| … from the outside option | 10 |",
    ] {
        assert!(md.contains(row), "no {row} in\n{md}");
    }
}

#[test]
fn a_heavier_outside_option_and_the_cannibalising_site() {
    // With the outside option at 10, a second store at a adds 100·(2/12 −
    // 1/11) = 7.6 and one at b 60/12 = 5: now the new store goes to a,
    // and most of what it captures there comes from our own store.
    let dir = setup();
    plan(dir.path(), "market-share")
        .args(["--new-sites", "1", "--outside-weight", "10"])
        .assert()
        .success();
    let s = summary(dir.path());
    assert_eq!(s["new_sites"], serde_json::json!(["ca"]));
    let sites = std::fs::read_to_string(dir.path().join("out/sites.csv")).unwrap();
    let ca: Vec<f64> = sites
        .lines()
        .nth(2)
        .unwrap()
        .split(',')
        .skip(10)
        .map(|x| x.parse().unwrap())
        .collect();
    // ca captures 100/12; our store had 100/11 and keeps 100/12.
    assert!((ca[0] - 100.0 / 12.0).abs() < 1e-9);
    assert!((ca[1] - (100.0 / 11.0 - 100.0 / 12.0)).abs() < 1e-9);
    assert!(ca[2].abs() < 1e-12);
    assert!((ca[3] - (1000.0 / 11.0 - 1000.0 / 12.0)).abs() < 1e-9);
}

#[test]
fn target_share_takes_the_fewest_sites_or_names_the_best_share() {
    let dir = setup();
    plan(dir.path(), "target-share")
        .args(["--target-share", "0.4"])
        .assert()
        .success();
    let s = summary(dir.path());
    assert_eq!(s["new_sites"], serde_json::json!(["cb"]));
    assert!(close(&s["objective"], 1.0) && close(&s["bound"], 1.0));
    plan(dir.path(), "target-share")
        .args(["--target-share", "0.5"])
        .assert()
        .success();
    assert_eq!(
        summary(dir.path())["new_sites"],
        serde_json::json!(["ca", "cb"])
    );
    // Both candidates: (66.67 + 20) / 160 = 54.17 %.
    let out = plan(dir.path(), "target-share")
        .args(["--target-share", "0.6"])
        .assert()
        .code(3);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("60.00 %") && err.contains("54.17 %"), "{err}");
}

#[test]
fn bad_values_are_usage_errors() {
    let dir = setup();
    let cases: [(&str, &[&str], &str); 8] = [
        (
            "market-share",
            &["--new-sites", "1", "--decay", "power:-1"],
            "decay",
        ),
        (
            "market-share",
            &["--new-sites", "1", "--decay", "gravity:2"],
            "power:λ",
        ),
        (
            "market-share",
            &["--new-sites", "1", "--outside-weight=-1"],
            "outside weight",
        ),
        (
            "market-share",
            &["--new-sites", "1", "--margin", "0"],
            "margin",
        ),
        ("market-share", &[], "--new-sites"),
        ("target-share", &[], "--target-share"),
        ("target-share", &["--target-share", "1.5"], "target share"),
        ("target-share", &["--target-share", "0"], "target share"),
    ];
    for (model, args, said) in cases {
        let out = base(dir.path(), model).args(args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains(said), "{model} {args:?}: {err}");
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn other_models_keep_their_files() {
    let dir = setup();
    plan(dir.path(), "max-coverage")
        .args(["--new-sites", "1"])
        .assert()
        .success();
    let sites = std::fs::read_to_string(dir.path().join("out/sites.csv")).unwrap();
    assert!(sites
        .starts_with("id,name,status,opened,new,load,served_weight,capacity,fixed_cost,points\n"));
    assert!(!dir.path().join("out/shares.csv").exists());
    assert!(summary(dir.path()).get("share_after").is_none());
}

#[test]
fn decay_and_outside_weight_are_sweep_axes() {
    let dir = setup();
    std::fs::write(
        dir.path().join("sweep.toml"),
        "demand = \"demand.csv\"\nsites = \"sites.csv\"\nmodel = \"market-share\"\n\
         new_sites = 1\ncutoff = 10\n[grid]\n\
         decay = [\"exponential:0\", \"logit:0.5\"]\noutside_weight = [1.0, 10.0]\n",
    )
    .unwrap();
    Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["sweep", "--config", "sweep.toml", "--out", "sw", "--quiet"])
        .assert()
        .success();
    let table = std::fs::read_to_string(dir.path().join("sw/summary.csv")).unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.rsplitn(12, ',').collect())
        .collect();
    // Columns from the right: …,status,objective,bound,gap,new_site_count,coverage_pct,profit,seconds,reason.
    let objective = |r: &Vec<&str>| r[7].parse::<f64>().unwrap();
    assert_eq!(rows.len(), 4);
    assert!(
        table.contains(",exponential:0,1,optimal,") && table.contains(",logit:0.5,10,optimal,")
    );
    // Every store sits at its town (distance 0), so the decay does not
    // matter here; the outside option does: 70 of 160 with weight 1,
    // 100/6 with weight 10 (a second store at town a).
    for (r, want) in rows.iter().zip([70.0, 100.0 / 6.0, 70.0, 100.0 / 6.0]) {
        assert!((objective(r) - want).abs() < 1e-6, "{r:?}");
    }
}

#[test]
fn an_outside_column_overrides_the_outside_weight_per_point() {
    // Town b's rest of the market pulls 100: a store there wins 60/102,
    // a second store at a wins 100·(2/3 − 1/2); the new store goes to a.
    let dir = setup();
    std::fs::write(
        dir.path().join("demand.csv"),
        "id,name,lat,lon,weight,outside\na,Town A,0.0,0.0,100,\nb,Town B,0.0,0.5,60,100\n",
    )
    .unwrap();
    plan(dir.path(), "market-share")
        .args(["--new-sites", "1"])
        .assert()
        .success();
    let s = summary(dir.path());
    assert_eq!(s["new_sites"], serde_json::json!(["ca"]));
    assert!(close(&s["objective"], 200.0 / 3.0));
    std::fs::write(
        dir.path().join("demand.csv"),
        "id,lat,lon,weight,outside\na,0.0,0.0,100,-2\n",
    )
    .unwrap();
    let out = plan(dir.path(), "market-share")
        .args(["--new-sites", "1"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("demand.csv:2") && err.contains("outside"),
        "{err}"
    );
}

#[test]
fn target_share_with_closures_closes_the_dearest_store_it_can_spare() {
    // Two of our stores in town a (fixed costs 5 and 9); 50 % of 160 is
    // 80. One new store in b reaches 66.67 + 30; then the dearer store in a
    // can close (a: 50, b: 30, exactly 80), the other cannot.
    let dir = setup();
    std::fs::write(
        dir.path().join("sites.csv"),
        "id,lat,lon,status,fixed_cost\ne1,0.0,0.0,existing,5\ne2,0.0,0.0,existing,9\n\
         cb,0.0,0.5,candidate,1\n",
    )
    .unwrap();
    plan(dir.path(), "target-share")
        .args(["--target-share", "0.5"])
        .assert()
        .success();
    assert_eq!(
        summary(dir.path())["open_sites"],
        serde_json::json!(["e1", "e2", "cb"])
    );
    plan(dir.path(), "target-share")
        .args(["--target-share", "0.5", "--allow-closures"])
        .assert()
        .success();
    let s = summary(dir.path());
    assert_eq!(s["open_sites"], serde_json::json!(["e1", "cb"]));
    assert_eq!(s["new_sites"], serde_json::json!(["cb"]));
    assert!(close(&s["share_after"], 0.5));
}

/// The shipped China share scenario reads the modelled demand points and
/// the network and candidates of the China coverage scenario, and states a
/// market-share model.
#[test]
fn china_share_scenario_uses_the_china_inputs() {
    use siteplan::config::PlanConfig;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/scenarios");
    let share = PlanConfig::load(&root.join("china_share.toml")).unwrap();
    let coverage = PlanConfig::load(&root.join("china.toml")).unwrap();
    assert!(share
        .demand
        .as_deref()
        .unwrap()
        .ends_with("cn_demand_points.csv"));
    assert_eq!(share.sites, coverage.sites);
    assert!(share.sites.iter().flatten().all(|p| p.is_file()));
    let spec = share.spec().unwrap();
    assert_eq!(spec.kind, siteplan::ModelKind::MarketShare);
    assert_eq!(spec.new_sites, Some(40));
}
