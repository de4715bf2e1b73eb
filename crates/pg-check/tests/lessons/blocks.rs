//! Fenced code blocks of a Markdown / MDX file, in file order.
//!
//! A fence is a line starting (after at most three spaces) with three or more backticks; the
//! word after them is the language. The block ends at the next line that is only backticks
//! (at least as many). Indentation of the opening fence is removed from the body lines, so a
//! block inside a list item reads as written.

use std::path::{Path, PathBuf};

/// One fenced block.
#[derive(Debug, Clone)]
pub struct Block {
    /// The language word (`sql`, `bash`, `json`, …), empty if none.
    pub lang: String,
    /// 1-based line of the opening fence in the file.
    pub fence_line: usize,
    /// The body, lines joined with `\n`, ending with `\n`.
    pub body: String,
    /// The prose between the previous block (or the start) and this fence.
    pub prose_before: String,
}

impl Block {
    /// The file line of the body's line `n` (1-based).
    pub fn file_line(&self, n: usize) -> usize {
        self.fence_line + n
    }

    /// `Some(reason)` if the first line is `-- skip-check: reason`.
    pub fn skip_reason(&self) -> Option<String> {
        directive(&self.body, "skip-check")
    }

    /// The database named by a `-- database: NAME` line at the top, else `default`.
    pub fn database<'a>(&'a self, default: &'a str) -> String {
        directive(&self.body, "database").unwrap_or_else(|| default.to_string())
    }
}

/// `-- NAME: value` among the leading comment lines of a SQL block.
fn directive(body: &str, name: &str) -> Option<String> {
    for line in body.lines() {
        let line = line.trim();
        let comment = line.strip_prefix("--")?;
        if let Some(rest) = comment.trim().strip_prefix(name) {
            if let Some(value) = rest.strip_prefix(':') {
                return Some(value.trim().to_string());
            }
        }
    }
    None
}

/// Every fenced block of `text`.
pub fn extract(text: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut prose = String::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        if indent > 3 || ticks < 3 {
            prose.push_str(line);
            prose.push('\n');
            continue;
        }
        let lang = rest[ticks..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            let t = inner.trim();
            if t.len() >= ticks && t.chars().all(|c| c == '`') {
                closed = true;
                break;
            }
            let strip = inner.len() - inner.trim_start_matches(' ').len();
            body.push_str(&inner[strip.min(indent)..]);
            body.push('\n');
        }
        if !closed {
            return Err(format!("line {}: the ``` fence is never closed", i + 1));
        }
        blocks.push(Block {
            lang,
            fence_line: i + 1,
            body,
            prose_before: std::mem::take(&mut prose),
        });
    }
    Ok(blocks)
}

/// The workspace root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The lesson files: `www/course/src/content/course/*/*.mdx`, sorted.
pub fn lesson_files() -> Vec<PathBuf> {
    let course = repo_root().join("www/course/src/content/course");
    let mut files = Vec::new();
    for module in std::fs::read_dir(&course)
        .expect("the course folder")
        .flatten()
    {
        if module.path().is_dir() {
            for f in std::fs::read_dir(module.path())
                .expect("a module")
                .flatten()
            {
                if f.path().extension().is_some_and(|e| e == "mdx") {
                    files.push(f.path());
                }
            }
        }
    }
    files.sort();
    files
}

/// `module/lesson.mdx` for messages.
pub fn short_name(path: &Path) -> String {
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{parent}/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_in_order_with_lines_and_directives() {
        let text = "intro\n```sql\n-- skip-check: причина\nSELECT 1;\n```\ntext\n\n   ```bash\n   echo hi\n   ```\n```json\n{}\n```\n";
        let b = extract(text).unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].lang, "sql");
        assert_eq!(b[0].fence_line, 2);
        assert_eq!(b[0].skip_reason().as_deref(), Some("причина"));
        assert_eq!(b[0].file_line(2), 4);
        assert_eq!(b[1].body, "echo hi\n");
        assert_eq!(b[1].prose_before, "text\n\n");
        assert_eq!(b[2].lang, "json");
        let db = Block {
            body: "-- database: analytics\nSELECT 1;\n".into(),
            ..b[0].clone()
        };
        assert_eq!(db.database("inventory"), "analytics");
        assert_eq!(db.skip_reason(), None);
        assert!(extract("```sql\nSELECT 1;\n").is_err());
    }
}
