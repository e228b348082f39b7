// SPDX-License-Identifier: Apache-2.0
// Day-by-day charts of the timeline (uPlot): one point a day, the person's own baseline as a
// band, alerts as marked days, and how much data each point rests on.
import uPlot from "./vendor/uPlot.esm.js";
import { h } from "./dom.js";
import { daySeconds, dayOf } from "./format.js";

const COLORS = ["#2f6f6a", "#a3461f", "#6a4c9c"];
const BAND = "rgba(47, 111, 106, 0.13)";
const ALERT = "#b3261e";

function fmt(v) {
    return Math.abs(v) >= 10 || Number.isInteger(v) ? String(Math.round(v * 10) / 10) : v.toFixed(2);
}

// Draws the baseline band (median ± 1 SD) under the series and the alert days over them.
function annotations(baseline, markers) {
    return {
        hooks: {
            drawAxes: [(u) => {
                if (!baseline) return;
                const { ctx, bbox } = u;
                const hi = u.valToPos(baseline.median + baseline.sd, "y", true);
                const lo = u.valToPos(baseline.median - baseline.sd, "y", true);
                const mid = u.valToPos(baseline.median, "y", true);
                ctx.save();
                ctx.beginPath();
                ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
                ctx.clip();
                ctx.fillStyle = BAND;
                ctx.fillRect(bbox.left, Math.min(hi, lo), bbox.width, Math.abs(lo - hi));
                ctx.setLineDash([6, 4]);
                ctx.strokeStyle = COLORS[0];
                ctx.lineWidth = 1;
                ctx.beginPath();
                ctx.moveTo(bbox.left, mid);
                ctx.lineTo(bbox.left + bbox.width, mid);
                ctx.stroke();
                ctx.restore();
            }],
            draw: [(u) => {
                const { ctx, bbox } = u;
                ctx.save();
                for (const day of markers) {
                    const x = u.valToPos(daySeconds(day), "x", true);
                    if (x < bbox.left || x > bbox.left + bbox.width) continue;
                    ctx.strokeStyle = ALERT;
                    ctx.fillStyle = ALERT;
                    ctx.lineWidth = 2 * devicePixelRatio;
                    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
                    ctx.beginPath();
                    ctx.moveTo(x, bbox.top);
                    ctx.lineTo(x, bbox.top + bbox.height);
                    ctx.stroke();
                    const s = 6 * devicePixelRatio;
                    ctx.beginPath();
                    ctx.moveTo(x - s, bbox.top);
                    ctx.lineTo(x + s, bbox.top);
                    ctx.lineTo(x, bbox.top + 1.6 * s);
                    ctx.fill();
                }
                ctx.restore();
            }],
        },
    };
}

// A chart of timeline series over days.
//   series: [{label, points: [{date, value, n}], bars?: bool}]
//   baseline: {median, sd} or null; markers: ["2026-10-01", ...] (alert days)
//   range: [min, max] fixed y range, or null to fit the data (and the band)
//   period: [first day, last day] of the x axis (charts of one period line up), or null: the data's
//   onPick(day): called when a day is clicked
// Returns an element that holds the chart and sizes it to its width.
export function dayChart({ label, series, baseline = null, markers = [], range = null, period = null, onPick }) {
    const days = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
    const index = new Map(days.map((d, i) => [d, i]));
    const columns = series.map((s) => {
        const ys = new Array(days.length).fill(null);
        const ns = new Array(days.length).fill(null);
        for (const p of s.points) {
            ys[index.get(p.date)] = p.value;
            ns[index.get(p.date)] = p.n;
        }
        return { ys, ns };
    });
    const holder = h("div", { class: "chart", role: "img", "aria-label": label });
    const yRange = range
        ? () => range
        : (u, min, max) => {
            let lo = min ?? 0;
            let hi = max ?? 1;
            if (baseline) {
                lo = Math.min(lo, baseline.median - baseline.sd);
                hi = Math.max(hi, baseline.median + baseline.sd);
            }
            const pad = (hi - lo) * 0.1 || 1;
            return [lo - pad, hi + pad];
        };
    const opts = {
        width: 600,
        height: 190,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: {
            x: period ? { time: true, range: () => period.map(daySeconds) } : { time: true },
            y: { range: yRange },
        },
        cursor: { points: { size: 10 }, drag: { x: false, y: false } },
        legend: { live: true },
        axes: [
            { stroke: "#4a4540", grid: { stroke: "#ece6dc" }, ticks: { stroke: "#ece6dc" } },
            { stroke: "#4a4540", grid: { stroke: "#ece6dc" }, ticks: { stroke: "#ece6dc" }, size: 44 },
        ],
        series: [
            { label: "Day", value: (u, v) => (v == null ? "–" : dayOf(v * 1000)) },
            ...series.map((s, i) => ({
                label: s.label,
                stroke: COLORS[i % COLORS.length],
                width: 2,
                fill: s.bars ? `${COLORS[i % COLORS.length]}55` : undefined,
                spanGaps: !s.bars,
                paths: s.bars ? uPlot.paths.bars({ size: [0.6, 18] }) : undefined,
                points: { show: !s.bars, size: 6, fill: "#fff" },
                value: (u, v, si, idx) =>
                    v == null ? "–" : `${fmt(v)}${columns[i].ns[idx] ? ` (n ${columns[i].ns[idx]})` : ""}`,
            })),
        ],
        plugins: [annotations(baseline, markers)],
    };
    const data = [days.map(daySeconds), ...columns.map((c) => c.ys)];
    const plot = new uPlot(opts, data, holder);
    if (onPick) {
        plot.over.addEventListener("click", () => {
            const i = plot.cursor.idx;
            if (i !== null && i !== undefined) onPick(days[i]);
        });
        plot.over.classList.add("pickable");
    }
    new ResizeObserver(([entry]) => {
        const width = Math.floor(entry.contentRect.width);
        if (width > 0 && width !== plot.width) plot.setSize({ width, height: 190 });
    }).observe(holder);
    return holder;
}
