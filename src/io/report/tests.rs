//! Tests of the number formats.

use super::numbers::*;

#[test]
pub(super) fn number_formats() {
    assert_eq!(weight(24_874_500.0), "24,874,500");
    assert_eq!(weight(-1234.4), "-1,234");
    assert_eq!(weight(12.5), "12.5");
    assert_eq!(weight(7.0), "7");
    assert_eq!(general(1234567.25), "1,234,567.2");
    assert_eq!(general(0.12345), "0.1235");
    assert_eq!(fixed(-0.01, 1), "0.0");
    assert_eq!(group("100"), "100");
    assert_eq!(group("1000"), "1,000");
}
