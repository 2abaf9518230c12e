//! Inline SVG charts drawn in Rust: grouped bars against a quota, before/after histograms, a weekday × hour heat-map
//! and 100% stacked bars. Each function returns one `<svg>` element sized by its `viewBox`, so it scales to the page
//! and prints sharply; colours come from the page's CSS classes where they carry meaning.

use crate::escape::html;
use crate::format::{int, num};
use std::fmt::Write;

/// One row of a before/after bar chart.
pub struct BarRow {
    /// Row label.
    pub label: String,
    /// Value today.
    pub before: f64,
    /// Value after the plan.
    pub after: f64,
    /// A limit drawn as a marker, if any.
    pub limit: Option<f64>,
}

/// Horizontal before/after bars, one pair per row, with an optional limit marker. `legend` = (before, after, limit).
pub fn bars(rows: &[BarRow], legend: (&str, &str, &str)) -> String {
    let label_w = 180.0;
    let plot_w = 560.0;
    let row_h = 26.0;
    let top = 24.0;
    let max = rows.iter().map(|r| r.before.max(r.after).max(r.limit.unwrap_or(0.0))).fold(1.0, f64::max);
    let h = top + row_h * rows.len() as f64 + 4.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img"><g class="legend"><rect class="before" x="{label_w}" y="4" width="10" height="10"/><text x="{lx1}" y="13">{b}</text><rect class="after" x="{lx2}" y="4" width="10" height="10"/><text x="{lx3}" y="13">{a}</text><rect class="limit" x="{lx4}" y="4" width="3" height="10"/><text x="{lx5}" y="13">{l}</text></g>"#,
        w = label_w + plot_w + 60.0,
        lx1 = label_w + 14.0,
        lx2 = label_w + 110.0,
        lx3 = label_w + 124.0,
        lx4 = label_w + 220.0,
        lx5 = label_w + 228.0,
        b = html(legend.0),
        a = html(legend.1),
        l = html(legend.2),
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let wb = plot_w * r.before / max;
        let wa = plot_w * r.after / max;
        // The figures go right of the longest bar and of the limit marker, never on top of them.
        let wl = r.limit.map_or(0.0, |l| plot_w * l / max + 2.0);
        let _ = write!(
            s,
            r#"<text x="{tx}" y="{ty}" text-anchor="end">{label}</text><rect class="before" x="{label_w}" y="{y}" width="{wb:.1}" height="10"/><rect class="after" x="{label_w}" y="{y2}" width="{wa:.1}" height="10"/><text x="{vx:.1}" y="{ty}">{vb} → {va}</text>"#,
            tx = label_w - 6.0,
            ty = y + 15.0,
            label = html(&r.label),
            y2 = y + 11.0,
            vx = label_w + wb.max(wa).max(wl) + 4.0,
            vb = num(r.before, 1),
            va = num(r.after, 1),
        );
        if let Some(l) = r.limit {
            let _ = write!(
                s,
                r#"<rect class="limit" x="{:.1}" y="{}" width="3" height="22"/>"#,
                label_w + plot_w * l / max - 1.5,
                y - 0.5
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Bins of equal width covering 0..=max of both series: (lower edges, counts before, counts after, width).
/// Whole-number series (`integer`) get whole-number widths, so a bin never splits between two counts.
pub fn bins(before: &[f64], after: &[f64], n: usize, integer: bool) -> (Vec<f64>, Vec<u64>, Vec<u64>, f64) {
    let max = before.iter().chain(after).copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let mut width = nice_width(max / n as f64);
    if integer {
        width = width.ceil().max(1.0);
    }
    let n = ((max / width).floor() as usize + 1).max(1);
    let count = |vals: &[f64]| {
        let mut c = vec![0u64; n];
        for v in vals.iter().filter(|v| v.is_finite()) {
            c[((v.max(0.0) / width).floor() as usize).min(n - 1)] += 1;
        }
        c
    };
    ((0..n).map(|i| i as f64 * width).collect(), count(before), count(after), width)
}

fn nice_width(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|m| m * mag >= raw).unwrap_or(10.0);
    step * mag
}

/// A histogram of two series side by side per bin. `legend` = (before, after); `y_unit` names what is counted;
/// `integer` says the values are whole numbers.
pub fn histogram(
    title: &str,
    before: &[f64],
    after: &[f64],
    legend: (&str, &str),
    y_unit: &str,
    integer: bool,
) -> String {
    let (edges, cb, ca, width) = bins(before, after, 20, integer);
    let max = cb.iter().chain(&ca).copied().max().unwrap_or(0).max(1) as f64;
    let (left, top, plot_w, plot_h) = (44.0, 34.0, 400.0, 150.0);
    let slot = plot_w / edges.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart hist" viewBox="0 0 460 220" role="img"><text class="title" x="{left}" y="14">{t}</text><g class="legend"><rect class="before" x="{left}" y="20" width="10" height="8"/><text x="{l1}" y="28">{b}</text><rect class="after" x="{l2}" y="20" width="10" height="8"/><text x="{l3}" y="28">{a}</text></g><text x="4" y="{yl}">{ymax} {u}</text><line class="axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>"#,
        t = html(title),
        l1 = left + 14.0,
        l2 = left + 100.0,
        l3 = left + 114.0,
        b = html(legend.0),
        a = html(legend.1),
        yl = top + 8.0,
        ymax = int(max as i64),
        u = html(y_unit),
        base = top + plot_h,
        right = left + plot_w,
    );
    for (i, (b, a)) in cb.iter().zip(&ca).enumerate() {
        let x = left + slot * i as f64;
        let hb = plot_h * *b as f64 / max;
        let ha = plot_h * *a as f64 / max;
        let bw = (slot / 2.0 - 0.5).max(0.5);
        let _ = write!(
            s,
            r#"<rect class="before" x="{x:.1}" y="{yb:.1}" width="{bw:.1}" height="{hb:.1}"><title>{lo}–{hi}: {b}</title></rect><rect class="after" x="{xa:.1}" y="{ya:.1}" width="{bw:.1}" height="{ha:.1}"><title>{lo}–{hi}: {a}</title></rect>"#,
            yb = top + plot_h - hb,
            xa = x + slot / 2.0,
            ya = top + plot_h - ha,
            lo = num(edges[i], 1),
            hi = num(edges[i] + width, 1),
        );
    }
    let step = (edges.len() / 5).max(1);
    for i in (0..=edges.len()).step_by(step) {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            left + slot * i as f64,
            top + plot_h + 14.0,
            num(i as f64 * width, 1)
        );
    }
    s.push_str("</svg>");
    s
}

/// A weekday × hour heat-map: `rows` labels the seven rows, `hour` labels the axis, `counts[weekday][hour]`.
pub fn heatmap(counts: &[[u64; 24]; 7], rows: [&str; 7], hour: &str) -> String {
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (left, top, cell) = (48.0, 18.0, 26.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart heat" viewBox="0 0 {} {}" role="img">"#,
        left + cell * 24.0 + 4.0,
        top + cell * 7.0 + 22.0
    );
    for h in 0..24 {
        let _ =
            write!(s, r#"<text x="{:.1}" y="12" text-anchor="middle">{h}</text>"#, left + cell * h as f64 + cell / 2.0);
    }
    for (d, row) in counts.iter().enumerate() {
        let y = top + cell * d as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + cell / 2.0 + 4.0,
            html(rows[d])
        );
        for (h, &c) in row.iter().enumerate() {
            // Square root scale so that a few busy evenings do not wash out the rest.
            let level = (c as f64 / max).sqrt();
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{y:.1}" width="{w}" height="{w}" fill="rgba(200,60,40,{:.3})"><title>{} {h}:00 {}</title></rect>"#,
                left + cell * h as f64,
                0.04 + 0.96 * level,
                html(rows[d]),
                int(c as i64),
                w = cell - 2.0,
            );
        }
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></svg>"#,
        left + cell * 12.0,
        top + cell * 7.0 + 16.0,
        html(hour)
    );
    s
}

/// One row of a stacked bar chart: a label and (class, legend text, count) parts.
pub struct StackRow {
    /// Row label.
    pub label: String,
    /// Parts in drawing order.
    pub parts: Vec<(String, u64)>,
}

/// 100% stacked horizontal bars; `legend` gives (class, text) for each part class in order.
pub fn stacked(rows: &[StackRow], legend: &[(&str, &str)]) -> String {
    let (label_w, plot_w, row_h, top) = (220.0, 520.0, 16.0, 22.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart stack" viewBox="0 0 {} {}" role="img"><g class="legend">"#,
        label_w + plot_w + 10.0,
        top + row_h * rows.len() as f64 + 4.0
    );
    let mut x = 4.0;
    for (class, text) in legend {
        let _ = write!(
            s,
            r#"<rect class="l-{class}" x="{x}" y="4" width="10" height="10"/><text x="{}" y="13">{}</text>"#,
            x + 13.0,
            html(text)
        );
        x += 22.0 + 8.0 * text.chars().map(|c| if c.is_ascii() { 1.0 } else { 1.8 }).sum::<f64>();
    }
    s.push_str("</g>");
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let total: u64 = r.parts.iter().map(|p| p.1).sum();
        let _ = write!(
            s,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 6.0,
            y + 11.0,
            html(&truncate(&r.label, 28))
        );
        let mut x = label_w;
        for (class, count) in &r.parts {
            if *count == 0 || total == 0 {
                continue;
            }
            let w = plot_w * *count as f64 / total as f64;
            let _ = write!(
                s,
                r#"<rect class="l-{class}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{}"><title>{}</title></rect>"#,
                row_h - 3.0,
                int(*count as i64)
            );
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

/// `s` cut to `n` characters with an ellipsis.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_both_series_with_round_widths() {
        let (_, _, _, w) = bins(&[2.0, 7.0], &[3.0], 20, true);
        assert_eq!(w, 1.0, "whole numbers get whole bins");
        let (_, _, _, w) = bins(&[0.2, 0.7], &[], 20, false);
        assert_eq!(w, 0.05);
        let (edges, b, a, w) = bins(&[0.0, 1.0, 9.5, 40.0], &[0.5, 3.0], 20, false);
        assert_eq!(w, 2.0);
        assert_eq!(edges.len(), 21);
        assert_eq!(b.iter().sum::<u64>(), 4);
        assert_eq!(a.iter().sum::<u64>(), 2);
        assert_eq!(b[0], 2);
        assert_eq!(b[20], 1);
        assert_eq!(a[1], 1);
        let (edges, b, _, _) = bins(&[], &[], 20, false);
        assert_eq!((edges.len(), b.iter().sum::<u64>()), (1, 0));
    }

    #[test]
    fn charts_escape_labels_and_draw_one_shape_per_value() {
        let svg =
            bars(&[BarRow { label: "<研发>".into(), before: 12.0, after: 8.0, limit: Some(10.0) }], ("b", "a", "q"));
        assert!(svg.contains("&lt;研发&gt;") && svg.contains("12 → 8"));
        let mut counts = [[0u64; 24]; 7];
        counts[6][23] = 5;
        let heat = heatmap(&counts, ["1", "2", "3", "4", "5", "6", "7"], "h");
        assert_eq!(heat.matches("<rect").count(), 168);
        assert!(heat.contains("rgba(200,60,40,1.000)"));
        let st = stacked(
            &[StackRow { label: "g".into(), parts: vec![("ack".into(), 3), ("important".into(), 1)] }],
            &[("ack", "ack")],
        );
        assert!(st.contains(r#"class="l-ack" x="220.0" y="22.0" width="390.0""#), "{st}");
        assert!(truncate("一二三四五", 3) == "一二…");
    }
}
