//! The fields of one WeCom archive message object, deserialised without building a `serde_json::Value`: strings
//! borrow from the line when they hold no escapes, and values the importer does not read are skipped.
//!
//! Every field is read leniently, exactly as a lookup in a parsed `Value` object would see it: a later duplicate
//! key replaces an earlier one, a field of an unexpected JSON type reads as absent, and nesting deeper than
//! serde_json's recursion limit is still an error (skipped values are walked with `deserialize_any`, which counts
//! depth, not with `deserialize_ignored_any`, which does not).

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// One JSON value as the converter sees it.
pub(super) enum Lenient<'a> {
    /// A string.
    Str(Cow<'a, str>),
    /// A number: `Some` when it is an integer that fits `i64`.
    Int(Option<i64>),
    /// An array: its string elements (others are skipped).
    List(Vec<Cow<'a, str>>),
    /// An object: the body fields the converter reads.
    Obj(Box<Body<'a>>),
    /// `null` or a boolean.
    Other,
}

impl<'a> Lenient<'a> {
    /// The string, if this is one.
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Lenient::Str(s) => Some(s),
            _ => None,
        }
    }

    /// An integer written as a JSON number or as a string of digits.
    pub(super) fn as_int(&self) -> Option<i64> {
        match self {
            Lenient::Int(n) => *n,
            Lenient::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub(super) fn as_body(&self) -> Option<&Body<'a>> {
        match self {
            Lenient::Obj(b) => Some(b),
            _ => None,
        }
    }
}

/// The top-level keys the converter reads.
const HEADER: [&str; 9] =
    ["msgid", "action", "from", "tolist", "roomid", "msgtime", "msgtype", "time", "encrypt_chat_msg"];

/// One message object: its header fields by key, and every other key (the bodies) in order.
pub(super) struct Wire<'a> {
    header: [Option<Lenient<'a>>; HEADER.len()],
    others: Vec<(Cow<'a, str>, Lenient<'a>)>,
}

impl<'a> Wire<'a> {
    /// The value of `key`, as `Map::get` on the parsed object would find it (the last of duplicate keys).
    pub(super) fn get(&self, key: &str) -> Option<&Lenient<'a>> {
        match HEADER.iter().position(|h| *h == key) {
            Some(i) => self.header[i].as_ref(),
            None => self.others.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
        }
    }

    /// Whether the object has `key`, whatever its value.
    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The string value of `key`.
    pub(super) fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Lenient::as_str)
    }

    /// The integer value of `key` (a number, or a string of digits).
    pub(super) fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(Lenient::as_int)
    }

    /// The string elements of the array `key`; empty if it is absent or no array.
    pub(super) fn list(&self, key: &str) -> &[Cow<'a, str>] {
        match self.get(key) {
            Some(Lenient::List(l)) => l,
            _ => &[],
        }
    }
}

/// The keys of a body object whose string values the converter reads.
const BODY_STRS: [&str; 8] = ["content", "filename", "title", "feed_desc", "wish", "votetitle", "topic", "pre_msgid"];

/// A message body object: the string fields the converter reads, and the nested `info` and `item` values (used by
/// rare message types only) in full.
pub(super) struct Body<'a> {
    strs: [Option<Cow<'a, str>>; BODY_STRS.len()],
    /// The `info` value (qydiskfile), present when the key is.
    pub(super) info: Option<Value>,
    /// The `item` value (news, mixed), present when the key is.
    pub(super) item: Option<Value>,
}

impl Body<'_> {
    /// The string value of `key`, which must be one of [`BODY_STRS`].
    pub(super) fn str(&self, key: &str) -> Option<&str> {
        let i = BODY_STRS.iter().position(|k| *k == key).expect("a body key the wire reads");
        self.strs[i].as_deref()
    }
}

impl<'de> Deserialize<'de> for Wire<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Wire<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a WeCom message object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire<'de>, A::Error> {
                let mut wire = Wire { header: Default::default(), others: Vec::new() };
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    let value: Lenient<'de> = map.next_value()?;
                    match HEADER.iter().position(|h| *h == key) {
                        Some(i) => wire.header[i] = Some(value),
                        None => wire.others.push((key, value)),
                    }
                }
                Ok(wire)
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Lenient<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Str(Cow::Owned(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Int(Some(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Int(i64::try_from(v).ok()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Int(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Other)
            }
            fn visit_unit<E>(self) -> Result<Lenient<'de>, E> {
                Ok(Lenient::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = seq.next_element::<Elem<'de>>()? {
                    if let Elem::Str(s) = e {
                        out.push(s);
                    }
                }
                Ok(Lenient::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lenient<'de>, A::Error> {
                body(map).map(|b| Lenient::Obj(Box::new(b)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a body object's entries.
fn body<'de, A: MapAccess<'de>>(mut map: A) -> Result<Body<'de>, A::Error> {
    let mut b = Body { strs: Default::default(), info: None, item: None };
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        if let Some(i) = BODY_STRS.iter().position(|k| *k == key) {
            b.strs[i] = match map.next_value::<Elem<'de>>()? {
                Elem::Str(s) => Some(s),
                Elem::Skipped => None,
            };
        } else if key == "info" {
            b.info = Some(map.next_value()?);
        } else if key == "item" {
            b.item = Some(map.next_value()?);
        } else {
            map.next_value::<Skip>()?;
        }
    }
    Ok(b)
}

/// An array element or body field: a string is kept, anything else is skipped.
enum Elem<'a> {
    Str(Cow<'a, str>),
    Skipped,
}

impl<'de> Deserialize<'de> for Elem<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Elem<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Elem<'de>, E> {
                Ok(Elem::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Elem<'de>, E> {
                Ok(Elem::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Elem<'de>, E> {
                Ok(Elem::Str(Cow::Owned(v)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Elem<'de>, E> {
                Ok(Elem::Skipped)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Elem<'de>, E> {
                Ok(Elem::Skipped)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Elem<'de>, E> {
                Ok(Elem::Skipped)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Elem<'de>, E> {
                Ok(Elem::Skipped)
            }
            fn visit_unit<E>(self) -> Result<Elem<'de>, E> {
                Ok(Elem::Skipped)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Elem<'de>, A::Error> {
                skip_seq(seq).map(|()| Elem::Skipped)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Elem<'de>, A::Error> {
                skip_map(map).map(|()| Elem::Skipped)
            }
        }
        d.deserialize_any(V)
    }
}

/// An object key, borrowed from the input when it has no escapes (serde's own `Cow` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Any JSON value, walked and dropped (with the deserialiser's depth limit, unlike [`IgnoredAny`]).
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Skip;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_unit<E>(self) -> Result<Skip, E> {
                Ok(Skip)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Skip, A::Error> {
                skip_seq(seq).map(|()| Skip)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Skip, A::Error> {
                skip_map(map).map(|()| Skip)
            }
        }
        d.deserialize_any(V)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key::<IgnoredAny>()?.is_some() {
        map.next_value::<Skip>()?;
    }
    Ok(())
}
