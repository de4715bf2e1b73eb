//! Cross-crate tests of cdc-lab live in `tests/*.rs`; this library is empty.
