//! Opening, creating, recovering, reading and versioning a workspace folder.
//!
//! Layout: `tables/<name>/` holds one Delta table each; `_jingjian/versions.json` is the version list;
//! `_jingjian/lock` is held (an OS file lock, released even by a killed process) while a command writes.

use crate::StoreError;
use crate::manifest::{Manifest, TableVersions, VersionInfo};
use deltalake::DeltaTable;
use deltalake::arrow::array::RecordBatch;
use deltalake::arrow::datatypes::SchemaRef;
use deltalake::datafusion::prelude::SessionContext;
use deltalake::kernel::StructType;
use deltalake::kernel::engine::arrow_conversion::TryIntoKernel;
use deltalake::protocol::SaveMode;
use jingjian_model::Entity;
use std::path::{Path, PathBuf};
use url::Url;

/// A derived result to store as a whole table (labels, group health, findings, plan, burden).
#[derive(Clone)]
pub struct DerivedTable {
    pub name: String,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

/// An open workspace. Opened for writing, it holds the workspace lock until dropped.
pub struct Workspace {
    root: PathBuf,
    pub(crate) manifest: Manifest,
    _lock: Option<std::fs::File>,
}

impl Workspace {
    /// Opens an existing workspace for reading.
    pub async fn open(root: &Path) -> Result<Workspace, StoreError> {
        let manifest = Manifest::load(root)?.ok_or_else(|| StoreError::NotAWorkspace(root.to_owned()))?;
        Ok(Workspace { root: absolute(root)?, manifest, _lock: None })
    }

    /// Opens a workspace for writing, creating it when missing. Takes the lock and rolls back whatever a crashed
    /// writer left beyond the newest workspace version.
    pub async fn open_for_write(root: &Path) -> Result<Workspace, StoreError> {
        let meta = root.join("_jingjian");
        std::fs::create_dir_all(&meta).map_err(|e| StoreError::io(&meta, e))?;
        let lock_path = meta.join("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(StoreError::Locked(root.to_owned())),
            Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&lock_path, e)),
        }
        let root = absolute(root)?;
        let manifest = match Manifest::load(&root)? {
            Some(m) => m,
            None => Manifest { format: 1, versions: Vec::new() },
        };
        let mut ws = Workspace { root, manifest, _lock: Some(lock) };
        ws.recover().await?;
        if ws.manifest.versions.is_empty() {
            ws.create_entity_tables().await?;
        }
        Ok(ws)
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[VersionInfo] {
        &self.manifest.versions
    }

    /// The newest version.
    pub fn latest(&self) -> &VersionInfo {
        self.manifest.latest().expect("an open workspace has a version")
    }

    /// The number the next version made will have.
    pub fn next_version(&self) -> u64 {
        self.manifest.latest().map_or(0, |v| v.version + 1)
    }

    /// Version `v`, or the newest when `None`.
    pub fn version(&self, v: Option<u64>) -> Result<&VersionInfo, StoreError> {
        match v {
            None => Ok(self.latest()),
            Some(v) => self.manifest.versions.iter().find(|x| x.version == v).ok_or(StoreError::NoSuchVersion(v)),
        }
    }

    pub(crate) fn table_path(&self, name: &str) -> PathBuf {
        self.root.join("tables").join(name)
    }

    pub(crate) fn table_url(&self, name: &str) -> Result<Url, StoreError> {
        let p = self.table_path(name);
        std::fs::create_dir_all(&p).map_err(|e| StoreError::io(&p, e))?;
        Url::from_directory_path(&p).map_err(|_| StoreError::io(&p, std::io::Error::other("not an absolute path")))
    }

    /// The table `name` as it stands in workspace version `v` (newest when `None`); `None` if it has no such table.
    pub async fn table(&self, name: &str, v: Option<u64>) -> Result<Option<DeltaTable>, StoreError> {
        let info = self.version(v)?;
        let Some(&dv) = info.tables.get(name) else { return Ok(None) };
        let url = self.table_url(name)?;
        let t = deltalake::open_table_with_version(url, dv).await.map_err(|e| StoreError::delta(name, e))?;
        Ok(Some(t))
    }

    /// The Parquet files of table `name` in workspace version `v`, in the order they were written (by write time,
    /// then name: a writer numbers its parts in order), for readers that want the rows in the order they were
    /// imported. `None` when there is no such table or a file cannot be read as plain Parquet (it carries a
    /// deletion vector).
    pub async fn table_files(&self, name: &str, v: Option<u64>) -> Result<Option<Vec<PathBuf>>, StoreError> {
        let Some(table) = self.table(name, v).await? else { return Ok(None) };
        let snapshot = table.snapshot().map_err(|e| StoreError::delta(name, e))?;
        let dir = self.table_path(name);
        let mut files = Vec::new();
        for f in snapshot.log_data().iter() {
            if f.deletion_vector_descriptor().is_some() {
                return Ok(None);
            }
            files.push((f.modification_time(), dir.join(f.path().as_ref())));
        }
        files.sort();
        Ok(Some(files.into_iter().map(|(_, path)| path).collect()))
    }

    /// The table at its newest Delta version, for writing.
    pub(crate) async fn table_for_write(&self, name: &str) -> Result<DeltaTable, StoreError> {
        let url = self.table_url(name)?;
        deltalake::open_table(url).await.map_err(|e| StoreError::delta(name, e))
    }

    /// A DataFusion session with every table of version `v` (newest when `None`) registered under its name.
    pub async fn session(&self, v: Option<u64>) -> Result<SessionContext, StoreError> {
        let ctx = SessionContext::new();
        self.register_tables(&ctx, v).await?;
        Ok(ctx)
    }

    /// Registers every table of version `v` in `ctx`. The tables' logs are read side by side: every command
    /// starts with this, a dozen snapshots.
    pub async fn register_tables(&self, ctx: &SessionContext, v: Option<u64>) -> Result<(), StoreError> {
        let names: Vec<String> = self.version(v)?.tables.keys().cloned().collect();
        self.register(ctx, v, &names).await
    }

    /// A DataFusion session with only the tables `names` of version `v` that it has (a command that reads one
    /// table spares itself the others' logs).
    pub async fn session_with(&self, v: Option<u64>, names: &[&str]) -> Result<SessionContext, StoreError> {
        let tables = &self.version(v)?.tables;
        let names: Vec<String> = names.iter().filter(|n| tables.contains_key(**n)).map(|n| n.to_string()).collect();
        let ctx = SessionContext::new();
        self.register(&ctx, v, &names).await?;
        Ok(ctx)
    }

    async fn register(&self, ctx: &SessionContext, v: Option<u64>, names: &[String]) -> Result<(), StoreError> {
        let tables = futures::future::try_join_all(names.iter().map(|name| self.table(name, v))).await?;
        for (name, table) in names.iter().zip(tables) {
            let table = table.expect("listed table exists");
            table.update_datafusion_session(&ctx.state()).map_err(|e| StoreError::delta(name, e))?;
            let provider = table.table_provider().await?;
            ctx.register_table(name.as_str(), provider)?;
        }
        Ok(())
    }

    /// Rows in each table of version `v`.
    pub async fn row_counts(&self, v: Option<u64>) -> Result<Vec<(String, u64)>, StoreError> {
        let ctx = self.session(v).await?;
        let mut out = Vec::new();
        for name in self.version(v)?.tables.keys() {
            let df = ctx.sql(&format!("SELECT count(*) AS n FROM \"{name}\"")).await?;
            let batches = df.collect().await?;
            let n = batches
                .first()
                .and_then(|b| b.column(0).as_any().downcast_ref::<deltalake::arrow::array::Int64Array>())
                .map_or(0, |a| a.value(0) as u64);
            out.push((name.clone(), n));
        }
        Ok(out)
    }

    /// Records a new workspace version made of the newest version's tables updated by `changed`.
    pub(crate) fn commit_version(
        &mut self,
        operation: &str,
        detail: serde_json::Value,
        changed: TableVersions,
    ) -> Result<u64, StoreError> {
        let mut tables = self.manifest.latest().map(|v| v.tables.clone()).unwrap_or_default();
        tables.extend(changed);
        let version = self.next_version();
        let time = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.manifest.versions.push(VersionInfo { version, time, operation: operation.to_owned(), detail, tables });
        if let Err(e) = self.manifest.save(&self.root) {
            self.manifest.versions.pop();
            return Err(e);
        }
        Ok(version)
    }

    /// Replaces (or creates) whole tables of derived results in one new workspace version.
    pub async fn replace_tables(
        &mut self,
        operation: &str,
        detail: serde_json::Value,
        tables: Vec<DerivedTable>,
    ) -> Result<u64, StoreError> {
        let staged = self.stage(tables).await?;
        self.commit_staged(operation, detail, vec![staged]).await
    }

    /// Starts writing whole tables of derived results, each on its own task, while the caller computes the rest:
    /// none is visible before [`Workspace::commit_staged`] names it in a workspace version (a crash before that
    /// leaves the workspace as it was; opening it rolls the tables back).
    pub async fn stage(&self, tables: Vec<DerivedTable>) -> Result<Staged, StoreError> {
        let latest = self.latest_tables();
        let writable = tables.iter().map(|t| self.writable_in(&latest, &t.name, &t.schema));
        let writable = futures::future::try_join_all(writable).await?;
        let mut writes = Vec::new();
        for (t, table) in tables.into_iter().zip(writable) {
            writes.push(tokio::spawn(async move {
                // Delta refuses a write with no data: an empty result is written as one empty batch.
                let batches = if t.batches.is_empty() {
                    vec![deltalake::arrow::array::RecordBatch::new_empty(t.schema.clone())]
                } else {
                    t.batches
                };
                let written = replacing(table.write(batches)).await.map_err(|e| StoreError::delta(&t.name, e))?;
                Ok::<_, StoreError>((t.name, written.version().unwrap_or(0)))
            }));
        }
        Ok(Staged { writes })
    }

    /// Waits for staged tables and makes them one new workspace version.
    pub async fn commit_staged(
        &mut self,
        operation: &str,
        detail: serde_json::Value,
        staged: Vec<Staged>,
    ) -> Result<u64, StoreError> {
        let mut changed = TableVersions::new();
        for w in staged.into_iter().flat_map(|s| s.writes) {
            let (name, version) = w.await.map_err(|e| StoreError::Task(e.to_string()))??;
            changed.insert(name, version);
        }
        self.commit_version(operation, detail, changed)
    }

    /// Table `name` to replace the rows of: the newest version of an existing table, or a new one.
    pub(crate) async fn writable(&self, name: &str, schema: &SchemaRef) -> Result<DeltaTable, StoreError> {
        self.writable_in(&self.latest_tables(), name, schema).await
    }

    async fn writable_in(
        &self,
        latest: &TableVersions,
        name: &str,
        schema: &SchemaRef,
    ) -> Result<DeltaTable, StoreError> {
        if latest.contains_key(name) { self.table_for_write(name).await } else { self.create_table(name, schema).await }
    }

    fn latest_tables(&self) -> TableVersions {
        self.manifest.latest().map(|v| v.tables.clone()).unwrap_or_default()
    }

    pub(crate) async fn create_table(&self, name: &str, schema: &SchemaRef) -> Result<DeltaTable, StoreError> {
        let url = self.table_url(name)?;
        let st: StructType = schema.as_ref().try_into_kernel().map_err(|e| StoreError::delta(name, e.into()))?;
        DeltaTable::try_from_url(url)
            .await
            .map_err(|e| StoreError::delta(name, e))?
            .create()
            .with_table_name(name)
            .with_columns(st.fields().cloned())
            .with_save_mode(SaveMode::Ignore)
            .await
            .map_err(|e| StoreError::delta(name, e))
    }

    async fn create_entity_tables(&mut self) -> Result<(), StoreError> {
        let ws = &*self;
        let creating = Entity::ALL.iter().map(|e| async move {
            let t = ws.create_table(e.table(), &jingjian_model::schema::schema(*e)).await?;
            Ok::<_, StoreError>((e.table().to_owned(), t.version().unwrap_or(0)))
        });
        let tables: TableVersions = futures::future::try_join_all(creating).await?.into_iter().collect();
        self.commit_version(CREATED, serde_json::json!({}), tables)?;
        Ok(())
    }

    /// Rolls back what a crashed writer left: tables that no workspace version names are removed; tables whose
    /// Delta log went past the newest workspace version are restored to it (each table checked at once).
    async fn recover(&mut self) -> Result<(), StoreError> {
        let dir = self.root.join("tables");
        let Ok(rd) = std::fs::read_dir(&dir) else { return Ok(()) };
        let known = self.latest_tables();
        let ws = &*self;
        let mut checks = Vec::new();
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            match known.get(&name) {
                None => {
                    std::fs::remove_dir_all(entry.path()).map_err(|e| StoreError::io(entry.path(), e))?;
                }
                // The log's newest commit file tells whether the table went past the version; only then is the
                // table loaded (replaying its log) and restored.
                Some(&want) if log_head(&entry.path()) > want => checks.push(async move {
                    let table = ws.table_for_write(&name).await?;
                    if table.version().is_some_and(|v| v > want) {
                        table.restore().with_version_to_restore(want).await.map_err(|e| StoreError::delta(&name, e))?;
                    }
                    Ok::<_, StoreError>(())
                }),
                Some(_) => {}
            }
        }
        futures::future::try_join_all(checks).await?;
        Ok(())
    }
}

/// The newest version in the Delta log of the table at `dir`: the highest `<version>.json` commit file there
/// (`u64::MAX` when the log cannot be read or holds none: the table is then loaded and checked).
fn log_head(dir: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(dir.join("_delta_log")) else { return u64::MAX };
    rd.flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json")?.parse::<u64>().ok())
        .max()
        .unwrap_or(u64::MAX)
}

/// The operation of a workspace's first version: its entity tables, created empty.
pub(crate) const CREATED: &str = "create";

fn absolute(p: &Path) -> Result<PathBuf, StoreError> {
    std::path::absolute(p).map_err(|e| StoreError::io(p, e))
}

/// A write that replaces a derived table's rows (and its schema), with the workspace's Parquet settings.
pub(crate) fn replacing(
    write: deltalake::operations::write::WriteBuilder,
) -> deltalake::operations::write::WriteBuilder {
    write
        .with_writer_properties(writer_properties().build())
        .with_save_mode(SaveMode::Overwrite)
        .with_schema_mode(deltalake::operations::write::SchemaMode::Overwrite)
}

/// Derived tables being written (see [`Workspace::stage`]).
#[must_use = "staged tables become visible only when committed"]
pub struct Staged {
    pub(crate) writes: Vec<tokio::task::JoinHandle<Result<(String, u64), StoreError>>>,
}

impl Staged {
    /// Stops the writes: what they wrote never becomes part of the workspace (files a stopped write left behind
    /// belong to no committed version).
    pub fn abandon(self) {
        self.writes.iter().for_each(|w| w.abort());
    }
}

/// Columns whose values are (nearly) all distinct: a Parquet dictionary for them costs a hash lookup per value
/// and is then dropped for plain encoding anyway. `report` is the audit's one-cell report (75 MB of JSON at 10M
/// messages): a dictionary copied it whole into fresh pages before giving up, 0.6 s on one core. (A label's
/// `evidence` is not among them: a few thousand phrases (`ack "收到"`, `no other rule`) make nearly all of it.)
const DISTINCT_COLUMNS: [&str; 5] = ["key", "id", "text", "canon", "report"];

/// Columns no query prunes row groups by (their minimum and maximum span everything, or nobody filters on them):
/// their statistics cost a comparison per value and are left out.
const UNPRUNED_COLUMNS: [&str; 5] = ["key", "text", "evidence", "canon", "report"];

/// Parquet settings for every table the workspace writes: Snappy, no dictionary for distinct-valued columns, no
/// statistics where they prune nothing, and record keys stored as they are (hashes in hex: Snappy finds little to
/// shorten in them).
pub(crate) fn writer_properties() -> deltalake::parquet::file::properties::WriterPropertiesBuilder {
    use deltalake::parquet::basic::{Compression, Encoding};
    use deltalake::parquet::file::properties::{EnabledStatistics, WriterProperties};
    use deltalake::parquet::schema::types::ColumnPath;
    let builder = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_column_compression(ColumnPath::from("key"), Compression::UNCOMPRESSED);
    let builder =
        DISTINCT_COLUMNS.iter().fold(builder, |b, c| b.set_column_dictionary_enabled(ColumnPath::from(*c), false));
    let builder = UNPRUNED_COLUMNS
        .iter()
        .fold(builder, |b, c| b.set_column_statistics_enabled(ColumnPath::from(*c), EnabledStatistics::None));
    // Message times: nearly all distinct (a dictionary of them is a hash look-up per value for nothing) and
    // ascending within each chat, which delta encoding stores in a few bits each.
    builder
        .set_column_dictionary_enabled(ColumnPath::from("time"), false)
        .set_column_encoding(ColumnPath::from("time"), Encoding::DELTA_BINARY_PACKED)
}

#[cfg(test)]
mod tests {
    use deltalake::parquet::basic::Compression;
    use deltalake::parquet::file::properties::EnabledStatistics;
    use deltalake::parquet::schema::types::ColumnPath;

    #[test]
    fn parquet_settings_follow_what_each_column_holds() {
        let props = super::writer_properties().build();
        let col = |c: &str| ColumnPath::from(c);
        assert_eq!(props.compression(&col("key")), Compression::UNCOMPRESSED);
        assert_eq!(props.compression(&col("text")), Compression::SNAPPY);
        for c in ["key", "text", "evidence", "canon"] {
            assert_eq!(props.statistics_enabled(&col(c)), EnabledStatistics::None, "{c}");
        }
        // Times and ids keep their statistics: `t` prunes row groups by time, ids of one chat are near each other.
        for c in ["t", "id", "group_id"] {
            assert_ne!(props.statistics_enabled(&col(c)), EnabledStatistics::None, "{c}");
        }
        assert!(!props.dictionary_enabled(&col("key")) && !props.dictionary_enabled(&col("text")));
        assert!(props.dictionary_enabled(&col("evidence")));
        assert!(props.dictionary_enabled(&col("label")) && props.dictionary_enabled(&col("group_id")));
        assert!(!props.dictionary_enabled(&col("time")));
        assert_eq!(props.encoding(&col("time")), Some(deltalake::parquet::basic::Encoding::DELTA_BINARY_PACKED));
    }
}
