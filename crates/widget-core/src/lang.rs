//! The widget's language and colour theme, as written in `data-lang` / `data-theme`.

use serde::Serialize;

/// The course's two languages. Russian is the default (the course is Russian-first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Russian.
    #[default]
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Every language, in display order.
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    /// Parses `ru` / `en`, case-insensitively, ignoring a region subtag (`ru-RU`, `en_GB`),
    /// as `<html lang>` and `data-lang` are written.
    pub fn parse(text: &str) -> Option<Lang> {
        let text = text.trim();
        let primary = text.split(['-', '_']).next().unwrap_or(text);
        if primary.eq_ignore_ascii_case("ru") {
            Some(Lang::Ru)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `ru` or `en` (also the BCP 47 tag the browser's `Intl` gets).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Picks the Russian or the English text.
    pub fn pick<T>(self, ru: T, en: T) -> T {
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
    }
}

/// Colour theme: fixed light or dark, or follow the page (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follow the page / the operating system.
    #[default]
    Auto,
}

impl Theme {
    /// Every theme, in display order.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// Parses `light` / `dark` / `auto`, case-insensitively.
    pub fn parse(text: &str) -> Option<Theme> {
        let text = text.trim();
        Theme::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(text))
    }

    /// `light`, `dark` or `auto`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_with_regions_and_case() {
        assert_eq!(Lang::parse("ru"), Some(Lang::Ru));
        assert_eq!(Lang::parse("RU-ru"), Some(Lang::Ru));
        assert_eq!(Lang::parse(" en_GB "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::parse("russian"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.as_str()), Some(l));
        }
        assert_eq!(Lang::default(), Lang::Ru);
    }

    #[test]
    fn themes_parse() {
        assert_eq!(Theme::parse("Dark"), Some(Theme::Dark));
        assert_eq!(Theme::parse("system"), None);
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), Some(t));
        }
        assert_eq!(Theme::default(), Theme::Auto);
    }
}
