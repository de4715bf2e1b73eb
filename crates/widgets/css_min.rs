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
