//! Bilingual strings shown to students (Russian first, English second).
//!
//! The model produces every student-facing sentence in both languages so the widget and the
//! CLI can pick one without the model knowing about the UI. Identifiers and config keys stay
//! in English in both.

use serde::{Deserialize, Serialize};

/// A sentence in Russian and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Russian (the lesson's language).
    pub ru: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Builds a text from its two translations.
    pub fn new(ru: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ru: ru.into(),
            en: en.into(),
        }
    }

    /// The translation for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// Language of the student-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Russian (default: the course is Russian-first).
    #[default]
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Parses `ru` or `en`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ru" => Some(Self::Ru),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// Formats a rate or count for text output: integers without decimals, thousands separated
/// by a thin space-free comma-less form (`12 345`), other values with one decimal.
pub fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let rounded = x.round();
    if (x - rounded).abs() < 0.05 || x.abs() >= 100.0 {
        group_thousands(rounded)
    } else {
        crate::decimal::fixed(x, 1)
    }
}

fn group_thousands(x: f64) -> String {
    let neg = x < 0.0;
    let digits = if x.abs() < 1e18 {
        // Integer formatting is much cheaper than float formatting of large values.
        (x.abs() as u64).to_string()
    } else {
        crate::decimal::fixed(x.abs(), 0)
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(fmt_num(7000.0), "7 000");
        assert_eq!(fmt_num(1234567.4), "1 234 567");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(f64::NAN), "—");
    }
}
