//! Names that would run a script, or break out of an attribute or of the
//! interactive map's JSON, if an output pasted them into a page unescaped;
//! and a small market that uses them everywhere a name can go.

use std::path::Path;

/// Closes nothing, but runs if pasted into a page as markup.
pub const SCRIPT: &str = "<script>window.pwned=1</script>";
/// Closes the map's data element, then runs a handler.
pub const IMG: &str = "</script><img src=x onerror=window.pwned=2>";
/// Quotes and an ampersand: must not end an attribute.
pub const QUOTES: &str = "O'Brien & \"Sons\"";

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// demand.csv and sites.csv in `dir`: demand, region and site names (and a
/// site id) are the hostile ones; a max-coverage plan at 30 km opens a site.
pub fn market(dir: &Path) {
    let mut demand = String::from("id,name,region,lat,lon,weight\n");
    let names = [SCRIPT, IMG, QUOTES, "plain"];
    for (i, n) in names.iter().enumerate() {
        demand += &format!(
            "d{i},{},{},{},{},{}\n",
            csv_field(n),
            csv_field(names[(i + 1) % 4]),
            30.0 + 0.1 * i as f64,
            120.0 + 0.1 * i as f64,
            100 * (i + 1)
        );
    }
    let sites = format!(
        "id,name,lat,lon,status\ne0,{},30.0,120.0,existing\n{},{},30.2,120.2,candidate\nc1,{},30.3,120.3,candidate\n",
        csv_field(QUOTES),
        csv_field(SCRIPT),
        csv_field(IMG),
        csv_field(SCRIPT),
    );
    std::fs::write(dir.join("demand.csv"), demand).unwrap();
    std::fs::write(dir.join("sites.csv"), sites).unwrap();
}

/// A sweep over the market of [`market`] whose title, demand label and a
/// varied parameter are hostile.
pub fn sweep(dir: &Path) {
    let sweep = format!(
        "title = {t:?}\ndemand_label = {q:?}\ndemand = \"demand.csv\"\nsites = \"sites.csv\"\nmodel = \"max-coverage\"\ncutoff = 30\n[grid]\nnew_sites = [1, 2]\ntitle = [{t:?}, {q:?}]\n",
        t = SCRIPT,
        q = IMG,
    );
    std::fs::write(dir.join("sweep.toml"), sweep).unwrap();
}

/// `siteplan plan` on the market, titled with a hostile name, into `out`.
pub fn plan_args(out: &str) -> Vec<String> {
    [
        "plan",
        "--demand",
        "demand.csv",
        "--sites",
        "sites.csv",
        "--model",
        "max-coverage",
        "--new-sites",
        "1",
        "--cutoff",
        "30",
        "--title",
        SCRIPT,
        "--out",
        out,
    ]
    .map(String::from)
    .to_vec()
}
