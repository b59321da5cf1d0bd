//! Tests of the CSV readers.

use super::files::*;
use super::table::*;
use crate::error::Error;

#[test]
pub(super) fn finds_unterminated_quotes() {
    let open = |b: &[u8]| scan_quotes(b, 1, usize::MAX).err();
    assert_eq!(open(b"a,b\n\"x,y\n1,2\n"), Some(2));
    assert_eq!(open(b"a,b\n\"x\"\"y\",1\n"), None);
    assert_eq!(open(b"a,b\nx\"y,1\n"), None);
    assert_eq!(open(b"a,b\r\n\"multi\r\nline\",1\r\n"), None);
}

#[test]
pub(super) fn cuts_only_outside_quotes() {
    let text = b"h\n1,\"a\nb\"\n2,c\n3,d";
    let cuts = scan_quotes(text, 1, 1).unwrap();
    // After "h\n" (line 2), after the quoted record (line 4), after "2,c\n" (line 5).
    assert_eq!(cuts, vec![(2, 2), (10, 4), (14, 5)]);
}

#[test]
pub(super) fn quote_free_cuts_match_the_general_scan() {
    let text = b"h,x\n1,a\n22,bb\n\n333,ccc\r\n4,d";
    // With a quote somewhere the general scan runs; add one at the end
    // (an escaped quote in the last field) without changing the cuts.
    let mut quoted = text.to_vec();
    quoted.extend_from_slice(b"\n5,\"e\"");
    for chunk in [1, 2, 3, 5, 8, 100] {
        let fast = scan_quotes(text, 1, chunk).unwrap();
        let general = scan_quotes(&quoted, 1, chunk).unwrap();
        let general: Vec<_> = general.into_iter().filter(|c| c.0 < text.len()).collect();
        assert_eq!(fast, general, "chunk {chunk}");
    }
}

/// Parsing in many small chunks gives the same rows, lines and problems
/// as parsing in one.
#[test]
pub(super) fn chunked_parsing_matches_whole() {
    let mut text = String::from("id,lat,lon,weight,note\n");
    for i in 0..200 {
        let note = if i % 7 == 0 {
            "\"two\nlines, quoted\""
        } else {
            "x"
        };
        let w = if i % 13 == 0 {
            "-1".to_string()
        } else {
            i.to_string()
        };
        text.push_str(&format!("p{i},{},{},{w},{note}\r\n", i % 90, i % 180));
    }
    let parse = |chunk: usize| {
        let mut p = Problems::new("f");
        let table = open_table(text.as_bytes(), &mut p, &["id"], &[]).unwrap();
        let cuts = scan_quotes(table.body, table.body_line, chunk).unwrap();
        let c_id = table.col("id");
        let c_w = table.col("weight");
        let parsed = parse_rows(&table, &cuts, "f", |r, p| {
            let w = r.number(c_w, None, p);
            r.non_negative(c_w, w, p);
            Some(r.required_text(c_id, p)?.to_owned())
        });
        (parsed.rows.concat(), parsed.problems.list, parsed.n_rows)
    };
    let whole = parse(usize::MAX);
    assert_eq!(whole.2, 200);
    assert_eq!(whole.0[0], (2, "p0".to_string()));
    // p0 and p7 hold a line end inside quotes.
    assert_eq!(whole.0[1], (4, "p1".to_string()));
    assert_eq!(whole.0[8], (12, "p8".to_string()));
    assert_eq!(whole.1[0].line, Some(2));
    for chunk in [1, 7, 64, 500] {
        assert_eq!(parse(chunk), whole, "chunk {chunk}");
    }
}

/// A file of several parallel chunks: rows, line numbers, duplicates
/// across chunks and the problem cap all come out in file order.
#[test]
pub(super) fn large_file_reads_in_chunks_with_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.csv");
    let n = 60_000; // about 3 MB: three or four chunks
    let mut text = String::from("id,name,lat,lon,weight\n");
    let mut line = 2u64;
    for i in 0..n {
        let name = if i % 1000 == 0 {
            "\"two\nlines, quoted\"".to_string()
        } else {
            format!("Town {i} with a long name")
        };
        text.push_str(&format!("p{i},{name},30.5,120.5,{i}\n"));
        line += if i % 1000 == 0 { 2 } else { 1 };
    }
    assert!(text.len() > 2 * CHUNK_BYTES);
    std::fs::write(&f, &text).unwrap();
    let d = read_demand(&f).unwrap();
    assert_eq!(d.len(), n);
    assert!(d.iter().enumerate().all(|(i, p)| p.id == format!("p{i}")));
    assert_eq!(d[1000].name.as_deref(), Some("two\nlines, quoted"));

    // Problems in the first and last chunks, and a duplicate of an id
    // from the first chunk near the end.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut bad: String = lines.concat();
    let last_line = line - 1;
    bad.push_str("p5,dup,1,1,1\n");
    bad = bad.replacen(
        "p7,Town 7 with a long name,30.5,120.5,7",
        "p7,Town 7,95,120.5,7",
        1,
    );
    bad = bad.replacen(
        &format!(
            "p{},Town {} with a long name,30.5,120.5,{}",
            n - 2,
            n - 2,
            n - 2
        ),
        &format!("p{},Town,30.5,120.5,-1", n - 2),
        1,
    );
    std::fs::write(&f, &bad).unwrap();
    let err = read_demand(&f).unwrap_err();
    let Error::Input(p) = err else { panic!() };
    let got: Vec<(Option<u64>, Option<&str>)> = p
        .problems
        .iter()
        .map(|q| (q.line, q.column.as_deref()))
        .collect();
    // p7 sits on line 10 (p0's name spans lines 2-3; p1 is on line 4).
    assert_eq!(
        got,
        vec![
            (Some(10), Some("lat")),
            (Some(last_line - 1), Some("weight")),
            (Some(last_line + 1), Some("id")),
        ]
    );
    assert!(
        p.problems[2].message.contains("first on line 8"),
        "{}",
        p.problems[2]
    );
    assert!(!p.truncated);

    // 30 problems spread over every chunk: the first 20, in order.
    let mut many = String::from("id,lat,lon,weight\n");
    for i in 0..n {
        let w = if i % 2000 == 0 { "-1" } else { "1" };
        many.push_str(&format!("p{i},30.5,120.5,{w},padding padding padding\n"));
    }
    let many = many.replace("id,lat,lon,weight\n", "id,lat,lon,weight,note\n");
    std::fs::write(&f, &many).unwrap();
    let Error::Input(p) = read_demand(&f).unwrap_err() else {
        panic!()
    };
    assert!(p.truncated);
    let lines: Vec<u64> = p.problems.iter().map(|q| q.line.unwrap()).collect();
    let want: Vec<u64> = (0..20).map(|k| 2 + 2000 * k).collect();
    assert_eq!(lines, want);
}
