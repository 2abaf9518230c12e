//! Deterministic pseudo-random message content for the throughput benchmark: a small PRNG, people, groups and
//! chat lines of realistic length (10–200 characters, mostly short) in Chinese and English, with @mentions.

/// splitmix64: fast, deterministic, good enough to vary generated content.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ZH: &[&str] = &[
    "收到",
    "好的，马上处理",
    "请各位于本周五下班前报送材料",
    "今天下午三点在三楼会议室开会，请准时参加",
    "辛苦了",
    "已完成，请领导审阅",
    "附件是最新版本的方案，有问题随时沟通",
    "明天上午检查组到现场，大家提前做好准备",
    "这个问题我再确认一下",
    "上周的数据已经更新到共享表格里了",
    "请大家注意安全生产，节假日值班表见群公告",
    "领导讲得太好了，受益匪浅",
    "早上好！",
    "客户那边反馈说接口超时，麻烦看一下日志",
    "报销单据请统一交到财务部",
    "“十四五”规划材料已按要求修改",
];

const EN: &[&str] = &[
    "ok",
    "Thanks, will do.",
    "Please send the weekly report by Friday 5pm.",
    "The build is green again after the \"flaky\" test fix.",
    "Can someone review my PR before the release?",
    "Meeting moved to 3pm, room 301.",
    "Good morning everyone!",
    "I pushed the hotfix to staging; please verify.",
    "Latency on the EU cluster spiked around 02:00 UTC.",
    "Noted.",
    "Let's sync tomorrow about the migration plan\nand the rollback steps.",
    "Great job on the launch, team!",
];

/// Chinese and English names of the people in the generated chats.
pub const NAMES: &[&str] = &[
    "张三", "李四", "王五", "赵六", "陈静", "刘洋", "杨帆", "黄磊", "周杰", "吴敏", "徐丽", "孙伟", "Ann", "Bob",
    "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi",
];

/// How many distinct people and groups the generated exports hold.
pub const PEOPLE: usize = 2000;
/// Number of groups.
pub const GROUPS: usize = 300;

/// The display name of person `i`.
pub fn name(i: usize) -> String {
    format!("{}{}", NAMES[i % NAMES.len()], i / NAMES.len())
}

/// A chat line of 10–200 characters (most are short), sometimes opening with an @mention of `mention` or an
/// @all; `all` is the source's spelling of @all (`@所有人`, `@everyone`, `@channel`).
pub fn line(rng: &mut Rng, mention: Option<&str>, all: &str) -> String {
    // Skewed towards short messages: the square of a uniform number in 0..1.
    let u = rng.below(1000) as f64 / 1000.0;
    let target = 10 + (u * u * 190.0) as usize;
    let zh = rng.chance(70);
    let mut s = String::new();
    if rng.chance(3) {
        s.push_str(all);
        s.push(' ');
    } else if let Some(m) = mention.filter(|_| rng.chance(20)) {
        s.push('@');
        s.push_str(m);
        s.push(' ');
    }
    while s.chars().count() < target {
        let pool = if zh { ZH } else { EN };
        s.push_str(rng.pick::<&str>(pool));
        s.push_str(if zh { "。" } else { " " });
    }
    s.chars().take(target).collect()
}

/// A run of hex digits, for hashes and file ids.
pub fn hex(rng: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n);
    while s.len() < n {
        s.push_str(&format!("{:016x}", rng.next()));
    }
    s.truncate(n);
    s
}
