//! The harness itself: a cluster starts with the given settings on loopback, serves several
//! databases, and is stopped and removed when dropped, also when the test body panics.

use pg_check::{parse_lsn, start_cluster};

#[test]
fn cluster_applies_settings_serves_databases_and_cleans_up() {
    let cluster = start_cluster(&[("wal_level", "logical"), ("max_wal_size", "64MB")])
        .expect("the cluster starts");
    let pg = cluster.connect("postgres");
    assert_eq!(
        pg.value("SHOW wal_level").expect("SHOW works").as_deref(),
        Some("logical")
    );
    assert_eq!(
        pg.value("SHOW max_wal_size")
            .expect("SHOW works")
            .as_deref(),
        Some("64MB")
    );
    assert_eq!(
        pg.value("SHOW listen_addresses")
            .expect("SHOW works")
            .as_deref(),
        Some("127.0.0.1")
    );
    cluster
        .create_database("inventory")
        .expect("CREATE DATABASE");
    let inv = cluster.connect("inventory");
    assert_eq!(
        inv.value("SELECT current_database()")
            .expect("query")
            .as_deref(),
        Some("inventory")
    );
    let rows = inv
        .query("SELECT g, CASE WHEN g = 2 THEN NULL ELSE g::text END FROM generate_series(1, 3) g")
        .expect("query");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1], vec![Some("2".to_string()), None]);
    assert!(inv.query("SELECT 1 WHERE false").expect("query").is_empty());
    let lsn = pg
        .value("SELECT pg_current_wal_lsn()")
        .expect("query")
        .expect("not null");
    assert!(parse_lsn(&lsn).expect("an LSN") > 0);
    assert!(inv.execute("SELECT * FROM no_such_table").is_err());

    let dir = cluster.socket_dir().to_path_buf();
    assert!(dir.join("data/postmaster.pid").exists());
    drop(cluster);
    assert!(!dir.exists(), "the cluster directory is removed");
}

#[test]
fn a_panicking_test_still_stops_and_removes_its_cluster() {
    let (tx, rx) = std::sync::mpsc::channel();
    let result = std::thread::spawn(move || {
        let cluster = start_cluster(&[]).expect("the cluster starts");
        tx.send((cluster.socket_dir().to_path_buf(), cluster.port()))
            .expect("send");
        panic!("deliberate failure inside a test body");
    })
    .join();
    assert!(result.is_err(), "the thread panicked");
    let (dir, port) = rx.recv().expect("the cluster had started");
    assert!(!dir.exists(), "the cluster directory is removed");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens on the cluster's port any more"
    );
}
