//! Number formatting of the reports: fixed decimals and grouped thousands.

pub(super) fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// `x` with `decimals` decimals, never `-0`.
pub(super) fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Groups digits of an integer string in threes with commas.
pub(super) fn group(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// A weight: whole numbers with thousands separators, small fractional
/// values with up to 2 decimals.
pub(super) fn weight(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1000.0 || x.fract() == 0.0 {
        group(&fixed(x.round(), 0))
    } else {
        let s = fixed(x, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A general number: grouped integers when large, else up to 4 significant decimals.
pub(super) fn general(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1000.0 {
        let int = fixed(x.trunc(), 0);
        let frac = fixed(x.abs().fract(), 1);
        let frac = if frac == "1.0" || frac == "0.0" {
            ""
        } else {
            &frac[1..]
        };
        if frac.is_empty() {
            group(&fixed(x.round(), 0))
        } else {
            format!("{}{frac}", group(&int))
        }
    } else {
        let s = fixed(x, 4);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
