//! The registry of widgets: one list the playground, the custom-element loader and the
//! browser smoke test all read, so a new widget is tested the moment it is listed.

use crate::lang::Lang;

/// A custom element this project ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WidgetInfo {
    /// The custom element's tag (`cdc-wal-sim`).
    pub tag: &'static str,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
}

impl WidgetInfo {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ru, self.title_en)
    }
}

/// Every widget, in lesson order.
pub static WIDGETS: &[WidgetInfo] = &[
    WidgetInfo {
        tag: "cdc-wal-sim",
        title_ru: "Симулятор WAL и слотов репликации",
        title_en: "WAL and replication slot simulator",
    },
    WidgetInfo {
        tag: "cdc-scaling-calc",
        title_ru: "Калькулятор масштабирования коннекторов",
        title_en: "Connector scaling calculator",
    },
    WidgetInfo {
        tag: "cdc-dr-drill",
        title_ru: "Учения по аварийному восстановлению",
        title_en: "Disaster-recovery drill",
    },
];

/// Looks a widget up by tag.
pub fn widget(tag: &str) -> Option<&'static WidgetInfo> {
    WIDGETS.iter().find(|w| w.tag == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_valid_custom_element_names() {
        // A custom element name starts with a lowercase ASCII letter and contains a hyphen.
        for w in WIDGETS {
            assert!(
                w.tag.starts_with(|c: char| c.is_ascii_lowercase()),
                "{}",
                w.tag
            );
            assert!(w.tag.contains('-'), "{}", w.tag);
            assert!(!w.title_ru.is_empty() && !w.title_en.is_empty());
        }
        assert_eq!(
            widget("cdc-wal-sim").map(|w| w.title(Lang::En)),
            Some("WAL and replication slot simulator")
        );
        assert!(widget("cdc-nope").is_none());
    }
}
