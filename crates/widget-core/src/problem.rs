//! A problem with a value a page author or a link supplied: which key, the bad value (quoted,
//! shortened), what is allowed and what is used instead — in Russian and English.
//!
//! Values are shown as plain text, never as markup: a widget must insert the message as a
//! text node. Whatever came in is shortened to [`MAX_SHOWN_CHARS`] characters (then `…`) and
//! control characters become U+FFFD, so a megabyte attribute gives a one-line message.

use crate::lang::Lang;
use serde::Serialize;

/// Most characters of a bad value a message repeats.
pub const MAX_SHOWN_CHARS: usize = 40;

/// The form of a raw value that problems show: at most [`MAX_SHOWN_CHARS`] characters (then
/// `…`), control characters replaced by U+FFFD.
pub fn shown_value(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .take(MAX_SHOWN_CHARS)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if raw.chars().nth(MAX_SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// One problem found in attributes, a permalink or a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The parameter key (`heartbeat-interval`), `preset`, `lang`, `theme`, `height`, `cursor`,
    /// or the unknown attribute / query key as written (shortened like the value).
    pub key: String,
    /// The bad value as [`shown_value`] shows it.
    pub value: String,
    /// Russian message, e.g. `heartbeat-interval: «-5» вне диапазона от 0 до 3600000 мс;
    /// используется 10000`.
    pub message_ru: String,
    /// English message, e.g. `heartbeat-interval: "-5" is not between 0 and 3600000 ms;
    /// using 10000`.
    pub message_en: String,
}

impl Problem {
    /// Builds a problem; `key` and `raw` are shortened with [`shown_value`]; `ru` and `en`
    /// get the shown value (already quoted by the caller's format) and are prefixed with the key.
    pub(crate) fn new(
        key: &str,
        raw: &str,
        ru: impl FnOnce(&str) -> String,
        en: impl FnOnce(&str) -> String,
    ) -> Problem {
        let value = shown_value(raw);
        let (ru, en) = (ru(&value), en(&value));
        Problem::assemble(shown_value(key), value, &ru, &en)
    }

    /// The part of [`Problem::new`] that does not depend on the closures: one copy in the
    /// WebAssembly bundle instead of one per call site.
    #[inline(never)]
    fn assemble(key: String, value: String, ru: &str, en: &str) -> Problem {
        Problem {
            message_ru: format!("{key}: {ru}"),
            message_en: format!("{key}: {en}"),
            key,
            value,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.message_ru,
            Lang::En => &self.message_en,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_en)
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_control_values_are_shortened() {
        assert_eq!(shown_value("abc"), "abc");
        let long = "x".repeat(1_000_000);
        let shown = shown_value(&long);
        // 40 characters kept, then the ellipsis: 41 characters.
        assert_eq!(shown.chars().count(), MAX_SHOWN_CHARS + 1);
        assert!(shown.ends_with('…'));
        // Exactly 40 characters: nothing cut, no ellipsis.
        assert_eq!(shown_value(&"я".repeat(40)), "я".repeat(40));
        assert_eq!(shown_value("a\nb\u{0}"), "a\u{fffd}b\u{fffd}");
        let p = Problem::new(
            "k",
            "<b>",
            |v| format!("«{v}» плохо"),
            |v| format!("\"{v}\" bad"),
        );
        assert_eq!(p.message(Lang::Ru), "k: «<b>» плохо");
        assert_eq!(p.message(Lang::En), "k: \"<b>\" bad");
        assert_eq!(p.to_string(), "k: \"<b>\" bad");
    }
}
