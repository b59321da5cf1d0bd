//! What the market-entry model takes beyond the problem and the costs
//! ([`EntrySettings`], held in [`crate::models::ModelSpec::entry`]).

use std::sync::Arc;

use super::params::MarketEntryParams;
use crate::error::{Error, Result};
use crate::market::MarketData;

/// The market-entry model's settings: its parameters (the `[market_entry]`
/// table) and the market data they name (country facts and duty table).
/// The pipeline reads the market data ([`EntrySettings::load_market`]);
/// the solver reads no files.
///
/// # Examples
///
/// ```
/// use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// use siteplan::models::market_entry::{EntrySettings, MarketEntryParams};
/// let s = EntrySettings::new(MarketEntryParams::default());
/// assert!(s.market().is_err()); // not read yet
/// let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true)],
///     DutyTable::regulation_2024_2754());
/// let s = s.with_market(market);
/// assert_eq!(s.market()?.countries.len(), 1);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntrySettings {
    /// The model's parameters, paths already resolved.
    pub params: MarketEntryParams,
    /// Country facts and duty table (`None` until read).
    pub market: Option<Arc<MarketData>>,
}

impl EntrySettings {
    /// Settings with parameters and no market data yet.
    ///
    /// ```
    /// let s = siteplan::models::market_entry::EntrySettings::new(Default::default());
    /// assert!(s.market.is_none());
    /// ```
    pub fn new(params: MarketEntryParams) -> Self {
        EntrySettings {
            params,
            market: None,
        }
    }

    /// The same settings with this market data.
    ///
    /// ```
    /// use siteplan::market::{DutyTable, MarketData};
    /// let s = siteplan::models::market_entry::EntrySettings::new(Default::default())
    ///     .with_market(MarketData::new(Vec::new(), DutyTable::regulation_2024_2754()));
    /// assert!(s.market.is_some());
    /// ```
    pub fn with_market(mut self, market: MarketData) -> Self {
        self.market = Some(Arc::new(market));
        self
    }

    /// The market data, or the usage error that says it was not read.
    ///
    /// ```
    /// let s = siteplan::models::market_entry::EntrySettings::new(Default::default());
    /// assert!(s.market().unwrap_err().to_string().contains("countries"));
    /// ```
    pub fn market(&self) -> Result<&MarketData> {
        self.market.as_deref().ok_or_else(|| {
            Error::Usage(
                "market-entry: the country table was not read; set countries = \"…/countries_eu.csv\" \
                 in [market_entry] (siteplan::pipeline reads it)"
                    .into(),
            )
        })
    }

    /// Reads the country and duty tables the parameters name (once: kept
    /// when already read).
    ///
    /// ```
    /// use siteplan::models::market_entry::{EntrySettings, MarketEntryParams};
    /// let params = MarketEntryParams {
    ///     countries: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/data/countries_eu.csv").into()),
    ///     ..Default::default()
    /// };
    /// let s = EntrySettings::new(params).load_market()?;
    /// assert!(s.market()?.countries.len() >= 27);
    /// // Without a country table there is nothing to read.
    /// assert!(EntrySettings::new(Default::default()).load_market().is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn load_market(self) -> Result<Self> {
        if self.market.is_some() {
            return Ok(self);
        }
        let countries = self.params.countries.as_ref().ok_or_else(|| {
            Error::Usage(
                "market-entry needs the country table: set countries = \"…/countries_eu.csv\" in [market_entry]"
                    .into(),
            )
        })?;
        let market = MarketData::load(countries, self.params.duties.as_deref())?;
        Ok(self.with_market(market))
    }
}
