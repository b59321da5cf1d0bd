//! A small XML well-formedness checker for the SVG and HTML outputs
//! (test support only; no XML crate is a dependency).

/// A small XML well-formedness check: balanced, properly nested tags,
/// quoted attributes without raw `<`, only the five predefined entities or
/// character references. `void` lists HTML elements that have no end tag.
pub fn check_xml(text: &str, void: &[&str]) -> Result<usize, String> {
    fn check_entities(s: &str, at: usize) -> Result<(), String> {
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            let tail = &rest[i + 1..];
            let end = tail.find(';').ok_or(format!("bare & near byte {at}"))?;
            let name = &tail[..end];
            let ok = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                || (name.starts_with("#x") && u32::from_str_radix(&name[2..], 16).is_ok())
                || (name.starts_with('#') && name[1..].parse::<u32>().is_ok());
            if !ok {
                return Err(format!("unknown entity &{name}; near byte {at}"));
            }
            rest = &tail[end + 1..];
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut i = 0;
    let b = text.as_bytes();
    let mut roots = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = text[i..].find('<').map_or(b.len(), |j| i + j);
            let chunk = &text[i..end];
            if chunk.contains('>') {
                return Err(format!("raw > in text near byte {i}"));
            }
            if stack.is_empty() && !chunk.trim().is_empty() {
                return Err(format!("text outside the root near byte {i}"));
            }
            check_entities(chunk, i)?;
            i = end;
            continue;
        }
        let rest = &text[i..];
        if rest.starts_with("<?") {
            i += rest.find("?>").ok_or("unclosed <?")? + 2;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->").ok_or("unclosed comment")? + 3;
        } else if rest.starts_with("<!") {
            i += rest.find('>').ok_or("unclosed <!")? + 1;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or("unclosed end tag")?;
            let name = close[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?} near byte {i}")),
            }
            i += 2 + end + 1;
        } else {
            // Start tag: name, then attributes name="value".
            let mut j = i + 1;
            while j < b.len() && !b" \n\t/>".contains(&b[j]) {
                j += 1;
            }
            let name = &text[i + 1..j];
            if name.is_empty() {
                return Err(format!("raw < near byte {i}"));
            }
            loop {
                while j < b.len() && b" \n\t".contains(&b[j]) {
                    j += 1;
                }
                if j >= b.len() {
                    return Err("unclosed start tag".into());
                }
                if b[j] == b'>' || b[j] == b'/' {
                    break;
                }
                let eq = text[j..]
                    .find('=')
                    .ok_or(format!("attribute without value in <{name}>"))?
                    + j;
                let attr = &text[j..eq];
                if attr.contains(|c: char| c.is_whitespace() || c == '>') {
                    return Err(format!("bad attribute {attr:?} in <{name}>"));
                }
                let q = b[eq + 1];
                if q != b'"' && q != b'\'' {
                    return Err(format!("unquoted attribute {attr} in <{name}>"));
                }
                let end = text[eq + 2..].find(q as char).ok_or("unclosed attribute")? + eq + 2;
                let value = &text[eq + 2..end];
                if value.contains('<') {
                    return Err(format!("raw < in attribute {attr} of <{name}>"));
                }
                check_entities(value, eq)?;
                j = end + 1;
            }
            elements += 1;
            if stack.is_empty() {
                roots += 1;
            }
            if b[j] == b'/' {
                if b.get(j + 1) != Some(&b'>') {
                    return Err(format!("bad empty tag <{name}>"));
                }
                i = j + 2;
            } else {
                if !void.contains(&name) {
                    stack.push(name.to_string());
                }
                i = j + 1;
            }
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

/// HTML elements without an end tag that the reports use.
pub const HTML_VOID: [&str; 2] = ["meta", "br"];

/// `html` with the text of every `<script>` and `<style>` element removed
/// (the tags stay): what [`check_xml`] reads of a page with inline code.
pub fn without_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["<script", "<style"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        let open_end = i + rest[i..].find('>').expect("a closed start tag") + 1;
        out.push_str(&rest[..open_end]);
        let close = format!("</{}>", &tag[1..]);
        let end = open_end + rest[open_end..].find(&close).expect("an end tag");
        rest = &rest[end..];
    }
}
