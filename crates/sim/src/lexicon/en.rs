//! English wording of a company's Slack workspace (company → divisions → teams, plus corporate functions), built
//! from the English cues in `research/noise-taxonomy.md` §1: reminders with due dates and `<!channel>`, "got it"
//! and 👍 replies, "done ✅" status posts, "great job boss" praise, good-morning and happy-Friday posts, ads and
//! votes, and genuine engineering and business discussion.

use super::Lexicon;
use crate::grammar::{Ctx, word};
use crate::lexicon::zh::push_num;

/// The English lexicon.
pub static LEXICON: Lexicon = Lexicon {
    slots,
    notices: [SUBMIT, MEETING, PHOTO, CHAIN, DUTY, STUDY, HAZARD, EMERGENCY],
    at_all: "<!channel> ",
    relays: &[
        ("Fwd: ", ""),
        ("Reposting from #{chan}: ", ""),
        ("", " Please share with your teams."),
        ("As shared in #{chan}: ", ""),
        ("Reminder (again): ", ""),
        ("", ""),
    ],
    acks: &[
        "got it",
        "Got it!",
        "noted",
        "Noted, thanks",
        "ok",
        "okay",
        "k",
        "roger",
        "copy that",
        "will do",
        "on it",
        "thanks!",
        "thx",
        "ty",
        "👍",
        "👍👍",
        "✅",
        "🙏",
        "+1",
        "sounds good",
        "sg",
        "received, thanks {leader}",
        "{unit} ack",
    ],
    chain_header: &["Sign-up: {task} ({date})", "Please add your name when done: {task}"],
    chain_line: &["{name} ({unit})", "{name} - done", "{name}, {unit}"],
    proof: &[
        "Done ✅ {task} for {unit}",
        "EOD update: {task} finished, {n} tickets closed",
        "{unit}: {task} completed, photos attached",
        "checked in on site",
        "Status: done. {task} deployed to {env}",
        "here's the proof 📸",
        "{unit} training completed ✅",
        "visited {place} office, all good",
    ],
    leader_posts: &[
        "Team, {task} is our top priority this quarter. I need every team lead to own their piece and {goal}.",
        "Just back from the {place} offsite. Three takeaways: focus, speed, and {goal}. Please make sure your teams act on this by {deadline}.",
        "Great progress on {task} this week. Next step: {goal}. Leads, please update the tracker by {deadline}.",
        "Quick note from the leadership sync: we are doubling down on {task}. Expect a plan from me by {deadline}; {goal}.",
    ],
    flattery: &[
        "Great job boss!",
        "well said {leader}",
        "So insightful 🙌",
        "inspiring!",
        "amazing leadership 👏",
        "thanks for your leadership {leader}",
        "spot on",
        "couldn't agree more",
        "100%",
        "this!",
        "💯",
        "🔥🔥🔥",
        "👏👏👏",
        "legend",
        "Love this, {leader}! 🙌",
    ],
    morning: &[
        "good morning!",
        "gm",
        "gm team ☀️",
        "morning all",
        "Good morning everyone!",
        "morning! ☕",
        "Good morning, have a great day!",
    ],
    weekend: &[
        "happy Friday!",
        "TGIF 🎉",
        "have a great weekend all",
        "Happy Monday team!",
        "enjoy the weekend everyone",
    ],
    festival: &["{fest}!", "{fest} everyone! 🎉", "Wishing you all a {fest_adj}!", "{fest} team, enjoy the break"],
    festivals: &[
        "Happy New Year",
        "Happy Lunar New Year",
        "Selamat Hari Raya",
        "Happy Labour Day",
        "Happy National Day",
        "Happy Deepavali",
        "Merry Christmas",
        "Happy New Year's Eve",
    ],
    off_topic: &[
        "anyone want to grab lunch at {food}?",
        "my kid's school is selling cookies, DM me if you want a box",
        "please vote for my friend's photo, it's #{n} <https://vote.example.com/{code}>",
        "lost a black umbrella on level {n_small}, anyone seen it?",
        "check out this article <https://news.example.com/{code}>",
        "who left their {item} in the pantry?",
        "sign up with my referral code {code} and we both get $20",
        "crypto giveaway!! DM me for details",
        "anyone watching the game tonight?",
        "free {food} in the kitchen 🍕",
        "does anyone have a spare {item} I can borrow?",
        "running club meets at 7am tomorrow, all welcome",
    ],
    chat_replies: &["haha", "lol", "count me in", "I'm in!", "same", "nice 😄", "no way", "omw", "🙋", "see you there"],
    questions: &[
        "Does anyone know why the {service} build is failing on {branch}?",
        "Is the deadline for {task} still {deadline}?",
        "Who owns the {service} dashboard these days?",
        "Can we move the {meeting} to {clock}? I have a conflict",
        "Quick q: for {task}, do we report {metric} per region or in total?",
        "<@{leader_id}> do you have the latest numbers for {task}?",
        "Has anyone else seen {service} timing out since the {env} deploy?",
        "Where do I find the report template for {task}?",
    ],
    answers: &[
        "I think it's the {component} change from yesterday; reverting fixes it locally",
        "Yes, still {deadline}",
        "{name} owns it now, ping them",
        "works for me",
        "Per region, same as last quarter",
        "Just uploaded them to the shared drive",
        "Yes, we rolled back {component}, should be fine now",
        "It's pinned in this channel",
        "Let me check with {unit} and get back to you",
    ],
    statements: &[
        "I pushed a fix for {component}, PR is up for review",
        "{unit} numbers look off by about {pct}%, I'll dig in tomorrow",
        "Proposal: merge the trackers for {task} and {anytask} so we stop double reporting",
        "Heads up: {service} latency went up {pct}% after the last release",
        "I'll pair with {name} on the {component} migration this afternoon",
        "Draft plan for {task} is in the doc, comments welcome",
        "Customer in {place} asked about {task}; routing to {unit}",
        "We're blocked on {component} until the {env} credentials are rotated",
    ],
    stray: &["is this channel still needed? {task} wrapped up a while ago", "anything left to do for {task}?"],
    tasks: &[
        "Q3 planning",
        "SOC 2 audit",
        "the billing migration",
        "the mobile app launch",
        "security awareness training",
        "the data warehouse cutover",
        "the customer survey",
        "the pricing update",
        "annual performance reviews",
        "the office move",
        "the GDPR review",
        "the partner summit",
        "the API deprecation",
        "the hiring push",
        "budget forecasting",
        "the website redesign",
        "incident postmortems",
        "the CRM cleanup",
        "the benefits enrolment",
        "the onboarding revamp",
    ],
};

const SUBMIT: &[&str] = &[
    "{hdr}Please submit your {deliverable} for {task} by {deadline}.",
    "Action required: update the tracker for {task} by {deadline}. Missing entries will be escalated.",
    "{hdr}Reminder: {deliverable} for {task} are due {deadline}. Contact {name} with questions.",
    "{hdr}All teams: fill in the sheet for {task} by {deadline}, no exceptions.",
];
const MEETING: &[&str] = &[
    "{hdr}{meeting} for {task} moved to {date} at {clock}, room {room}. Attendance is mandatory.",
    "{hdr}Please join the {meeting} on {date} at {clock} (Zoom link in the invite).",
    "{hdr}Agenda for {date} {meeting}: {task} status, risks, next steps. Be on time.",
];
const PHOTO: &[&str] = &[
    "{hdr}Please post a photo of your team's {task} setup by {deadline}.",
    "{hdr}When you finish {task}, reply here with a screenshot as proof.",
];
const CHAIN: &[&str] = &["{hdr}Please add your name to the list for {task} once done, by {deadline}."];
const DUTY: &[&str] = &[
    "{hdr}On-call rota for the holiday week is posted. Please confirm your slot by {deadline}.",
    "{hdr}Everyone on the {unit} rota must be reachable during the change freeze.",
];
const STUDY: &[&str] = &[
    "{hdr}Please complete the {training} training by {deadline}. Completion is tracked.",
    "{hdr}Read the updated {policy} policy and confirm by {deadline}.",
];
const HAZARD: &[&str] = &[
    "{hdr}Security alert: phishing emails impersonating {unit} are circulating. Do not click links; report them to IT.",
    "{hdr}The {service} will be down for maintenance on {date} from {clock}. Plan accordingly.",
];
const EMERGENCY: &[&str] = &[
    "{hdr}SEV1: {service} is down in {env}. All hands on the incident bridge now.",
    "{hdr}Urgent: customer-facing outage on {service}. {leader} is incident commander; updates every 30 min.",
    "{hdr}Urgent: data pipeline for {task} failed overnight, need {unit} on it ASAP.",
];

fn slots(name: &str, ctx: &mut Ctx, out: &mut String) -> bool {
    match name {
        "task" => out.push_str(LEXICON.tasks[ctx.task % LEXICON.tasks.len()]),
        "anytask" => word(LEXICON.tasks, ctx, out),
        "hdr" => word(&["", "", "", "Reminder: ", "Important: ", "FYI: ", "Heads up: "], ctx, out),
        "deliverable" => word(&["status reports", "forecasts", "headcount plans", "timesheets", "slides"], ctx, out),
        "meeting" => word(&["all-hands", "sync", "standup", "review", "planning session", "retro"], ctx, out),
        "room" => word(&["Orchid", "Merlion", "Banyan", "4-12", "Boardroom"], ctx, out),
        "training" => word(&["security awareness", "code of conduct", "data privacy", "anti-bribery"], ctx, out),
        "policy" => word(&["expense", "travel", "remote work", "access control"], ctx, out),
        "service" => word(&["checkout", "auth", "search", "payments API", "CI", "VPN", "data pipeline"], ctx, out),
        "branch" => word(&["main", "release-2.4", "develop"], ctx, out),
        "component" => word(&["caching", "schema", "logging", "retry", "feature-flag", "config"], ctx, out),
        "env" => word(&["prod", "staging", "eu-west", "ap-southeast"], ctx, out),
        "metric" => word(&["revenue", "churn", "NPS", "pipeline", "headcount"], ctx, out),
        "goal" => word(
            &["ship on time", "keep quality high", "hit the numbers", "keep customers first", "unblock each other"],
            ctx,
            out,
        ),
        "fest" => out.push_str(LEXICON.festivals[ctx.festival % LEXICON.festivals.len()]),
        "fest_adj" => word(&["happy holiday", "restful break", "wonderful holiday"], ctx, out),
        "food" => word(&["the ramen place", "Lau Pa Sat", "the food court", "pizza", "donuts"], ctx, out),
        "item" => word(&["charger", "umbrella", "HDMI adapter", "mug", "headphones"], ctx, out),
        "chan" => word(&["general", "announcements", "leads", "all-hands"], ctx, out),
        "code" => {
            let n = ctx.num(100_000, 999_999);
            out.push_str(&format!("{n:x}"));
        }
        "n" => push_num(out, ctx.num(3, 120)),
        "n_small" => push_num(out, ctx.num(2, 9)),
        "pct" => push_num(out, ctx.num(3, 40)),
        "unit" => out.push_str(ctx.unit),
        "name" => out.push_str(ctx.name),
        "place" => out.push_str(ctx.place),
        "leader" => out.push_str(ctx.leader),
        "leader_id" => out.push_str("here"),
        "clock" => {
            let h = ctx.num(9, 16);
            push_num(out, if h > 12 { h - 12 } else { h });
            out.push_str(if h >= 12 { ":00 pm" } else { ":30 am" });
        }
        "date" | "deadline" => {
            let k = ctx.num(0, 4);
            match k {
                0 => out.push_str("EOD today"),
                1 => out.push_str("tomorrow noon"),
                2 => word(&["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], ctx, out),
                3 => out.push_str("end of week"),
                _ => {
                    let a = ctx.num(1, 9);
                    let (m, d) = ctx.date_ahead(a);
                    push_num(out, m);
                    out.push('/');
                    push_num(out, d);
                }
            }
        }
        _ => return false,
    }
    true
}

/// Company divisions (the business side: each has teams).
pub const DIVISIONS: &[(&str, &[&str])] = &[
    ("Engineering", &["Platform", "Payments", "Mobile", "Data", "Infra", "Web", "QA", "Security Eng"]),
    ("Product", &["Growth", "Core Product", "Design", "Research"]),
    ("Sales", &["APAC Sales", "EMEA Sales", "Enterprise", "SMB", "Sales Ops"]),
    ("Marketing", &["Brand", "Content", "Events", "Performance"]),
    ("Customer Success", &["Support", "Onboarding", "Renewals", "Solutions"]),
    ("Operations", &["Supply", "Logistics", "Procurement", "Facilities Ops"]),
];
/// Corporate functions (departments without teams).
pub const FUNCTIONS: &[&str] = &["Finance", "People", "Legal", "IT", "Facilities", "Compliance", "Strategy", "Comms"];
/// First names.
pub const FIRST: &[&str] = &[
    "Sarah", "James", "Wei", "Priya", "Ahmad", "Mei", "John", "Aisha", "Daniel", "Siti", "Ravi", "Grace", "Kevin",
    "Nurul", "Jason", "Li Ting", "Michael", "Hui Min", "Arjun", "Rachel", "Farid", "Emily", "Marcus", "Divya", "Ben",
    "Chloe", "Hafiz", "Olivia", "Ethan", "Zara",
];
/// Last names.
pub const LAST: &[&str] = &[
    "Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Koh", "Kumar", "Singh", "Rahman", "Smith", "Brown", "Ong",
    "Teo", "Ismail", "Nair", "Chen", "Yeo", "Low", "Pillai", "Hassan", "Ho", "Sim", "Jones",
];
/// Singapore and regional office places.
pub const PLACES: &[&str] =
    &["Singapore", "Kuala Lumpur", "Jakarta", "Sydney", "Tokyo", "Bangalore", "London", "Manila"];
