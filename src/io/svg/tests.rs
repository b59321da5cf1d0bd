//! Tests of the SVG map.

use super::draw::*;
use super::legend::*;
use super::share::*;
use super::text::*;

#[test]
pub(super) fn numbers_are_fixed_and_never_negative_zero() {
    assert_eq!(num(1.25), "1.2");
    assert_eq!(num(3.0), "3");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(-2.55), "-2.5");
    assert_eq!(compact(24_874_500.0), "24.9M");
    assert_eq!(compact(12_345.0), "12.3k");
    assert_eq!(compact(950.0), "950");
    assert_eq!(compact(560_123.0), "560k");
    assert_eq!(compact(99_960.0), "100k");
}

#[test]
pub(super) fn share_colours_run_from_yellow_to_dark_red() {
    assert_eq!(share_colour(0.0), "#ffeda0");
    assert_eq!(share_colour(1.0), "#800026");
    assert_eq!(share_colour(2.0), "#800026");
    assert!(share_radius(1.0) > share_radius(0.25));
}

#[test]
pub(super) fn nice_lengths() {
    assert_eq!(nice(230.0), 200.0);
    assert_eq!(nice(74.0), 50.0);
    assert_eq!(nice(1.4), 1.0);
}

#[test]
pub(super) fn clipping_keeps_the_inside_part() {
    let sq = vec![(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
    let c = clip_polygon(sq, [0.0, 0.0, 5.0, 5.0]);
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in &c {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
    }
    assert_eq!((x0, x1), (0.0, 5.0));
    assert!(clip_polygon(
        vec![(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)],
        [0.0, 0.0, 5.0, 5.0]
    )
    .is_empty());
}

#[test]
pub(super) fn thinning_drops_close_points() {
    let pts = [(0.0, 0.0), (0.1, 0.1), (5.0, 0.0), (5.0, 5.0), (0.2, 0.0)];
    assert_eq!(
        thin_ring(&pts, 0.5),
        vec![(0.0, 0.0), (5.0, 0.0), (5.0, 5.0)]
    );
}
