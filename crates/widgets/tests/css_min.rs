//! The widget stylesheet's build-time minifier (`css_min.rs`, run by `build.rs`): the minified
//! text that `lib.rs` includes has the same rules as `src/widget.css` — the same selectors and
//! at-rule preludes, the same declarations in the same order, strings unchanged — compared
//! after a normalisation written separately here; plus the tricky cases one at a time.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../css_min.rs"]
mod css_min;

use css_min::{minify_css, prune_css};

const SOURCE: &str = include_str!("../src/widget.css");
const MINIFIED: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// One structural item of a stylesheet: a block opened by its prelude, a declaration, a close.
#[derive(Debug, PartialEq)]
enum Item {
    Open(String),
    Decl(String, String),
    Close,
}

/// The stylesheet as items: comments dropped, whitespace runs as one space, none next to `,`,
/// none at the ends of a piece; strings kept as written. Independent of the minifier's code.
fn items(css: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut rest = css;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |end| &after[end + 2..]);
            piece.push(' ');
            continue;
        }
        if c == '"' || c == '\'' {
            let body = &rest[1..];
            let end = body
                .find(c)
                .expect("test CSS strings are closed and escape-free");
            piece.push_str(&rest[..end + 2]);
            rest = &body[end + 1..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match c {
            // In a prelude (a media query) a space after `:` is layout too.
            '{' => out.push(Item::Open(normal(&piece).replace(": ", ":"))),
            ';' | '}' => {
                let text = normal(&piece);
                if !text.is_empty() {
                    let (name, value) = text.split_once(':').expect("a declaration has a colon");
                    out.push(Item::Decl(normal(name), normal(value)));
                }
                if c == '}' {
                    out.push(Item::Close);
                }
            }
            _ => {
                piece.push(c);
                continue;
            }
        }
        piece.clear();
    }
    out
}

/// Whitespace runs as one space, trimmed, no space around `,`.
fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(", ", ",")
}

#[test]
fn minified_stylesheet_has_the_same_rules_and_is_smaller() {
    let source = items(SOURCE);
    let minified = items(MINIFIED);
    for (k, (m, s)) in minified.iter().zip(&source).enumerate() {
        assert_eq!(m, s, "item {k} differs");
    }
    assert_eq!(minified.len(), source.len());
    // Every selector of the source is a block (a sanity check on `items` itself): the first
    // rule is `:host { display: block; }`.
    assert_eq!(source.first(), Some(&Item::Open(":host".into())));
    assert_eq!(
        source.get(1),
        Some(&Item::Decl("display".into(), "block".into()))
    );
    // The build script wrote exactly what the minifier gives.
    assert_eq!(MINIFIED, minify_css(SOURCE));
    // The source is ≈ 20 % comments and layout whitespace (18 520 → 14 788 bytes when this
    // was written); a minifier that removed nothing would fail here.
    assert!(
        MINIFIED.len() * 100 < SOURCE.len() * 90,
        "{} of {}",
        MINIFIED.len(),
        SOURCE.len()
    );
    assert!(!MINIFIED.contains("/*") && !MINIFIED.contains('\n'));
}

#[test]
fn strings_and_generated_content_survive() {
    assert!(MINIFIED.contains(r#".param.changed label::after{content:" •";"#));
    assert!(MINIFIED.contains(r#"content:attr(data-label) ": ";"#));
    // The descendant combinator before a pseudo-class keeps its space.
    assert!(MINIFIED.contains(".w :focus-visible{"));
}

#[test]
fn tricky_inputs() {
    let cases = [
        // Comments go, also between tokens (they separate like a space).
        ("a { b: c; /* x */ }", "a{b:c}"),
        ("a/**/b{c:d}", "a b{c:d}"),
        // Comment markers inside strings and url() are text.
        (
            r#"a { content: "/* not */"; }"#,
            r#"a{content:"/* not */"}"#,
        ),
        (
            "a { background: url(x/*y*/z.png ) }",
            "a{background:url(x/*y*/z.png )}",
        ),
        (r#"a { b: url( "p q" ) }"#, r#"a{b:url( "p q" )}"#),
        // Escaped quotes stay inside their string; escaped characters outside strings too.
        (r#"a { content: "x\"  y" }"#, r#"a{content:"x\"  y"}"#),
        (r"a\:b  c { d: e }", r"a\:b c{d:e}"),
        // Spaces that matter: calc operators, descendant + pseudo-class, `and` in queries.
        ("a { w: calc(1px  +  2%) }", "a{w:calc(1px + 2%)}"),
        (".w  :hover { x: y }", ".w :hover{x:y}"),
        (
            "@media (min-width: 1px)  and  (max-width: 2px) { a { b: c; } }",
            "@media (min-width:1px) and (max-width:2px){a{b:c}}",
        ),
        // Lists, an empty rule, the `;` before `}`.
        ("a ,\n b { f: x , y ; }\nc { }", "a,b{f:x,y}c{}"),
        // Unterminated comment and string: kept to the end, as the browser reads them.
        ("a { b: c } /* open", "a{b:c}"),
        ("a { content: \"open", "a{content:\"open"),
    ];
    for (input, expected) in cases {
        assert_eq!(minify_css(input), expected, "input {input:?}");
    }
}

/// The rules of `items` without those every one of whose selectors has one of `classes`
/// (found by cutting each selector at every character that cannot be in a class name), and
/// without `@media` / `@container` blocks left empty. Reads from `items[*pos]` up to the
/// `Close` of the enclosing block (consumed) or the end.
fn without_rules_of(items: &[Item], pos: &mut usize, classes: &[&str]) -> Vec<Item> {
    let needs = |selector: &str| {
        selector
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .flat_map(|compound| compound.split('.').skip(1))
            .any(|class| classes.contains(&class))
    };
    let mut out = Vec::new();
    while let Some(item) = items.get(*pos) {
        *pos += 1;
        match item {
            Item::Close => return out,
            Item::Decl(n, v) => out.push(Item::Decl(n.clone(), v.clone())),
            Item::Open(prelude) if prelude.starts_with('@') => {
                let inner = without_rules_of(items, pos, classes);
                if !inner.is_empty() {
                    out.push(Item::Open(prelude.clone()));
                    out.extend(inner);
                    out.push(Item::Close);
                }
            }
            Item::Open(prelude) => {
                let body = without_rules_of(items, pos, classes);
                if !prelude.split(',').all(needs) {
                    out.push(Item::Open(prelude.clone()));
                    out.extend(body);
                    out.push(Item::Close);
                }
            }
        }
    }
    out
}

#[test]
fn a_module_without_the_drill_and_the_calculator_loses_exactly_their_rules() {
    let full = minify_css(SOURCE);
    let pruned = prune_css(&full, &["dr", "scaling"]);
    let expected = without_rules_of(&items(SOURCE), &mut 0, &["dr", "scaling"]);
    assert_eq!(items(&pruned), expected);
    // Something was removed (the drill's section is ~80 lines), and none of it is left.
    assert!(
        pruned.len() + 3000 < full.len(),
        "{} of {}",
        pruned.len(),
        full.len()
    );
    assert!(!pruned.contains(".dr ") && !pruned.contains(".dr.") && !pruned.contains(".scaling"));
    // The simulator's own rules and the shared ones stay.
    for kept in [
        ".w :focus-visible{",
        ".status.lost{",
        "ol.log li.at{",
        ".w.presenter{",
        ".comparison td::before{",
    ] {
        assert!(pruned.contains(kept), "{kept} was pruned");
    }
    // With every widget in the module nothing goes.
    assert_eq!(prune_css(&full, &[]), full);
    // Only the drill's rules go without the drill.
    let no_dr = prune_css(&full, &["dr"]);
    assert!(no_dr.contains(".w.scaling.presenter .takeaway{") && !no_dr.contains(".dr "));
}

#[test]
fn pruning_reads_selector_lists_and_blocks() {
    let css = minify_css(
        ".dr a, .dr b { x: 1 } .dr a, .wal b { x: 2 } .drawer { x: 3 } \
         @container (max-width:9px) { .dr a { x: 4 } } \
         @media (min-width:1px) { .dr a { x: 5 } .b { x: 6 } } \
         .w.dr.presenter { x: 7 } [data-x=\".dr\"] { x: 8 }",
    );
    assert_eq!(
        prune_css(&css, &["dr"]),
        ".dr a,.wal b{x:2}.drawer{x:3}@media (min-width:1px){.b{x:6}}[data-x=\".dr\"]{x:8}"
    );
}

#[test]
fn the_pruned_classes_are_set_only_by_their_widgets() {
    // `prune_css` relies on no element of the simulator's module having the class `dr` or
    // `scaling`: they are the roots' kinds in dr_drill.rs and scaling_calc.rs. Every string
    // literal of the crate that has one of them as a word is in the widget's own file.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (k, literal) in text.split('"').enumerate().filter(|(k, _)| k % 2 == 1) {
            for (class, home) in [("dr", "dr_drill.rs"), ("scaling", "scaling_calc.rs")] {
                if literal.split_whitespace().any(|w| w == class) {
                    assert_eq!(
                        name, home,
                        "string literal {k} {literal:?} has the class {class}"
                    );
                }
            }
        }
    }
}
