//! Market data for market-entry planning: country facts, import duties and
//! yearly city demand.
//!
//! | file | what |
//! |---|---|
//! | [`countries`] | `countries_eu.csv`: EU membership, population, GDP, IEA BEV sales; the cost index |
//! | [`duties`] | `eu_bev_duties_cn.csv`: the EU duties on Chinese-built BEVs (Reg. (EU) 2024/2754) |
//! | [`demand`] | national BEV sales spread over the listed cities, grown to each planning year |

pub mod countries;
pub mod demand;
pub mod duties;
mod table;

pub use countries::{cost_index, read_countries, CountryFacts};
pub use demand::{city_demand, CityDemand, DemandSettings};
pub use duties::{DutyRate, DutyTable};

use std::path::Path;

use crate::error::Result;

/// Country facts and the duty table, read once and shared by scenarios.
///
/// ```
/// use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// let de = CountryFacts::new("DE", "Germany", true).with_bev_sales(380_000.0);
/// let m = MarketData::new(vec![de], DutyTable::regulation_2024_2754());
/// assert_eq!(m.country("de").unwrap().name, "Germany");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MarketData {
    /// One row per country, in file order.
    pub countries: Vec<CountryFacts>,
    /// The EU duty table.
    pub duties: DutyTable,
}

impl MarketData {
    /// Market data from parts.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// let m = MarketData::new(
    ///     vec![CountryFacts::new("FR", "France", true), CountryFacts::new("NO", "Norway", false)],
    ///     DutyTable::regulation_2024_2754(),
    /// );
    /// assert_eq!(m.countries.len(), 2);
    /// assert_eq!(m.duties.standard_pct, 10.0);
    /// ```
    pub fn new(countries: Vec<CountryFacts>, duties: DutyTable) -> Self {
        MarketData { countries, duties }
    }

    /// Reads `countries_eu.csv` and, when given, a duty table file; without
    /// one the rates of Regulation (EU) 2024/2754 built into siteplan are used
    /// ([`DutyTable::regulation_2024_2754`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::{DutyTable, MarketData};
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("countries_eu.csv");
    /// std::fs::write(&f, "iso2,name,eu_member\nDE,Germany,1\nNO,Norway,0\n")?;
    /// let m = MarketData::load(&f, None)?;
    /// assert!(!m.country("NO").unwrap().eu_member);
    /// assert_eq!(m.duties, DutyTable::regulation_2024_2754());
    /// // A bad value is reported with its file, line and column.
    /// std::fs::write(&f, "iso2,name,eu_member\nDE,Germany,1\nNO,Norway,maybe\n")?;
    /// let err = MarketData::load(&f, None).unwrap_err();
    /// assert!(matches!(err, siteplan::Error::Input(_)));
    /// assert!(err.to_string().contains(r#"countries_eu.csv:3: column "eu_member""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(countries: &Path, duties: Option<&Path>) -> Result<Self> {
        let countries = read_countries(countries)?;
        let duties = match duties {
            Some(p) => DutyTable::read(p)?,
            None => DutyTable::regulation_2024_2754(),
        };
        Ok(MarketData { countries, duties })
    }

    /// The country with this ISO 3166-1 alpha-2 or alpha-3 code or English
    /// name (any case).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// let mut nl = CountryFacts::new("NL", "Netherlands", true);
    /// nl.iso3 = "NLD".into();
    /// let m = MarketData::new(vec![nl], DutyTable::regulation_2024_2754());
    /// for key in ["NL", "nld", "netherlands", " NL "] {
    ///     assert_eq!(m.country(key).map(|c| c.iso2.as_str()), Some("NL"));
    /// }
    /// assert!(m.country("Holland").is_none());
    /// ```
    pub fn country(&self, key: &str) -> Option<&CountryFacts> {
        self.country_index(key).map(|i| &self.countries[i])
    }

    /// Position of the country with this code or name (any case).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// let m = MarketData::new(
    ///     vec![CountryFacts::new("DE", "Germany", true), CountryFacts::new("FR", "France", true)],
    ///     DutyTable::regulation_2024_2754(),
    /// );
    /// assert_eq!(m.country_index("france"), Some(1));
    /// assert_eq!(m.country_index("ES"), None);
    /// ```
    pub fn country_index(&self, key: &str) -> Option<usize> {
        let k = key.trim();
        self.countries.iter().position(|c| c.matches(k))
    }
}
