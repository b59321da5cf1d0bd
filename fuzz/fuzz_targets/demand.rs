#![no_main]
siteplan_fuzz::target!(Demand);
