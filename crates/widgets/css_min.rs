//! A small CSS minifier for the widget stylesheet (`src/widget.css`), run by `build.rs` so the
//! WebAssembly data segment holds the stylesheet without its comments and layout whitespace
//! (the readable source stays as it is). Also included by `tests/css_min.rs`.
//!
//! It only removes what cannot change a rule:
//! - comments (`/* … */`) outside strings and `url(…)`;
//! - whitespace runs, collapsed to one space, and dropped next to `{`, `}`, `;` and `,`, after
//!   `:` and at the ends;
//! - the `;` before a `}`.
//!
//! Strings (`"…"`, `'…'`, with their backslash escapes), unquoted `url(…)` and escaped
//! characters (`\:`) are copied byte for byte. A space before `:` is kept (`.w :focus-visible`
//! is a descendant selector, `.w:focus-visible` is not), and so are spaces around `+`, `-`,
//! `>`, `*` and `/` (`calc(1px + 2%)` needs them). An unterminated string or comment is kept to
//! the end, as the browser would read it.
//!
//! [`prune_css`] then drops, from minified text, the rules that cannot match in a module: a
//! rule every one of whose selectors needs a class no element of that module has (the DR
//! drill's root is `.w.dr`, the calculator's `.w.scaling`; a module without those widgets never
//! renders the class), and an `@media` / `@container` block left empty by that.

/// `source` without comments and layout whitespace (see the module doc).
pub fn minify_css(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    // Whitespace or a comment was skipped since the last character written.
    let mut pending_space = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars.get(i) == Some(&'*') && chars.get(i + 1) == Some(&'/'))
            {
                i += 1;
            }
            i = (i + 2).min(chars.len());
            // A comment separates tokens like whitespace does (`a/**/b` is `a b`).
            pending_space = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            i += 1;
            continue;
        }
        if pending_space {
            pending_space = false;
            let before = out.chars().last();
            let drop = match before {
                None => true,
                Some(b) => is_tight_after(b) || is_tight_before(c),
            };
            if !drop {
                out.push(' ');
            }
        }
        match c {
            '"' | '\'' => i = copy_string(&chars, i, &mut out),
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            '}' => {
                if out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                i += 1;
            }
            _ if starts_url(&chars, i) => i = copy_url(&chars, i, &mut out),
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// No space is needed after these.
fn is_tight_after(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',' | ':')
}

/// No space is needed before these (not `:`: see the module doc).
fn is_tight_before(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',')
}

/// Copies the string starting at `chars[start]` (its quote) through its closing quote;
/// returns the index after it.
fn copy_string(chars: &[char], start: usize, out: &mut String) -> usize {
    let Some(&quote) = chars.get(start) else {
        return start;
    };
    out.push(quote);
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        out.push(c);
        i += 1;
        if c == '\\' {
            if let Some(&next) = chars.get(i) {
                out.push(next);
                i += 1;
            }
        } else if c == quote {
            break;
        }
    }
    i
}

/// Whether an unquoted-or-quoted `url(` starts at `chars[i]` as a whole word.
fn starts_url(chars: &[char], i: usize) -> bool {
    let word: String = chars.iter().skip(i).take(4).collect();
    let after_name = i
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .is_some_and(|p| p.is_alphanumeric() || *p == '-' || *p == '_');
    word.eq_ignore_ascii_case("url(") && !after_name
}

/// Copies `url(…)` starting at `chars[start]` through its closing `)`, strings inside verbatim;
/// returns the index after it.
fn copy_url(chars: &[char], start: usize, out: &mut String) -> usize {
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '\'' => i = copy_string(chars, i, out),
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            ')' => {
                out.push(c);
                return i + 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    i
}

/// `minified` (the output of [`minify_css`]) without the rules every one of whose selectors
/// contains one of `absent_classes` as a class (`.dr` in `.dr pre.transcript`, not in
/// `.drawer`), and without at-rule blocks left empty. Other at-rules and rules are kept as
/// they are.
pub fn prune_css(minified: &str, absent_classes: &[&str]) -> String {
    let mut out = String::with_capacity(minified.len());
    let mut rest = minified;
    while !rest.is_empty() {
        let Some(open) = find_outside_strings(rest, '{') else {
            out.push_str(rest);
            break;
        };
        let Some(close) = matching_brace(rest, open) else {
            out.push_str(rest);
            break;
        };
        let prelude = rest.get(..open).unwrap_or("");
        let body = rest.get(open + 1..close).unwrap_or("");
        let whole = rest.get(..=close).unwrap_or(rest);
        rest = rest.get(close + 1..).unwrap_or("");
        if prelude.starts_with("@media") || prelude.starts_with("@container") {
            let inner = prune_css(body, absent_classes);
            if !inner.is_empty() {
                out.push_str(prelude);
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
        } else if prelude.starts_with('@')
            || !split_selectors(prelude)
                .iter()
                .all(|sel| absent_classes.iter().any(|c| has_class(sel, c)))
        {
            out.push_str(whole);
        }
    }
    out
}

/// The characters of `text` outside strings, with their byte indices: what the rule scanner may
/// match. Quotes, everything between them, backslashes and what each escapes are skipped.
fn outside_strings(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '"' || c == '\'' {
            quote = Some(c);
        } else {
            return true;
        }
        false
    })
}

/// The byte index of the first `target` outside strings.
fn find_outside_strings(text: &str, target: char) -> Option<usize> {
    outside_strings(text)
        .find(|&(_, c)| c == target)
        .map(|(i, _)| i)
}

/// The byte index of the `}` closing the `{` at `open`, strings skipped.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in outside_strings(text.get(open..)?) {
        if c == '{' {
            depth += 1;
        } else if c == '}' {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(open + i);
            }
        }
    }
    None
}

/// A selector list split at its top-level commas (not inside `(…)`, `[…]` or strings).
fn split_selectors(prelude: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in prelude.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(prelude.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(prelude.get(start..).unwrap_or(""));
    out
}

/// Whether `selector` requires the class `class` (`.class` followed by no name character,
/// outside attribute selectors `[…]`).
fn has_class(selector: &str, class: &str) -> bool {
    // The selector without its attribute selectors (where `.dr` may be text).
    let mut outside = String::with_capacity(selector.len());
    let mut depth = 0u32;
    for c in selector.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let needle = format!(".{class}");
    outside.match_indices(&needle).any(|(i, _)| {
        outside
            .get(i + needle.len()..)
            .and_then(|after| after.chars().next())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
    })
}
