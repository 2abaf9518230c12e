//! Importing: an importer runs on its own thread and pushes records through a bounded channel; this side
//! de-duplicates them against the workspace, streams new messages into Parquet files as they come, and commits
//! everything as one workspace version at the end. If the importer fails (a bad file, a panic), nothing is
//! committed and the files already written are removed, so the workspace stays exactly as it was.

use crate::manifest::TableVersions;
use crate::workspace::CREATED;
use crate::{StoreError, Workspace, batch_to_records};
use deltalake::arrow::array::{Array, AsArray};
use deltalake::datafusion::prelude::SessionContext;
use deltalake::protocol::SaveMode;
use deltalake::writer::{DeltaWriter, RecordBatchWriter};
use futures::StreamExt;
use jingjian_import::{ImportError, Sink};
use jingjian_model::{Entity, Group, Key, Member, Membership, Record};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, HashSet};
use std::time::SystemTime;

/// Records sent through the channel at a time.
const CHUNK: usize = 4096;
/// Messages buffered before they are encoded into the open Parquet file: small enough that the encoder keeps
/// pace with the parse and has little left to do when it ends.
const BATCH: usize = 8 * 1024;
/// Batches waiting for the encoder at most (64Ki messages).
const WAITING: usize = 8;
/// Parquet files of new messages are sealed at about this size.
const TARGET_FILE: u64 = 32 * 1024 * 1024;
/// Rows per Parquet row group: the writer holds one row group in memory.
const ROW_GROUP: usize = 64 * 1024;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportOutcome {
    /// Records that were new or changed something.
    pub imported: u64,
    /// Records the workspace already had, unchanged.
    pub duplicates: u64,
    /// New or changed rows per table (including members, groups and memberships implied by messages).
    pub tables: BTreeMap<String, u64>,
    /// The workspace version made, or `None` when nothing changed.
    pub version: Option<u64>,
}

/// Progress callbacks, called from the importer's thread.
pub trait Progress: Send {
    /// The importer has read `bytes` of the current file.
    fn bytes(&mut self, bytes: u64);
}

impl Progress for () {
    fn bytes(&mut self, _bytes: u64) {}
}

/// Hands the importer's records to the workspace writer in chunks, each with its key: the key is hashed on the
/// importer's thread, not on the writer's, which de-duplicates every record in turn.
struct ChannelSink<P> {
    tx: tokio::sync::mpsc::Sender<Vec<(Key, Record)>>,
    buf: Vec<(Key, Record)>,
    progress: P,
}

impl<P: Progress> Sink for ChannelSink<P> {
    fn record(&mut self, record: Record) -> Result<(), String> {
        self.buf.push((record.key(), record));
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }
    fn progress(&mut self, bytes: u64) {
        self.progress.bytes(bytes);
    }
}

/// What the sink answers once the workspace writer has stopped.
const STOPPED: &str = "the workspace writer stopped";

impl<P> ChannelSink<P> {
    fn send(&mut self) -> Result<(), String> {
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx.blocking_send(chunk).map_err(|_| STOPPED.to_owned())
    }
}

/// The small entity tables an import holds whole.
const DIMENSIONS: [Entity; 4] = [Entity::Unit, Entity::Member, Entity::Group, Entity::Membership];

/// The small entity tables, held whole in memory during an import and rewritten if anything changed.
#[derive(Default)]
struct Dimension {
    rows: BTreeMap<Key, Record>,
    changed: u64,
}

impl Workspace {
    /// Runs `produce` (an importer) on its own thread and stores what it pushes as one new workspace version.
    /// `detail` is recorded with the version (files, formats). Nothing is committed if `produce` fails or panics.
    pub async fn import<F, P>(
        &mut self,
        detail: serde_json::Value,
        progress: P,
        produce: F,
    ) -> Result<ImportOutcome, StoreError>
    where
        F: FnOnce(&mut dyn Sink) -> Result<(), ImportError> + Send + 'static,
        P: Progress + 'static,
    {
        let started = SystemTime::now();
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<(Key, Record)>>(8);
        let worker = std::thread::spawn(move || {
            let mut sink = ChannelSink { tx, buf: Vec::with_capacity(CHUNK), progress };
            produce(&mut sink)?;
            sink.send().map_err(ImportError::Sink)
        });

        // What the workspace holds, read all at once (the importer is already parsing); a workspace just created
        // holds nothing, and its session and queries are spared.
        let held = async {
            let mut dims: BTreeMap<Entity, Dimension> = DIMENSIONS.map(|e| (e, Dimension::default())).into();
            if self.latest().operation == CREATED {
                return Ok((FxHashSet::default(), dims));
            }
            let ctx = self.session(None).await?;
            let loading = DIMENSIONS.map(|e| {
                let ctx = &ctx;
                async move { Ok::<_, StoreError>((e, load_rows(ctx, e).await?)) }
            });
            let (seen, rows) = tokio::try_join!(message_keys(&ctx), futures::future::try_join_all(loading))?;
            for (e, rows) in rows {
                dims.insert(e, Dimension { rows, changed: 0 });
            }
            Ok::<_, StoreError>((seen, dims))
        };
        let ((mut seen, mut dims), mut messages) =
            tokio::try_join!(held, self.table_for_write(Entity::Message.table()))?;
        // Files are sealed at this size, so memory holds at most one open file whatever the input size.
        let mut writer = RecordBatchWriter::for_table(&messages)
            .map_err(|e| StoreError::delta("messages", e))?
            .with_target_file_size(TARGET_FILE)
            .with_writer_properties(
                crate::workspace::writer_properties().set_max_row_group_row_count(Some(ROW_GROUP)).build(),
            );
        // Arrow conversion and Parquet encoding run on their own task, beside the de-duplication below.
        let (batches, mut to_encode) = tokio::sync::mpsc::channel::<Pending>(WAITING);
        // The encoded messages (thousands of small strings a batch) are freed on a thread of their own: on the
        // encoder's they took a fifth of its time, and the encoder is the import's last step to finish.
        let (encoded, to_free) = std::sync::mpsc::channel::<Pending>();
        std::thread::spawn(move || to_free.into_iter().for_each(drop));
        let encoder = tokio::spawn(async move {
            while let Some(records) = to_encode.recv().await {
                write_batch(&mut writer, &records).await?;
                let _ = encoded.send(records);
            }
            Ok::<_, StoreError>(writer)
        });
        let mut pending = Pending::with_capacity(BATCH);
        let mut implied = Implied::default();
        let mut out = ImportOutcome::default();
        let mut new_messages = 0u64;

        'receive: while let Some(chunk) = rx.recv().await {
            for (key, record) in chunk {
                let entity = record.entity();
                if entity == Entity::Message {
                    if !seen.insert(key) {
                        out.duplicates += 1;
                        continue;
                    }
                    out.imported += 1;
                    new_messages += 1;
                    if let Record::Message(m) = &record
                        && implied.first_time(m)
                    {
                        imply(&mut dims, m);
                    }
                    pending.records.push(record);
                    pending.keys.push(key);
                    if pending.records.len() >= BATCH {
                        let full = std::mem::replace(&mut pending, Pending::with_capacity(BATCH));
                        if batches.send(full).await.is_err() {
                            // The encoder failed; its error is reported below.
                            break 'receive;
                        }
                    }
                } else {
                    let dim = dims.get_mut(&entity).expect("every dimension loaded");
                    if upsert(dim, key, record) {
                        out.imported += 1;
                    } else {
                        out.duplicates += 1;
                    }
                }
            }
        }
        if !pending.records.is_empty() {
            let _ = batches.send(pending).await;
        }
        drop(batches);
        // Closing the channel lets a producer still sending (after an encoder failure) stop instead of waiting.
        drop(rx);
        let produced = worker.join();
        // Once the importer has finished well, the small tables are complete: written while the encoder drains
        // its last batches (on the other core). Should the encoder then fail, their new table versions are in no
        // workspace version (as when the messages' commit fails), and the next import overwrites them.
        let (encoded, dimensions) = if matches!(produced, Ok(Ok(()))) {
            let (encoded, dimensions) = tokio::join!(encoder, self.write_dimensions(&dims));
            (encoded, Some(dimensions))
        } else {
            (encoder.await, None)
        };
        let encoded = encoded.map_err(|e| StoreError::Task(e.to_string())).and_then(|r| r);
        let (mut writer, mut changed) = match (produced, encoded, dimensions) {
            (Ok(Ok(())), Ok(writer), Some(Ok(changed))) => (writer, changed),
            (produced, encoded, dimensions) => {
                let e = match (produced, encoded, dimensions) {
                    (Err(panic), _, _) => StoreError::ImporterPanicked(panic_text(&panic)),
                    (Ok(Err(e)), _, _) => e.into(),
                    (Ok(Ok(())), Err(e), _) | (Ok(Ok(())), Ok(_), Some(Err(e))) => e,
                    (Ok(Ok(())), Ok(_), None | Some(Ok(_))) => unreachable!("the success case is matched above"),
                };
                self.sweep_unreferenced("messages", started).await;
                return Err(e);
            }
        };
        for (entity, dim) in &dims {
            if dim.changed > 0 {
                out.tables.insert(entity.table().to_owned(), dim.changed);
            }
        }
        if new_messages > 0 {
            out.tables.insert("messages".into(), new_messages);
            let v = writer.flush_and_commit(&mut messages).await.map_err(|e| StoreError::delta("messages", e))?;
            changed.insert("messages".into(), v);
        } else {
            drop(writer);
            self.sweep_unreferenced("messages", started).await;
        }
        if !changed.is_empty() {
            let mut detail = detail;
            if let Some(obj) = detail.as_object_mut() {
                obj.insert("imported".into(), out.imported.into());
                obj.insert("duplicates".into(), out.duplicates.into());
            }
            out.version = Some(self.commit_version("import", detail, changed)?);
        }
        // The rows held and the keys seen are freed on a thread of their own: tens of thousands of small strings
        // freed one by one took 8 ms of a 100k-message import that the caller need not wait for.
        std::thread::spawn(move || drop((dims, implied, seen)));
        Ok(out)
    }

    /// Rewrites the dimension tables that changed (each its own Delta commit, all at once), giving their new
    /// table versions.
    async fn write_dimensions(&self, dims: &BTreeMap<Entity, Dimension>) -> Result<TableVersions, StoreError> {
        let writes = dims.iter().filter(|(_, dim)| dim.changed > 0).map(|(entity, dim)| async move {
            let name = entity.table();
            // Written from the rows held, with the keys they are held by (no copy, no hashing again).
            let (keys, rows): (Vec<Key>, Vec<&Record>) = dim.rows.iter().map(|(k, r)| (*k, r)).unzip();
            let batch = crate::convert::keyed_records_to_batch(*entity, &rows, &keys)
                .map_err(|e| StoreError::Arrow { table: name.into(), source: e })?;
            let table = self.table_for_write(name).await?;
            let t = table
                .write(vec![batch])
                .with_save_mode(SaveMode::Overwrite)
                .await
                .map_err(|e| StoreError::delta(name, e))?;
            Ok::<_, StoreError>((name.to_owned(), t.version().unwrap_or(0)))
        });
        Ok(futures::future::try_join_all(writes).await?.into_iter().collect())
    }

    /// Removes Parquet files written into a table's folder since `since` that no version refers to (what an
    /// aborted import wrote). Best effort: leftovers are invisible to readers anyway.
    async fn sweep_unreferenced(&self, name: &str, since: SystemTime) {
        let Ok(table) = self.table_for_write(name).await else { return };
        let Ok(uris) = table.get_file_uris() else { return };
        let referenced: HashSet<String> = uris.filter_map(|u| u.rsplit('/').next().map(str::to_owned)).collect();
        let dir = self.table_path(name);
        let Ok(rd) = std::fs::read_dir(&dir) else { return };
        for entry in rd.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let fresh = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t >= since);
            if file.ends_with(".parquet") && fresh && !referenced.contains(&file) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Keys of every message in the newest version.
async fn message_keys(ctx: &SessionContext) -> Result<FxHashSet<Key>, StoreError> {
    // Keys are XXH3 hashes already: a fast hash of them spreads as well as SipHash, at a fraction of the cost.
    let mut keys = FxHashSet::default();
    let mut stream = ctx.sql("SELECT key FROM messages").await?.execute_stream().await?;
    while let Some(batch) = stream.next().await {
        let batch = crate::convert::conform(Entity::Message, &batch?)
            .map_err(|e| StoreError::Arrow { table: "messages".into(), source: e })?;
        let col = batch.column(0).as_string::<i32>();
        for i in 0..col.len() {
            if let Ok(k) = u128::from_str_radix(col.value(i), 16) {
                keys.insert(Key(k));
            }
        }
    }
    Ok(keys)
}

/// Every row of a small entity table, by key.
async fn load_rows(ctx: &SessionContext, entity: Entity) -> Result<BTreeMap<Key, Record>, StoreError> {
    let name = entity.table();
    let batches = ctx.table(name).await?.collect().await?;
    let mut rows = BTreeMap::new();
    for b in batches {
        for r in batch_to_records(entity, &b).map_err(|e| StoreError::Arrow { table: name.into(), source: e })? {
            rows.insert(r.key(), r);
        }
    }
    Ok(rows)
}

/// New messages waiting to be encoded, with the keys the de-duplication computed for them.
struct Pending {
    records: Vec<Record>,
    keys: Vec<Key>,
}

impl Pending {
    fn with_capacity(n: usize) -> Pending {
        Pending { records: Vec::with_capacity(n), keys: Vec::with_capacity(n) }
    }
}

async fn write_batch(writer: &mut RecordBatchWriter, pending: &Pending) -> Result<(), StoreError> {
    if pending.records.is_empty() {
        return Ok(());
    }
    let batch = crate::convert::keyed_records_to_batch(Entity::Message, &pending.records, &pending.keys)
        .map_err(|e| StoreError::Arrow { table: "messages".into(), source: e })?;
    writer.write(batch).await.map_err(|e| StoreError::delta("messages", e))
}

/// The (group, sender) pairs whose implied rows were already added in this import: a group's thousandth message
/// implies nothing new, so it is checked here with borrowed strings instead of building three records.
#[derive(Default)]
struct Implied(FxHashMap<jingjian_model::Source, FxHashMap<String, FxHashSet<Option<String>>>>);

impl Implied {
    fn first_time(&mut self, m: &jingjian_model::Message) -> bool {
        let groups = self.0.entry(m.source).or_default();
        if groups.get(m.group.as_str()).is_some_and(|senders| senders.contains(&m.sender)) {
            return false;
        }
        groups.entry(m.group.clone()).or_default().insert(m.sender.clone());
        true
    }
}

/// Senders are members of the groups they post in, and every group posted to exists: adds the rows a message
/// implies when the workspace lacks them (each looked up by its key before a row is built: the group and the
/// sender are nearly always known already).
fn imply(dims: &mut BTreeMap<Entity, Dimension>, m: &jingjian_model::Message) {
    let source = m.source.as_str();
    let groups = dims.get_mut(&Entity::Group).expect("groups");
    insert_missing(groups, Key::of(&[source, &m.group]), || {
        Record::Group(Group {
            source: m.source,
            id: m.group.clone(),
            name: None,
            kind: Default::default(),
            created: None,
            owner: None,
            unit: None,
            purpose: None,
            archived: false,
        })
    });
    let Some(sender) = &m.sender else { return };
    let members = dims.get_mut(&Entity::Member).expect("members");
    insert_missing(members, Key::of(&[source, sender]), || {
        Record::Member(Member {
            source: m.source,
            id: sender.clone(),
            name: None,
            unit: None,
            role: None,
            bot: m.kind == jingjian_model::MessageKind::Bot,
            deleted: false,
        })
    });
    let memberships = dims.get_mut(&Entity::Membership).expect("memberships");
    insert_missing(memberships, Key::of(&[source, &m.group, sender]), || {
        Record::Membership(Membership {
            source: m.source,
            group: m.group.clone(),
            member: sender.clone(),
            joined: None,
            left: None,
        })
    });
}

/// Adds the row `make` builds under `key` (its [`Record::key`]) unless the table has one.
fn insert_missing(dim: &mut Dimension, key: Key, make: impl FnOnce() -> Record) {
    if let std::collections::btree_map::Entry::Vacant(e) = dim.rows.entry(key) {
        let record = make();
        debug_assert_eq!(record.key(), key);
        e.insert(record);
        dim.changed += 1;
    }
}

/// Merges `record` (its key `key`) into the table: new rows are added; for known rows, every field the new record
/// sets replaces the stored one (flags only ever turn on). Returns whether anything changed.
fn upsert(dim: &mut Dimension, key: Key, record: Record) -> bool {
    use std::collections::btree_map::Entry;
    match dim.rows.entry(key) {
        Entry::Vacant(e) => {
            e.insert(record);
        }
        Entry::Occupied(mut e) => {
            // The same row again (exports repeat a chat's members in every file) changes nothing: no merge made.
            if *e.get() == record {
                return false;
            }
            let merged = merge(e.get(), record);
            if *e.get() == merged {
                return false;
            }
            e.insert(merged);
        }
    }
    dim.changed += 1;
    true
}

fn pick<T: Clone>(old: &Option<T>, new: Option<T>) -> Option<T> {
    new.or_else(|| old.clone())
}

fn merge(old: &Record, new: Record) -> Record {
    match (old, new) {
        (Record::Unit(o), Record::Unit(n)) => Record::Unit(jingjian_model::Unit {
            name: pick(&o.name, n.name),
            parent: pick(&o.parent, n.parent),
            quota: pick(&o.quota, n.quota),
            id: n.id,
        }),
        (Record::Member(o), Record::Member(n)) => Record::Member(Member {
            name: pick(&o.name, n.name),
            unit: pick(&o.unit, n.unit),
            role: pick(&o.role, n.role),
            bot: o.bot || n.bot,
            deleted: o.deleted || n.deleted,
            ..n
        }),
        (Record::Group(o), Record::Group(n)) => Record::Group(Group {
            name: pick(&o.name, n.name),
            kind: if n.kind == Default::default() { o.kind } else { n.kind },
            created: pick(&o.created, n.created),
            owner: pick(&o.owner, n.owner),
            unit: pick(&o.unit, n.unit),
            purpose: pick(&o.purpose, n.purpose),
            archived: o.archived || n.archived,
            ..n
        }),
        (Record::Membership(o), Record::Membership(n)) => {
            Record::Membership(Membership { joined: pick(&o.joined, n.joined), left: pick(&o.left, n.left), ..n })
        }
        (_, n) => n,
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}
