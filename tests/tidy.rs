//! Tidy: the repository's own conventions, checked like code (after rust-analyzer's tidy
//! test). Every Rust file starts with a `//!` doc; no test hides behaviour behind the
//! ignore or should-panic attributes; the model crates have no web dependencies; the README
//! keeps its two commands and `.ci/run` calls the test command; the shipped presets are
//! exactly the files in the presets folder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == "target" || n == "node_modules")
            {
                continue;
            }
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn all_rust_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    files
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let missing: Vec<_> = all_rust_files()
        .into_iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! doc: {missing:?}"
    );
}

#[test]
fn no_test_is_ignored_or_expected_to_panic() {
    let needles = [concat!("#[", "ignore"), concat!("#[", "should_panic")];
    for f in all_rust_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        for n in needles {
            assert!(!text.contains(n), "{} contains {n}", f.display());
        }
    }
}

#[test]
fn model_crates_have_no_web_dependencies() {
    // The pure crates: models, the widgets' logic and the charts. Only `crates/widgets`
    // touches the DOM.
    for krate in [
        "wal-model",
        "scaling-model",
        "dr-model",
        "widget-core",
        "wal-charts",
        "index-sort",
    ] {
        let toml =
            std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
        for web in [
            "web-sys",
            "wasm-bindgen",
            "js-sys",
            "yew",
            "gloo",
            "plotters-canvas",
        ] {
            assert!(
                !toml.contains(web),
                "{krate} depends on {web}: models stay pure"
            );
        }
    }
}

#[test]
fn readme_keeps_two_setup_commands_and_ci_calls_the_test_command() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("./scripts/run"),
        "README must give the run command"
    );
    assert!(
        readme.contains("./scripts/test"),
        "README must give the test command"
    );
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("scripts/test"),
        ".ci/run must call the README's test command"
    );
    assert!(root().join("ARCHITECTURE.md").exists());
}

#[test]
fn shipped_presets_are_exactly_the_preset_files() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("crates/wal-model/presets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut shipped: Vec<String> = wal_model::presets::PRESETS
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    shipped.sort();
    assert_eq!(
        files, shipped,
        "every preset file must be listed in presets.rs and vice versa"
    );
}

#[test]
fn no_todo_without_a_note() {
    for f in all_rust_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let bare = line.contains(concat!("TO", "DO")) && !line.contains(concat!("TO", "DO("));
            assert!(
                !bare,
                "{}:{} has a TODO without a note: write TODO(what is left)",
                f.display(),
                i + 1
            );
        }
    }
}
