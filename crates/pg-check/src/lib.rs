//! # pg-check: a throwaway PostgreSQL cluster for tests
//!
//! One place that starts a real PostgreSQL server for a test and always removes it again:
//! [`start_cluster`] runs `initdb` in a fresh temporary directory, appends the given settings
//! to `postgresql.conf` (plus `listen_addresses = '127.0.0.1'`, a free loopback port and the
//! unix socket inside the directory) and starts it with `pg_ctl`. [`Cluster`] stops the server
//! (`pg_ctl stop -m immediate`, then `SIGKILL` to the postmaster if that fails) and deletes the
//! directory when dropped, so also when a test panics.
//!
//! The server refuses to run as root: as root, the cluster belongs to the `postgres` user
//! (created by Debian's `postgresql-15` package; `nobody` if it is missing) and the server
//! programs run through `runuser -u USER --`; otherwise they run as the current user.
//!
//! Queries go through `psql` (the same client the lessons show), one process per call:
//! [`Conn::query`] returns rows of text fields (NULL as `None`). No network beyond loopback,
//! no Docker. The binaries come from `$PG_BINDIR`, `/usr/lib/postgresql/15/bin` or
//! `pg_config --bindir`, in that order.

use std::fmt;
use std::fs;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What went wrong starting, querying or stopping a cluster (a sentence with the command's
/// own output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The superuser `initdb` creates (fixed, whoever runs the server).
pub const SUPERUSER: &str = "postgres";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A running throwaway cluster. Dropping it stops the server and removes its directory.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    bindir: PathBuf,
    port: u16,
    run_as: Option<String>,
    stopped: bool,
}

/// A connection to one database of a [`Cluster`] (through `psql`).
#[derive(Debug, Clone)]
pub struct Conn {
    psql: PathBuf,
    socket_dir: PathBuf,
    port: u16,
    database: String,
}

/// The directory with PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`, `psql`).
pub fn find_bindir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("PG_BINDIR") {
        let d = PathBuf::from(d);
        if d.join("postgres").is_file() {
            return Ok(d);
        }
        return Err(Error(format!(
            "PG_BINDIR={} has no postgres binary",
            d.display()
        )));
    }
    let debian = PathBuf::from("/usr/lib/postgresql/15/bin");
    if debian.join("postgres").is_file() && debian.join("initdb").is_file() {
        return Ok(debian);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && d.join("postgres").is_file() && d.join("initdb").is_file() {
            return Ok(d);
        }
    }
    Err(Error(
        "no PostgreSQL server binaries: install postgresql-15 (scripts/bootstrap does) or set PG_BINDIR"
            .into(),
    ))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn id_of(user: &str, flag: &str) -> Option<u32> {
    let out = Command::new("id").args([flag, user]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error(format!("cannot bind a loopback port: {e}")))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| Error(format!("no local address: {e}")))
}

fn describe(what: &str, out: &Output) -> Error {
    Error(format!(
        "{what} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout).trim(),
        String::from_utf8_lossy(&out.stderr).trim()
    ))
}

/// Quotes a setting value for `postgresql.conf`.
fn conf_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

/// Starts a fresh cluster with `settings` (`postgresql.conf` names and values, e.g.
/// `("wal_level", "logical")`) and waits until it accepts connections.
pub fn start_cluster(settings: &[(&str, &str)]) -> Result<Cluster> {
    let bindir = find_bindir()?;
    let run_as = if is_root() {
        Some(if id_of("postgres", "-u").is_some() {
            "postgres".to_string()
        } else {
            "nobody".to_string()
        })
    } else {
        None
    };
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("cdc-pg-{}-{n}", std::process::id()));
    if dir.exists() {
        fs::remove_dir_all(&dir)
            .map_err(|e| Error(format!("cannot clear {}: {e}", dir.display())))?;
    }
    fs::create_dir(&dir).map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))?;
    // From here on the guard removes the directory whatever happens.
    let mut cluster = Cluster {
        dir,
        bindir,
        port: 0,
        run_as,
        stopped: true,
    };
    if let Some(user) = &cluster.run_as {
        let (Some(uid), Some(gid)) = (id_of(user, "-u"), id_of(user, "-g")) else {
            return Err(Error(format!("no uid/gid for user {user}")));
        };
        std::os::unix::fs::chown(&cluster.dir, Some(uid), Some(gid))
            .map_err(|e| Error(format!("cannot chown {}: {e}", cluster.dir.display())))?;
    }
    let data = cluster.data_dir();
    let out = cluster.server_command("initdb", |c| {
        c.args(["-D"])
            .arg(&data)
            .args(["-U", SUPERUSER, "--auth=trust", "--no-sync", "-E", "UTF8"])
            .args(["--locale=C"]);
    })?;
    if !out.status.success() {
        return Err(describe("initdb", &out));
    }
    let mut conf = String::from("\n# cdc-lab pg-check\n");
    conf.push_str("listen_addresses = '127.0.0.1'\n");
    conf.push_str(&format!(
        "unix_socket_directories = {}\n",
        conf_quote(&cluster.dir.to_string_lossy())
    ));
    for (name, value) in settings {
        conf.push_str(&format!("{name} = {}\n", conf_quote(value)));
    }
    let conf_path = data.join("postgresql.conf");
    fs::OpenOptions::new()
        .append(true)
        .open(&conf_path)
        .and_then(|mut f| f.write_all(conf.as_bytes()))
        .map_err(|e| Error(format!("cannot write {}: {e}", conf_path.display())))?;

    // A free port can be taken between the probe and the start: try a few.
    let mut last = Error("not started".into());
    for _ in 0..5 {
        let port = free_port()?;
        let log = cluster.log_path();
        let out = cluster.server_command("pg_ctl", |c| {
            c.args(["start", "-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .arg("-o")
                .arg(format!("-p {port}"));
        })?;
        if out.status.success() {
            cluster.port = port;
            cluster.stopped = false;
            return Ok(cluster);
        }
        last = describe("pg_ctl start", &out);
        last.0
            .push_str(&format!("\nserver log:\n{}", cluster.server_log()));
    }
    Err(last)
}

impl Cluster {
    /// The data directory.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// The server log file (`pg_ctl -l`).
    pub fn log_path(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    /// The server log so far (empty if unreadable).
    pub fn server_log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// The loopback TCP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory holding the unix socket (use as `host`).
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    /// A connection to `database` as the superuser.
    pub fn connect(&self, database: &str) -> Conn {
        Conn {
            psql: self.bindir.join("psql"),
            socket_dir: self.dir.clone(),
            port: self.port,
            database: database.to_string(),
        }
    }

    /// `CREATE DATABASE name`.
    pub fn create_database(&self, name: &str) -> Result<()> {
        self.connect("postgres")
            .execute(&format!("CREATE DATABASE {}", quote_ident(name)))
    }

    fn server_command(&self, program: &str, args: impl FnOnce(&mut Command)) -> Result<Output> {
        let path = self.bindir.join(program);
        let mut c = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        args(&mut c);
        c.current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error(format!("cannot run {}: {e}", path.display())))
    }

    /// Stops the server (immediate shutdown). Idempotent; `Drop` calls it too.
    pub fn stop(&mut self) -> Result<()> {
        if self.stopped {
            return Ok(());
        }
        let data = self.data_dir();
        let out = self.server_command("pg_ctl", |c| {
            c.args(["stop", "-w", "-t", "30", "-m", "immediate", "-D"])
                .arg(&data);
        });
        let ok = matches!(&out, Ok(o) if o.status.success());
        if !ok {
            // Last resort: the postmaster's PID is the first line of postmaster.pid.
            if let Some(pid) = fs::read_to_string(data.join("postmaster.pid"))
                .ok()
                .and_then(|s| s.lines().next().map(str::to_string))
            {
                let _ = Command::new("kill").args(["-KILL", pid.trim()]).status();
            }
        }
        self.stopped = true;
        match out {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(describe("pg_ctl stop", &o)),
            Err(e) => Err(e),
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// `"name"` with embedded quotes doubled.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `'text'` with embedded quotes doubled.
pub fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Field and record separators of psql's unaligned output (never in our values).
const FIELD_SEP: char = '\u{1f}';
const RECORD_SEP: char = '\u{1e}';
/// How psql prints NULL here.
const NULL_MARK: &str = "\u{1a}NULL";

impl Conn {
    /// The database this connection uses.
    pub fn database(&self) -> &str {
        &self.database
    }

    fn psql(&self, sql: &str) -> Result<String> {
        let out = Command::new(&self.psql)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .arg("-F")
            .arg(FIELD_SEP.to_string())
            .arg("-R")
            .arg(RECORD_SEP.to_string())
            .arg("-P")
            .arg(format!("null={NULL_MARK}"))
            .arg("-h")
            .arg(&self.socket_dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                SUPERUSER,
                "-d",
                &self.database,
            ])
            .arg("-c")
            .arg(sql)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error(format!("cannot run psql: {e}")))?;
        if !out.status.success() {
            return Err(Error(format!(
                "psql in {} failed on {sql:?}: {}",
                self.database,
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs one SQL statement (or several separated by `;`), ignoring any output.
    pub fn execute(&self, sql: &str) -> Result<()> {
        self.psql(sql).map(|_| ())
    }

    /// Rows of a query, each a list of fields (`None` for NULL).
    pub fn query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let text = self.psql(sql)?;
        let text = text.strip_suffix('\n').unwrap_or(&text);
        if text.is_empty() {
            return Ok(Vec::new());
        }
        Ok(text
            .split(RECORD_SEP)
            .map(|row| {
                row.split(FIELD_SEP)
                    .map(|f| (f != NULL_MARK).then(|| f.to_string()))
                    .collect()
            })
            .collect())
    }

    /// The single value of a one-row, one-column query (`None` for NULL).
    pub fn value(&self, sql: &str) -> Result<Option<String>> {
        let rows = self.query(sql)?;
        match rows.as_slice() {
            [row] => match row.as_slice() {
                [v] => Ok(v.clone()),
                _ => Err(Error(format!(
                    "{sql:?} returned {} columns, not 1",
                    row.len()
                ))),
            },
            _ => Err(Error(format!(
                "{sql:?} returned {} rows, not 1",
                rows.len()
            ))),
        }
    }
}

/// Parses PostgreSQL's `X/Y` LSN text.
pub fn parse_lsn(text: &str) -> Result<u64> {
    let (hi, lo) = text
        .split_once('/')
        .ok_or_else(|| Error(format!("not an LSN: {text:?}")))?;
    let hi = u64::from_str_radix(hi, 16).map_err(|_| Error(format!("not an LSN: {text:?}")))?;
    let lo = u64::from_str_radix(lo, 16).map_err(|_| Error(format!("not an LSN: {text:?}")))?;
    Ok((hi << 32) | lo)
}

/// Formats an LSN as PostgreSQL does (`X/Y`).
pub fn format_lsn(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xFFFF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lsn_text_round_trips() {
        assert_eq!(parse_lsn("0/3000028"), Ok(0x300_0028));
        assert_eq!(parse_lsn("1/0"), Ok(1 << 32));
        assert_eq!(format_lsn(0x1_0300_0028), "1/3000028");
        assert!(parse_lsn("zz").is_err());
    }

    #[test]
    fn settings_are_quoted_for_postgresql_conf() {
        assert_eq!(conf_quote("64MB"), "'64MB'");
        assert_eq!(conf_quote("a'b\\c"), "'a''b\\\\c'");
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(quote_literal("it's"), "'it''s'");
    }
}
