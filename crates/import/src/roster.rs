//! The optional roster: a CSV `id,name,unit,role` (header required, extra columns ignored, any encoding) that
//! attaches names, units and roles to the members of whatever format is imported beside it.

use crate::{ImportError, Location, Sink};
use jingjian_model::{Member, Record, Source, Unit};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads the roster at `path`, emitting one [`Member`] per row (with `source`) and one [`Unit`] per unit named.
pub fn read_roster(path: &Path, source: Source, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let shown = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| ImportError::io(path, e))?;
    let (r, _) = crate::decode::utf8_reader(Box::new(f)).map_err(|e| ImportError::io(path, e))?;
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let headers = csv.headers().map_err(|e| csv_error(&shown, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let id = col("id").ok_or_else(|| {
        ImportError::invalid(Location::line(shown.clone(), 1), "expected a header with the columns id,name,unit,role")
    })?;
    let (name, unit, role) = (col("name"), col("unit"), col("role"));
    let mut units = BTreeSet::new();
    for row in csv.records() {
        let row = row.map_err(|e| csv_error(&shown, e))?;
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::trim).filter(|s| !s.is_empty());
        let Some(member_id) = field(Some(id)) else {
            let line = row.position().map_or(0, |p| p.line());
            return Err(ImportError::invalid(Location::line(shown, line), "a roster row has no id"));
        };
        let unit_id = field(unit).map(str::to_owned);
        if let Some(u) = &unit_id {
            units.insert(u.clone());
        }
        sink.record(Record::Member(Member {
            source,
            id: member_id.to_owned(),
            name: field(name).map(str::to_owned),
            unit: unit_id,
            role: field(role).map(str::to_owned),
            bot: false,
            deleted: false,
        }))
        .map_err(ImportError::Sink)?;
    }
    for u in units {
        sink.record(Record::Unit(Unit { id: u.clone(), name: Some(u), parent: None, quota: None }))
            .map_err(ImportError::Sink)?;
    }
    Ok(())
}

fn csv_error(file: &str, e: csv::Error) -> ImportError {
    let at = match e.position() {
        Some(p) => Location::line(file, p.line()).at_offset(p.byte()),
        None => Location::file(file),
    };
    ImportError::invalid(at, format!("bad CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Collect;

    #[test]
    fn roster_rows_become_members_and_units() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roster.csv");
        std::fs::write(&p, "id,name,unit,role\nzhangsan,张三,党政办,主任\nlisi,李四,党政办,\nwangwu,王五,,\n").unwrap();
        let mut c = Collect::default();
        read_roster(&p, Source::Wecom, &mut c).unwrap();
        assert_eq!(c.0.len(), 4);
        let Record::Member(m) = &c.0[0] else { panic!() };
        assert_eq!(
            (m.name.as_deref(), m.unit.as_deref(), m.role.as_deref()),
            (Some("张三"), Some("党政办"), Some("主任"))
        );
        let Record::Member(m) = &c.0[1] else { panic!() };
        assert_eq!(m.role, None);
        assert!(matches!(&c.0[3], Record::Unit(u) if u.id == "党政办"));
    }

    #[test]
    fn a_roster_without_ids_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roster.csv");
        std::fs::write(&p, "name,unit\n张三,党政办\n").unwrap();
        let e = read_roster(&p, Source::Wecom, &mut Collect::default()).unwrap_err().to_string();
        assert!(e.contains("roster.csv, line 1") && e.contains("id,name,unit,role"), "{e}");
    }
}
