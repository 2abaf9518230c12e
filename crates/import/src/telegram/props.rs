//! Property tests of the Telegram importer: any bytes are refused or read without panicking, and generated chats
//! come back with the messages they were written with.

use super::*;
use crate::Collect;
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut b = Bundle::from_bytes("result.json", bytes);
        let _ = Telegram.read(&mut b, &Options::default(), &mut Collect::default());
    }

    #[test]
    fn generated_chats_round_trip(
        chat_id in 1i64..1_000_000_000,
        msgs in proptest::collection::vec(
            (1u32..1_000_000, 0i64..2_000_000_000, proptest::collection::vec("[^\u{0}]{0,12}", 0..4), any::<bool>()),
            0..8,
        ),
        id_first in any::<bool>(),
    ) {
        let arr: Vec<serde_json::Value> = msgs.iter().enumerate().map(|(i, (from, t, parts, as_array))| {
            let text = if *as_array {
                serde_json::Value::Array(parts.iter().map(|p| serde_json::json!({"type": "bold", "text": p})).collect())
            } else {
                serde_json::json!(parts.concat())
            };
            serde_json::json!({"id": i + 1, "type": "message", "date_unixtime": t.to_string(),
                "from": "x", "from_id": format!("user{from}"), "text": text})
        }).collect();
        let doc = if id_first {
            serde_json::json!({"name": "g", "type": "private_group", "id": chat_id, "messages": arr})
        } else {
            serde_json::json!({"messages": arr, "name": "g", "type": "private_group", "id": chat_id})
        };
        let mut b = Bundle::from_bytes("result.json", serde_json::to_vec(&doc).unwrap());
        let mut c = Collect::default();
        Telegram.read(&mut b, &Options::default(), &mut c).unwrap();
        let got: Vec<_> = c.messages().collect();
        prop_assert_eq!(got.len(), msgs.len());
        for (i, (m, (from, t, parts, _))) in got.iter().zip(&msgs).enumerate() {
            prop_assert_eq!(&m.group, &chat_id.to_string());
            prop_assert_eq!(&m.id, &(i + 1).to_string());
            prop_assert_eq!(m.time, t * 1000);
            prop_assert_eq!(m.sender.clone(), Some(format!("user{from}")));
            prop_assert_eq!(&m.text, &parts.concat());
        }
    }
}
