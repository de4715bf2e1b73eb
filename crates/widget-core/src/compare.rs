//! A/B comparison, shared by both widgets: the parameters that differ between the pinned
//! state A and the current state B, as `label: A → B` lines in the parameter's own unit, and
//! the outcome row type each widget fills with its own results.

use crate::fmt::NumberFormat;
use crate::params::{ParamSpec, ParamValue};
use crate::text::format_param_value;

/// `label: a → b` for every parameter of `specs` (in table order) whose value differs.
pub fn param_diffs(
    specs: &[ParamSpec],
    a: impl Fn(&str) -> Option<ParamValue>,
    b: impl Fn(&str) -> Option<ParamValue>,
    nf: &dyn NumberFormat,
) -> Vec<String> {
    let lang = nf.lang();
    specs
        .iter()
        .filter_map(|spec| {
            let (va, vb) = (a(spec.key)?, b(spec.key)?);
            (va != vb).then(|| {
                format!(
                    "{}: {} → {}",
                    spec.label(lang),
                    format_param_value(spec, va, nf),
                    format_param_value(spec, vb, nf)
                )
            })
        })
        .collect()
}

/// One outcome of A and B, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    /// What is compared.
    pub name: String,
    /// A's value.
    pub a: String,
    /// B's value.
    pub b: String,
}

impl OutcomeRow {
    /// A row from a name and the two values.
    pub fn new(name: &str, a: String, b: String) -> OutcomeRow {
        OutcomeRow {
            name: name.to_owned(),
            a,
            b,
        }
    }

    /// Whether A and B differ (the row is highlighted).
    pub fn changed(&self) -> bool {
        self.a != self.b
    }
}
