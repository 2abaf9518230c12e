//! Property tests of the Discord importer: any bytes are refused or read without panicking, and generated exports
//! come back with the messages they were written with.

use super::*;
use crate::Collect;
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut b = Bundle::from_bytes("c.json", bytes);
        let _ = Discord.read(&mut b, &Options::default(), &mut Collect::default());
    }

    #[test]
    fn generated_exports_round_trip(
        msgs in proptest::collection::vec(
            (1u64..u64::MAX, 1u64..1000, 0i64..4_000_000_000_000, "[^\u{0}]{0,30}", any::<bool>(), 0usize..3),
            0..8,
        )
    ) {
        let arr: Vec<serde_json::Value> = msgs.iter().map(|(id, author, ms, content, bot, files)| {
            let ts = jingjian_model::time::to_rfc3339(*ms);
            let attachments: Vec<_> = (0..*files).map(|i| serde_json::json!({"id": i.to_string(), "fileName": "a.bin"})).collect();
            serde_json::json!({"id": id.to_string(), "type": "Default", "timestamp": ts, "timestampEdited": null,
                "content": content, "author": {"id": author.to_string(), "name": "n", "isBot": bot},
                "attachments": attachments, "mentions": []})
        }).collect();
        let doc = serde_json::json!({"guild": {"id": "1", "name": "g"},
            "channel": {"id": "9", "type": "GuildTextChat", "name": "c"}, "messages": arr});
        let mut b = Bundle::from_bytes("c.json", serde_json::to_vec(&doc).unwrap());
        let mut c = Collect::default();
        Discord.read(&mut b, &Options::default(), &mut c).unwrap();
        let got: Vec<_> = c.messages().collect();
        prop_assert_eq!(got.len(), msgs.len());
        for (m, (id, author, ms, content, bot, files)) in got.iter().zip(&msgs) {
            prop_assert_eq!(&m.id, &id.to_string());
            prop_assert_eq!(m.time, *ms);
            prop_assert_eq!(m.sender.clone(), Some(author.to_string()));
            prop_assert_eq!(&m.text, content);
            prop_assert_eq!(m.kind == jingjian_model::MessageKind::Bot, *bot);
            prop_assert_eq!(m.attachments as usize, *files);
            prop_assert_eq!(m.mentions_all, content.contains("@everyone") || content.contains("@here"));
        }
    }
}
