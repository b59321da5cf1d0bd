//! Text and numbers in SVG: escaping, fixed decimals, compact weights.

/// Escapes text for XML and HTML content and attribute values.
///
/// ```
/// assert_eq!(siteplan::io::svg::escape(r#"<a & "b" 'c'>"#), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids (other control characters).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A number with one decimal, without a trailing `.0` and never `-0`.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A weight in a few characters: `950`, `12.3k`, `24.9M`, `1.2G`.
pub(super) fn compact(w: f64) -> String {
    let a = w.abs();
    let (v, unit) = if a >= 1e9 {
        (w / 1e9, "G")
    } else if a >= 1e6 {
        (w / 1e6, "M")
    } else if a >= 1e4 {
        (w / 1e3, "k")
    } else {
        return num(w);
    };
    if v.abs() >= 99.95 {
        format!("{v:.0}{unit}")
    } else {
        format!("{}{unit}", num(v))
    }
}
