//! A stop request ends a long solve early with `Error::Interrupted`, on the
//! engine route and on the microlp route. Its own test binary: the request
//! is process-wide and would stop other tests' solves.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use siteplan::pipeline::{self, Inputs};
use siteplan::prelude::*;
use siteplan::solve::Method;
use siteplan::travel::Reach;
use siteplan::{stop, Error, Haversine, TravelCost};

/// Solves p-median with `p` new sites under `method` and a 600 s limit,
/// asking for a stop after `after`; returns the result.
fn stopped_solve(towns: usize, p: usize, method: Method, after: Duration) -> siteplan::Result<()> {
    let market = generate(
        &MarketParams::new()
            .cities(100)
            .towns(towns)
            .candidates(800)
            .seed(1),
    );
    let problem = market.problem()?;
    let costs = Haversine.cost_matrix(&problem, Reach::all().with_k_nearest(40))?;
    let (mut request, _) = pipeline::doc_fixture()?;
    request.spec =
        siteplan::models::ModelSpec::new(siteplan::models::ModelKind::PMedian).with_new_sites(p);
    request.params = request.params.with_time_limit(600.0);
    request.params.method = method;
    request.params.gap = 0.0;
    stop::clear();
    let started = Instant::now();
    let asker = thread::spawn(move || {
        thread::sleep(after);
        stop::request();
    });
    let got = pipeline::run_with(&request, Inputs::new(Arc::new(problem), Arc::new(costs)));
    asker.join().unwrap();
    stop::clear();
    // Stopped by the request, not by the pipeline's check after a solve
    // that ran its whole 600 s.
    assert!(started.elapsed() < Duration::from_secs(300));
    got.map(|_| ())
}

#[test]
fn a_stop_request_interrupts_the_engine_and_the_mip() {
    // The engine's search with a zero gap target would run its whole 600 s.
    let engine = stopped_solve(6000, 60, Method::Heuristic, Duration::from_millis(500));
    assert!(matches!(engine, Err(Error::Interrupted)), "{engine:?}");
    // microlp on a model it cannot finish: the wait ends at the request.
    let mip = stopped_solve(3000, 40, Method::Exact, Duration::from_millis(500));
    assert!(matches!(mip, Err(Error::Interrupted)), "{mip:?}");
}
