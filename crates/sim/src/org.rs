//! The simulated organisation: units in a hierarchy, members with roles, and the groups people make — one per
//! unit, broadcast groups from the level above, nested "core" groups and duplicates, task groups with a
//! lifecycle, chit-chat groups, groups that never took off, empty groups, and one purposeful seasonal group.

use crate::calendar::DAY_MS;
use crate::lexicon::{en, zh};
use crate::preset::{Lang, Shape};
use crate::rng::{Purpose, SimRng, mix64, pick, sample_indexes, stream};
use jingjian_model::Millis;
use rand::Rng;
use std::collections::BTreeSet;

/// Where a unit sits in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The district (company).
    Root,
    /// A district department (corporate function).
    Department,
    /// A town or street (business division).
    Town,
    /// A village or community (team) inside a town.
    Village,
}

/// An organisational unit.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Stable id (`u0001`).
    pub id: String,
    /// Full name (青山区农业农村局, Engineering / Payments).
    pub name: String,
    /// Short name used in messages (农业农村局, 青石村, Payments).
    pub short: String,
    /// Parent unit index.
    pub parent: Option<usize>,
    /// Level in the hierarchy.
    pub level: Level,
    /// Members of the unit, leaders first.
    pub members: Vec<u32>,
}

/// A person.
#[derive(Debug, Clone)]
pub struct Member {
    /// Platform user id (WeCom userid such as `zhangwei`, Slack `U…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// How a leader is addressed (王书记, Sarah); for staff, the display name.
    pub address: String,
    /// Unit index.
    pub unit: usize,
    /// A leader (书记, 局长, head of team) rather than staff.
    pub leader: bool,
}

/// Why a group exists; decides its traffic and its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The one work group of a unit.
    Unit,
    /// A group from the level above reaching down (全区工作群, 镇村干部群, liaison groups, #general).
    Broadcast,
    /// A leaders' group nested inside a unit group (all its members are in the unit group).
    Core {
        /// Index of the unit group it sits inside.
        of: u32,
    },
    /// A second group for the same unit with nearly the same members.
    Duplicate {
        /// Index of the unit group it duplicates.
        of: u32,
    },
    /// A group made for one task: active for weeks, then quiet.
    Task,
    /// Chit-chat under a work label.
    Chat,
    /// Made, used a few times, then forgotten.
    Abandoned,
    /// Fewer than three members.
    Empty,
    /// An active purposeful task group (防汛, incident response) that overlaps others but is needed.
    Purposeful,
}

impl Role {
    /// A short name for reports and truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Unit => "unit",
            Role::Broadcast => "broadcast",
            Role::Core { .. } => "core",
            Role::Duplicate { .. } => "duplicate",
            Role::Task => "task",
            Role::Chat => "chat",
            Role::Abandoned => "abandoned",
            Role::Empty => "empty",
            Role::Purposeful => "purposeful",
        }
    }
}

/// Per-group episode rates (expected episodes per working day at full activity).
#[derive(Debug, Clone, Copy, Default)]
pub struct Rates {
    /// Notices originated in the group.
    pub notice: f64,
    /// Discussion threads.
    pub discussion: f64,
    /// Leader posts (each followed by praise).
    pub leader: f64,
    /// Probability of a morning-greeting round on a working day.
    pub greet: f64,
    /// Off-topic episodes.
    pub off: f64,
    /// Probability that a member acknowledges a notice.
    pub ack: f64,
    /// Probability that a member praises a leader's post.
    pub flattery: f64,
}

/// A group chat or channel.
#[derive(Debug, Clone)]
pub struct Group {
    /// Platform id (`wr…` room id, Slack `C…`).
    pub id: String,
    /// Group name (Slack: channel name).
    pub name: String,
    /// Why it exists.
    pub role: Role,
    /// The unit it belongs to.
    pub unit: usize,
    /// Creator and owner (member index).
    pub owner: u32,
    /// Members who lead (post directives, receive praise).
    pub leaders: Vec<u32>,
    /// All members, leaders first.
    pub members: Vec<u32>,
    /// When it was created (UTC ms); may be before the data starts.
    pub created: Millis,
    /// First and one-past-last day of activity (data days).
    pub active: (u32, u32),
    /// The task it is about (index into the lexicon's tasks).
    pub task: usize,
    /// Declared purpose / pinned notice.
    pub purpose: String,
    /// Episode rates.
    pub rates: Rates,
    /// Replica (copy of the organisation) it belongs to.
    pub replica: u32,
    /// For an abandoned or empty group: how many human messages it will ever get.
    pub budget: u32,
    /// Private (Slack private channel).
    pub private: bool,
}

/// One copy of the organisation's group structure used by the cross-post planner.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The district-wide work group.
    pub root_group: u32,
    /// Department liaison groups, by department (if any).
    pub dept_liaison: Vec<Option<u32>>,
    /// Department unit groups.
    pub dept_groups: Vec<u32>,
    /// Per town: (town unit group, town broadcast group, village unit groups).
    pub towns: Vec<(u32, u32, Vec<u32>)>,
    /// Unit groups with their nested core / duplicate groups.
    pub shadows: Vec<(u32, u32)>,
    /// Leaders of the root unit.
    pub root_leaders: Vec<u32>,
}

/// The whole organisation.
#[derive(Debug, Clone)]
pub struct Org {
    /// Language of its messages.
    pub lang: Lang,
    /// Units.
    pub units: Vec<Unit>,
    /// Members.
    pub members: Vec<Member>,
    /// Groups.
    pub groups: Vec<Group>,
    /// Per replica structure.
    pub structure: Vec<Structure>,
    /// For each member, the groups they are in.
    pub member_groups: Vec<Vec<u32>>,
}

impl Org {
    /// Builds `replicas` copies of the preset's organisation from `seed`.
    pub fn build(shape: &Shape, seed: u64, replicas: u32, start_ms: Millis) -> Org {
        let mut b = Builder {
            shape,
            rng: stream(seed, Purpose::Org, 0, 0),
            org: Org {
                lang: shape.lang,
                units: Vec::new(),
                members: Vec::new(),
                groups: Vec::new(),
                structure: Vec::new(),
                member_groups: Vec::new(),
            },
            user_ids: BTreeSet::new(),
            names: BTreeSet::new(),
            start_ms,
            seed,
        };
        for r in 0..replicas {
            b.rng = stream(seed, Purpose::Org, r as u64, 1);
            b.replica(r);
        }
        let mut mg = vec![Vec::new(); b.org.members.len()];
        for (gi, g) in b.org.groups.iter().enumerate() {
            for &m in &g.members {
                mg[m as usize].push(gi as u32);
            }
        }
        b.org.member_groups = mg;
        if shape.lang == Lang::En {
            // Slack channel names are unique in a workspace.
            let mut seen = BTreeSet::new();
            for g in &mut b.org.groups {
                let base = g.name.clone();
                let mut n = 2;
                while !seen.insert(g.name.clone()) {
                    g.name = format!("{base}-{n}");
                    n += 1;
                }
            }
        }
        b.org
    }

    /// Number of memberships.
    pub fn memberships(&self) -> usize {
        self.groups.iter().map(|g| g.members.len()).sum()
    }
}

struct Builder<'a> {
    shape: &'a Shape,
    rng: SimRng,
    org: Org,
    user_ids: BTreeSet<String>,
    names: BTreeSet<String>,
    start_ms: Millis,
    seed: u64,
}

impl Builder<'_> {
    fn zh(&self) -> bool {
        self.shape.lang == Lang::Zh
    }

    fn range(&mut self, r: (usize, usize)) -> usize {
        self.rng.random_range(r.0..=r.1)
    }

    fn unit(&mut self, name: String, short: String, parent: Option<usize>, level: Level) -> usize {
        let id = format!("u{:04}", self.org.units.len() + 1);
        self.org.units.push(Unit { id, name, short, parent, level, members: Vec::new() });
        self.org.units.len() - 1
    }

    fn place_name(&mut self, suffix: &str) -> String {
        loop {
            let a = *pick(&mut self.rng, zh::PLACE_CHARS);
            let b = *pick(&mut self.rng, zh::PLACE_CHARS);
            if a == b {
                continue;
            }
            let n = format!("{a}{b}{suffix}");
            if self.names.insert(n.clone()) {
                return n;
            }
        }
    }

    fn person(&mut self, unit: usize, leader: bool, title: &str) -> u32 {
        let (id, name, address) = if self.zh() {
            let (s, sp) = *pick(&mut self.rng, zh::SURNAMES_PY);
            let (g1, p1) = *pick(&mut self.rng, zh::GIVEN_PY);
            let two = self.rng.random_bool(0.6);
            let (g2, p2) = if two { *pick(&mut self.rng, zh::GIVEN_PY) } else { ("", "") };
            let name = format!("{s}{g1}{g2}");
            let base = format!("{sp}{p1}{p2}");
            let id = self.unique_id(base);
            let address = if leader { format!("{s}{title}") } else { name.clone() };
            (id, name, address)
        } else {
            let f = *pick(&mut self.rng, en::FIRST);
            let l = *pick(&mut self.rng, en::LAST);
            let name = format!("{f} {l}");
            let mut id;
            loop {
                let x = mix64(self.rng.random::<u64>() ^ self.seed);
                id = format!("U{}", base36(x, 10));
                if self.user_ids.insert(id.clone()) {
                    break;
                }
            }
            (id, name, f.to_string())
        };
        let idx = self.org.members.len() as u32;
        self.org.members.push(Member { id, name, address, unit, leader });
        self.org.units[unit].members.push(idx);
        idx
    }

    fn unique_id(&mut self, base: String) -> String {
        if self.user_ids.insert(base.clone()) {
            return base;
        }
        for n in 2.. {
            let c = format!("{base}{n}");
            if self.user_ids.insert(c.clone()) {
                return c;
            }
        }
        unreachable!("an unused id always exists")
    }

    fn staff(&mut self, unit: usize, n: usize, leaders: usize, titles: &[&str]) {
        for i in 0..n {
            let leader = i < leaders;
            let title = titles.get(i).copied().unwrap_or("");
            self.person(unit, leader, title);
        }
    }

    fn group_id(&mut self) -> String {
        let n = self.org.groups.len() as u64;
        let x = mix64(self.seed ^ mix64(n + 0x5151));
        let y = mix64(x);
        if self.zh() { format!("wr{}{}", base62(x, 11), base62(y, 11)) } else { format!("C{}", base36(x, 10)) }
    }

    #[allow(clippy::too_many_arguments)]
    fn group(
        &mut self,
        replica: u32,
        name: String,
        role: Role,
        unit: usize,
        members: Vec<u32>,
        active: (u32, u32),
        task: usize,
        rates: Rates,
    ) -> u32 {
        let mut members = members;
        let mut seen = BTreeSet::new();
        members.retain(|m| seen.insert(*m));
        let mut leaders: Vec<u32> = members.iter().copied().filter(|&m| self.org.members[m as usize].leader).collect();
        let owner = leaders.first().copied().or(members.first().copied()).expect("a group has an owner");
        if leaders.is_empty() {
            leaders.push(owner);
        }
        // Leaders first, then the rest in their original order.
        let mut ordered = leaders.clone();
        ordered.extend(members.iter().copied().filter(|m| !leaders.contains(m)));
        let created = if active.0 == 0
            && matches!(role, Role::Unit | Role::Broadcast | Role::Purposeful | Role::Chat | Role::Task)
        {
            self.start_ms - self.rng.random_range(30..900) as Millis * DAY_MS - self.rng.random_range(0..36_000_000)
        } else {
            self.start_ms + active.0 as Millis * DAY_MS + self.rng.random_range(30_600_000..61_200_000)
        };
        let purpose = self.purpose(role, &name, task);
        let id = self.group_id();
        let private = !self.zh() && matches!(role, Role::Core { .. });
        self.org.groups.push(Group {
            id,
            name,
            role,
            unit,
            owner,
            leaders,
            members: ordered,
            created,
            active,
            task,
            purpose,
            rates,
            replica,
            budget: 0,
            private,
        });
        (self.org.groups.len() - 1) as u32
    }

    fn purpose(&mut self, role: Role, name: &str, task: usize) -> String {
        let tasks = if self.zh() { zh::LEXICON.tasks } else { en::LEXICON.tasks };
        let t = tasks[task % tasks.len()];
        match (self.zh(), role) {
            (true, Role::Task | Role::Purposeful) => {
                format!("本群用于{t}工作联络，请勿发布与工作无关的内容。")
            }
            (true, Role::Chat) => "闲聊群，欢迎大家分享生活。".to_string(),
            (true, Role::Empty | Role::Abandoned) => String::new(),
            (true, _) => format!("{name}：用于发布工作通知、交流工作，请实名：单位+姓名。"),
            (false, Role::Task | Role::Purposeful) => format!("Coordination for {t}."),
            (false, Role::Chat) => "Off-topic chatter, be nice.".to_string(),
            (false, Role::Empty | Role::Abandoned) => String::new(),
            (false, _) => format!("Work channel for {name}: announcements and questions."),
        }
    }

    fn task_index(&mut self) -> usize {
        let n = if self.zh() { zh::LEXICON.tasks.len() } else { en::LEXICON.tasks.len() };
        self.rng.random_range(0..n)
    }

    fn rates(&mut self, role: Role, size: usize) -> Rates {
        let j = |rng: &mut SimRng, x: f64| x * rng.random_range(0.6..1.4);
        let r = &mut self.rng;
        // Bigger groups reply less per head; the documented 收到 culture keeps it high (35 of 40 in the notes).
        let ack = if size > 80 { r.random_range(0.15..0.4) } else { r.random_range(0.35..0.85) };
        let flattery = r.random_range(0.15..0.55);
        match role {
            Role::Unit => Rates {
                notice: j(r, 0.55),
                discussion: j(r, 1.1),
                leader: j(r, 0.22),
                greet: j(r, 0.25),
                off: j(r, 0.22),
                ack,
                flattery,
            },
            Role::Broadcast => Rates {
                notice: j(r, 0.5),
                discussion: j(r, 0.35),
                leader: j(r, 0.22),
                greet: j(r, 0.3),
                off: j(r, 0.12),
                ack,
                flattery,
            },
            Role::Core { .. } => Rates {
                notice: j(r, 0.15),
                discussion: j(r, 0.5),
                leader: j(r, 0.08),
                greet: j(r, 0.15),
                off: j(r, 0.05),
                ack,
                flattery,
            },
            Role::Duplicate { .. } => Rates {
                notice: j(r, 0.15),
                discussion: j(r, 0.25),
                leader: j(r, 0.04),
                greet: j(r, 0.15),
                off: j(r, 0.08),
                ack,
                flattery,
            },
            Role::Task | Role::Purposeful => Rates {
                notice: j(r, 0.7),
                discussion: j(r, 1.3),
                leader: j(r, 0.1),
                greet: j(r, 0.08),
                off: j(r, 0.05),
                ack,
                flattery,
            },
            Role::Chat => Rates {
                notice: 0.0,
                discussion: j(r, 0.05),
                leader: 0.0,
                greet: j(r, 0.5),
                off: j(r, 2.2),
                ack,
                flattery,
            },
            Role::Abandoned | Role::Empty => Rates { ack, flattery, ..Rates::default() },
        }
    }

    fn replica(&mut self, r: u32) {
        let zh = self.zh();
        let days = self.shape.days;
        // Root.
        let (root_name, root_short) = if zh {
            let n = self.place_name("区");
            (n.clone(), n)
        } else {
            let n = (*pick(&mut self.rng, &["Northwind", "Kestrel", "Lumen", "Bluefin", "Tamarind", "Halcyon"]))
                .to_string();
            (format!("{n} Pte Ltd"), n)
        };
        let root = self.unit(root_name.clone(), root_short.clone(), None, Level::Root);
        let root_titles: &[&str] = if zh { &["书记", "区长", "副区长", "副区长", "副区长"] } else { &[] };
        let rs = self.shape.root_staff;
        self.staff(root, rs, rs.min(5), root_titles);
        // Departments.
        let mut depts = Vec::new();
        let dept_names: Vec<String> = if zh {
            let mut idx = Vec::new();
            sample_indexes(&mut self.rng, zh::DEPARTMENTS.len(), self.shape.depts, &mut idx);
            idx.iter().map(|&i| zh::DEPARTMENTS[i].to_string()).collect()
        } else {
            en::FUNCTIONS.iter().take(self.shape.depts).map(|s| s.to_string()).collect()
        };
        for short in dept_names {
            let name = if zh { format!("{root_short}{short}") } else { format!("{root_short} {short}") };
            let u = self.unit(name, short, Some(root), Level::Department);
            let n = self.range(self.shape.dept_staff);
            let lead = if zh { self.rng.random_range(1..=3) } else { 1 };
            self.staff(u, n, lead, &["局长", "副局长", "副局长"]);
            depts.push(u);
        }
        // Towns and villages.
        let mut towns = Vec::new();
        for t in 0..self.shape.towns {
            let (name, short, teams): (String, String, Vec<String>) = if zh {
                let suffix = if self.rng.random_bool(0.25) { "街道" } else { "镇" };
                let n = self.place_name(suffix);
                let v = self.range(self.shape.villages);
                let teams = (0..v)
                    .map(|_| {
                        let s = if self.rng.random_bool(0.2) { "社区" } else { "村" };
                        self.place_name(s)
                    })
                    .collect();
                (n.clone(), n, teams)
            } else {
                let (d, ts) = en::DIVISIONS[t % en::DIVISIONS.len()];
                let v = self.range(self.shape.villages).min(ts.len());
                let mut idx = Vec::new();
                sample_indexes(&mut self.rng, ts.len(), v, &mut idx);
                idx.sort_unstable();
                (d.to_string(), d.to_string(), idx.iter().map(|&i| ts[i].to_string()).collect())
            };
            let tu = self.unit(name.clone(), short.clone(), Some(root), Level::Town);
            let n = self.range(self.shape.town_staff);
            let lead = if zh { self.rng.random_range(2..=4) } else { 1 };
            self.staff(tu, n, lead, &["书记", "镇长", "副镇长", "副镇长"]);
            let mut vs = Vec::new();
            for team in teams {
                let full = if zh { format!("{short}{team}") } else { format!("{short} / {team}") };
                let vu = self.unit(full, team, Some(tu), Level::Village);
                let n = self.range(self.shape.village_staff);
                let lead = if zh { 2 } else { 1 };
                self.staff(vu, n, lead, &["书记", "主任"]);
                vs.push(vu);
            }
            towns.push((tu, vs));
        }

        let all = (0, days);
        let mut st =
            Structure { root_leaders: self.org.units[root].members[..rs.min(5)].to_vec(), ..Default::default() };
        // Unit groups.
        let mut unit_groups: Vec<(usize, u32)> = Vec::new();
        for &u in depts.iter().chain(towns.iter().map(|t| &t.0)).chain(towns.iter().flat_map(|t| t.1.iter())) {
            let mut members = self.org.units[u].members.clone();
            // The leader above who is in charge (分管领导 / 包村干部) sits in the unit group too.
            let parent = self.org.units[u].parent.expect("non-root units have parents");
            let pm = self.org.units[parent].members.clone();
            if !pm.is_empty() {
                members.push(*pick(&mut self.rng, &pm));
            }
            let short = self.org.units[u].short.clone();
            let name = if zh {
                match self.org.units[u].level {
                    Level::Village => format!("{short}两委工作群"),
                    Level::Town => format!("{short}机关工作群"),
                    _ => format!("{short}工作群"),
                }
            } else {
                slug(&format!("team-{short}"))
            };
            let rates = self.rates(Role::Unit, members.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Unit, u, members, all, task, rates);
            unit_groups.push((u, g));
        }
        let ug = |u: usize| unit_groups.iter().find(|x| x.0 == u).map(|x| x.1).expect("every unit has a group");
        st.dept_groups = depts.iter().map(|&d| ug(d)).collect();

        // Broadcast groups.
        let leaders_of = |org: &Org, u: usize| -> Vec<u32> {
            org.units[u].members.iter().copied().filter(|&m| org.members[m as usize].leader).collect()
        };
        let mut root_members = self.org.units[root].members.clone();
        for &d in &depts {
            root_members.extend(leaders_of(&self.org, d));
        }
        for (t, _) in &towns {
            root_members.extend(leaders_of(&self.org, *t));
        }
        let name = if zh { format!("{root_short}工作群") } else { "general".to_string() };
        let rates = self.rates(Role::Broadcast, root_members.len());
        let task = self.task_index();
        let first_member = self.org.units[root].members[0];
        let members = if zh { root_members.clone() } else { (first_member..self.org.members.len() as u32).collect() };
        st.root_group = self.group(r, name, Role::Broadcast, root, members, all, task, rates);
        if self.shape.liaison_groups && zh {
            // All village secretaries.
            let mut m = self.org.units[root].members[..2.min(rs)].to_vec();
            for (_, vs) in &towns {
                for &v in vs {
                    m.push(self.org.units[v].members[0]);
                }
            }
            let rates = self.rates(Role::Broadcast, m.len());
            let task = self.task_index();
            self.group(r, format!("{root_short}村（社区）书记群"), Role::Broadcast, root, m, all, task, rates);
        } else if !zh {
            // Team leads with the executives.
            let mut m = self.org.units[root].members.clone();
            for (t, vs) in &towns {
                m.extend(leaders_of(&self.org, *t));
                for &v in vs {
                    m.extend(leaders_of(&self.org, v));
                }
            }
            let rates = self.rates(Role::Broadcast, m.len());
            let task = self.task_index();
            self.group(r, "leads".to_string(), Role::Broadcast, root, m, all, task, rates);
        }
        for (t, vs) in towns.clone() {
            let mut m = self.org.units[t].members.clone();
            for &v in &vs {
                m.extend(self.org.units[v].members.iter().copied());
            }
            let short = self.org.units[t].short.clone();
            let name = if zh { format!("{short}镇村干部群") } else { slug(&format!("{short}-all")) };
            let rates = self.rates(Role::Broadcast, m.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Broadcast, t, m, all, task, rates);
            let vgs = vs.iter().map(|&v| ug(v)).collect();
            st.towns.push((ug(t), g, vgs));
        }
        for &d in &depts {
            if !self.shape.liaison_groups {
                st.dept_liaison.push(None);
                continue;
            }
            let mut m = self.org.units[d].members.clone();
            for (t, _) in &towns {
                let tm = self.org.units[*t].members.clone();
                m.push(*pick(&mut self.rng, &tm));
            }
            let short = self.org.units[d].short.clone();
            let name = if zh { format!("{short}乡镇联络群") } else { slug(&format!("ask-{short}")) };
            let rates = self.rates(Role::Broadcast, m.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Broadcast, d, m, all, task, rates);
            st.dept_liaison.push(Some(g));
        }

        // Core groups nested in department and town groups (at least one in every organisation).
        let mut first = true;
        for &u in depts.iter().chain(towns.iter().map(|t| &t.0)) {
            if !(first || self.rng.random_bool(self.shape.core_share)) {
                continue;
            }
            first = false;
            let of = ug(u);
            let um = self.org.groups[of as usize].members.clone();
            let nl = self.org.groups[of as usize].leaders.len();
            let extra = self.rng.random_range(1..=3).min(um.len().saturating_sub(nl));
            let take = (nl + extra).max(3).min(um.len());
            let m = um[..take].to_vec();
            let short = self.org.units[u].short.clone();
            let name = if zh {
                (*pick(&mut self.rng, &["{}班子群", "{}核心群", "{}领导群", "{}班子成员"])).replace("{}", &short)
            } else {
                slug(&format!("{short}-leads"))
            };
            let rates = self.rates(Role::Core { of }, m.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Core { of }, u, m, all, task, rates);
            st.shadows.push((of, g));
        }
        // Duplicates of unit groups (at least one).
        let mut first = true;
        for (u, of) in unit_groups.clone() {
            if !(first && self.org.units[u].level == Level::Village || self.rng.random_bool(self.shape.dup_share)) {
                continue;
            }
            first = false;
            let mut m = self.org.groups[of as usize].members.clone();
            if m.len() > 4 && self.rng.random_bool(0.5) {
                m.pop();
            }
            let short = self.org.units[u].short.clone();
            let name = if zh {
                (*pick(&mut self.rng, &["{}工作群（新）", "{}工作群2", "{}干部群", "{}工作交流群"]))
                    .replace("{}", &short)
            } else {
                slug(&format!("{short}-team"))
            };
            let start = self.rng.random_range(0..days / 2);
            let rates = self.rates(Role::Duplicate { of }, m.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Duplicate { of }, u, m, (start, days), task, rates);
            st.shadows.push((of, g));
        }

        // Task groups.
        let mut first_task = true;
        for &d in &depts {
            let n = self.range(self.shape.dept_tasks);
            for _ in 0..n {
                self.task_group(r, d, &towns, &mut first_task);
            }
        }
        for (t, _) in towns.clone() {
            let n = self.range(self.shape.town_tasks);
            for _ in 0..n {
                self.task_group(r, t, &towns, &mut first_task);
            }
        }

        // The purposeful seasonal group.
        let mut m = st.root_leaders.clone();
        for &d in &depts[..depts.len().min(3)] {
            m.extend(self.org.units[d].members.iter().copied().take(4));
        }
        for (t, vs) in &towns {
            m.extend(leaders_of(&self.org, *t));
            for &v in vs {
                if self.rng.random_bool(0.4) {
                    m.push(self.org.units[v].members[0]);
                }
            }
        }
        let (name, task) =
            if zh { (format!("{root_short}防汛抗旱指挥群"), 19) } else { ("incident-response".to_string(), 16) };
        let rates = self.rates(Role::Purposeful, m.len());
        self.group(r, name, Role::Purposeful, root, m, all, task, rates);

        // Chit-chat groups.
        let total = self.org.members.len();
        let first_member = self.org.units[root].members[0] as usize;
        for i in 0..self.shape.chat_groups {
            let n = self.rng.random_range(5..=40).min(total - first_member);
            let mut idx = Vec::new();
            sample_indexes(&mut self.rng, total - first_member, n, &mut idx);
            let m: Vec<u32> = idx.iter().map(|&x| (x + first_member) as u32).collect();
            let name = if zh {
                let a = *pick(
                    &mut self.rng,
                    &["羽毛球群", "饭搭子", "老同事群", "篮球群", "跑步打卡群", "摄影爱好者", "钓鱼群", "周末爬山群"],
                );
                format!("{}{a}", if i % 2 == 0 { root_short.clone() } else { String::new() })
            } else {
                (*pick(
                    &mut self.rng,
                    &["random", "pets", "running-club", "food", "music", "photography", "books", "gaming"],
                ))
                .to_string()
            };
            let rates = self.rates(Role::Chat, m.len());
            let task = self.task_index();
            let unit = self.org.members[m[0] as usize].unit;
            self.group(r, name, Role::Chat, unit, m, all, task, rates);
        }
        // Groups that never took off.
        for _ in 0..self.shape.abandoned {
            let u = self.rng.random_range(root..self.org.units.len());
            let um = self.org.units[u].members.clone();
            if um.len() < 3 {
                continue;
            }
            let task = self.task_index();
            let tasks = if zh { zh::LEXICON.tasks } else { en::LEXICON.tasks };
            let short = self.org.units[u].short.clone();
            let name = if zh {
                (*pick(&mut self.rng, &["{t}对接群", "{u}资料群", "临时群", "{u}{t}对接", "{t}信息报送群"]))
                    .replace("{t}", tasks[task])
                    .replace("{u}", &short)
            } else {
                slug(
                    &(*pick(&mut self.rng, &["tmp-{u}", "test-channel-{u}", "{u}-sync", "{u}-ideas"]))
                        .replace("{u}", &short),
                )
            };
            let start = self.rng.random_range(0..days.saturating_sub(5).max(1));
            let rates = self.rates(Role::Abandoned, um.len());
            let g = self.group(r, name, Role::Abandoned, u, um, (start, (start + 4).min(days)), task, rates);
            self.org.groups[g as usize].budget = self.rng.random_range(1..=8);
        }
        // Empty groups.
        for _ in 0..self.shape.empty {
            let u = self.rng.random_range(root..self.org.units.len());
            let um = self.org.units[u].members.clone();
            let n = self.rng.random_range(1..=2).min(um.len());
            let m = um[..n].to_vec();
            let name = if zh {
                if n == 2 {
                    format!("{}、{}", self.org.members[m[0] as usize].name, self.org.members[m[1] as usize].name)
                } else {
                    "新建群聊".to_string()
                }
            } else {
                slug(&format!("new-channel-{}", self.org.groups.len()))
            };
            let start = self.rng.random_range(0..days.saturating_sub(2).max(1));
            let rates = self.rates(Role::Empty, m.len());
            let task = self.task_index();
            let g = self.group(r, name, Role::Empty, u, m, (start, (start + 2).min(days)), task, rates);
            self.org.groups[g as usize].budget = self.rng.random_range(0..=2);
        }
        self.org.structure.push(st);
    }

    /// A task group made by unit `u`: some of its staff plus people below who do the work.
    fn task_group(&mut self, r: u32, u: usize, towns: &[(usize, Vec<usize>)], first: &mut bool) {
        let zh = self.zh();
        let days = self.shape.days;
        let task = self.task_index();
        let um = self.org.units[u].members.clone();
        let k = self.rng.random_range(3..=8).min(um.len());
        let mut m = um[..k].to_vec();
        let level = self.org.units[u].level;
        let pick_towns: Vec<&(usize, Vec<usize>)> = match level {
            Level::Town => towns.iter().filter(|t| t.0 == u).collect(),
            _ => towns.iter().filter(|_| self.rng.random_bool(0.5)).collect(),
        };
        for (t, vs) in pick_towns {
            let tm = self.org.units[*t].members.clone();
            m.push(*pick(&mut self.rng, &tm));
            for &v in vs {
                if self.rng.random_bool(if level == Level::Town { 0.8 } else { 0.3 }) {
                    let vm = self.org.units[v].members.clone();
                    m.push(*pick(&mut self.rng, &vm));
                }
            }
        }
        // Lifecycle: most tasks run 2–13 weeks and then go quiet; the first one in an organisation is finished
        // early so that every organisation has a finished task group.
        let dur = self.rng.random_range(14..=90).min(days.saturating_sub(1).max(1));
        let early = *first && days >= 75;
        *first = false;
        let (start, end) = if early {
            // Started before the data and finished in its first days.
            (0, self.rng.random_range(2..=4))
        } else {
            let start = self.rng.random_range(0..days.saturating_sub(10).max(1));
            (start, (start + dur).min(days))
        };
        let tasks = if zh { zh::LEXICON.tasks } else { en::LEXICON.tasks };
        let short = self.org.units[u].short.clone();
        let name = if zh {
            (*pick(&mut self.rng, &["2025年{t}工作群", "{t}专项工作群", "{u}{t}领导小组", "{t}攻坚群", "{u}{t}工作群"]))
                .replace("{t}", tasks[task])
                .replace("{u}", &short)
        } else {
            let t = tasks[task].trim_start_matches("the ");
            slug(&format!("proj-{t}-{}", self.org.groups.len()))
        };
        let rates = self.rates(Role::Task, m.len());
        self.group(r, name, Role::Task, u, m, (start, end), task, rates);
    }
}

/// A Slack-style channel name: lower case, words joined by hyphens, at most 80 characters.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(80);
    out
}

fn base36(mut x: u64, n: usize) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(A[(x % 36) as usize] as char);
        x /= 36;
    }
    s
}

fn base62(mut x: u64, n: usize) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(A[(x % 62) as usize] as char);
        x /= 62;
    }
    s
}
