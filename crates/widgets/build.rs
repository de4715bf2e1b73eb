//! Writes `$OUT_DIR/widget.min.css`: `src/widget.css` (the readable stylesheet every widget
//! inserts into its shadow root) without comments and layout whitespace, by the small
//! minifier of `css_min.rs`. `lib.rs` includes the minified text, so the WebAssembly data
//! segment carries ≈ 20 % fewer bytes of CSS (18.5 → 14.8 KB) (see ARCHITECTURE.md, "Bundle size").

#[path = "css_min.rs"]
mod css_min;

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=css_min.rs");
    println!("cargo:rerun-if-changed=src/widget.css");
    let source = std::fs::read_to_string("src/widget.css")?;
    let out = std::path::Path::new(&std::env::var("OUT_DIR")?).join("widget.min.css");
    std::fs::write(out, css_min::minify_css(&source))?;
    Ok(())
}
