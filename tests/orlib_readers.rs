//! The OR-Library readers reproduce each instance's shape, and the published
//! p-median optima are consistent with their cost matrices.

mod common;

use common::orlib::{instance, read_cap, read_pmed, CAP_OPTIMA, PMED_OPTIMA};

#[test]
fn pmed_instances_have_full_matrices() {
    for (name, _) in PMED_OPTIMA {
        let (problem, costs, p) = read_pmed(&instance(name));
        assert_eq!(problem.demand().len(), 100, "{name}");
        assert_eq!(
            costs.n_pairs(),
            100 * 100,
            "{name}: graph must be connected"
        );
        assert!((5..=33).contains(&p), "{name}: p = {p}");
        for d in 0..100 {
            assert_eq!(costs.cost(d, d), Some(0.0));
        }
    }
}

#[test]
fn cap_instances_have_16_warehouses_and_50_customers() {
    for (name, _) in CAP_OPTIMA {
        let (problem, costs) = read_cap(&instance(name));
        assert_eq!(problem.sites().len(), 16, "{name}");
        assert_eq!(problem.demand().len(), 50, "{name}");
        assert_eq!(costs.n_pairs(), 16 * 50);
        let total_cap: f64 = problem.sites().iter().filter_map(|s| s.capacity).sum();
        assert!(total_cap >= problem.total_weight(), "{name}");
    }
}
