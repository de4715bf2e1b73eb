//! The display attributes every widget reads the same way: `data-lang`, `data-theme` and
//! `data-height`. They belong to the page and never travel in links, so each widget's
//! attribute reader ([`crate::from_attributes`], the calculator's and the drill's) hands them
//! to [`display_attribute`] first and reads only its own keys itself.

use crate::lang::{Lang, Theme};
use crate::problem::Problem;
use crate::state::HEIGHT_RANGE_PX;

/// How a widget is shown: language, colour theme, chart/panel height in CSS px.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Display {
    /// `data-lang` (default Russian).
    pub lang: Lang,
    /// `data-theme` (default `auto`).
    pub theme: Theme,
    /// `data-height` (default: the widget's own).
    pub height_px: Option<u32>,
}

/// Reads one attribute (`key` without `data-`, lower case) into `display` if it is a display
/// attribute; false if it is not (the caller reads it). A bad value keeps the field as it was
/// and adds a problem that names the value and what is used instead.
pub fn display_attribute(
    key: &str,
    value: &str,
    display: &mut Display,
    problems: &mut Vec<Problem>,
) -> bool {
    match key {
        "lang" => match Lang::parse(value) {
            Some(l) => display.lang = l,
            None => problems.push(Problem::new(
                "lang",
                value,
                |v| format!("«{v}» — не ru и не en; используется ru"),
                |v| format!("\"{v}\" is not ru or en; using ru"),
            )),
        },
        "theme" => match Theme::parse(value) {
            Some(t) => display.theme = t,
            None => problems.push(Problem::new(
                "theme",
                value,
                |v| format!("«{v}» — не light, dark или auto; используется auto"),
                |v| format!("\"{v}\" is not light, dark or auto; using auto"),
            )),
        },
        "height" => match value.trim().parse::<u32>() {
            Ok(h) if HEIGHT_RANGE_PX.contains(&h) => display.height_px = Some(h),
            _ => {
                let (lo, hi) = (HEIGHT_RANGE_PX.start(), HEIGHT_RANGE_PX.end());
                problems.push(Problem::new(
                    "height",
                    value,
                    |v| format!("«{v}» — не целое число от {lo} до {hi} px; используется высота по умолчанию"),
                    |v| format!("\"{v}\" is not an integer from {lo} to {hi} px; using the default height"),
                ));
            }
        },
        _ => return false,
    }
    true
}

/// The problem for an unknown `data-*` attribute `name`; `known` lists what the widget reads.
pub(crate) fn unknown_attribute_problem(name: &str, value: &str, known: &str) -> Problem {
    Problem::new(
        name,
        value,
        |v| format!("неизвестный атрибут (значение «{v}»); известные: {known}"),
        |v| format!("unknown attribute (value \"{v}\"); known: {known}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_display_attributes_and_nothing_else() {
        let mut d = Display::default();
        let mut problems = Vec::new();
        assert!(display_attribute("lang", "en", &mut d, &mut problems));
        assert!(display_attribute("theme", "dark", &mut d, &mut problems));
        assert!(display_attribute("height", " 480 ", &mut d, &mut problems));
        assert!(!display_attribute("preset", "x", &mut d, &mut problems));
        assert_eq!(
            d,
            Display {
                lang: Lang::En,
                theme: Theme::Dark,
                height_px: Some(480)
            }
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn a_bad_value_keeps_the_field_and_names_the_value() {
        let mut d = Display::default();
        let mut problems = Vec::new();
        // 239 is one below the range's 240 px floor.
        assert!(display_attribute("height", "239", &mut d, &mut problems));
        assert!(display_attribute("lang", "de", &mut d, &mut problems));
        assert_eq!(d, Display::default());
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["height", "lang"]);
        assert!(problems[0].message_en.contains("\"239\""));
        assert!(problems[1].message_ru.contains("«de»"));
    }
}
