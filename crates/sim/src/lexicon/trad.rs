//! Simplified → Traditional conversion for the characters the Chinese lexicon uses, so that some copies of a
//! notice can be posted in Traditional script (as relayed by members who use a Traditional input method).
//! One-to-one character mapping in the OpenCC `s2t` direction; characters not listed are kept as they are.

use std::sync::OnceLock;

/// Pairs of (Simplified, Traditional) characters, written as one string of alternating characters.
const PAIRS: &str = "请請报報于於时時间間会會议議单單发發区區镇鎮乡鄉县縣领領导導学學习習谢謝实實们們这這个個为為\
与與关關开開门門东東来來对對后後点點钟鐘统統计計数數据據检檢产產环環卫衛农農业業务務劳勞动動节節乐樂庆慶\
国國万萬体體欢歡迎迎尽盡紧緊级級组組织織传傳达達贯貫彻徹讲講话話问問题題汇匯总總确確复復转轉严嚴经經济濟\
众眾执執坚堅决決书書记記长長员員网網络絡户戶访訪张張贴貼横橫处處职職医醫疗療险險养養应應灾災阅閱读讀觉覺\
见見现現场場战戰线線号號电電视視频頻腾騰讯訊带帶齐齊台臺账賬签簽证證况況说說简簡册冊专專项項进進调調训訓\
层層楼樓厅廳园園资資态態运運输輸监監办辦风風隐隱灭滅烧燒违違规規杂雜过過还還没沒吗嗎么麼让讓给給认認积積\
极極写寫补補辛辛苦苦宣宣传傳状狀亲親辆輛边邊远遠场場规規范範组組织織党黨务務专專题題确確认認预預警警报報\
气氣温溫骤驟降降雨雨转轉移移险險灾災责責压壓务務须須结結续續双雙饭飯鱼魚鸡雞车車钥鑰匙匙伞傘机機惊驚\
删刪帮幫砍砍刀刀宝寶投投票票优優惠惠码碼团團购購兼兼职職费費营營运運饮飲热熱闹鬧龙龍凤鳳桥橋岭嶺湾灣\
阳陽华華兴興隆隆寿壽宁寧庄莊荣榮盘盤庆慶华華讨討论論设設计計划劃虑慮众眾";

fn table() -> &'static [(char, char)] {
    static T: OnceLock<Vec<(char, char)>> = OnceLock::new();
    T.get_or_init(|| {
        let cs: Vec<char> = PAIRS.chars().collect();
        let mut v: Vec<(char, char)> = cs.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        v.sort_unstable();
        v.dedup_by_key(|p| p.0);
        v
    })
}

/// Appends `s` to `out` with each listed Simplified character replaced by its Traditional form.
pub fn to_traditional(s: &str, out: &mut String) {
    let t = table();
    for c in s.chars() {
        match t.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => out.push(t[i].1),
            Err(_) => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_listed_characters_and_keeps_others() {
        let mut s = String::new();
        to_traditional("请各单位于3月5日前报送统计表，收到请回复", &mut s);
        assert_eq!(s, "請各單位於3月5日前報送統計表，收到請回復");
    }

    #[test]
    fn table_pairs_are_well_formed() {
        assert_eq!(PAIRS.chars().count() % 2, 0, "an odd number of characters breaks the pairing");
        for (s, t) in table() {
            assert!(!s.is_ascii() && !t.is_ascii());
        }
    }
}
