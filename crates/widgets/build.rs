//! Writes `$OUT_DIR/widget.min.css`: `src/widget.css` (the readable stylesheet every widget
//! inserts into its shadow root) without comments and layout whitespace, by the small
//! minifier of `css_min.rs`, and without the rules of the widgets this module does not have
//! (`CARGO_FEATURE_*`: no `.dr …` rules without `dr-drill`, no `.w.scaling…` rules without
//! `scaling-calc`; those classes exist only on those widgets' roots). `lib.rs` includes the
//! result (see ARCHITECTURE.md, "Bundle size").

#[path = "css_min.rs"]
mod css_min;

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=css_min.rs");
    println!("cargo:rerun-if-changed=src/widget.css");
    let source = std::fs::read_to_string("src/widget.css")?;
    let out = std::path::Path::new(&std::env::var("OUT_DIR")?).join("widget.min.css");
    let mut absent = Vec::new();
    if std::env::var_os("CARGO_FEATURE_DR_DRILL").is_none() {
        absent.push("dr");
    }
    if std::env::var_os("CARGO_FEATURE_SCALING_CALC").is_none() {
        absent.push("scaling");
    }
    let minified = css_min::minify_css(&source);
    std::fs::write(out, css_min::prune_css(&minified, &absent))?;
    Ok(())
}
