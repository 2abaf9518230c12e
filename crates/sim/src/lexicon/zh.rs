//! Simplified Chinese wording of a district's work groups (区 → 镇/街道 → 村/社区, plus 区直部门), built from the
//! cues in `research/noise-taxonomy.md` §1: notices with deadlines and 收到请回复 tails, 收到 chains and 接龙,
//! 留痕 photo captions, 玫瑰体 praise, 早上好 and festival wishes, 砍一刀/投票 ads, and genuine work questions.

use super::Lexicon;
use crate::grammar::{Ctx, expand, expand_one, word};

/// The Chinese lexicon.
pub static LEXICON: Lexicon = Lexicon {
    slots,
    notices: [SUBMIT, MEETING, PHOTO, CHAIN, DUTY, STUDY, HAZARD, EMERGENCY],
    at_all: "@所有人 ",
    relays: &[
        ("【转发】", ""),
        ("转：", ""),
        ("", "请各村（社区）认真落实。"),
        ("", "请相互转告，按时完成。"),
        ("【{unit}转发】", ""),
        ("转发{unit}通知：", "请各位高度重视。"),
        ("", ""),
        ("再次提醒：", ""),
    ],
    acks: ACKS,
    chain_header: &["#接龙\n{task}{material}报送情况", "#接龙\n{date}{meeting}参会人员", "#接龙 {task}已完成的请接龙"],
    chain_line: &["{unit} {name} 已报送", "{unit} {name}", "{unit}{name} 已完成", "{unit} {name} 参加"],
    proof: PROOF,
    leader_posts: LEADER,
    flattery: FLATTERY,
    morning: MORNING,
    weekend: &[
        "周末愉快！",
        "祝大家周末愉快，{wish}！",
        "大家周末好，注意休息",
        "新的一周，大家早上好！{wish}！",
        "周一好，新的一周{work_wish}！",
        "各位周末愉快🌹",
    ],
    festival: &[
        "祝大家{fest}！",
        "{fest}！{wish}、{wish}！",
        "祝各位领导、同事{fest}，{wish}！",
        "{fest}🎉🎉 {wish}",
        "恭祝大家{fest}，阖家幸福！",
        "{name}祝大家{fest}，{wish}！",
        "{fest}🌹",
    ],
    festivals: &[
        "元旦快乐",
        "除夕快乐",
        "新春快乐",
        "元宵节快乐",
        "劳动节快乐",
        "端午安康",
        "国庆快乐",
        "中秋快乐",
        "重阳节快乐",
        "新年快乐",
    ],
    off_topic: OFF_TOPIC,
    chat_replies: &[
        "哈哈哈",
        "真的假的",
        "我也想去",
        "算我一个",
        "好吃！",
        "多少钱一斤？",
        "已砍",
        "投了",
        "同去同去",
        "[捂脸]",
        "下次叫上我",
        "{name}你请客啊",
        "周末天气不错，适合爬山",
        "明天带点给你们尝尝",
    ],
    questions: QUESTIONS,
    answers: ANSWERS,
    statements: STATEMENTS,
    stray: &[
        "这个群还用吗？{task}工作已经结束了吧",
        "{task}的材料都交齐了，这个群是不是可以解散了？",
        "请问{task}后续还有安排吗？",
    ],
    tasks: TASKS,
};

const TASKS: &[&str] = &[
    "森林防火",
    "秸秆禁烧",
    "人居环境整治",
    "安全生产大检查",
    "防返贫动态监测",
    "城乡居民医保征缴",
    "养老保险征缴",
    "耕地保护",
    "违法建设排查",
    "燃气安全排查",
    "消防安全检查",
    "反诈宣传",
    "文明城市创建",
    "爱国卫生运动",
    "乡村振兴",
    "主题教育",
    "信访维稳",
    "食品安全检查",
    "河长制巡河",
    "防汛抗旱",
    "低保对象核查",
    "高龄津贴发放",
    "退役军人信息采集",
    "经济普查",
    "农业普查",
    "林长制",
    "地质灾害隐患排查",
    "校园周边环境整治",
    "禁毒宣传",
    "征兵",
    "垃圾分类",
    "电动自行车安全整治",
    "自建房安全排查",
    "春耕备耕",
    "粮食生产",
    "农村集体“三资”清理",
    "网格化管理",
    "民生实事项目",
    "基层减负",
    "统计数据核查",
];

const SUBMIT: &[&str] = &[
    "{hdr}{scope}于{deadline}报送{task}{material}{tail}",
    "{hdr}{scope}{deadline}将{task}{material}报送至{office}邮箱{tail}",
    "{hdr}按照区{dept}要求，{scope}开展{task}{check}，{deadline}上报{material}{tail}",
    "{hdr}{scope}登录{system}填报{task}数据，{deadline}完成，逾期系统将关闭{tail}",
    "{hdr}{scope}将{task}{material}（见附件）于{deadline}报送，联系人：{name}，电话：{phone}{tail}",
    "{hdr}{task}{material}已下发，{scope}查收并认真落实，{deadline}反馈{tail}",
    "{hdr}关于{task}的{material}还有{n}个单位未报送，{scope}抓紧，{deadline}必须报齐{tail}",
    "{hdr}{scope}对照{task}问题清单逐项整改，整改报告{deadline}报{office}{tail}",
];
const MEETING: &[&str] = &[
    "{hdr}定于{date}{clock}在{room}召开{task}{meeting}，{scope}安排{attendee}准时参加，{bring}{tail}",
    "{hdr}{date}{clock}召开{meeting}，腾讯会议号{meetno}，{scope}准时入会{tail}",
    "{hdr}今天{clock}在{room}开{task}{meeting}，请{attendee}参加{tail}",
    "{hdr}会议通知：时间：{date}{clock}；地点：{room}；参会人员：{attendee}；议程：{task}工作部署{tail}",
];
const PHOTO: &[&str] = &[
    "{hdr}{scope}{deadline}完成{task}{pow}，并上传{n_small}张工作照片{tail}",
    "{hdr}{scope}今晚前报{n_small}张{task}活动照片{tail}",
    "{hdr}{scope}组织开展{task}宣传，张贴横幅标语，现场照片发群里{tail}",
    "{hdr}明早8点开{task}网格会，带齐3类台账，到岗后拍照发群{tail}",
    "{hdr}{scope}立即开展{task}{pow}，做到全覆盖，工作照片及时发群{tail}",
];
const CHAIN: &[&str] = &[
    "{hdr}{scope}完成{task}{material}报送后在群里接龙{tail}",
    "{hdr}{date}{meeting}参会人员请接龙报名{tail}",
    "{hdr}{task}工作已落实的单位请接龙，{deadline}截止{tail}",
];
const DUTY: &[&str] = &[
    "{hdr}{scope}做好节假日期间值班值守工作，值班表{deadline}报办公室{tail}",
    "{hdr}本周值班安排已发群文件，{scope}查收，值班人员务必在岗在位{tail}",
    "{hdr}{scope}严格落实24小时值班和领导带班制度，{deadline}报送值班表{tail}",
];
const STUDY: &[&str] = &[
    "{hdr}{scope}组织学习{study}，{deadline}前报送学习心得和照片{tail}",
    "{hdr}{study}学习材料已发群文件，{scope}认真学习，{deadline}报送学习情况{tail}",
];
const HAZARD: &[&str] = &[
    "{hdr}近期{hazard}，{scope}立即组织开展{task}排查，发现隐患及时上报{tail}",
    "{hdr}气象台发布{hazard_warn}预警，{scope}加强巡查，落实{task}各项措施{tail}",
    "{hdr}{place}发生一起{incident}，{scope}举一反三，立即开展{task}排查{tail}",
];
const EMERGENCY: &[&str] = &[
    "【紧急通知】{clock_now}起{place}出现强降雨，{scope}立即组织人员转移，确保人员安全！",
    "紧急！{place}{river}水位上涨，{scope}立即安排人员24小时巡查，情况随时报告！",
    "【紧急】{place}发生{incident}，{scope}负责同志立即赶赴现场，{leader}已在路上",
    "紧急通知：今晚有{hazard_warn}，{scope}值班人员在岗在位，{n_small}点前报告准备情况！",
];

const ACKS: &[&str] = &[
    "收到",
    "收到！",
    "收到。",
    "收到收到",
    "已收到",
    "收到，谢谢",
    "收到谢谢领导",
    "收到，马上落实",
    "好的",
    "好的，收到",
    "明白",
    "明白了",
    "了解",
    "知道了",
    "遵照执行",
    "坚决落实",
    "马上落实",
    "马上办",
    "保证完成",
    "1",
    "+1",
    "OK",
    "ok",
    "👌",
    "👍",
    "[强]",
    "[OK]",
    "[抱拳]",
    "🙏",
    "已阅",
    "{unit}收到",
    "{unit}收到！",
    "{name}收到",
    "收到-{unit}{name}",
    "{unit}{name}收到，马上落实",
    "{unit}已收到",
    "收到，{unit}马上安排",
];

const PROOF: &[&str] = &[
    "{unit}已完成{task}{pow}",
    "{unit}{pow}，共计{n}户",
    "{unit}正在开展{task}{pow}",
    "已到岗",
    "{unit}已到岗",
    "{unit}已张贴{task}宣传海报{n_small}张",
    "{unit}今日{pow}情况",
    "{unit}{name}已按要求落实",
    "{unit}已组织学习",
    "{unit}已发放宣传资料{n}份",
    "{unit}{task}工作已落实",
    "{unit}已整改到位",
    "{unit}夜间巡查，一切正常",
    "{unit}已通知到位",
];

const LEADER: &[&str] = &[
    "今天带队到{place}检查{task}工作，总体情况较好，但仍有个别问题，请各单位对照清单，{deadline}完成整改。",
    "{task}是当前的头等大事，各单位主要负责同志要亲自抓，确保{goal}。",
    "刚才的会议上我讲了三点意见：一是提高认识，二是压实责任，三是{task}工作务必{goal}。请大家认真落实。",
    "近期走访了{n_small}个村，发现{task}工作还有短板，请各村对标对表，{deadline}把问题解决到位。",
    "感谢大家这段时间在{task}工作中的辛苦付出！下一步，要{goal}，请各单位继续保持。",
    "今天上级督查组对我们{task}工作给予了肯定。请大家再接再厉，务必{goal}。",
];
const FLATTERY: &[&str] = &[
    "领导辛苦了",
    "{leader}辛苦了！",
    "辛苦了",
    "领导英明",
    "讲得太好了",
    "讲得透彻",
    "受教了",
    "学习了",
    "认真学习",
    "深受启发",
    "受益匪浅",
    "{idiom}！",
    "{idiom}，{learn}！",
    "{leader}{idiom}，我们{pledge}",
    "坚决拥护，{pledge}",
    "👍👍👍",
    "🌹🌹🌹",
    "[玫瑰][玫瑰][玫瑰]",
    "👏👏",
    "[鼓掌][鼓掌]",
    "💪💪",
    "为领导点赞👍",
    "{leader}{praise}",
    "{learn}，{pledge}！",
];
const MORNING: &[&str] = &[
    "早上好",
    "早安",
    "早",
    "大家早上好！",
    "各位早安，{wish}",
    "早上好，{work_wish}！",
    "各位领导同事早上好🌹",
    "早安🌞",
    "早上好☀️ {wish}",
    "美好的一天从早安开始，{wish}",
    "[太阳]早上好",
];
const OFF_TOPIC: &[&str] = &[
    "帮我砍一刀吧，谢谢！ https://mobile.yangkeduo.com/pincard_ask.html?_t={code}",
    "麻烦大家帮忙点一下，还差最后一点 https://p.pinduoduo.com/{code}",
    "麻烦帮忙给{votename}投一票，{n}号，每天可投 https://vote.weixin.example/{code}",
    "我家孩子参加萌宝评选，{n}号，麻烦大家投一票，谢谢！",
    "水滴筹｜{votename}的家人突发重病，恳请大家帮忙转发 https://www.shuidichou.com/{code}",
    "转需！删前速看，{rumor}",
    "今天食堂有{food}，去晚了就没了",
    "{place}新开了一家{shop}，周末去试试？",
    "谁有{item}？借我用一下",
    "中午一起吃饭吗？",
    "团购{fruit}，自家种的，{n}元一箱，需要的私聊",
    "兼职日结，在家就能做，加我微信了解",
    "优惠券免费领，扫码进群 https://u.example.cn/{code}",
    "今晚的球赛谁赢了？",
    "刚才谁的车停在大院门口没熄火？",
    "天气预报说周末降温，大家注意添衣",
];
const QUESTIONS: &[&str] = &[
    "请问{task}{material}是按{basis}口径填吗？",
    "{system}登不上去，有谁遇到吗？",
    "表格第{n_small}列是填{field}吗？",
    "{task}的截止时间能延后一天吗？{unit}还有{n_small}户没核实完",
    "@{leader} {task}{material}需要盖章吗？",
    "去年的{task}台账还要一起交吗？",
    "{unit}有{n_small}户外出务工联系不上，怎么填？",
    "请问{meeting}是线上还是线下？",
    "{task}经费今年怎么报销，需要哪些票据？",
    "上级要的{material}和上周报的是不是同一个？",
];
const ANSWERS: &[&str] = &[
    "按{basis}口径，和去年保持一致",
    "刷新一下就可以了，{system}刚才在维护",
    "是的，填{field}，单位是户",
    "可以，最晚{deadline}，不能再晚了",
    "需要盖章，扫描件发{office}邮箱就行",
    "不用，只报今年的",
    "先标注“外出”，联系上了再补录",
    "线下，在{room}",
    "发票加审批单，找{name}对接",
    "不是一回事，这次要的是分村汇总表，模板在群文件里",
    "我问一下{office}再回复你",
    "{unit}的情况我知道了，明天我过去看看",
];
const STATEMENTS: &[&str] = &[
    "{unit}的数据核对了一下，{n}户里有{n_small}户信息不全，明天补齐",
    "{task}的方案初稿已经发群文件了，大家看看有什么意见",
    "我建议{task}和{anytask}的台账合在一起报，省得重复填",
    "明天上午我和{name}去{place}现场看一下{task}的进度",
    "{place}那边反映{problem}，需要协调一下{dept}",
    "已经和{dept}对接过了，他们下周派人过来",
    "汇总表我做好了，{unit}的数字和系统里对不上，差{n_small}户，谁有空核一下",
    "{task}还差{pct}%没完成，主要卡在{problem}",
    "这个问题我觉得可以先试点，在{place}先做起来",
    "下午{clock}我在办公室，有问题可以直接过来",
];

const MATERIALS: &[&str] = &[
    "工作台账",
    "统计表",
    "汇总表",
    "工作总结",
    "情况说明",
    "佐证材料",
    "自查报告",
    "信息简报",
    "工作方案",
    "花名册",
    "进度表",
    "问题清单",
];
const MEETINGS: &[&str] = &["工作推进会", "调度会", "专题会议", "视频会议", "培训会", "部署会", "工作例会", "座谈会"];
const ROOMS: &[&str] = &[
    "三楼会议室",
    "二楼会议室",
    "镇政府大会议室",
    "区政府5楼会议室",
    "党群服务中心",
    "区行政中心1号会议室",
    "指挥中心",
];
const SCOPES: &[&str] =
    &["请各村（社区）", "请各科室", "请各单位", "请各位同事", "请大家", "各村书记", "请各站所", "请各网格员"];
const HDRS: &[&str] = &["", "", "", "【通知】", "【紧急通知】", "【重要提醒】", "【温馨提示】", "通知：", "重要："];
const TAILS: &[&str] = &[
    "。",
    "。收到请回复！",
    "，收到请回复。",
    "。逾期不候。",
    "，谢谢！",
    "。请相互转告。",
    "。以此为准。",
    "，务必高度重视！",
    "！",
];
const POW: &[&str] =
    &["入户走访", "巡查", "排查", "宣传", "发放宣传资料", "张贴通告", "值班值守", "现场检查", "巡河", "政策宣讲"];
const DEPTS: &[&str] = &[
    "办公室",
    "应急管理局",
    "农业农村局",
    "卫健局",
    "民政局",
    "水利局",
    "自然资源局",
    "住建局",
    "统计局",
    "医保局",
    "市场监管局",
    "信访局",
];
const IDIOMS: &[&str] = &[
    "高屋建瓴",
    "振聋发聩",
    "醍醐灌顶",
    "高瞻远瞩",
    "运筹帷幄",
    "字字珠玑",
    "金玉良言",
    "语重心长",
    "一针见血",
    "身先士卒",
    "以身作则",
];
const WISHES: &[&str] =
    &["阖家幸福", "万事如意", "身体健康", "吉祥安康", "平安喜乐", "工作顺利", "心想事成", "幸福安康"];
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "胡", "朱", "郭"];

fn slots(name: &str, ctx: &mut Ctx, out: &mut String) -> bool {
    match name {
        "task" => out.push_str(TASKS[ctx.task % TASKS.len()]),
        "anytask" => word(TASKS, ctx, out),
        "material" => word(MATERIALS, ctx, out),
        "meeting" => word(MEETINGS, ctx, out),
        "room" => word(ROOMS, ctx, out),
        "scope" => word(SCOPES, ctx, out),
        "hdr" => word(HDRS, ctx, out),
        "tail" => word(TAILS, ctx, out),
        "pow" => word(POW, ctx, out),
        "dept" => word(DEPTS, ctx, out),
        "idiom" => word(IDIOMS, ctx, out),
        "wish" => word(WISHES, ctx, out),
        "office" => word(&["区政府办", "镇党政办", "综治办", "应急办", "农业农村办", "统计站"], ctx, out),
        "check" => word(&["专项检查", "自查自纠", "排查整治", "督查", "回头看"], ctx, out),
        "system" => word(&["网格化平台", "政务服务平台", "防返贫监测系统", "统计联网直报平台", "浙政钉"], ctx, out),
        "attendee" => word(&["主要负责同志", "分管领导", "业务骨干", "村书记", "网格员", "站所负责人"], ctx, out),
        "bring" => word(&["请带笔记本。", "请提前10分钟签到。", "请带齐相关台账。", "不得请假。", ""], ctx, out),
        "study" => word(
            &["重要讲话精神", "《整治形式主义为基层减负若干规定》", "全会精神", "安全生产法", "条例原文"],
            ctx,
            out,
        ),
        "hazard" => word(&["天气持续干燥", "连续降雨", "气温骤升", "进入汛期", "节假日人员流动大"], ctx, out),
        "hazard_warn" => word(&["暴雨橙色", "暴雨红色", "大风蓝色", "高温橙色", "森林火险"], ctx, out),
        "incident" => word(&["火灾", "交通事故", "山体滑坡", "燃气泄漏", "溺水事件"], ctx, out),
        "river" => word(&["河段", "水库", "山塘", "溪流"], ctx, out),
        "goal" => word(&["按时保质完成任务", "不出任何问题", "全覆盖、无死角", "群众满意", "走在全区前列"], ctx, out),
        "learn" => word(&["学习了", "认真学习", "深受启发", "受益匪浅", "受教了"], ctx, out),
        "pledge" => word(&["坚决落实", "坚决贯彻", "一定照办", "马上落实到位"], ctx, out),
        "praise" => word(&["讲得太好了", "辛苦了", "英明", "精辟", "到位"], ctx, out),
        "work_wish" => word(&["工作顺利", "一切顺利", "元气满满", "加油"], ctx, out),
        "fest" => out.push_str(LEXICON.festivals[ctx.festival % LEXICON.festivals.len()]),
        "food" => word(&["红烧肉", "饺子", "酸菜鱼", "包子", "炸鸡腿"], ctx, out),
        "shop" => word(&["火锅店", "奶茶店", "面馆", "农家乐", "烧烤店"], ctx, out),
        "item" => word(&["充电器", "订书机", "雨伞", "U盘", "电瓶车钥匙"], ctx, out),
        "fruit" => word(&["脐橙", "猕猴桃", "葡萄", "蜜桔", "土鸡蛋"], ctx, out),
        "rumor" => word(&["明天起高速免费", "这种食物千万别再吃了", "转发到10个群就有好运"], ctx, out),
        "basis" => word(&["户籍", "常住", "年末", "实际"], ctx, out),
        "field" => word(&["户籍人口", "常住人口", "身份证号", "联系电话", "家庭住址", "完成情况"], ctx, out),
        "problem" => word(&["资金没到位", "群众有意见", "人手不够", "数据对不上", "系统经常掉线"], ctx, out),
        "votename" => {
            word(SURNAMES, ctx, out);
            word(&["小宝", "同学", "老师", "阿姨"], ctx, out);
        }
        "code" => {
            let n = ctx.num(100_000, 999_999);
            out.push_str(&format!("{n:x}"));
        }
        "meetno" => {
            let (a, b, c) = (ctx.num(100, 999), ctx.num(100, 999), ctx.num(100, 999));
            out.push_str(&format!("{a} {b} {c}"));
        }
        "phone" => {
            let n = ctx.num(1000_0000, 9999_9999);
            out.push_str(&format!("13{}{n}", ctx.num(0, 9)));
        }
        "n" => push_num(out, ctx.num(8, 260)),
        "n_small" => push_num(out, ctx.num(2, 9)),
        "pct" => push_num(out, ctx.num(5, 40)),
        "unit" => out.push_str(ctx.unit),
        "name" => out.push_str(ctx.name),
        "place" => out.push_str(ctx.place),
        "leader" => out.push_str(ctx.leader),
        "clock" => {
            let pm = ctx.chance(0.5);
            let h = if pm { ctx.num(14, 17) } else { ctx.num(8, 11) };
            let m = *crate::rng::pick(ctx.rng, &[0u32, 0, 30, 30, 15]);
            match ctx.num(0, 2) {
                0 => {
                    out.push_str(if pm { "下午" } else { "上午" });
                    push_num(out, if pm { h - 12 } else { h });
                    if m == 0 {
                        out.push('点');
                    } else {
                        out.push(':');
                        push2(out, m);
                    }
                }
                _ => {
                    push_num(out, h);
                    out.push(':');
                    push2(out, m);
                }
            }
        }
        "clock_now" => {
            let h = ctx.num(19, 23);
            push_num(out, h);
            out.push('时');
        }
        "date" => {
            let ahead = ctx.num(1, 6);
            let (m, d) = ctx.date_ahead(ahead);
            push_md(out, m, d);
        }
        "deadline" => {
            let k = ctx.num(0, 6);
            match k {
                0 => out.push_str("今天下班前"),
                1 => {
                    out.push_str("明天上午");
                    push_num(out, ctx.num(9, 11));
                    out.push_str("点前");
                }
                2 => {
                    out.push_str("今晚");
                    push_num(out, ctx.num(8, 10));
                    out.push_str("点前");
                }
                3 => {
                    out.push_str("本周");
                    word(&["三", "四", "五"], ctx, out);
                    out.push('前');
                }
                4 => {
                    let a = ctx.num(1, 7);
                    let (m, d) = ctx.date_ahead(a);
                    push_md(out, m, d);
                    out.push('前');
                }
                5 => {
                    let a = ctx.num(1, 7);
                    let (m, d) = ctx.date_ahead(a);
                    out.push_str("请于");
                    push_md(out, m, d);
                    push_num(out, ctx.num(10, 17));
                    out.push_str("点前");
                }
                _ => {
                    let a = ctx.num(1, 7);
                    let (m, d) = ctx.date_ahead(a);
                    out.push_str("截止时间：");
                    push_md(out, m, d);
                    push_num(out, ctx.num(10, 17));
                    out.push_str(":00，");
                }
            }
        }
        "surname" => word(SURNAMES, ctx, out),
        "nested" => expand("{task}", ctx, out, slots),
        _ => return false,
    }
    true
}

/// Appends a decimal number without allocating.
pub fn push_num(out: &mut String, n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("digits"));
}

fn push2(out: &mut String, n: u32) {
    out.push((b'0' + (n / 10 % 10) as u8) as char);
    out.push((b'0' + (n % 10) as u8) as char);
}

fn push_md(out: &mut String, m: u32, d: u32) {
    push_num(out, m);
    out.push('月');
    push_num(out, d);
    out.push('日');
}

/// Expands a random template of `tpls` with the Chinese slots (for callers outside the lexicon).
pub fn say(tpls: &[&str], ctx: &mut Ctx, out: &mut String) {
    expand_one(tpls, ctx, out, slots);
}

/// Place-name syllables for towns and villages.
pub const PLACE_CHARS: &[&str] = &[
    "青", "石", "河", "桥", "龙", "凤", "新", "安", "丰", "和", "平", "东", "西", "南", "北", "山", "水", "林", "田",
    "湖", "溪", "岭", "坪", "塘", "湾", "庄", "集", "台", "岗", "坝", "店", "营", "堡", "园", "兴", "隆", "福", "寿",
    "永", "宁", "长", "乐", "泉", "柳", "杨", "白", "黄", "红", "金", "云", "梅", "竹", "松", "柏", "桃", "源", "阳",
    "明", "德", "仁", "义", "富", "强", "胜", "利", "华", "盛", "昌", "荣", "瑞", "祥", "吉", "庆", "春", "秋",
];
/// Surnames with their pinyin, for names and WeCom user ids.
pub const SURNAMES_PY: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("罗", "luo"),
    ("高", "gao"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("潘", "pan"),
    ("袁", "yuan"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("余", "yu"),
];
/// Given-name characters with their pinyin.
pub const GIVEN_PY: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂", "gui"),
    ("英", "ying"),
    ("华", "hua"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("辉", "hui"),
    ("鹏", "peng"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("峰", "feng"),
    ("斌", "bin"),
    ("波", "bo"),
    ("红", "hong"),
    ("玲", "ling"),
    ("兰", "lan"),
    ("春", "chun"),
    ("海", "hai"),
    ("志", "zhi"),
    ("新", "xin"),
    ("德", "de"),
    ("俊", "jun"),
    ("慧", "hui"),
    ("晨", "chen"),
    ("东", "dong"),
    ("荣", "rong"),
];
/// District-level departments (区直部门).
pub const DEPARTMENTS: &[&str] = &[
    "区委办公室",
    "区政府办公室",
    "组织部",
    "宣传部",
    "政法委",
    "发改局",
    "教育局",
    "民政局",
    "司法局",
    "财政局",
    "人社局",
    "自然资源局",
    "生态环境分局",
    "住建局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文旅局",
    "卫健局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监管局",
    "统计局",
    "医保局",
    "信访局",
    "城管局",
    "林业局",
    "科技局",
];
/// Leader titles by level: (unit kind, title suffix after the surname).
pub const TITLES: &[&str] = &["书记", "主任", "局长", "镇长", "区长", "部长"];
