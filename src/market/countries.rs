//! Country facts (`countries_eu.csv`) and the cost index derived from them.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::Table;
use crate::error::Result;

/// Facts about one country, as `countries_eu.csv` gives them.
///
/// Sources (see `data/SOURCES.md`): GeoNames (codes, names), the EU27 list
/// (`eu_member`), World Bank WDI 2023 (population, GDP in current US$) and
/// the IEA Global EV Outlook 2025 (BEV car sales 2024, rounded by the IEA to
/// two significant figures).
///
/// # Examples
///
/// ```
/// use siteplan::market::CountryFacts;
/// let de = CountryFacts::new("de", "Germany", true)
///     .with_economy(84.5e6, 4.53e12)
///     .with_bev_sales(380_000.0);
/// assert_eq!(de.iso2, "DE"); // codes are stored upper case
/// let per_capita = de.gdp_per_capita().unwrap();
/// assert!((per_capita - 53_600.0).abs() < 100.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CountryFacts {
    /// ISO 3166-1 alpha-2 code, upper case (`DE`).
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code (`DEU`), empty when unknown.
    pub iso3: String,
    /// English name.
    pub name: String,
    /// Member of the EU27 (so the EU's import duties apply).
    pub eu_member: bool,
    /// Population 2023 (World Bank SP.POP.TOTL).
    pub population: Option<f64>,
    /// GDP 2023 in current US$ (World Bank NY.GDP.MKTP.CD).
    pub gdp_usd: Option<f64>,
    /// Battery-electric car sales in 2024 (IEA); `None` where the IEA has no
    /// figure (Malta).
    pub bev_sales: Option<f64>,
    /// Plug-in hybrid car sales in 2024 (IEA, `phev_car_sales_2024_iea`);
    /// `None` where the table has no figure.
    pub phev_sales: Option<f64>,
}

impl CountryFacts {
    /// A country with only its code, name and EU membership.
    ///
    /// ```
    /// let fr = siteplan::market::CountryFacts::new("FR", "France", true);
    /// assert_eq!(fr.bev_sales, None);
    /// ```
    pub fn new(iso2: &str, name: &str, eu_member: bool) -> Self {
        CountryFacts {
            iso2: iso2.trim().to_ascii_uppercase(),
            iso3: String::new(),
            name: name.to_owned(),
            eu_member,
            population: None,
            gdp_usd: None,
            bev_sales: None,
            phev_sales: None,
        }
    }

    /// The same country with its 2024 BEV sales.
    ///
    /// # Examples
    ///
    /// ```
    /// let nl = siteplan::market::CountryFacts::new("NL", "Netherlands", true).with_bev_sales(120_000.0);
    /// assert_eq!(nl.bev_sales, Some(120_000.0));
    /// ```
    pub fn with_bev_sales(mut self, cars: f64) -> Self {
        self.bev_sales = Some(cars);
        self
    }

    /// The same country with its 2024 plug-in hybrid (PHEV) sales.
    ///
    /// # Examples
    ///
    /// ```
    /// let be = siteplan::market::CountryFacts::new("BE", "Belgium", true).with_phev_sales(67_000.0);
    /// assert_eq!(be.phev_sales, Some(67_000.0));
    /// ```
    pub fn with_phev_sales(mut self, cars: f64) -> Self {
        self.phev_sales = Some(cars);
        self
    }

    /// The same country with population and GDP (for the cost index).
    ///
    /// # Examples
    ///
    /// ```
    /// let at = siteplan::market::CountryFacts::new("AT", "Austria", true).with_economy(9.1e6, 5.2e11);
    /// assert_eq!((at.population, at.gdp_usd), (Some(9.1e6), Some(5.2e11)));
    /// ```
    pub fn with_economy(mut self, population: f64, gdp_usd: f64) -> Self {
        self.population = Some(population);
        self.gdp_usd = Some(gdp_usd);
        self
    }

    /// GDP per capita in US$, when both figures are known.
    ///
    /// ```
    /// let c = siteplan::market::CountryFacts::new("XX", "X", true).with_economy(10.0, 500.0);
    /// assert_eq!(c.gdp_per_capita(), Some(50.0));
    /// ```
    pub fn gdp_per_capita(&self) -> Option<f64> {
        match (self.gdp_usd, self.population) {
            (Some(g), Some(p)) if p > 0.0 => Some(g / p),
            _ => None,
        }
    }

    /// True when `key` is this country's alpha-2 or alpha-3 code or name (any case).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut it = siteplan::market::CountryFacts::new("IT", "Italy", true);
    /// assert!(it.matches("it") && it.matches("ITALY"));
    /// assert!(!it.matches("ITA")); // no alpha-3 code yet
    /// it.iso3 = "ITA".into();
    /// assert!(it.matches("ita"));
    /// ```
    pub fn matches(&self, key: &str) -> bool {
        key.eq_ignore_ascii_case(&self.iso2)
            || (!self.iso3.is_empty() && key.eq_ignore_ascii_case(&self.iso3))
            || key.eq_ignore_ascii_case(&self.name)
    }
}

/// Reads `countries_eu.csv` (columns `iso2,name,eu_member` required;
/// `iso3,population_2023_wb,gdp_usd_2023_wb,bev_car_sales_2024_iea` used when
/// present; other columns ignored).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("countries.csv");
/// std::fs::write(&f, "iso2,name,eu_member,bev_car_sales_2024_iea\nDE,Germany,1,380000\nMT,Malta,1,\n")?;
/// let c = siteplan::market::read_countries(&f)?;
/// assert_eq!(c[0].bev_sales, Some(380000.0));
/// assert_eq!(c[1].bev_sales, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_countries(path: &Path) -> Result<Vec<CountryFacts>> {
    let mut t = Table::read(path, &["iso2", "name", "eu_member"])?;
    let rows = std::mem::take(&mut t.rows);
    let mut out: Vec<CountryFacts> = Vec::new();
    for (line, row) in &rows {
        let iso2 = t.text(row, "iso2").to_ascii_uppercase();
        if iso2.len() != 2 || !iso2.bytes().all(|b| b.is_ascii_alphabetic()) {
            t.problem(*line, "iso2", format!("{iso2:?} is not a two-letter code"));
            continue;
        }
        if out.iter().any(|c| c.iso2 == iso2) {
            t.problem(*line, "iso2", format!("{iso2} appears twice"));
            continue;
        }
        let eu_member = match t.text(row, "eu_member") {
            "1" | "true" | "yes" => true,
            "0" | "false" | "no" => false,
            s => {
                t.problem(*line, "eu_member", format!("{s:?}: expected 1 or 0"));
                false
            }
        };
        let mut c = CountryFacts::new(&iso2, t.text(row, "name"), eu_member);
        c.iso3 = t.text(row, "iso3").to_ascii_uppercase();
        c.population = t.number(*line, row, "population_2023_wb");
        c.gdp_usd = t.number(*line, row, "gdp_usd_2023_wb");
        c.bev_sales = t.number(*line, row, "bev_car_sales_2024_iea");
        c.phev_sales = t.number(*line, row, "phev_car_sales_2024_iea");
        for (col, v) in [
            ("phev_car_sales_2024_iea", c.phev_sales),
            ("population_2023_wb", c.population),
            ("gdp_usd_2023_wb", c.gdp_usd),
            ("bev_car_sales_2024_iea", c.bev_sales),
        ] {
            if v.is_some_and(|v| v < 0.0) {
                t.problem(*line, col, "is negative; expected a number ≥ 0".into());
            }
        }
        out.push(c);
    }
    t.finish()?;
    Ok(out)
}

/// Cost index of each country: its GDP per capita divided by the
/// population-weighted mean GDP per capita of all the countries given
/// (Σ GDP / Σ population over those with both figures). 1 is the average;
/// countries without figures get 1.
///
/// The index scales the yearly running cost of a sales-and-service center
/// (staff, rent), which broadly follows local income levels.
///
/// ```
/// use siteplan::market::{cost_index, CountryFacts};
/// let c = vec![
///     CountryFacts::new("AA", "A", true).with_economy(1.0, 30.0),
///     CountryFacts::new("BB", "B", true).with_economy(3.0, 30.0),
/// ];
/// let idx = cost_index(&c);
/// // mean = 60 / 4 = 15 per person; A has 30, B has 10.
/// assert_eq!(idx["AA"], 2.0);
/// assert!((idx["BB"] - 10.0 / 15.0).abs() < 1e-12);
/// ```
pub fn cost_index(countries: &[CountryFacts]) -> BTreeMap<String, f64> {
    let (mut gdp, mut pop) = (0.0, 0.0);
    for c in countries {
        if let (Some(g), Some(p)) = (c.gdp_usd, c.population) {
            if p > 0.0 {
                gdp += g;
                pop += p;
            }
        }
    }
    let mean = if pop > 0.0 { gdp / pop } else { 0.0 };
    countries
        .iter()
        .map(|c| {
            let idx = match c.gdp_per_capita() {
                Some(pc) if mean > 0.0 => pc / mean,
                _ => 1.0,
            };
            (c.iso2.clone(), idx)
        })
        .collect()
}
