//! Static checks of the lessons' shell and JSON: a small shell tokenizer that finds every
//! `curl` command (method, URL path, body), the Kafka Connect REST endpoint table and the
//! connector-configuration allow-list (both data files in `crates/pg-check/data/`), and the
//! shape of each request body.

use serde_json::{Map, Value};

/// A shell word (quotes removed, `$VAR` kept as text) or an operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Word(String),
    /// `|`, `;`, `&&`, `||`, `&`, `(`, `)`, newline, `<`, `>`.
    Op(String),
}

/// Splits shell text into words and operators (enough for the lessons: quotes, `\`-newline
/// continuations, comments, pipes, lists, subshells and redirections).
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    let flush = |toks: &mut Vec<Tok>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            toks.push(Tok::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                } else if let Some(n) = chars.next() {
                    word.push(n);
                    in_word = true;
                }
            }
            '\'' => {
                in_word = true;
                for n in chars.by_ref() {
                    if n == '\'' {
                        break;
                    }
                    word.push(n);
                }
            }
            '"' => {
                in_word = true;
                let mut depth = 0usize; // inside $( ... ) within the quotes
                while let Some(n) = chars.next() {
                    match n {
                        '\\' => {
                            if let Some(m) = chars.next() {
                                if m != '\n' {
                                    word.push(m);
                                }
                            }
                        }
                        '$' if chars.peek() == Some(&'(') => {
                            word.push('$');
                            word.push('(');
                            chars.next();
                            depth += 1;
                        }
                        ')' if depth > 0 => {
                            depth -= 1;
                            word.push(')');
                        }
                        '"' if depth == 0 => break,
                        _ => word.push(n),
                    }
                }
            }
            '#' if !in_word => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        toks.push(Tok::Op("\n".into()));
                        break;
                    }
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                // A command substitution outside quotes: keep it as text of the word.
                in_word = true;
                word.push('$');
                let mut depth = 0usize;
                for n in chars.by_ref() {
                    word.push(n);
                    if n == '(' {
                        depth += 1;
                    } else if n == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
            }
            ' ' | '\t' => flush(&mut toks, &mut word, &mut in_word),
            '\n' | ';' | '(' | ')' | '<' | '>' => {
                flush(&mut toks, &mut word, &mut in_word);
                toks.push(Tok::Op(c.to_string()));
            }
            '|' | '&' => {
                flush(&mut toks, &mut word, &mut in_word);
                if chars.peek() == Some(&c) {
                    chars.next();
                    toks.push(Tok::Op(format!("{c}{c}")));
                } else {
                    toks.push(Tok::Op(c.to_string()));
                }
            }
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    flush(&mut toks, &mut word, &mut in_word);
    toks
}

/// Simple commands: the words between operators.
pub fn commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut redirect = false;
    for t in tokenize(text) {
        match t {
            Tok::Word(w) => {
                if redirect {
                    redirect = false; // the redirection's target is not an argument
                } else {
                    cur.push(w);
                }
            }
            Tok::Op(op) if op == ">" || op == "<" => redirect = true,
            Tok::Op(_) => {
                redirect = false;
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Values of `for VAR in w1 w2 ...; do` loops in the text: (VAR, words).
pub fn for_loops(text: &str) -> Vec<(String, Vec<String>)> {
    commands(text)
        .into_iter()
        .filter_map(|c| match c.as_slice() {
            [f, var, kw, rest @ ..] if f == "for" && kw == "in" => {
                Some((var.clone(), rest.to_vec()))
            }
            _ => None,
        })
        .collect()
}

/// Where a request body comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Inline(String),
    /// `@file` with a literal or loop-expanded name.
    File(String),
    /// `@-` (the pipeline) or a file named by a variable the lesson sets at run time.
    Runtime(String),
}

/// One `curl` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curl {
    pub method: String,
    pub url: String,
    pub path: String,
    pub body: Option<Body>,
}

const TAKES_ARG: &[&str] = &[
    "-X",
    "--request",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "-H",
    "--header",
    "-o",
    "--output",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-w",
    "--write-out",
    "-u",
    "--user",
];
const NO_ARG: &[&str] = &[
    "--fail",
    "--silent",
    "--show-error",
    "--location",
    "--compressed",
    "--include",
    "--verbose",
];

/// Parses the arguments after `curl`. `loops` expands `${c}` / `$c` in `@file` names.
pub fn parse_curl(args: &[String], loops: &[(String, Vec<String>)]) -> Result<Vec<Curl>, String> {
    let mut method = None;
    let mut data = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let next = || {
            args.get(i + 1)
                .cloned()
                .ok_or_else(|| format!("curl option {a} without its value"))
        };
        if a.starts_with("--") {
            if TAKES_ARG.contains(&a.as_str()) {
                let v = next()?;
                match a.as_str() {
                    "--request" => method = Some(v),
                    "--data" | "--data-raw" | "--data-binary" => data = Some(v),
                    _ => {}
                }
                i += 2;
                continue;
            }
            if NO_ARG.contains(&a.as_str()) {
                i += 1;
                continue;
            }
            return Err(format!("unknown curl option {a}"));
        }
        if let Some(flags) = a.strip_prefix('-') {
            // A cluster of short flags; the last may take a value (attached or next word).
            let mut consumed_next = false;
            for (k, f) in flags.char_indices() {
                let opt = format!("-{f}");
                if TAKES_ARG.contains(&opt.as_str()) {
                    let attached = &flags[k + f.len_utf8()..];
                    let v = if attached.is_empty() {
                        consumed_next = true;
                        next()?
                    } else {
                        attached.to_string()
                    };
                    match f {
                        'X' => method = Some(v),
                        'd' => data = Some(v),
                        _ => {}
                    }
                    break;
                }
                if !"fsSLivk".contains(f) {
                    return Err(format!("unknown curl option -{f} in {a}"));
                }
            }
            i += if consumed_next { 2 } else { 1 };
            continue;
        }
        if url.replace(a.clone()).is_some() {
            return Err(format!("two URLs in one curl command: {args:?}"));
        }
        i += 1;
    }
    let url = url.ok_or_else(|| format!("curl without a URL: {args:?}"))?;
    let method = method.unwrap_or_else(|| if data.is_some() { "POST" } else { "GET" }.into());
    let path = url_path(&url)?;
    let bodies = match data {
        None => vec![None],
        Some(d) => match d.strip_prefix('@') {
            None => vec![Some(Body::Inline(d))],
            Some("-") => vec![Some(Body::Runtime("@- (the pipeline's output)".into()))],
            Some(file) => expand(file, loops)
                .into_iter()
                .map(|f| {
                    Some(if f.contains('$') {
                        Body::Runtime(format!("@{f}"))
                    } else {
                        Body::File(f)
                    })
                })
                .collect(),
        },
    };
    Ok(bodies
        .into_iter()
        .map(|body| Curl {
            method: method.clone(),
            url: url.clone(),
            path: path.clone(),
            body,
        })
        .collect())
}

/// `${c}.json` with `for c in a b` → `a.json`, `b.json`.
fn expand(text: &str, loops: &[(String, Vec<String>)]) -> Vec<String> {
    for (var, values) in loops {
        for pat in [format!("${{{var}}}"), format!("${var}")] {
            if text.contains(&pat) {
                return values.iter().map(|v| text.replace(&pat, v)).collect();
            }
        }
    }
    vec![text.to_string()]
}

/// The path of a URL: scheme and host (or a leading `$VAR` / `${VAR}` standing for them)
/// and the query string removed.
pub fn url_path(url: &str) -> Result<String, String> {
    let rest = if let Some(r) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    {
        r.find('/').map_or("/", |i| &r[i..])
    } else if let Some(r) = url.strip_prefix('$') {
        let r = if let Some(r) = r.strip_prefix('{') {
            r.split_once('}').map(|(_, r)| r).unwrap_or("")
        } else {
            r.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
        };
        if r.is_empty() {
            "/"
        } else {
            r
        }
    } else {
        return Err(format!("not an http URL: {url}"));
    };
    Ok(rest.split('?').next().unwrap_or("/").to_string())
}

/// One row of `connect-rest-endpoints.tsv`.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    pub since: String,
}

/// Reads a tab-separated data file: non-comment, non-empty lines split on tabs.
pub fn read_tsv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

pub fn endpoints(text: &str) -> Vec<Endpoint> {
    read_tsv(text)
        .into_iter()
        .map(|r| Endpoint {
            method: r[0].clone(),
            path: r[1].clone(),
            since: r[2].clone(),
        })
        .collect()
}

/// The endpoint `method path` calls, if any.
pub fn route<'a>(table: &'a [Endpoint], method: &str, path: &str) -> Option<&'a Endpoint> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    table.iter().find(|e| {
        let pat: Vec<&str> = e.path.trim_end_matches('/').split('/').collect();
        e.method == method
            && pat.len() == segs.len()
            && pat
                .iter()
                .zip(&segs)
                .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
    })
}

/// The allow-list: exact keys and `prefix.*` families.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    pub exact: Vec<String>,
    pub prefixes: Vec<String>,
}

impl AllowList {
    pub fn new(base: &[&str], data: &str) -> AllowList {
        let mut a = AllowList {
            exact: base.iter().map(|s| s.to_string()).collect(),
            prefixes: Vec::new(),
        };
        for row in read_tsv(data) {
            match row[0].strip_suffix('*') {
                Some(p) => a.prefixes.push(p.to_string()),
                None => a.exact.push(row[0].clone()),
            }
        }
        a
    }

    pub fn allows(&self, key: &str) -> bool {
        self.exact.iter().any(|k| k == key) || self.prefixes.iter().any(|p| key.starts_with(p))
    }
}

/// Problems of a flat connector configuration: every value a string, every key allowed.
pub fn config_problems(config: &Map<String, Value>, allow: &AllowList) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in config {
        if !v.is_string() {
            out.push(format!("\"{k}\" is {v}, not a string"));
        }
        if !allow.allows(k) {
            out.push(format!(
                "\"{k}\" is not a Debezium PostgreSQL or Kafka Connect connector key"
            ));
        }
    }
    out
}

/// Problems of a request body for `endpoint` (its path pattern).
pub fn body_problems(endpoint: &Endpoint, body: &Value, allow: &AllowList) -> Vec<String> {
    let Some(obj) = body.as_object() else {
        return vec!["the body is not a JSON object".into()];
    };
    match (endpoint.method.as_str(), endpoint.path.as_str()) {
        ("POST", "/connectors") => {
            let mut out = Vec::new();
            if !obj.get("name").is_some_and(Value::is_string) {
                out.push("POST /connectors needs a string \"name\"".into());
            }
            match obj.get("config").and_then(Value::as_object) {
                Some(c) => out.extend(config_problems(c, allow)),
                None => out.push("POST /connectors needs a \"config\" object".into()),
            }
            for k in obj.keys() {
                // initial_state: KIP-980 (Kafka 3.7): RUNNING, PAUSED or STOPPED.
                let ok = k == "name"
                    || k == "config"
                    || (k == "initial_state"
                        && matches!(obj[k].as_str(), Some("RUNNING" | "PAUSED" | "STOPPED")));
                if !ok {
                    out.push(format!("unexpected field \"{k}\" in POST /connectors"));
                }
            }
            out
        }
        ("PUT", "/connectors/{name}/config")
        | ("PUT", "/connector-plugins/{plugin}/config/validate") => config_problems(obj, allow),
        ("PATCH", "/connectors/{name}/offsets") => {
            let Some(list) = obj.get("offsets").and_then(Value::as_array) else {
                return vec!["PATCH offsets needs {\"offsets\": [...]}".into()];
            };
            let mut out = Vec::new();
            if obj.len() != 1 {
                out.push("PATCH offsets takes only \"offsets\"".into());
            }
            for (i, e) in list.iter().enumerate() {
                let ok = e.as_object().is_some_and(|e| {
                    e.len() == 2
                        && e.get("partition").is_some_and(Value::is_object)
                        && e.get("offset")
                            .is_some_and(|o| o.is_object() || o.is_null())
                });
                if !ok {
                    out.push(format!(
                        "offsets[{i}] is not {{\"partition\": {{..}}, \"offset\": {{..}} or null}}"
                    ));
                }
            }
            out
        }
        (m, p) => vec![format!("{m} {p} takes no request body")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_handles_quotes_continuations_pipes_and_loops() {
        let text = "for c in a b; do\n  curl -s -X POST -H \"Content-Type: application/json\" \\\n    --data @\"${c}.json\" http://localhost:8083/connectors # note\ndone\ncurl -fsS \"$U/connectors/$n/offsets?x=1\" | jq '.a | length' > out.txt\n";
        let cmds = commands(text);
        let curls: Vec<_> = cmds.iter().filter(|c| c[0] == "curl").collect();
        assert_eq!(curls.len(), 2);
        let loops = for_loops(text);
        assert_eq!(
            loops,
            vec![("c".to_string(), vec!["a".to_string(), "b".to_string()])]
        );
        let first = parse_curl(&curls[0][1..], &loops).unwrap();
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].method, "POST");
        assert_eq!(first[0].path, "/connectors");
        assert_eq!(first[1].body, Some(Body::File("b.json".into())));
        let second = parse_curl(&curls[1][1..], &loops).unwrap();
        assert_eq!(second[0].method, "GET");
        assert_eq!(second[0].path, "/connectors/$n/offsets");
        assert!(cmds.iter().any(|c| c == &["jq", ".a | length"]));
        assert!(parse_curl(&["--frobnicate".into(), "http://x/".into()], &[]).is_err());
        let d = parse_curl(
            &["-d".into(), "{}".into(), "http://h:1/connectors".into()],
            &[],
        )
        .unwrap();
        assert_eq!(d[0].method, "POST", "curl -d without -X posts");
    }

    #[test]
    fn routes_and_bodies_are_checked() {
        let table = endpoints("GET\t/connectors/{name}/status\t0.10\tK\nPATCH\t/connectors/{name}/offsets\t3.6\tK\nPOST\t/connectors\t0.10\tK\n");
        assert!(route(&table, "GET", "/connectors/x/status").is_some());
        assert!(route(&table, "POST", "/connectors/x/status").is_none());
        assert!(route(&table, "GET", "/connectors/x/statuses").is_none());
        let allow = AllowList::new(&["connector.class"], "transforms.*\tCC\n");
        let patch = route(&table, "PATCH", "/connectors/c/offsets").unwrap();
        let good: Value = serde_json::from_str(
            r#"{"offsets":[{"partition":{"server":"x"},"offset":{"lsn":1}}]}"#,
        )
        .unwrap();
        assert!(body_problems(patch, &good, &allow).is_empty());
        let bad: Value =
            serde_json::from_str(r#"{"offsets":[{"partition":{"server":"x"}}]}"#).unwrap();
        assert_eq!(body_problems(patch, &bad, &allow).len(), 1);
        let post = route(&table, "POST", "/connectors").unwrap();
        let body: Value = serde_json::from_str(r#"{"name":"n","config":{"connector.class":"x","transforms.a.type":"y","tasks.maximum":"1","slot.name":2}}"#).unwrap();
        let p = body_problems(post, &body, &allow);
        assert_eq!(p.len(), 3, "{p:?}");
    }
}
