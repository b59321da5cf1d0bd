//! The fuzz targets' one body: feed the bytes to a reader of
//! `siteplan::fuzzing` and turn a broken contract into a crash.

#[doc(hidden)]
pub use libfuzzer_sys;

/// Defines the fuzz target of `siteplan::fuzzing::Target::$target`.
#[macro_export]
macro_rules! target {
    ($target:ident) => {
        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            if let Err(e) = siteplan::fuzzing::check(siteplan::fuzzing::Target::$target, data) {
                panic!("{e}");
            }
        });
    };
}
