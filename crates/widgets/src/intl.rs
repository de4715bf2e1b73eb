//! The browser's `Intl.NumberFormat` and `Intl.PluralRules` behind widget-core's
//! [`NumberFormat`] seam: decimal commas, thousands separators and Russian plurals come from
//! the browser, not from hand-written rules (the native `PlainFormat` is for tests and the CLI).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;
use widget_core::{Lang, NumberFormat, PluralCategory};

/// Formatters for one language, built once per widget (constructing `Intl` objects is slow).
/// Cloning shares them; two values are equal when they are the same formatters (a pointer
/// check, so child components can take one as a property).
#[derive(Clone)]
pub struct IntlFormat(Rc<Formatters>);

impl PartialEq for IntlFormat {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What [`IntlFormat`] shares.
struct Formatters {
    lang: Lang,
    /// `format` functions for 0, 1 and 2 fraction digits.
    decimals: [Function; 3],
    plurals: Intl::PluralRules,
    /// The last texts `decimal` made, by (value bits, fraction digits): a render formats the
    /// same few dozen numbers again and again (every parameter row, the slot row, the ETAs),
    /// and a look-up here is far cheaper than a call into `Intl` and a string back.
    recent: RefCell<RecentTexts>,
}

/// How many formatted numbers [`RecentTexts`] keeps (more than one render formats).
const RECENT_TEXTS: usize = 192;

/// A small ring of formatted numbers, searched linearly, oldest overwritten first.
#[derive(Default)]
struct RecentTexts {
    entries: Vec<((u64, u8), String)>,
    next: usize,
}

impl RecentTexts {
    fn get(&self, key: (u64, u8)) -> Option<String> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, text)| text.clone())
    }

    fn put(&mut self, key: (u64, u8), text: String) {
        if self.entries.len() < RECENT_TEXTS {
            self.entries.push((key, text));
        } else if let Some(slot) = self.entries.get_mut(self.next) {
            *slot = (key, text);
        }
        self.next = (self.next + 1) % RECENT_TEXTS;
    }
}

fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "ru-RU",
        Lang::En => "en-US",
    }
}

fn number_format(lang: Lang, max_fraction_digits: u8) -> Function {
    let locales = Array::of1(&JsValue::from_str(locale(lang)));
    let options = Object::new();
    // Reflect::set on a fresh plain object cannot fail; ignoring keeps the view code simple.
    let _ = Reflect::set(
        &options,
        &"maximumFractionDigits".into(),
        &f64::from(max_fraction_digits).into(),
    );
    Intl::NumberFormat::new(&locales, &options).format()
}

impl IntlFormat {
    /// Formatters for a language.
    pub fn new(lang: Lang) -> Self {
        let locales = Array::of1(&JsValue::from_str(locale(lang)));
        Self(Rc::new(Formatters {
            lang,
            decimals: [
                number_format(lang, 0),
                number_format(lang, 1),
                number_format(lang, 2),
            ],
            plurals: Intl::PluralRules::new(&locales, &Object::new()),
            recent: RefCell::default(),
        }))
    }
}

impl NumberFormat for IntlFormat {
    fn decimal(&self, value: f64, max_fraction_digits: u8) -> String {
        let key = (value.to_bits(), max_fraction_digits.min(2));
        if let Some(text) = self.0.recent.borrow().get(key) {
            return text;
        }
        let f = match max_fraction_digits {
            0 => &self.0.decimals[0],
            1 => &self.0.decimals[1],
            _ => &self.0.decimals[2],
        };
        let text = f
            .call1(&JsValue::NULL, &JsValue::from_f64(value))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| wal_model::decimal::shortest(value));
        self.0.recent.borrow_mut().put(key, text.clone());
        text
    }

    fn plural(&self, value: f64) -> PluralCategory {
        match String::from(self.0.plurals.select(value)).as_str() {
            "one" => PluralCategory::One,
            "few" => PluralCategory::Few,
            "many" => PluralCategory::Many,
            _ => PluralCategory::Other,
        }
    }

    fn lang(&self) -> Lang {
        self.0.lang
    }
}
