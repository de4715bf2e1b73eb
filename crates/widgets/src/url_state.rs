//! The page URL as widget state: reading the query string and building a permalink (writing
//! a widget's namespaced keys back into the address bar, on pages that opt in with
//! `<body data-cdc-url-state>` like the playground, is the loader's job: it debounces it). Keys are `<element id>.<param>`, so two widgets never clash, and the
//! `#hash` stays free for the page's table-of-contents anchors. Encoding is the browser's
//! `URLSearchParams`; what the pairs mean is widget-core's business.

use web_sys::UrlSearchParams;

/// The page's query string as (key, value) pairs, decoded.
pub fn page_query() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    decode(&search)
}

/// Decodes `a=1&b=2` (a leading `?` is allowed) into pairs.
pub fn decode(query: &str) -> Vec<(String, String)> {
    let Ok(params) = UrlSearchParams::new_with_str(query) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    // `entries()` is an iterator of [key, value] arrays.
    if let Ok(Some(iter)) = js_sys::try_iter(&params) {
        for entry in iter.flatten() {
            let entry = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// Encodes pairs as a query string without the leading `?`.
pub fn encode(pairs: &[(String, String)]) -> String {
    let Ok(params) = UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in pairs {
        params.append(k, v);
    }
    String::from(params.to_string())
}

/// The page's query with this widget's keys (`<id>.`) replaced by `pairs`.
fn merged_query(id: &str, pairs: &[(String, String)]) -> String {
    let prefix = format!("{id}.");
    let mut all: Vec<(String, String)> = page_query()
        .into_iter()
        .filter(|(k, _)| !k.starts_with(&prefix))
        .collect();
    all.extend(pairs.iter().cloned());
    encode(&all)
}

/// A link to this page that restores the widget's state (other widgets' keys kept).
pub fn permalink(id: &str, pairs: &[(String, String)]) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let query = merged_query(id, pairs);
    if query.is_empty() {
        format!("{origin}{path}{hash}")
    } else {
        format!("{origin}{path}?{query}{hash}")
    }
}
