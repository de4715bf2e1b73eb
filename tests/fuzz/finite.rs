//! Finds NaN and infinity anywhere in a `Serialize` value (included by the fuzz tests with
//! `#[path]`). `serde_json` would write a non-finite float as `null`, hiding it, so this is a
//! serializer of its own that walks every field and stops at the first non-finite `f32`/`f64`,
//! naming its path (`stages[2].capacity_events_per_s`).

#![allow(dead_code)]

use serde::ser::{self, Serialize};
use std::fmt;

/// `Err(path and value)` for the first non-finite float in `value`.
pub fn check_finite<T: Serialize + ?Sized>(value: &T) -> Result<(), String> {
    let mut walker = Walker { path: Vec::new() };
    value.serialize(&mut walker).map_err(|e| e.0)
}

/// The walk's error: the path and the value found there.
#[derive(Debug)]
pub struct Found(pub String);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Found(msg.to_string())
    }
}

/// One step of the path (kept cheap: the text is built only for an error).
enum Step {
    Field(&'static str),
    Index(usize),
    Key,
    Variant(&'static str),
}

struct Walker {
    path: Vec<Step>,
}

impl Walker {
    fn float(&mut self, v: f64) -> Result<(), Found> {
        if v.is_finite() {
            Ok(())
        } else {
            let path: String = self
                .path
                .iter()
                .map(|s| match s {
                    Step::Field(k) => format!(".{k}"),
                    Step::Index(i) => format!("[{i}]"),
                    Step::Key => "{key}".to_string(),
                    Step::Variant(v) => format!("::{v}"),
                })
                .collect();
            Err(Found(format!("{v} at {path}")))
        }
    }

    fn nested<T: Serialize + ?Sized>(&mut self, step: Step, value: &T) -> Result<(), Found> {
        self.path.push(step);
        let r = value.serialize(&mut *self);
        self.path.pop();
        r
    }
}

/// Every compound serializer: fields and elements are walked with their path step.
struct Compound<'a> {
    walker: &'a mut Walker,
    index: usize,
}

/// `fn serialize_*(self, _: T) -> Result<(), Found> { Ok(()) }` for every value that holds
/// no float.
macro_rules! ignore_scalars {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), Found> {
            Ok(())
        })*
    };
}

/// The compound serializer constructors: each starts a `Compound` at index 0, whatever the
/// arguments (names, lengths, variant indices).
macro_rules! start_compounds {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Compound<'a>, Found> {
            Ok(Compound {
                walker: self,
                index: 0,
            })
        })*
    };
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ignore_scalars!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_char: char,
        serialize_str: &str,
        serialize_bytes: &[u8],
        serialize_unit_struct: &'static str,
    );
    fn serialize_f32(self, v: f32) -> Result<(), Found> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Found> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        self.nested(Step::Variant(variant), value)
    }
    start_compounds!(
        serialize_seq(Option<usize>),
        serialize_tuple(usize),
        serialize_tuple_struct(&'static str, usize),
        serialize_tuple_variant(&'static str, u32, &'static str, usize),
        serialize_map(Option<usize>),
        serialize_struct(&'static str, usize),
        serialize_struct_variant(&'static str, u32, &'static str, usize),
    );
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        let step = Step::Index(self.index);
        self.index += 1;
        self.walker.nested(step, value)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Found> {
        self.walker.nested(Step::Field(key), value)
    }
}

/// A compound serializer whose items are elements (`$method(value)`, walked as `[index]`).
macro_rules! element_compound {
    ($($trait:ident::$method:ident),* $(,)?) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Found;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
                self.element(value)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        })*
    };
}

/// A compound serializer whose items are named fields (walked as `.name`).
macro_rules! field_compound {
    ($($trait:ident),* $(,)?) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Found;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Found> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        })*
    };
}

element_compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);
field_compound!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Found> {
        // Keys are walked too (a float key would be odd, but not hidden).
        self.walker.nested(Step::Key, key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.element(value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

#[cfg(test)]
mod walker_tests {
    use super::check_finite;

    #[test]
    fn the_first_non_finite_float_is_found_with_its_path() {
        // Element 1 of the sequence, then field 1 of that pair: `[1][1]`.
        let pairs = vec![(1u32, 2.0f64), (3, f64::INFINITY), (4, f64::NAN)];
        assert_eq!(check_finite(&pairs), Err("inf at [1][1]".to_string()));
        assert_eq!(check_finite(&Some(vec![1.0f32, -0.0])), Ok(()));
    }
}
