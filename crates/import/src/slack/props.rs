//! Property tests of the Slack importer: any bytes are refused or read without panicking, and generated messages
//! come back with the fields they were written with.

use super::*;
use crate::{Collect, Options};
use proptest::prelude::*;

fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes(name, bytes);
    let mut c = Collect::default();
    Slack.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_bytes("2024-01-01.json", bytes.clone());
        let _ = read_bytes("channels.json", bytes.clone());
        let _ = read_bytes("users.json", bytes);
    }

    #[test]
    fn mentions_never_panic_and_find_written_ids(noise in ".{0,40}", ids in proptest::collection::vec("U[A-Z0-9]{3,9}", 0..4)) {
        let _ = message::mentions(&noise);
        let text: String = ids.iter().map(|id| format!(" <@{id}> ")).collect();
        let (found, all) = message::mentions(&text);
        let mut want: Vec<String> = Vec::new();
        for id in ids { if !want.contains(&id) { want.push(id); } }
        prop_assert_eq!(found, want);
        prop_assert!(!all);
    }

    #[test]
    fn generated_day_files_round_trip(
        msgs in proptest::collection::vec(
            ("U[A-Z0-9]{4,8}", "[^\u{0}]{0,30}", 1_000_000_000i64..2_000_000_000, 0u32..1_000_000, any::<bool>(), any::<bool>()),
            1..8,
        )
    ) {
        let arr: Vec<serde_json::Value> = msgs.iter().enumerate().map(|(i, (user, text, secs, micros, threaded, edited))| {
            let ts = format!("{secs}.{micros:06}");
            let mut v = serde_json::json!({"type": "message", "user": user, "text": text, "ts": ts});
            if *threaded { v["thread_ts"] = serde_json::json!(format!("1.{i:06}")); }
            if *edited { v["edited"] = serde_json::json!({"user": user, "ts": "2.0"}); }
            v
        }).collect();
        let c = read_bytes("2024-01-01.json", serde_json::to_vec(&arr).unwrap()).unwrap();
        let got: Vec<_> = c.messages().collect();
        prop_assert_eq!(got.len(), msgs.len());
        for (i, (m, (user, text, secs, micros, threaded, edited))) in got.iter().zip(&msgs).enumerate() {
            prop_assert_eq!(&m.id, &format!("{secs}.{micros:06}"));
            prop_assert_eq!(m.time, secs * 1000 + i64::from(micros / 1000));
            prop_assert_eq!(m.sender.as_deref(), Some(user.as_str()));
            prop_assert_eq!(&m.text, text);
            prop_assert_eq!(m.thread_root.clone(), threaded.then(|| format!("1.{i:06}")));
            prop_assert_eq!(m.edited, *edited);
        }
    }
}
