//! A coarse structural summary of a plotters SVG, compared with tolerance: element counts per
//! kind and colour, the exact multiset of texts (with their colours), and the shape of every
//! long polyline (the series) as a profile of y per 8 px column.
//!
//! What it catches: a missing or extra line, band, marker or label (a kind/colour key appears
//! or disappears, a count moves by more than 2 + 10 %, a text changes); a series whose shape
//! moved by more than a few pixels. What it tolerates: sub-pixel rounding and small changes
//! in how many dashes or hatching segments a line is made of.

use std::collections::BTreeMap;

/// One parsed element: tag name and attributes; text content for `<text>`.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: String,
    pub attrs: BTreeMap<String, String>,
    pub content: String,
}

/// Parses the flat element list plotters writes (no nesting except `<svg>`).
pub fn parse(svg: &str) -> Vec<Element> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') || rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let head = &rest[..end];
        let self_closing = head.ends_with('/');
        let head = head.trim_end_matches('/');
        let (tag, mut attr_text) = head.split_once(' ').unwrap_or((head, ""));
        let mut attrs = BTreeMap::new();
        loop {
            attr_text = attr_text.trim_start();
            let Some(eq) = attr_text.find("=\"") else {
                break;
            };
            let name = attr_text[..eq].trim().to_string();
            let after = &attr_text[eq + 2..];
            let Some(close) = after.find('"') else { break };
            attrs.insert(name, after[..close].to_string());
            attr_text = &after[close + 1..];
        }
        rest = &rest[end.min(rest.len())..];
        let mut content = String::new();
        if tag == "text" && !self_closing {
            let close = rest.find("</text>").unwrap_or(rest.len());
            content = rest[1.min(rest.len())..close].trim().to_string();
        }
        out.push(Element {
            tag: tag.to_string(),
            attrs,
            content,
        });
    }
    out
}

fn points(s: &str) -> Vec<(f64, f64)> {
    s.split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// The summary of one SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// `kind colour opacity` → count.
    pub counts: BTreeMap<String, usize>,
    /// `colour: text` → count.
    pub texts: BTreeMap<String, usize>,
    /// `colour width` of polylines with at least 6 points → (8 px column → smallest y).
    pub profiles: BTreeMap<String, BTreeMap<i64, f64>>,
}

fn opacity(e: &Element) -> String {
    let o: f64 = e
        .attrs
        .get("opacity")
        .and_then(|o| o.parse().ok())
        .unwrap_or(1.0);
    format!("{o:.2}")
}

/// Summarises an SVG.
pub fn summarize(svg: &str) -> Summary {
    let mut counts = BTreeMap::new();
    let mut texts = BTreeMap::new();
    let mut profiles: BTreeMap<String, BTreeMap<i64, f64>> = BTreeMap::new();
    for e in parse(svg) {
        let colour = match e.tag.as_str() {
            "polyline" => e.attrs.get("stroke"),
            _ => e.attrs.get("fill"),
        }
        .cloned()
        .unwrap_or_default();
        if e.tag == "svg" {
            continue;
        }
        *counts
            .entry(format!("{} {} {}", e.tag, colour, opacity(&e)))
            .or_insert(0) += 1;
        if e.tag == "text" {
            *texts.entry(format!("{colour}: {}", e.content)).or_insert(0) += 1;
        }
        if e.tag == "polyline" {
            let pts = points(e.attrs.get("points").map_or("", String::as_str));
            if pts.len() >= 6 {
                let key = format!(
                    "{} {}",
                    colour,
                    e.attrs.get("stroke-width").cloned().unwrap_or_default()
                );
                let prof = profiles.entry(key).or_default();
                for (x, y) in pts {
                    let bin = (x / 8.0).floor() as i64;
                    let v = prof.entry(bin).or_insert(y);
                    *v = v.min(y);
                }
            }
        }
    }
    Summary {
        counts,
        texts,
        profiles,
    }
}

/// Differences beyond tolerance between an expected and an actual summary (empty = same).
pub fn compare(expected: &Summary, actual: &Summary) -> Vec<String> {
    let mut diffs = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        expected.counts.keys().chain(actual.counts.keys()).collect();
    for k in keys {
        let a = expected.counts.get(k).copied().unwrap_or(0);
        let b = actual.counts.get(k).copied().unwrap_or(0);
        let tolerance = 2 + a.max(b) / 10;
        if (a == 0) != (b == 0) || a.abs_diff(b) > tolerance {
            diffs.push(format!("count of `{k}`: expected {a}, got {b}"));
        }
    }
    for (t, n) in &expected.texts {
        let m = actual.texts.get(t).copied().unwrap_or(0);
        if m != *n {
            diffs.push(format!("text `{t}`: expected {n}, got {m}"));
        }
    }
    for (t, m) in &actual.texts {
        if !expected.texts.contains_key(t) {
            diffs.push(format!("unexpected text `{t}` ({m})"));
        }
    }
    let pkeys: std::collections::BTreeSet<&String> = expected
        .profiles
        .keys()
        .chain(actual.profiles.keys())
        .collect();
    for k in pkeys {
        let (Some(a), Some(b)) = (expected.profiles.get(k), actual.profiles.get(k)) else {
            diffs.push(format!("series `{k}` present in only one of them"));
            continue;
        };
        let only: usize = a.keys().filter(|x| !b.contains_key(x)).count()
            + b.keys().filter(|x| !a.contains_key(x)).count();
        if only > 2 {
            diffs.push(format!(
                "series `{k}`: {only} columns covered by only one of them"
            ));
        }
        let mut worst: f64 = 0.0;
        let mut sum = 0.0;
        let mut n = 0.0;
        for (x, ya) in a {
            if let Some(yb) = b.get(x) {
                let d = (ya - yb).abs();
                worst = worst.max(d);
                sum += d;
                n += 1.0;
            }
        }
        let mean = if n > 0.0 { sum / n } else { 0.0 };
        if worst > 12.0 || mean > 2.0 {
            diffs.push(format!(
                "series `{k}` moved: mean {mean:.1} px, worst {worst:.1} px"
            ));
        }
    }
    diffs
}
