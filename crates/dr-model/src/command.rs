//! The drill's terminal: one command line → a typed [`Command`] ([`parse`]), run against a
//! [`World`] ([`execute`] / [`run`]) and printed as the real tool prints it ([`render`]).
//!
//! ## Grammar (restricted but realistic)
//!
//! A line is at most [`MAX_LINE`] bytes. Shell words follow bash quoting: `'…'`, `"…"` (with
//! `\"`, `\\`, `\$`), `\` escapes and `\`-newline continuations; `#` starts a comment.
//!
//! * **curl**: `curl [-s] [-S] [-f] [-i] [-X METHOD | --request METHOD] [-H 'Name: value']
//!   [-d | --data | --data-raw | --data-binary '<json>'] [--max-time N] URL`, short flags
//!   combinable (`-fsS`, `-XPUT`). URL: `[http://]localhost:8083/…` (or `127.0.0.1`), query
//!   `includeTasks` / `onlyFailed` for restart. Routes: `POST /connectors` (body
//!   `{"name":…,"config":{…},"initial_state":…}`), `PUT /connectors/{n}/config` (flat
//!   object), `DELETE /connectors/{n}`, `GET …/status`, `PUT …/pause|resume|stop`,
//!   `POST …/restart`, `GET|PATCH|DELETE …/offsets` (PATCH body
//!   `{"offsets":[{"partition":{"server":…},"offset":{…}|null}]}`). Config keys read:
//!   `topic.prefix`, `slot.name`, `snapshot.mode` (missing ones take the lab connector's
//!   values, [`ConnectorConfig::lab`]; other keys are ignored). A body without
//!   `-H 'Content-Type: application/json'` gets the worker's `415` (curl `-d` sends a form
//!   type); a PUT config body whose `name` differs from the URL's gets the worker's 400;
//!   another path or method answers Jersey's `404`/`405` body. Optionally piped into `jq`, `jq .`,
//!   `jq -S .`, or `jq [-r] '.a.b[0]'` (a path of keys and indices).
//! * **Console consumer**: `[docker compose exec [-T] kafka] [/opt/kafka/bin/]
//!   kafka-console-consumer[.sh] --bootstrap-server kafka:9092 --topic connect-offsets
//!   [--from-beginning] [--property print.key=true|false] [--timeout-ms N] [--max-messages N]`. The output ends
//!   with the tool's `Processed a total of N messages` line (the panel acts as if the consumer
//!   timed out or was interrupted).
//! * **psql**: a bare SQL statement (optional `;`), or `[docker compose exec [-T] postgres]
//!   psql [-U u] [-d db] [-h h] -c "SQL"`. Statements:
//!   `SELECT pg_drop_replication_slot('name')`,
//!   `SELECT [* FROM] pg_create_logical_replication_slot('name', 'pgoutput')`,
//!   `SELECT <columns> FROM pg_replication_slots [WHERE p AND p …]` with the columns
//!   [`SLOT_COLUMNS`], `restart_lsn - '0/0'::pg_lsn` (also for `confirmed_flush_lsn`),
//!   `[pg_size_pretty(]pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn | confirmed_flush_lsn)[)]`,
//!   each with an optional `AS alias`; predicates `slot_name = '…'`, `slot_type = '…'`,
//!   `[NOT] active`, `[NOT] temporary`. Printed in psql's aligned format with `(N rows)`.
//! * `docker compose start connect` (the worker comes back), `help`.
//!
//! ## Not supported (a `cdc-lab:` message says so, never a panic)
//!
//! Options of curl, the consumer and psql beyond those listed (refused as not modelled, not
//! with the tool's own message: the panel cannot tell a real option from a typo). The
//! `/connectors/{n}/tasks/…` endpoints. Shell variables, `$(…)`, backticks, redirections, `&&`, `||`, `;`, loops and scripts; `curl
//! -o` and `--data @file` (no files in the panel); `GET /connectors` and `GET
//! /connectors/{n}[/config]`; jq filters beyond paths (`{…}`, `[]`, `|` inside jq); other
//! topics than `connect-offsets`, `print.partition`; `SELECT *` on the view; SQL beyond the forms above (joins,
//! `ORDER BY`, other tables, DDL/DML). Output simplifications: `curl -i` prints the status line,
//! `Content-Type` and `Content-Length` only (no `Date`/`Server`), with `\n` line ends;
//! `wal_status` is always `reserved` (WAL removal is lesson 05's model, not this one's);
//! `database` is `inventory` and `plugin` `pgoutput` for every slot. An invalid JSON body is
//! reported by the panel, not as the worker's 400/500 (its exact text is not sourced).

use crate::json::{self, Value};
use crate::offsets::{OffsetEntry, SourceOffset};
use crate::world::{pg_lsn_text, ConnectorConfig, InitialState, Op, Response, SnapshotMode, World};

/// Longest command line accepted (bytes).
pub const MAX_LINE: usize = 8 * 1024;

/// The `pg_replication_slots` columns the panel can show.
pub const SLOT_COLUMNS: [&str; 10] = [
    "slot_name",
    "plugin",
    "slot_type",
    "database",
    "temporary",
    "active",
    "active_pid",
    "restart_lsn",
    "confirmed_flush_lsn",
    "wal_status",
];

/// What a line parsed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// An empty line or a comment: prints nothing.
    Empty,
    /// `help`: the supported commands.
    Help,
    /// A command to run.
    Command(Box<Command>),
    /// The tool's own error for this line (`bash: x: command not found`, `curl: (3) …`,
    /// `ERROR:  syntax error …`), as it would print it.
    Error(String),
    /// Beyond this panel's grammar: a `cdc-lab: …` explanation.
    Unsupported(String),
}

/// A parsed command: what to do and how to print the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What to do.
    pub action: Action,
    /// How the tool prints.
    pub output: Output,
}

/// What a command does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A model operation.
    Op(Op),
    /// A request the worker's router answers itself (unknown path: 404, wrong method: 405).
    Http {
        /// Status.
        status: u16,
        /// Body.
        body: String,
    },
    /// `SELECT … FROM pg_replication_slots`.
    Slots(SlotsQuery),
}

/// How the result is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// curl, maybe piped into jq.
    Curl(Curl),
    /// psql; `composite` = `SELECT pg_create_logical_replication_slot(…)` without `* FROM`
    /// (one column holding the `(slot_name,lsn)` record).
    Psql {
        /// The composite form.
        composite: bool,
    },
    /// kafka-console-consumer.
    Consumer {
        /// `--property print.key=true`.
        print_key: bool,
        /// `--from-beginning`.
        from_beginning: bool,
        /// `--max-messages N`.
        max_messages: Option<usize>,
    },
    /// Text printed as is (`docker compose start`).
    Plain,
}

/// curl's output flags and the jq stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curl {
    /// `-s`.
    pub silent: bool,
    /// `-S`.
    pub show_error: bool,
    /// `-f`.
    pub fail: bool,
    /// `-i`.
    pub include: bool,
    /// `| jq …`.
    pub jq: Option<Jq>,
}

/// A `jq` stage: a path filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jq {
    /// `-r`.
    pub raw: bool,
    /// `-S`.
    pub sort_keys: bool,
    /// The path (empty = `.`).
    pub path: Vec<PathStep>,
}

/// One step of a jq path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// `.key`.
    Key(String),
    /// `[n]`.
    Index(usize),
}

/// A column of a `pg_replication_slots` query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotColumn {
    /// One of [`SLOT_COLUMNS`].
    Plain(&'static str),
    /// `<lsn column> - '0/0'::pg_lsn`: the LSN as a number.
    LsnNumber(&'static str),
    /// `pg_wal_lsn_diff(pg_current_wal_lsn(), <lsn column>)`; `pretty` = inside `pg_size_pretty`.
    WalDiff {
        /// The LSN column.
        of: &'static str,
        /// Wrapped in `pg_size_pretty`.
        pretty: bool,
    },
}

/// A `WHERE` predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Predicate {
    /// `slot_name = '…'`.
    SlotName(String),
    /// `slot_type = '…'`.
    SlotType(String),
    /// `[NOT] active`.
    Active(bool),
    /// `[NOT] temporary`.
    Temporary(bool),
}

/// `SELECT columns FROM pg_replication_slots WHERE …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotsQuery {
    /// Columns with their header.
    pub columns: Vec<(String, SlotColumn)>,
    /// All must hold.
    pub filter: Vec<Predicate>,
}

/// What `help` prints.
pub const HELP: &str = "Supported commands:
  curl [-fsSi] [-X METHOD] [-H 'Content-Type: application/json'] [-d '<json>'] http://localhost:8083/connectors[/<name>[/status|config|pause|resume|stop|restart|offsets]] [| jq [-r] [.path]]
  docker compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic connect-offsets --from-beginning --property print.key=true
  SELECT … FROM pg_replication_slots [WHERE slot_name = '…'];
  SELECT pg_drop_replication_slot('…');
  SELECT * FROM pg_create_logical_replication_slot('…', 'pgoutput');
  docker compose exec -T postgres psql -U postgres -d inventory -c \"<SQL>\"
  docker compose start connect";

/// Cuts user text quoted in a message to 40 characters.
fn clip(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn unsupported(what: &str) -> Parsed {
    Parsed::Unsupported(format!("cdc-lab: {what}"))
}

/// Parses one command line. Never panics; every error message is non-empty and short.
pub fn parse(line: &str) -> Parsed {
    if line.len() > MAX_LINE {
        return unsupported(&format!("the line is longer than {MAX_LINE} bytes"));
    }
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Parsed::Empty;
    }
    let first = trimmed
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(
        first.as_str(),
        "select" | "insert" | "update" | "delete" | "create" | "drop" | "alter" | "with" | "do"
    ) {
        return parse_sql(trimmed);
    }
    let words = match lex(trimmed) {
        Ok(w) => w,
        Err(p) => return p,
    };
    let mut stages: Vec<Vec<String>> = vec![Vec::new()];
    for w in words {
        match w {
            Word::Pipe => stages.push(Vec::new()),
            Word::Text(t) => {
                if let Some(s) = stages.last_mut() {
                    s.push(t);
                }
            }
        }
    }
    if stages.iter().any(Vec::is_empty) {
        return Parsed::Error("bash: syntax error near unexpected token `|'".to_string());
    }
    if stages.len() > 2 {
        return unsupported("only one pipe, into jq, is supported");
    }
    let jq = match stages.get(1) {
        None => None,
        Some(st) => match parse_jq(st) {
            Ok(j) => Some(j),
            Err(p) => return p,
        },
    };
    let Some(words) = stages.first() else {
        return Parsed::Empty;
    };
    let parsed = dispatch(words);
    match (jq, parsed) {
        (None, p) => p,
        (Some(j), Parsed::Command(mut cmd)) => match &mut cmd.output {
            Output::Curl(c) if c.include => {
                unsupported("curl -i | jq: jq cannot read the headers; drop -i")
            }
            Output::Curl(c) => {
                c.jq = Some(j);
                Parsed::Command(cmd)
            }
            _ => unsupported("only curl output can be piped into jq"),
        },
        (Some(_), p) => p,
    }
}

enum Word {
    Text(String),
    Pipe,
}

/// bash-like word splitting with quotes; shell features beyond pipes are refused.
fn lex(line: &str) -> Result<Vec<Word>, Parsed> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // An unescaped line end ends the command: only blanks may follow.
            '\n' | '\r' => {
                if !chars.all(char::is_whitespace) {
                    return Err(unsupported(
                        "one command per line (end a line with \\ to continue it)",
                    ));
                }
                break;
            }
            ' ' | '\t' => {
                if in_word {
                    words.push(Word::Text(std::mem::take(&mut cur)));
                    in_word = false;
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') => {
                    chars.next_if_eq(&'\n');
                }
                Some(n) => {
                    cur.push(n);
                    in_word = true;
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(n) => cur.push(n),
                        None => {
                            return Err(Parsed::Error(
                                "bash: unexpected EOF while looking for matching `''".to_string(),
                            ))
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                            Some('\n') => {}
                            Some(n) => {
                                cur.push('\\');
                                cur.push(n);
                            }
                            None => break,
                        },
                        Some('$') | Some('`') => {
                            return Err(unsupported(
                                "shell variables and command substitution are not supported; type the values",
                            ))
                        }
                        Some(n) => cur.push(n),
                        None => {
                            return Err(Parsed::Error(
                                "bash: unexpected EOF while looking for matching `\"'"
                                    .to_string(),
                            ))
                        }
                    }
                }
            }
            '$' | '`' => {
                return Err(unsupported(
                    "shell variables and command substitution are not supported; type the values",
                ))
            }
            '#' if !in_word => break,
            '|' => {
                if chars.peek() == Some(&'|') {
                    return Err(unsupported("`||` is not supported: one command per line"));
                }
                if in_word {
                    words.push(Word::Text(std::mem::take(&mut cur)));
                    in_word = false;
                }
                words.push(Word::Pipe);
            }
            '&' | ';' => {
                return Err(unsupported(
                    "`&&`, `&` and `;` are not supported: one command per line",
                ))
            }
            '>' | '<' => {
                return Err(unsupported(
                    "redirections are not supported: there are no files in this terminal",
                ))
            }
            '(' | ')' => {
                return Err(Parsed::Error(format!(
                    "bash: syntax error near unexpected token `{c}'"
                )))
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(Word::Text(cur));
    }
    Ok(words)
}

fn dispatch(words: &[String]) -> Parsed {
    let Some(cmd) = words.first() else {
        return Parsed::Empty;
    };
    let rest = words.get(1..).unwrap_or_default();
    match cmd.as_str() {
        "curl" => parse_curl(rest),
        "help" => Parsed::Help,
        "docker" => parse_docker(rest),
        "psql" => parse_psql(rest),
        c if is_consumer(c) => parse_consumer(rest),
        "jq" => unsupported("jq reads curl's output here: curl … | jq"),
        c => Parsed::Error(format!("bash: {}: command not found", clip(c))),
    }
}

fn is_consumer(c: &str) -> bool {
    let base = c.rsplit('/').next().unwrap_or(c);
    matches!(base, "kafka-console-consumer.sh" | "kafka-console-consumer")
}

fn parse_docker(words: &[String]) -> Parsed {
    let mut it = words.iter().map(String::as_str);
    match (it.next(), it.next()) {
        (Some("compose"), Some("exec")) => {}
        (Some("compose"), Some("start")) => {
            let services: Vec<&str> = it.collect();
            return if services == ["connect"] {
                Parsed::Command(Box::new(Command {
                    action: Action::Op(Op::StartWorker),
                    output: Output::Plain,
                }))
            } else {
                unsupported("only `docker compose start connect` is modelled")
            };
        }
        _ => {
            return unsupported(
                "only `docker compose exec …` and `docker compose start connect` are modelled",
            )
        }
    }
    let mut service = None;
    for w in it.by_ref() {
        match w {
            "-T" | "--no-TTY" | "-i" | "-t" | "-it" => {}
            s if s.starts_with('-') => {
                return unsupported(&format!(
                    "docker compose exec option {} is not supported",
                    clip(s)
                ))
            }
            s => {
                service = Some(s);
                break;
            }
        }
    }
    let rest: Vec<String> = it.map(str::to_string).collect();
    match (service, rest.first().map(String::as_str)) {
        (Some("kafka"), Some(c)) if is_consumer(c) => {
            if c.starts_with("kafka-console-consumer") {
                return unsupported(
                    "in the kafka container give the full path, as the lesson does: /opt/kafka/bin/kafka-console-consumer.sh",
                );
            }
            parse_consumer(rest.get(1..).unwrap_or_default())
        }
        (Some("postgres"), Some("psql")) => parse_psql(rest.get(1..).unwrap_or_default()),
        (Some(s), _) if !matches!(s, "kafka" | "postgres" | "connect") => {
            Parsed::Error(format!("no such service: {}", clip(s)))
        }
        (None, _) => Parsed::Error("docker compose exec requires at least 2 arguments".to_string()),
        _ => unsupported("in the containers only kafka-console-consumer.sh (kafka) and psql (postgres) are modelled"),
    }
}

fn parse_psql(words: &[String]) -> Parsed {
    let mut sql = None;
    let mut it = words.iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "-U" | "-d" | "-h" | "-p" | "--username" | "--dbname" | "--host" | "--port" => {
                if it.next().is_none() {
                    return unsupported(&format!("psql {} needs a value", clip(w)));
                }
            }
            "-c" | "--command" => match it.next() {
                Some(s) => sql = Some(s.clone()),
                None => return unsupported("psql -c needs the SQL statement"),
            },
            "-X" | "-q" | "-A" | "-t" => {
                return unsupported("psql output options are not modelled")
            }
            s => return unsupported(&format!("psql argument {} is not supported", clip(s))),
        }
    }
    match sql {
        Some(s) => parse_sql(s.trim()),
        None => unsupported("interactive psql: type the SQL statement directly, or use -c \"…\""),
    }
}

fn parse_consumer(words: &[String]) -> Parsed {
    let mut topic = None;
    let mut bootstrap = false;
    let mut print_key = false;
    let mut from_beginning = false;
    let mut max_messages = None;
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let mut value = |name: &str| match it.next() {
            Some(v) => Ok(v.clone()),
            None => Err(unsupported(&format!("{} needs a value", clip(name)))),
        };
        match w.as_str() {
            "--bootstrap-server" => match value(w) {
                Ok(_) => bootstrap = true,
                Err(p) => return p,
            },
            "--topic" => match value(w) {
                Ok(t) => topic = Some(t),
                Err(p) => return p,
            },
            "--from-beginning" => from_beginning = true,
            "--timeout-ms" | "--group" => {
                if let Err(p) = value(w) {
                    return p;
                }
            }
            "--max-messages" => match value(w).map(|v| v.parse::<usize>()) {
                Ok(Ok(n)) => max_messages = Some(n),
                Ok(Err(_)) => return unsupported("--max-messages needs a number"),
                Err(p) => return p,
            },
            "--property" => match value(w) {
                Ok(p) => match p.split_once('=') {
                    Some(("print.key", v)) => print_key = v.eq_ignore_ascii_case("true"),
                    Some(("print.partition" | "print.offset" | "print.timestamp", _)) => {
                        return unsupported("partitions, offsets and timestamps of connect-offsets are not modelled; drop that --property")
                    }
                    _ => return unsupported(&format!("--property {} is not modelled", clip(&p))),
                },
                Err(p) => return p,
            },
            s => {
                return unsupported(&format!(
                    "kafka-console-consumer option {} is not modelled (see help)",
                    clip(s)
                ))
            }
        }
    }
    if !bootstrap {
        return unsupported("kafka-console-consumer needs --bootstrap-server kafka:9092");
    }
    match topic.as_deref() {
        Some("connect-offsets") => Parsed::Command(Box::new(Command {
            action: Action::Op(Op::ConsumeOffsetsTopic),
            output: Output::Consumer {
                print_key,
                from_beginning,
                max_messages,
            },
        })),
        Some(t) => unsupported(&format!(
            "only the connect-offsets topic is modelled, not {}",
            clip(t)
        )),
        None => unsupported("kafka-console-consumer needs --topic connect-offsets"),
    }
}

const CURL_TRY: &str = "curl: try 'curl --help' or 'curl --manual' for more information";

fn parse_curl(words: &[String]) -> Parsed {
    let mut c = Curl::default();
    let mut method: Option<String> = None;
    let mut data: Option<String> = None;
    let mut url: Option<&str> = None;
    let mut json_type = false;
    let mut it = words.iter();
    let missing = |o: &str| {
        Parsed::Error(format!(
            "curl: option {}: requires parameter\n{CURL_TRY}",
            clip(o)
        ))
    };
    while let Some(w) = it.next() {
        if let Some(long) = w.strip_prefix("--") {
            match long {
                "silent" => c.silent = true,
                "show-error" => c.show_error = true,
                "fail" => c.fail = true,
                "include" => c.include = true,
                "location" | "compressed" => {}
                "request" => match it.next() {
                    Some(m) => method = Some(m.clone()),
                    None => return missing(w),
                },
                "header" => match it.next() {
                    Some(h) => json_type |= is_json_type(h),
                    None => return missing(w),
                },
                "max-time" | "connect-timeout" => {
                    if it.next().is_none() {
                        return missing(w);
                    }
                }
                "data" | "data-raw" | "data-binary" => match it.next() {
                    Some(d) => data = Some(d.clone()),
                    None => return missing(w),
                },
                "output" => return unsupported("curl -o: there are no files in this terminal"),
                "url" => match it.next() {
                    Some(u) => url = Some(u),
                    None => return missing(w),
                },
                _ => return unsupported(&format!("curl option {} is not modelled", clip(w))),
            }
            continue;
        }
        let Some(short) = w.strip_prefix('-').filter(|s| !s.is_empty()) else {
            if url.is_some() {
                return unsupported("one URL per curl command");
            }
            url = Some(w);
            continue;
        };
        for (i, ch) in short.char_indices() {
            let attached = short.get(i + ch.len_utf8()..).unwrap_or("");
            let mut param = || {
                if attached.is_empty() {
                    it.next().cloned()
                } else {
                    Some(attached.to_string())
                }
            };
            match ch {
                's' => c.silent = true,
                'S' => c.show_error = true,
                'f' => c.fail = true,
                'i' => c.include = true,
                'L' => {}
                'X' | 'H' | 'd' | 'm' | 'o' => {
                    let Some(p) = param() else {
                        return missing(&format!("-{ch}"));
                    };
                    match ch {
                        'X' => method = Some(p),
                        'd' => data = Some(p),
                        'H' => json_type |= is_json_type(&p),
                        'o' => return unsupported("curl -o: there are no files in this terminal"),
                        _ => {}
                    }
                    break;
                }
                _ => {
                    return unsupported(&format!(
                        "curl option -{} is not modelled",
                        clip(&format!("{ch}{attached}"))
                    ))
                }
            }
        }
    }
    let Some(url) = url else {
        return Parsed::Error(format!("curl: no URL specified\n{CURL_TRY}"));
    };
    if data.as_deref().is_some_and(|d| d.starts_with('@')) {
        return unsupported(
            "--data @file: there are no files in this terminal; paste the JSON: -d '{…}'",
        );
    }
    let method = method.unwrap_or_else(|| if data.is_some() { "POST" } else { "GET" }.to_string());
    match route(url, &method, data.as_deref(), json_type) {
        Ok(action) => Parsed::Command(Box::new(Command {
            action,
            output: Output::Curl(c),
        })),
        Err(p) => p,
    }
}

fn jersey(status: u16) -> Action {
    let msg = match status {
        405 => "HTTP 405 Method Not Allowed",
        415 => "HTTP 415 Unsupported Media Type",
        _ => "HTTP 404 Not Found",
    };
    Action::Http {
        status,
        body: json::object(&[
            ("error_code", status.to_string()),
            ("message", json::string(msg)),
        ]),
    }
}

/// `Content-Type: application/json` (header names are case-insensitive).
fn is_json_type(header: &str) -> bool {
    header.split_once(':').is_some_and(|(k, v)| {
        k.trim().eq_ignore_ascii_case("content-type")
            && v.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
    })
}

fn route(url: &str, method: &str, data: Option<&str>, json_type: bool) -> Result<Action, Parsed> {
    let malformed =
        || Parsed::Error("curl: (3) URL rejected: Malformed input to a URL function".to_string());
    let rest = if let Some(r) = url.strip_prefix("http://") {
        r
    } else if url.contains("://") {
        return Err(unsupported("only http:// URLs are modelled"));
    } else {
        url
    };
    if rest.is_empty() || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(malformed());
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h, p),
            Err(_) => return Err(Parsed::Error(
                "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535"
                    .to_string(),
            )),
        },
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(malformed());
    }
    if !matches!(host, "localhost" | "127.0.0.1") {
        return Err(Parsed::Error(format!(
            "curl: (6) Could not resolve host: {}",
            clip(host)
        )));
    }
    if port != 8083 {
        return Err(Parsed::Error(format!(
            "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
        )));
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let param = |key: &str| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .any(|(k, v)| k == key && v.eq_ignore_ascii_case("true"))
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let name = |s: &str| s.to_string();
    let body = || -> Result<Value, Parsed> {
        let Some(d) = data else {
            return Err(unsupported("this request needs a JSON body: -d '{…}'"));
        };
        json::parse(d).map_err(|e| {
            Parsed::Unsupported(format!(
                "cdc-lab: the -d body is not valid JSON: {}",
                clip(&e)
            ))
        })
    };
    // A body route without `-H 'Content-Type: application/json'`: curl -d sends
    // application/x-www-form-urlencoded, and Jersey refuses it before reading the body (the
    // resource methods are @Consumes(MediaType.APPLICATION_JSON)) — mapped by
    // ConnectExceptionMapper to {"error_code":415,"message":"HTTP 415 Unsupported Media Type"}.
    let body_route = matches!(
        (segs.as_slice(), method),
        (["connectors"], "POST")
            | (["connectors", _, "config"], "PUT")
            | (["connectors", _, "offsets"], "PATCH")
    );
    if body_route && data.is_some() && !json_type {
        return Ok(jersey(415));
    }
    if let ["connectors", _, "tasks", ..] = segs.as_slice() {
        return Err(unsupported(
            "the tasks endpoints are not modelled; use …/restart?includeTasks=true",
        ));
    }
    let op = match (segs.as_slice(), method) {
        (["connectors"], "POST") => create_op(&body()?)?,
        (["connectors"], "GET") => {
            return Err(unsupported(
                "GET /connectors (the list) is not modelled; ask for /connectors/<name>/status",
            ))
        }
        (["connectors", n], "DELETE") => Op::DeleteConnector { name: name(n) },
        (["connectors", _], "GET") => {
            return Err(unsupported(
                "GET /connectors/<name> is not modelled; ask for …/status or …/offsets",
            ))
        }
        (["connectors", n, "config"], "PUT") => {
            let v = body()?;
            // ConnectorsResource.putConnectorConfig: a "name" in the body must match the URL.
            if let Some(included) = v.get("name").and_then(Value::as_str) {
                if included != *n {
                    return Ok(Action::Http {
                        status: 400,
                        body: json::object(&[
                            ("error_code", "400".to_string()),
                            ("message", json::string(&format!(
                                "Connector name configuration ({included}) doesn't match connector name in the URL ({n})"
                            ))),
                        ]),
                    });
                }
            }
            Op::PutConnectorConfig {
                name: name(n),
                config: config_of(&v)?,
            }
        }
        (["connectors", _, "config"], "GET") => {
            return Err(unsupported("GET …/config is not modelled"))
        }
        (["connectors", n, "status"], "GET") => Op::Status { name: name(n) },
        (["connectors", n, "pause"], "PUT") => Op::Pause { name: name(n) },
        (["connectors", n, "resume"], "PUT") => Op::Resume { name: name(n) },
        (["connectors", n, "stop"], "PUT") => Op::Stop { name: name(n) },
        (["connectors", n, "restart"], "POST") => Op::Restart {
            name: name(n),
            include_tasks: param("includeTasks"),
            only_failed: param("onlyFailed"),
        },
        (["connectors", n, "offsets"], "GET") => Op::GetOffsets { name: name(n) },
        (["connectors", n, "offsets"], "DELETE") => Op::ResetOffsets { name: name(n) },
        (["connectors", n, "offsets"], "PATCH") => Op::PatchOffsets {
            name: name(n),
            offsets: offsets_of(&body()?)?,
        },
        (
            ["connectors", _, "config" | "status" | "pause" | "resume" | "stop" | "restart" | "offsets"],
            _,
        )
        | (["connectors", _], _)
        | (["connectors"], _) => return Ok(jersey(405)),
        _ => return Ok(jersey(404)),
    };
    Ok(Action::Op(op))
}

fn bad_body(what: &str) -> Parsed {
    Parsed::Unsupported(format!("cdc-lab: the -d body {what}"))
}

fn create_op(v: &Value) -> Result<Op, Parsed> {
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_body("needs \"name\": \"…\""))?;
    let config = config_of(
        v.get("config")
            .ok_or_else(|| bad_body("needs \"config\": {…}"))?,
    )?;
    let initial_state = match v.get("initial_state") {
        None | Some(Value::Null) => None,
        Some(s) => Some(match s.as_str() {
            Some("RUNNING") => InitialState::Running,
            Some("PAUSED") => InitialState::Paused,
            Some("STOPPED") => InitialState::Stopped,
            _ => {
                return Err(bad_body(
                    "has an initial_state other than RUNNING, PAUSED, STOPPED",
                ))
            }
        }),
    };
    Ok(Op::CreateConnector {
        name: name.to_string(),
        config,
        initial_state,
    })
}

fn config_of(v: &Value) -> Result<ConnectorConfig, Parsed> {
    if !matches!(v, Value::Object(_)) {
        return Err(bad_body("config must be a JSON object"));
    }
    let lab = ConnectorConfig::lab();
    let text = |key: &str, default: String| -> Result<String, Parsed> {
        match v.get(key) {
            None => Ok(default),
            Some(Value::Str(s)) => Ok(s.clone()),
            Some(_) => Err(bad_body("config values must be strings")),
        }
    };
    let mode = text("snapshot.mode", lab.snapshot_mode.as_str().to_string())?;
    let snapshot_mode = match mode.as_str() {
        "initial" => SnapshotMode::Initial,
        "when_needed" => SnapshotMode::WhenNeeded,
        "no_data" => SnapshotMode::NoData,
        "always" => SnapshotMode::Always,
        _ => {
            return Err(bad_body(
                "snapshot.mode: the drill models initial, when_needed, no_data, always",
            ))
        }
    };
    Ok(ConnectorConfig {
        topic_prefix: text("topic.prefix", lab.topic_prefix)?,
        slot_name: text("slot.name", lab.slot_name)?,
        snapshot_mode,
    })
}

fn offsets_of(v: &Value) -> Result<Vec<OffsetEntry>, Parsed> {
    let items = match v.get("offsets") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(_) => return Err(bad_body("offsets must be an array")),
    };
    let mut out = Vec::new();
    for item in items {
        let server = item
            .get("partition")
            .and_then(|p| p.get("server"))
            .and_then(Value::as_str)
            .ok_or_else(|| bad_body("needs \"partition\": {\"server\": \"…\"} in each offset"))?;
        let offset = match item.get("offset") {
            None | Some(Value::Null) => None,
            Some(o @ Value::Object(_)) => {
                // The numbers Debezium reads as longs: non-negative integers only (the text
                // reader behind from_json would take the digits before a '.' or an 'e').
                for key in ["lsn", "lsn_proc", "lsn_commit", "txId", "ts_usec"] {
                    match o.get(key) {
                        None => {}
                        Some(Value::Number(n)) if n.parse::<u64>().is_ok() => {}
                        Some(_) => {
                            return Err(bad_body(&format!(
                                "offset field {key} must be a non-negative integer"
                            )))
                        }
                    }
                }
                Some(
                    SourceOffset::from_json(&o.compact())
                        .ok_or_else(|| bad_body("offset needs a numeric lsn or lsn_proc"))?,
                )
            }
            Some(_) => return Err(bad_body("offset must be an object or null")),
        };
        out.push(OffsetEntry {
            server: server.to_string(),
            offset,
        });
    }
    Ok(out)
}

fn parse_jq(words: &[String]) -> Result<Jq, Parsed> {
    let mut it = words.iter().map(String::as_str);
    if it.next() != Some("jq") {
        return Err(unsupported("only `| jq` is supported after curl"));
    }
    let mut jq = Jq::default();
    let mut filter = None;
    for w in it {
        match w {
            "-r" | "--raw-output" => jq.raw = true,
            "-S" | "--sort-keys" => jq.sort_keys = true,
            "-rS" | "-Sr" => {
                jq.raw = true;
                jq.sort_keys = true;
            }
            f if filter.is_none() && !f.starts_with('-') => filter = Some(f),
            _ => {
                return Err(unsupported(
                    "jq options other than -r and -S are not modelled",
                ))
            }
        }
    }
    jq.path = jq_path(filter.unwrap_or(".").trim()).ok_or_else(|| {
        unsupported("jq: only paths like . or .connector.state or .tasks[0].state are supported")
    })?;
    Ok(jq)
}

fn jq_path(f: &str) -> Option<Vec<PathStep>> {
    if f == "." {
        return Some(Vec::new());
    }
    let mut steps = Vec::new();
    let mut rest = f;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let (n, after) = r.split_once(']')?;
            steps.push(PathStep::Index(n.trim().parse().ok()?));
            rest = after;
        } else if let Some(r) = rest.strip_prefix('.') {
            if r.starts_with('[') {
                rest = r;
                continue;
            }
            let end = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(r.len());
            let (key, after) = r.split_at(end);
            if key.is_empty() {
                return None;
            }
            steps.push(PathStep::Key(key.to_string()));
            rest = after;
        } else {
            return None;
        }
    }
    Some(steps)
}

fn run_jq(jq: &Jq, body: &str) -> String {
    if body.trim().is_empty() {
        return String::new();
    }
    let Ok(mut v) = json::parse(body) else {
        return "jq: error (at <stdin>:0): Cannot parse the input as JSON".to_string();
    };
    for step in &jq.path {
        v = match (step, &v) {
            (_, Value::Null) => Value::Null,
            (PathStep::Key(k), Value::Object(_)) => v.get(k).cloned().unwrap_or(Value::Null),
            (PathStep::Index(i), Value::Array(items)) => {
                items.get(*i).cloned().unwrap_or(Value::Null)
            }
            (PathStep::Key(k), other) => {
                return format!(
                    "jq: error (at <stdin>:0): Cannot index {} with \"{}\"",
                    other.type_name(),
                    clip(k)
                )
            }
            (PathStep::Index(_), other) => {
                return format!(
                    "jq: error (at <stdin>:0): Cannot index {} with number",
                    other.type_name()
                )
            }
        };
    }
    match (&v, jq.raw) {
        (Value::Str(s), true) => format!("{s}\n"),
        _ => format!("{}\n", v.pretty(jq.sort_keys)),
    }
}

// ---------------------------------------------------------------- SQL

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Identifier or keyword, lower-cased.
    Ident(String),
    /// `'…'`.
    Str(String),
    /// A number.
    Num(String),
    /// Punctuation: `(`, `)`, `,`, `*`, `=`, `-`, `::`, `.`, `;`, …
    Punct(String),
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Ident(s) | Tok::Num(s) | Tok::Punct(s) => s.clone(),
        Tok::Str(s) => format!("'{s}'"),
    }
}

fn sql_syntax_error(near: Option<&Tok>) -> Parsed {
    match near {
        Some(t) => Parsed::Error(format!(
            "ERROR:  syntax error at or near \"{}\"",
            clip(&tok_text(t))
        )),
        None => Parsed::Error("ERROR:  syntax error at end of input".to_string()),
    }
}

fn sql_lex(sql: &str) -> Result<Vec<Tok>, Parsed> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some('\'') => break,
                        Some(n) => s.push(n),
                        None => {
                            return Err(Parsed::Error(format!(
                                "ERROR:  unterminated quoted string at or near \"'{}\"",
                                clip(&s)
                            )))
                        }
                    }
                }
                out.push(Tok::Str(s));
            }
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(n) => s.push(n),
                        None => {
                            return Err(Parsed::Error(format!(
                                "ERROR:  unterminated quoted identifier at or near \"\"{}\"",
                                clip(&s)
                            )))
                        }
                    }
                }
                out.push(Tok::Ident(s));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut s = c.to_lowercase().to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' {
                        s.extend(n.to_lowercase());
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(s));
            }
            c if c.is_ascii_digit() => {
                let mut s = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_digit() || n == '.' {
                        s.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Num(s));
            }
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                out.push(Tok::Punct("::".to_string()));
            }
            c => out.push(Tok::Punct(c.to_string())),
        }
    }
    Ok(out)
}

fn is_punct(t: Option<&Tok>, p: &str) -> bool {
    matches!(t, Some(Tok::Punct(s)) if s == p)
}

fn is_kw(t: Option<&Tok>, k: &str) -> bool {
    matches!(t, Some(Tok::Ident(s)) if s == k)
}

fn parse_sql(sql: &str) -> Parsed {
    let mut toks = match sql_lex(sql) {
        Ok(t) => t,
        Err(p) => return p,
    };
    while is_punct(toks.last(), ";") {
        toks.pop();
    }
    if toks.iter().any(|t| is_punct(Some(t), ";")) {
        return unsupported("one SQL statement per line");
    }
    if !is_kw(toks.first(), "select") {
        return unsupported("this psql runs only the SELECT statements of lesson 07 (see help)");
    }
    let body = toks.get(1..).unwrap_or_default();
    // SELECT [* FROM] pg_create_logical_replication_slot('x', 'pgoutput')
    let (composite, call) = match body {
        [Tok::Punct(star), from, rest @ ..] if star == "*" && is_kw(Some(from), "from") => {
            (false, rest)
        }
        rest => (true, rest),
    };
    if let [Tok::Ident(f), rest @ ..] = call {
        if f == "pg_drop_replication_slot" || f == "pg_create_logical_replication_slot" {
            let args = match call_args(rest) {
                Ok(a) => a,
                Err(p) => return p,
            };
            return slot_function(f, &args, composite);
        }
    }
    if toks.iter().any(|t| is_kw(Some(t), "pg_replication_slots")) {
        return slots_query(body);
    }
    unsupported("this psql runs only the SELECT statements of lesson 07 (see help)")
}

/// `( 'a' [, 'b'] )` at the end of the statement.
fn call_args(toks: &[Tok]) -> Result<Vec<String>, Parsed> {
    let mut it = toks.iter();
    if !is_punct(it.next(), "(") {
        return Err(sql_syntax_error(toks.first()));
    }
    let mut args = Vec::new();
    loop {
        match it.next() {
            Some(Tok::Str(s)) => args.push(s.clone()),
            Some(Tok::Punct(p)) if p == ")" && args.is_empty() => break,
            Some(Tok::Ident(_)) => return Err(unsupported(
                "give the slot name as a literal: pg_drop_replication_slot('debezium_inventory')",
            )),
            other => return Err(sql_syntax_error(other)),
        }
        match it.next() {
            Some(Tok::Punct(p)) if p == "," => {}
            Some(Tok::Punct(p)) if p == ")" => break,
            other => return Err(sql_syntax_error(other)),
        }
    }
    if let Some(t) = it.next() {
        // FROM / WHERE / an alias after the call are valid SQL, just not modelled.
        return Err(unsupported(&format!(
            "only the bare call is modelled (nothing after it, not {})",
            clip(&tok_text(t))
        )));
    }
    Ok(args)
}

/// PostgreSQL's slot-name check (slot.c `ReplicationSlotValidateName`).
fn slot_name_error(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(format!(
            "ERROR:  replication slot name \"{name}\" is too short"
        ));
    }
    if name.len() >= 64 {
        return Some(format!(
            "ERROR:  replication slot name \"{}\" is too long",
            clip(name)
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Some(format!(
            "ERROR:  replication slot name \"{}\" contains invalid character\nHINT:  Replication slot names may only contain lower case letters, numbers, and the underscore character.",
            clip(name)
        ));
    }
    None
}

fn slot_function(f: &str, args: &[String], composite: bool) -> Parsed {
    let drop = f == "pg_drop_replication_slot";
    let arity_ok = if drop {
        args.len() == 1
    } else {
        (2..=5).contains(&args.len())
    };
    if !arity_ok {
        return Parsed::Error(format!(
            "ERROR:  function {f}({}) does not exist\nHINT:  No function matches the given name and argument types. You might need to add explicit type casts.",
            vec!["unknown"; args.len().min(6)].join(", ")
        ));
    }
    let name = args.first().cloned().unwrap_or_default();
    if let Some(e) = slot_name_error(&name) {
        return Parsed::Error(e);
    }
    if !drop {
        if args.len() > 2 {
            return unsupported("temporary, two-phase and failover slots are not modelled");
        }
        if args.get(1).map(String::as_str) != Some("pgoutput") {
            return unsupported("the drill's slots use the pgoutput plugin");
        }
    }
    let op = if drop {
        Op::DropSlot { name }
    } else {
        Op::CreateSlot { name }
    };
    Parsed::Command(Box::new(Command {
        action: Action::Op(op),
        output: Output::Psql {
            composite: composite && !drop,
        },
    }))
}

/// One select-list item: its column and default header.
fn slot_column(item: &[Tok]) -> Result<(String, SlotColumn), Parsed> {
    let text: String = item.iter().map(tok_text).collect();
    if let [Tok::Ident(c)] = item {
        return match SLOT_COLUMNS.iter().find(|k| *k == c) {
            Some(k) => Ok((k.to_string(), SlotColumn::Plain(k))),
            None if c == "retained_wal" || c == "lag" => Err(unsupported(
                "write the expression: pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))",
            )),
            None => Err(Parsed::Error(format!(
                "ERROR:  column \"{}\" does not exist",
                clip(c)
            ))),
        };
    }
    for of in ["restart_lsn", "confirmed_flush_lsn"] {
        if text == format!("{of}-'0/0'::pg_lsn") {
            return Ok(("?column?".to_string(), SlotColumn::LsnNumber(of)));
        }
        let diff = format!("pg_wal_lsn_diff(pg_current_wal_lsn(),{of})");
        if text == diff {
            return Ok((
                "pg_wal_lsn_diff".to_string(),
                SlotColumn::WalDiff { of, pretty: false },
            ));
        }
        if text == format!("pg_size_pretty({diff})") {
            return Ok((
                "pg_size_pretty".to_string(),
                SlotColumn::WalDiff { of, pretty: true },
            ));
        }
    }
    Err(unsupported(&format!(
        "the column expression {} is not modelled (see help)",
        clip(&text)
    )))
}

fn slots_query(body: &[Tok]) -> Parsed {
    // Split at FROM (depth 0).
    let mut depth = 0i32;
    let mut from_at = None;
    for (i, t) in body.iter().enumerate() {
        match t {
            Tok::Punct(p) if p == "(" => depth += 1,
            Tok::Punct(p) if p == ")" => depth -= 1,
            Tok::Ident(k) if k == "from" && depth == 0 => {
                from_at = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(from_at) = from_at else {
        return unsupported("write SELECT … FROM pg_replication_slots");
    };
    let (list, rest) = body.split_at(from_at);
    let rest = rest.get(1..).unwrap_or_default();
    match rest.first() {
        Some(Tok::Ident(t)) if t == "pg_replication_slots" => {}
        other => {
            return unsupported(&format!(
                "only FROM pg_replication_slots is modelled, not {}",
                clip(&other.map(tok_text).unwrap_or_default())
            ))
        }
    }
    let rest = rest.get(1..).unwrap_or_default();
    // Columns.
    let mut columns = Vec::new();
    if let [Tok::Punct(star)] = list {
        if star == "*" {
            return unsupported("SELECT * FROM pg_replication_slots is not modelled; name the columns you need (see help)");
        }
    }
    if list.is_empty() {
        return sql_syntax_error(body.get(from_at));
    }
    let mut depth = 0i32;
    let mut start = 0;
    let mut items: Vec<&[Tok]> = Vec::new();
    for (i, t) in list.iter().enumerate() {
        match t {
            Tok::Punct(p) if p == "(" => depth += 1,
            Tok::Punct(p) if p == ")" => depth -= 1,
            Tok::Punct(p) if p == "," && depth == 0 => {
                items.push(list.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(list.get(start..).unwrap_or_default());
    for item in items {
        if item.is_empty() {
            return sql_syntax_error(body.get(from_at));
        }
        let (expr, alias) = match item {
            [e @ .., as_kw, Tok::Ident(a)] if is_kw(Some(as_kw), "as") => (e, Some(a.clone())),
            e => (e, None),
        };
        match slot_column(expr) {
            Ok((header, col)) => columns.push((alias.unwrap_or(header), col)),
            Err(p) => return p,
        }
    }
    // WHERE.
    let mut filter = Vec::new();
    if let Some(first) = rest.first() {
        if !is_kw(Some(first), "where") {
            if is_kw(Some(first), "order") || is_kw(Some(first), "limit") {
                return unsupported(
                    "ORDER BY and LIMIT are not modelled (slots are listed by name)",
                );
            }
            return unsupported(
                "joins and aliases are not modelled: SELECT … FROM pg_replication_slots WHERE …",
            );
        }
        let mut conds: Vec<&[Tok]> = Vec::new();
        let mut start = 1;
        for (i, t) in rest.iter().enumerate().skip(1) {
            if is_kw(Some(t), "and") {
                conds.push(rest.get(start..i).unwrap_or_default());
                start = i + 1;
            }
        }
        conds.push(rest.get(start..).unwrap_or_default());
        for c in conds {
            let p = match c {
                [Tok::Ident(col), Tok::Punct(eq), Tok::Str(v)] if eq == "=" => match col.as_str() {
                    "slot_name" => Predicate::SlotName(v.clone()),
                    "slot_type" => Predicate::SlotType(v.clone()),
                    _ => return unsupported("WHERE: only slot_name = '…', slot_type = '…', [NOT] active, [NOT] temporary"),
                },
                [Tok::Ident(col)] if col == "active" => Predicate::Active(true),
                [Tok::Ident(col)] if col == "temporary" => Predicate::Temporary(true),
                [not, Tok::Ident(col)] if is_kw(Some(not), "not") && col == "active" => Predicate::Active(false),
                [not, Tok::Ident(col)] if is_kw(Some(not), "not") && col == "temporary" => Predicate::Temporary(false),
                [] => return sql_syntax_error(None),
                _ => return unsupported("WHERE: only slot_name = '…', slot_type = '…', [NOT] active, [NOT] temporary"),
            };
            filter.push(p);
        }
    }
    Parsed::Command(Box::new(Command {
        action: Action::Slots(SlotsQuery { columns, filter }),
        output: Output::Psql { composite: false },
    }))
}

/// `pg_size_pretty(bigint)` (PostgreSQL dbsize.c: bytes below 10 kB, then kB, MB, GB, TB, each
/// rounded half up from one extra bit).
pub fn pg_size_pretty(bytes: u64) -> String {
    const LIMIT: u64 = 10 * 1024;
    const LIMIT2: u64 = LIMIT * 2 - 1;
    if bytes < LIMIT {
        return format!("{bytes} bytes");
    }
    let mut size = bytes >> 9;
    for unit in ["kB", "MB", "GB"] {
        if size < LIMIT2 {
            return format!("{} {unit}", size.div_ceil(2));
        }
        size >>= 10;
    }
    format!("{} TB", size.div_ceil(2))
}

/// psql's aligned table: centred headers, `-+-` rule, numbers right-aligned, `(N rows)`.
/// `cells` holds `(text, right_aligned)`.
pub fn psql_table(headers: &[String], rows: &[Vec<(String, bool)>]) -> String {
    let width = |i: usize| {
        let h = headers.get(i).map_or(0, |h| h.chars().count());
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|(c, _)| c.chars().count())
            .fold(h, usize::max)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let mut out = String::new();
    let head: Vec<String> = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| {
            let pad = w.saturating_sub(h.chars().count());
            format!("{}{h}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
        })
        .collect();
    out.push(' ');
    out.push_str(&head.join(" | "));
    out.push_str(" \n");
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
    out.push_str(&rule.join("+"));
    out.push('\n');
    for r in rows {
        let last = r.len().saturating_sub(1);
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, ((c, right), w))| {
                let pad = w.saturating_sub(c.chars().count());
                if *right {
                    format!("{}{c}", " ".repeat(pad))
                } else if i == last {
                    c.clone()
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push(' ');
        out.push_str(&cells.join(" | "));
        out.push('\n');
    }
    out.push_str(&if rows.len() == 1 {
        "(1 row)\n".to_string()
    } else {
        format!("({} rows)\n", rows.len())
    });
    out
}

/// Runs a `pg_replication_slots` query against the world (no time passes).
pub fn query_slots(world: &World, q: &SlotsQuery) -> String {
    let headers: Vec<String> = q.columns.iter().map(|(h, _)| h.clone()).collect();
    let mut rows = Vec::new();
    for s in world.slots().iter() {
        let keep = q.filter.iter().all(|p| match p {
            Predicate::SlotName(n) => &s.name == n,
            Predicate::SlotType(t) => t == "logical",
            Predicate::Active(a) => s.active() == *a,
            Predicate::Temporary(t) => !*t,
        });
        if !keep {
            continue;
        }
        let lsn = |of: &str| {
            if of == "restart_lsn" {
                s.restart_lsn
            } else {
                s.confirmed_flush_lsn
            }
        };
        let bool_text = |b: bool| (if b { "t" } else { "f" }).to_string();
        let row: Vec<(String, bool)> = q
            .columns
            .iter()
            .map(|(_, c)| match c {
                SlotColumn::Plain(name) => match *name {
                    "slot_name" => (s.name.clone(), false),
                    "plugin" => ("pgoutput".to_string(), false),
                    "slot_type" => ("logical".to_string(), false),
                    "database" => ("inventory".to_string(), false),
                    "temporary" => (bool_text(false), false),
                    "active" => (bool_text(s.active()), false),
                    "active_pid" => (
                        s.active_pid.map(|p| p.to_string()).unwrap_or_default(),
                        true,
                    ),
                    "restart_lsn" | "confirmed_flush_lsn" => (pg_lsn_text(lsn(name)), false),
                    _ => ("reserved".to_string(), false),
                },
                SlotColumn::LsnNumber(of) => (lsn(of).to_string(), true),
                SlotColumn::WalDiff { of, pretty } => {
                    let cur = world.source().current_lsn(world.now_ms());
                    let d = cur.saturating_sub(lsn(of));
                    if *pretty {
                        (pg_size_pretty(d), true)
                    } else {
                        (d.to_string(), true)
                    }
                }
            })
            .collect();
        rows.push(row);
    }
    psql_table(&headers, &rows)
}

// ---------------------------------------------------------------- running and rendering

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// Prints a response as the command's tool would.
pub fn render(cmd: &Command, resp: &Response) -> String {
    match (&cmd.output, resp) {
        (Output::Curl(c), Response::ConnectionRefused) => {
            if c.silent && !c.show_error {
                String::new()
            } else {
                "curl: (7) Failed to connect to localhost port 8083 after 0 ms: Couldn't connect to server\n".to_string()
            }
        }
        (Output::Curl(c), Response::Http { status, body }) => {
            if c.fail && *status >= 400 {
                return if c.silent && !c.show_error {
                    String::new()
                } else {
                    format!("curl: (22) The requested URL returned error: {status}\n")
                };
            }
            if let Some(jq) = &c.jq {
                return run_jq(jq, body);
            }
            let mut out = String::new();
            if c.include {
                out.push_str(&format!("HTTP/1.1 {status} {}\n", reason(*status)));
                if !body.is_empty() {
                    out.push_str("Content-Type: application/json\n");
                    out.push_str(&format!("Content-Length: {}\n", body.len()));
                }
                out.push('\n');
            }
            out.push_str(body);
            out
        }
        (
            Output::Consumer {
                print_key,
                from_beginning,
                max_messages,
            },
            Response::Console(text),
        ) => {
            let mut out = String::new();
            let mut n = 0;
            if *from_beginning {
                for line in text.lines().take(max_messages.unwrap_or(usize::MAX)) {
                    n += 1;
                    if *print_key {
                        out.push_str(line);
                    } else {
                        out.push_str(line.split_once('\t').map_or(line, |(_, v)| v));
                    }
                    out.push('\n');
                }
            }
            // ConsoleConsumer.reportRecordCount (kafka core, tools): System.err.println(
            // s"Processed a total of $messageCount messages"), on exit (timeout or Ctrl-C).
            out.push_str(&format!("Processed a total of {n} messages\n"));
            out
        }
        (_, Response::Sql(Ok(text))) => format!("{}\n", text.trim_end()),
        (_, Response::Sql(Err(e))) => format!("{}\n", e.psql_line()),
        (_, Response::Console(text)) => {
            if text.is_empty() || text.ends_with('\n') {
                text.clone()
            } else {
                format!("{text}\n")
            }
        }
        (_, Response::Http { body, .. }) => body.clone(),
        (_, Response::ConnectionRefused) => "curl: (7) Failed to connect to localhost port 8083 after 0 ms: Couldn't connect to server\n".to_string(),
    }
}

/// Runs a parsed command at `now_ms` and prints its output. A name the model refuses
/// (`InputError`) prints as `cdc-lab: field: message`.
pub fn execute(world: &mut World, cmd: &Command, now_ms: u64) -> String {
    execute_traced(world, cmd, now_ms).0
}

/// [`execute`], also returning the model's [`Response`] when the command was an [`Op`] the
/// model answered (for views that follow what was done, e.g. a runbook checklist).
pub fn execute_traced(world: &mut World, cmd: &Command, now_ms: u64) -> (String, Option<Response>) {
    match &cmd.action {
        Action::Op(op) => match world.apply(op.clone(), now_ms) {
            Ok(resp) => {
                let text = match (&cmd.output, op, &resp) {
                    (
                        Output::Psql { composite: true },
                        Op::CreateSlot { name },
                        Response::Sql(Ok(_)),
                    ) => {
                        let lsn = world.slots().get(name).map_or(0, |s| s.confirmed_flush_lsn);
                        psql_table(
                            &["pg_create_logical_replication_slot".to_string()],
                            &[vec![(format!("({name},{})", pg_lsn_text(lsn)), false)]],
                        )
                    }
                    _ => render(cmd, &resp),
                };
                (text, Some(resp))
            }
            Err(e) => (format!("cdc-lab: {e}\n"), None),
        },
        Action::Http { status, body } => {
            if let Err(e) = world.advance(now_ms) {
                return (format!("cdc-lab: {e}\n"), None);
            }
            let resp = if world.worker_up() {
                Response::Http {
                    status: *status,
                    body: body.clone(),
                }
            } else {
                Response::ConnectionRefused
            };
            (render(cmd, &resp), None)
        }
        Action::Slots(q) => match world.advance(now_ms) {
            Ok(()) => (query_slots(world, q), None),
            Err(e) => (format!("cdc-lab: {e}\n"), None),
        },
    }
}

/// Parses and runs one line: what the terminal panel prints.
pub fn run(world: &mut World, line: &str, now_ms: u64) -> String {
    match parse(line) {
        Parsed::Empty => String::new(),
        Parsed::Help => format!("{HELP}\n"),
        Parsed::Error(m) | Parsed::Unsupported(m) => format!("{m}\n"),
        Parsed::Command(cmd) => execute(world, &cmd, now_ms),
    }
}
