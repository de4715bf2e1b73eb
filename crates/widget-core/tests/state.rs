//! The widget state from attributes and links: the bad-input contract (every refused value is
//! a problem that quotes it and names what is used instead, nothing is clamped silently,
//! nothing panics), precedence between attributes and the link, and the permalink round trip.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use wal_model::presets::PRESETS;
use widget_core::problem::shown_value;
use widget_core::state::preset_names;
use widget_core::{
    from_attributes, spec, Kind, Lang, ParamValue, Problem, Theme, WalState, WAL_PARAMS,
};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn only(problems: &[Problem]) -> &Problem {
    assert_eq!(problems.len(), 1, "{problems:?}");
    &problems[0]
}

#[test]
fn attributes_set_everything_and_non_data_attributes_are_ignored() {
    let (s, problems) = from_attributes([
        ("id", "sim1"),
        ("class", "wide"),
        ("style", "color: red"),
        ("data-preset", "weekend-outage-slot-limit"),
        ("data-lang", "en"),
        ("DATA-THEME", "dark"),
        ("data-height", "480"),
        ("data-heartbeat-interval", "10000"),
        ("data-cursor", "3600000"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.preset, "weekend-outage-slot-limit");
    assert_eq!(s.lang, Lang::En);
    assert_eq!(s.theme, Theme::Dark);
    assert_eq!(s.height_px, Some(480));
    assert_eq!(
        s.params.get("heartbeat-interval"),
        Some(ParamValue::Number(10_000))
    );
    assert!(s.params.is_overridden("heartbeat-interval"));
    assert_eq!(s.cursor_ms, Some(3_600_000));
    // The preset attribute may come after the parameters: parameters still apply to it.
    let (s, problems) = from_attributes([
        ("data-outage-hours", "1"),
        ("data-preset", "weekend-outage-disk-full"),
    ]);
    assert!(problems.is_empty());
    assert_eq!(s.preset, "weekend-outage-disk-full");
    assert_eq!(s.params.number("outage-hours"), Some(1));
}

#[test]
fn no_attributes_give_the_first_preset() {
    let (s, problems) = from_attributes([]);
    assert!(problems.is_empty());
    assert_eq!(s, WalState::default());
    assert_eq!(s.preset, PRESETS[0].name);
    assert_eq!(s.lang, Lang::Ru);
    assert_eq!(s.theme, Theme::Auto);
}

#[test]
fn a_bad_preset_names_it_and_the_valid_ones() {
    let (s, problems) = from_attributes([("data-preset", "idle-db")]);
    let p = only(&problems);
    assert_eq!(p.key, "preset");
    assert_eq!(p.value, "idle-db");
    assert!(p
        .message_en
        .starts_with("preset: \"idle-db\" is not a preset; valid: "));
    assert!(p.message_ru.contains("«idle-db»"));
    for name in preset_names() {
        assert!(p.message_en.contains(name), "{name} missing");
    }
    assert!(p
        .message_en
        .ends_with(&format!("; using {}", PRESETS[0].name)));
    assert_eq!(s.preset, PRESETS[0].name);
}

#[test]
fn bad_numbers_fall_back_to_the_preset_value_and_say_so() {
    // weekend-outage-slot-limit has no heartbeat: its value is 0.
    let base = [("data-preset", "weekend-outage-slot-limit")];
    for (raw, why_en) in [
        (
            "abc",
            "is not an integer; allowed: 0 to 3600000 ms in steps of 100",
        ),
        ("-5", "is not between 0 and 3600000 ms"),
        ("3600100", "is not between 0 and 3600000 ms"),
        ("99999999999999999999", "is not between 0 and 3600000 ms"),
        (
            "150",
            "is not a multiple of 100 (allowed: 0 to 3600000 ms in steps of 100)",
        ),
        (
            "",
            "is not an integer; allowed: 0 to 3600000 ms in steps of 100",
        ),
    ] {
        let (s, problems) =
            from_attributes(base.into_iter().chain([("data-heartbeat-interval", raw)]));
        let p = only(&problems);
        assert_eq!(p.key, "heartbeat-interval");
        assert_eq!(
            p.message_en,
            format!("heartbeat-interval: \"{raw}\" {why_en}; using 0")
        );
        assert!(
            p.message_ru.contains(&format!("«{raw}»")),
            "{}",
            p.message_ru
        );
        assert!(
            p.message_ru.ends_with("; используется 0"),
            "{}",
            p.message_ru
        );
        // Not clamped: the preset's value stays, not 0 "because -5 < 0" or 3600000.
        assert!(!s.params.is_overridden("heartbeat-interval"));
        assert_eq!(s.params.number("heartbeat-interval"), Some(0));
    }
}

#[test]
fn html_in_a_value_is_quoted_as_text() {
    let attack = "<img src=x onerror=alert(1)>";
    let (s, problems) = from_attributes([
        ("data-heartbeat-query", attack),
        ("data-lang", attack),
        ("data-preset", attack),
    ]);
    assert_eq!(problems.len(), 3);
    for p in &problems {
        assert_eq!(p.value, attack);
        assert!(
            p.message_en.contains(&format!("\"{attack}\"")),
            "{}",
            p.message_en
        );
        assert!(
            p.message_ru.contains(&format!("«{attack}»")),
            "{}",
            p.message_ru
        );
    }
    assert_eq!(s, WalState::default());
}

#[test]
fn unknown_and_mangled_attributes_are_problems() {
    let (s, problems) = from_attributes([
        ("data-heartbeat", "10000"),
        ("data-theme", "sepia"),
        ("data-height", "10"),
        ("data-lang", "de"),
        ("data-cursor", "-1"),
    ]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        ["data-heartbeat", "theme", "height", "lang", "cursor"]
    );
    assert!(problems[0].message_en.starts_with(
        "data-heartbeat: unknown attribute (value \"10000\"); known: data-preset, data-lang"
    ));
    assert!(problems[0].message_en.contains("data-heartbeat-interval"));
    assert_eq!(
        problems[1].message_en,
        "theme: \"sepia\" is not light, dark or auto; using auto"
    );
    assert_eq!(
        problems[2].message_en,
        "height: \"10\" is not an integer from 240 to 2000 px; using the default height"
    );
    assert_eq!(
        problems[3].message_en,
        "lang: \"de\" is not ru or en; using ru"
    );
    // idle-db-no-heartbeat lasts 72 h = 259200000 ms.
    assert_eq!(
        problems[4].message_en,
        "cursor: \"-1\" is not an integer from 0 to 259200000 ms (the scenario's duration); no cursor is set"
    );
    assert_eq!(
        (s.theme, s.height_px, s.lang, s.cursor_ms),
        (Theme::Auto, None, Lang::Ru, None)
    );
}

#[test]
fn a_cursor_is_checked_against_the_overridden_duration() {
    // 2 h = 7200000 ms: 7200000 is the end (allowed), 7200001 is past it.
    let (s, problems) = from_attributes([("data-duration", "2"), ("data-cursor", "7200000")]);
    assert!(problems.is_empty());
    assert_eq!(s.cursor_ms, Some(7_200_000));
    let (_, problems) = from_attributes([("data-cursor", "7200001"), ("data-duration", "2")]);
    assert_eq!(only(&problems).key, "cursor");
}

#[test]
fn a_megabyte_attribute_gives_a_short_message() {
    let huge = "9".repeat(1 << 20);
    let (_, problems) = from_attributes([("data-duration", huge.as_str())]);
    let p = only(&problems);
    // 40 nines and an ellipsis.
    assert_eq!(p.value, format!("{}…", "9".repeat(40)));
    assert!(p.message_en.len() < 200, "{}", p.message_en);
    assert!(p.message_en.contains(&p.value));
}

#[test]
fn the_link_lists_only_what_differs_namespaced_by_id() {
    let mut s = WalState::for_preset("weekend-outage-slot-limit").unwrap();
    s.params
        .set("heartbeat-interval", ParamValue::Number(10_000))
        .unwrap();
    // Setting a value back to the preset's (8192) is no override and not in the link.
    s.params
        .set("max-slot-wal-keep-size", ParamValue::Number(8192))
        .unwrap();
    s.params
        .set("critical-threshold", ParamValue::Number(6000))
        .unwrap();
    s.set_cursor(Some(3_600_000));
    assert_eq!(
        s.to_query("sim1"),
        pairs(&[
            ("sim1.preset", "weekend-outage-slot-limit"),
            ("sim1.heartbeat-interval", "10000"),
            ("sim1.critical-threshold", "6000"),
            ("sim1.t", "3600000"),
        ])
    );
    assert_eq!(
        s.to_query("")[0],
        (
            "preset".to_string(),
            "weekend-outage-slot-limit".to_string()
        )
    );
}

#[test]
fn the_link_overrides_attributes_for_its_id_only() {
    let (base, problems) = from_attributes([
        ("data-preset", "idle-db-heartbeat"),
        ("data-heartbeat-interval", "0"),
        ("data-lang", "en"),
    ]);
    assert!(problems.is_empty());
    assert!(base.params.is_overridden("heartbeat-interval"));

    // Other ids (including a longer id that starts the same) are ignored.
    let q = pairs(&[
        ("sim2.heartbeat-interval", "500"),
        ("sim10.duration", "5"),
        ("utm_source", "x"),
    ]);
    let (s, problems) = WalState::from_query(&base, &q, "sim1");
    assert!(problems.is_empty());
    assert_eq!(s, base);

    // A link with a preset is complete: the attribute's override is gone (a reset travels).
    let q = pairs(&[("sim1.preset", "idle-db-heartbeat")]);
    let (s, problems) = WalState::from_query(&base, &q, "sim1");
    assert!(problems.is_empty());
    assert!(s.params.overrides().is_empty());
    assert_eq!(s.params.number("heartbeat-interval"), Some(10_000));
    assert_eq!(s.lang, Lang::En, "language stays the page's");

    // A link without a preset layers on the attributes.
    let q = pairs(&[("sim1.t", "60000"), ("sim1.other-rate", "2048")]);
    let (s, problems) = WalState::from_query(&base, &q, "sim1");
    assert!(problems.is_empty());
    assert_eq!(s.params.number("heartbeat-interval"), Some(0));
    assert_eq!(s.params.number("other-rate"), Some(2048));
    assert_eq!(s.cursor_ms, Some(60_000));
}

#[test]
fn mangled_link_values_keep_the_base() {
    let (base, _) = from_attributes([("data-preset", "idle-db-heartbeat")]);
    let q = pairs(&[
        ("sim1.preset", "nope"),
        ("sim1.duration", "abc"),
        ("sim1.t", "x"),
        ("sim1.bogus", "1"),
    ]);
    let (s, problems) = WalState::from_query(&base, &q, "sim1");
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["preset", "sim1.bogus", "duration", "cursor"]);
    assert!(problems[0]
        .message_en
        .ends_with("; using idle-db-heartbeat"));
    // idle-db-heartbeat lasts 604800000 ms = 168 h.
    assert_eq!(
        problems[2].message_en,
        "duration: \"abc\" is not an integer; allowed: 1 to 720 h; using 168"
    );
    assert_eq!(s, base);
}

#[test]
fn the_scenario_is_the_preset_with_overrides() {
    let (s, problems) = from_attributes([
        ("data-preset", "idle-db-no-heartbeat"),
        ("data-heartbeat-interval", "10000"),
        ("data-heartbeat-query", "emit_message"),
    ]);
    assert!(problems.is_empty());
    let raw = s.scenario().unwrap();
    assert_eq!(raw.connectors[0].heartbeat.interval_ms, 10_000);
    let report = s.report().unwrap();
    // With the heartbeat the idle database's slot advances: no disk-full PANIC any more
    // (without it the 50 GB disk fills after 14 h).
    assert_eq!(report.server_down_at_ms, None);
    let plain = WalState::for_preset("idle-db-no-heartbeat")
        .unwrap()
        .report()
        .unwrap();
    assert!(plain.server_down_at_ms.is_some());
}

fn value_strategy(s: &'static widget_core::ParamSpec) -> BoxedStrategy<String> {
    match s.kind {
        Kind::Number { min, max, step } => (0..=(max - min) / step)
            .prop_map(move |k| (min + k * step).to_string())
            .boxed(),
        Kind::Toggle => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        Kind::Choice(c) => proptest::sample::select(c.iter().map(|c| c.value).collect::<Vec<_>>())
            .prop_map(str::to_string)
            .boxed(),
    }
}

fn state_strategy() -> impl Strategy<Value = WalState> {
    let per_param: Vec<_> = WAL_PARAMS
        .iter()
        .map(|s| proptest::option::weighted(0.3, value_strategy(s)).prop_map(move |v| (s.key, v)))
        .collect();
    (
        0..PRESETS.len(),
        per_param,
        proptest::option::of(0u64..=u64::MAX),
        any::<bool>(),
        0..3usize,
    )
        .prop_map(|(i, values, cursor, en, theme)| {
            let mut s = WalState::for_preset(PRESETS[i].name).unwrap();
            // Values a rule refuses are simply not set: the state stays consistent.
            for (key, v) in values {
                if let Some(v) = v {
                    let _ = s.params.set_text(key, &v);
                }
            }
            s.set_cursor(cursor.map(|c| c % (s.duration_ms() + 1)));
            s.lang = if en { Lang::En } else { Lang::Ru };
            s.theme = Theme::ALL[theme];
            s
        })
}

fn garbage() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[0-9]{15,30}",
        "-?[0-9]{1,8}",
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("\"'><script>alert(1)</script>".to_string()),
        Just(String::new()),
        Just("１０００".to_string()),
        Just("1e9".to_string()),
        Just("NaN".to_string()),
        ".{40,400}",
    ]
}

fn key_strategy() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = WAL_PARAMS.iter().map(|s| s.key.to_string()).collect();
    keys.extend(["preset", "t", "lang"].map(str::to_string));
    prop_oneof![proptest::sample::select(keys), "[a-z-]{1,12}", ".{0,60}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A permalink gives back the state it was made from, whatever the attributes' base
    /// (language, theme and height belong to the page, so the base supplies them).
    #[test]
    fn links_round_trip(s in state_strategy(), other in 0..PRESETS.len()) {
        let mut base = WalState::for_preset(PRESETS[other].name).unwrap();
        let _ = base.params.set_text("heartbeat-interval", "500");
        base.lang = s.lang;
        base.theme = s.theme;
        base.height_px = s.height_px;
        let (back, problems) = WalState::from_query(&base, &s.to_query("sim1"), "sim1");
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, s);
    }

    /// Garbage in a link never panics; each bad value gives a problem that quotes it
    /// (shortened), and a value the table accepts gives none (unless a rule between
    /// parameters refuses it).
    #[test]
    fn garbage_links_give_quoting_problems(key in key_strategy(), value in garbage()) {
        let base = WalState::for_preset("weekend-outage-slot-limit").unwrap();
        let q = vec![(format!("sim1.{key}"), value.clone())];
        let (s, problems) = WalState::from_query(&base, &q, "sim1");
        let expected_bad = match key.as_str() {
            "preset" => !preset_names().contains(&value.as_str()),
            // weekend-outage-slot-limit lasts 192 h = 691200000 ms.
            "t" => !value.trim().parse::<u64>().is_ok_and(|t| t <= 691_200_000),
            k => match spec(k) {
                Some(spec) => spec.parse(&value).is_err(),
                None => true,
            },
        };
        let rule_keys = ["warning-threshold", "critical-threshold", "lsn-flush-mode", "debezium-version"];
        if expected_bad {
            prop_assert_eq!(problems.len(), 1, "{:?}", problems);
        } else if !rule_keys.contains(&key.as_str()) {
            prop_assert!(problems.is_empty(), "{:?}", problems);
        }
        for p in &problems {
            prop_assert_eq!(&p.value, &shown_value(&value));
            prop_assert!(p.message_en.contains(&format!("\"{}\"", p.value)), "{}", p.message_en);
            prop_assert!(p.message_ru.contains(&format!("«{}»", p.value)), "{}", p.message_ru);
            prop_assert!(p.message_en.chars().count() < 1500);
        }
        if expected_bad && key != "preset" {
            prop_assert_eq!(&s.params, &base.params);
        }
        // Whatever happened, the state is one the model accepts.
        prop_assert!(s.scenario().is_ok());
    }

    /// The same for attributes, as the DOM gives them.
    #[test]
    fn garbage_attributes_never_panic(key in key_strategy(), value in garbage()) {
        let name = format!("data-{key}");
        let (s, problems) = from_attributes([(name.as_str(), value.as_str())]);
        for p in &problems {
            prop_assert!(p.message_en.contains(&p.value));
            prop_assert!(p.message_ru.contains(&p.value));
            prop_assert!(p.value.chars().count() <= 41);
        }
        prop_assert!(s.scenario().is_ok());
    }
}

/// Zooming asks for finer series: the buckets shrink accordingly, never below the preset's
/// resolution and never above the model's limit.
#[test]
fn finer_series_for_zoomed_charts() {
    let state = widget_core::WalState::for_preset("idle-db-heartbeat").unwrap();
    // The preset keeps the default 720 buckets over 7 days: 604 800 000 ms / 720 = 840 000 ms.
    let (_, coarse) = state.validated().unwrap();
    assert_eq!(wal_model::simulate(&coarse).bucket_ms, 840_000);
    // 7 200 buckets: 84 000 ms each.
    let (_, fine) = state.validated_with_points(7_200).unwrap();
    assert_eq!(wal_model::simulate(&fine).bucket_ms, 84_000);
    // Asking for fewer than the preset's 720 keeps 720; more than 20 000 is capped:
    // 604 800 000 / 20 000 = 30 240 ms.
    let (_, floor) = state.validated_with_points(10).unwrap();
    assert_eq!(wal_model::simulate(&floor).bucket_ms, 840_000);
    let (_, cap) = state.validated_with_points(1_000_000).unwrap();
    assert_eq!(wal_model::simulate(&cap).bucket_ms, 30_240);
}
