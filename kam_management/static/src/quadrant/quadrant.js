/** @odoo-module **/

import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useExternalListener,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {humanNumber} from "@web/core/utils/numbers";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

// The chart follows the width of its container, never narrower than MIN_WIDTH (it
// is then scaled down by its viewBox), and the height of the window within bounds.
const DEFAULT_WIDTH = 1000;
const DEFAULT_HEIGHT = 560;
const MIN_WIDTH = 640;
const MIN_HEIGHT = 420;
const MAX_HEIGHT = 680;
// Left: tick labels and the rotated axis title; bottom: tick labels and the axis
// title; top: the label of the potential threshold. The names of the accounts are
// kept inside the plot, so the right margin only holds half of the last tick label.
const MARGIN = {left: 78, right: 24, top: 30, bottom: 60};
const RADIUS = 9;
const POINT_FONT = 11;
const TICK_FONT = 11;
const QUADRANT_FONT = 12;
const THRESHOLD_FONT = 11;
// Amounts of 0 (or below the domain of the log axis) are pinned on the edge of the
// plot, at a "0" tick, separated from the log axis by a break mark.
const ZERO_POS = RADIUS + 7;
const ZERO_ZONE = ZERO_POS + RADIUS + 14;
// Gap between a point and its name, longest name drawn (then shortened).
const LABEL_GAP = 4;
const LABEL_MAX_WIDTH = 170;
// Inset of the names of the quadrants in their corners.
const QUADRANT_INSET = 8;
// Space kept free around every label (the white halo of the text).
const LABEL_MARGIN = 1.5;

/** log10 of a positive amount. */
function log10(value) {
    return Math.log10(value);
}

function isPositive(value) {
    return Number.isFinite(value) && value > 0;
}

/**
 * Domain of a log axis tight around the amounts and the threshold: from half a
 * decade below the smallest positive amount or a tenth of the threshold (the
 * smaller), to a bit above the largest amount or twice the threshold (the larger).
 * The domain is then widened, if needed, so that the threshold stays at least
 * `share` of the axis away from both ends: every quadrant gets a fair share.
 *
 * @param {number[]} values amounts of the accounts
 * @param {number} threshold
 * @returns {{lo: number, hi: number, zero: boolean}} zero: some amounts are 0 (or
 *      the threshold is not set) and are pinned on the edge of the axis.
 */
export function logDomain(
    values,
    threshold,
    {below = 0.5, headroom = 1.5, share = 0.25} = {}
) {
    const positive = values.filter(isPositive);
    const limit = isPositive(threshold) ? threshold : 0;
    const lows = [];
    const highs = [];
    if (positive.length) {
        lows.push(Math.min(...positive) / 10 ** below);
        highs.push(Math.max(...positive) * headroom);
    }
    if (limit) {
        lows.push(limit / 10);
        highs.push(limit * 2);
    }
    if (!lows.length) {
        lows.push(1);
        highs.push(10);
    }
    let a = log10(Math.min(...lows));
    let b = log10(Math.max(...highs));
    if (b - a < 1) {
        const middle = (a + b) / 2;
        a = middle - 0.5;
        b = middle + 0.5;
    }
    if (limit) {
        const c = log10(limit);
        if (c - a < share * (b - a)) {
            a = (c - share * b) / (1 - share);
        }
        if (b - c < share * (b - a)) {
            b = (c - share * a) / (1 - share);
        }
    }
    return {
        lo: 10 ** a,
        hi: 10 ** b,
        zero: !limit || values.some((value) => !isPositive(value) || value < 10 ** a),
    };
}

/**
 * Scale of a log axis from the domain to [0, length] pixels. With a zero zone, the
 * log domain starts at ZERO_ZONE and amounts of 0 or below the domain are pinned at
 * ZERO_POS; amounts above the domain are clamped to its end.
 */
export function makeLogScale({lo, hi, zero}, length) {
    const start = zero ? ZERO_ZONE : 0;
    const a = log10(lo);
    const b = log10(hi);
    const span = Math.max(length - start, 1);
    const scale = (value) => {
        if (!(Number.isFinite(value) && value >= lo)) {
            return zero ? ZERO_POS : 0;
        }
        return start + ((log10(Math.min(value, hi)) - a) / (b - a)) * span;
    };
    scale.zeroPos = zero ? ZERO_POS : null;
    // The break mark sits between a point at 0 and the start of the log axis.
    scale.breakPos = zero ? (ZERO_POS + RADIUS + start) / 2 : null;
    scale.start = start;
    return scale;
}

/**
 * Tick values of a log axis: round amounts inside the domain, as dense as the axis
 * allows (1-2-5 per decade on a short axis, 1-3, one per decade, one every two or
 * three decades) while ticks stay at least minGap pixels apart and are not more
 * than maxTicks; preceded by 0 when the axis has a zero zone.
 */
export function makeLogTicks({lo, hi}, scale, {minGap = 40, maxTicks = 12} = {}) {
    const first = Math.max(0, Math.floor(log10(lo)));
    const last = Math.ceil(log10(hi));
    const levels = [
        {mantissas: [1, 3], keep: () => true},
        {mantissas: [1], keep: () => true},
        {mantissas: [1], keep: (exp) => exp % 2 === 0},
        {mantissas: [1], keep: (exp) => exp % 3 === 0},
    ];
    if (log10(hi / lo) < 1.6) {
        levels.unshift({mantissas: [1, 2, 5], keep: () => true});
    }
    const zeroPos = scale.zeroPos;
    let ticks = [];
    for (const level of levels) {
        ticks = [];
        for (let exp = first; exp <= last; exp++) {
            if (!level.keep(exp)) {
                continue;
            }
            for (const mantissa of level.mantissas) {
                const value = mantissa * 10 ** exp;
                if (value < lo * (1 - 1e-9) || value > hi * (1 + 1e-9)) {
                    continue;
                }
                // The first ticks of the log axis keep clear of the "0" tick.
                if (zeroPos !== null && scale(value) - zeroPos < minGap * 0.75) {
                    continue;
                }
                ticks.push(value);
            }
        }
        const positions = ticks.map(scale);
        const crowded = positions.some(
            (pos, i) => i && Math.abs(pos - positions[i - 1]) < minGap
        );
        if (!crowded && ticks.length <= maxTicks) {
            break;
        }
    }
    return zeroPos !== null ? [0, ...ticks] : ticks;
}

/** Compact label of a tick: 0, 10, 100, 1k, 30k, 1M, 10M... */
export function formatTick(value) {
    return value ? humanNumber(value, {decimals: 0, minDigits: 1}) : "0";
}

/** Whether two boxes {left, right, top, bottom} overlap. */
export function boxesOverlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function boxInside(box, area) {
    return (
        box.left >= area.left &&
        box.right <= area.right &&
        box.top >= area.top &&
        box.bottom <= area.bottom
    );
}

/** Box of a text of the given width written at (x, baseline y) with an anchor. */
export function textBox(x, y, width, anchor, fontSize, margin = LABEL_MARGIN) {
    const left = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
    return {
        left: left - margin,
        right: left + width + margin,
        top: y - fontSize * 0.8 - margin,
        bottom: y + fontSize * 0.25 + margin,
    };
}

function circleBox({cx, cy}, radius = RADIUS) {
    return {
        left: cx - radius,
        right: cx + radius,
        top: cy - radius,
        bottom: cy + radius,
    };
}

/**
 * Where the name of a point can be written, in order of preference: right, left,
 * above, below the point, then at its four diagonals.
 */
export function labelCandidates({cx, cy}, radius = RADIUS, fontSize = POINT_FONT) {
    const side = radius + LABEL_GAP;
    const middle = cy + fontSize * 0.3;
    const diagonalX = radius * 0.7 + 2;
    const diagonalY = radius * 0.7 + 3;
    return [
        {x: cx + side, y: middle, anchor: "start"},
        {x: cx - side, y: middle, anchor: "end"},
        {x: cx, y: cy - side - fontSize * 0.25, anchor: "middle"},
        {x: cx, y: cy + side + fontSize * 0.8, anchor: "middle"},
        {x: cx + diagonalX, y: cy - diagonalY, anchor: "start"},
        {x: cx + diagonalX, y: cy + diagonalY + fontSize * 0.8, anchor: "start"},
        {x: cx - diagonalX, y: cy - diagonalY, anchor: "end"},
        {x: cx - diagonalX, y: cy + diagonalY + fontSize * 0.8, anchor: "end"},
    ];
}

/**
 * Greedy placement of the names of the points: in the order of `priority` (largest
 * first), each name takes the first candidate position that stays inside `area`
 * and overlaps neither an obstacle (threshold labels, names of quadrants), a name
 * already placed nor another point. A name that finds no such position is hidden
 * (shown on hover only) at the first position inside the area.
 *
 * @param {Object[]} points {cx, cy, name, priority}
 * @param {Object} area {left, right, top, bottom}
 * @param {Object[]} obstacles boxes
 * @param {Function} measure text => width in pixels
 * @returns {Object[]} per point (same order): {x, y, anchor, text, visible, box}
 */
export function placeLabels(
    points,
    area,
    obstacles,
    measure,
    {radius = RADIUS, fontSize = POINT_FONT} = {}
) {
    const taken = [...obstacles];
    const circles = points.map((point) => circleBox(point, radius));
    const order = points.map((point, index) => index);
    order.sort((i, j) => (points[j].priority || 0) - (points[i].priority || 0));
    const result = new Array(points.length);
    for (const index of order) {
        const point = points[index];
        const text = fitText(point.name || "", LABEL_MAX_WIDTH, measure);
        const width = measure(text);
        let fallback = null;
        let chosen = null;
        for (const candidate of labelCandidates(point, radius, fontSize)) {
            const box = textBox(
                candidate.x,
                candidate.y,
                width,
                candidate.anchor,
                fontSize
            );
            if (!boxInside(box, area)) {
                continue;
            }
            fallback = fallback || candidate;
            if (
                taken.some((other) => boxesOverlap(box, other)) ||
                circles.some((circle, i) => i !== index && boxesOverlap(box, circle))
            ) {
                continue;
            }
            chosen = candidate;
            taken.push(box);
            break;
        }
        const position =
            chosen || fallback || labelCandidates(point, radius, fontSize)[0];
        const box = textBox(
            position.x,
            position.y,
            width,
            position.anchor,
            fontSize,
            2
        );
        result[index] = {...position, text, visible: Boolean(chosen), box};
    }
    return result;
}

/** Shortens text with an ellipsis until measure(text) fits in maxWidth. */
export function fitText(text, maxWidth, measure) {
    if (measure(text) <= maxWidth) {
        return text;
    }
    let length = text.length;
    while (length > 1 && measure(text.slice(0, length) + "…") > maxWidth) {
        length--;
    }
    return text.slice(0, length).trimEnd() + "…";
}

let measureContext = null;

/**
 * Returns a function measuring text in pixels in the font of the page (canvas
 * measureText), or an estimate when no canvas is available.
 */
function textMeasurer(fontSize, weight = "normal", style = "normal") {
    if (measureContext === null) {
        measureContext = document.createElement("canvas").getContext("2d") || false;
    }
    if (!measureContext) {
        return (text) => text.length * fontSize * (weight === "bold" ? 0.66 : 0.6);
    }
    const family = getComputedStyle(document.body).fontFamily || "sans-serif";
    const font = `${style} ${weight} ${fontSize}px ${family}`;
    return (text) => {
        measureContext.font = font;
        return measureContext.measureText(text).width + 1;
    };
}

export class KamQuadrant extends Component {
    static template = "kam_management.Quadrant";
    static props = {...standardActionServiceProps};
    static components = {Layout};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            mine: true,
            width: DEFAULT_WIDTH,
            height: DEFAULT_HEIGHT,
            hover: null,
        });
        this.chartRef = useRef("chart");
        this.cache = {key: null, plot: null};
        onWillStart(() => this.load());
        onMounted(() => {
            this.updateSize();
            if (window.ResizeObserver) {
                this.resizeObserver = new ResizeObserver(() => this.updateSize());
                this.resizeObserver.observe(this.chartRef.el);
            }
        });
        onWillUnmount(() => this.resizeObserver?.disconnect());
        useExternalListener(window, "resize", () => this.updateSize());
    }

    async load() {
        this.state.data = await this.orm.call(
            "kam.classification",
            "get_quadrant_data",
            [],
            {
                mine: this.state.mine,
            }
        );
    }

    async toggleMine() {
        this.state.mine = !this.state.mine;
        await this.load();
    }

    /** Width of the container; height of the window below the chart, within bounds. */
    updateSize() {
        const el = this.chartRef.el;
        if (!el) {
            return;
        }
        const width = Math.max(MIN_WIDTH, Math.floor(el.clientWidth));
        const available = window.innerHeight - el.getBoundingClientRect().top - 24;
        const height = Math.round(
            Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.min(width * 0.6, available)))
        );
        if (width !== this.state.width) {
            this.state.width = width;
        }
        if (height !== this.state.height) {
            this.state.height = height;
        }
    }

    get legend() {
        return {
            classes: ["A", "B", "C", "D"].map((code) => ({
                code,
                label: _t("Class %s", code),
            })),
            note: _t(
                "A point's colour is its account's class, which may have been set by hand: a point can then sit in another quadrant."
            ),
        };
    }

    /** The chart, computed again only when the data or the size change. */
    get plot() {
        const {data, width, height} = this.state;
        const key = [data, width, height];
        if (!this.cache.key || this.cache.key.some((value, i) => value !== key[i])) {
            this.cache = {key, plot: this.computePlot(data, width, height)};
        }
        return this.cache.plot;
    }

    computePlot(data, width, height) {
        const accounts = data.accounts || [];
        const innerW = width - MARGIN.left - MARGIN.right;
        const innerH = height - MARGIN.top - MARGIN.bottom;
        const left = MARGIN.left;
        const top = MARGIN.top;
        const right = left + innerW;
        const bottom = top + innerH;
        const domainX = logDomain(
            accounts.map((a) => a.potential),
            data.potential_threshold
        );
        const domainY = logDomain(
            accounts.map((a) => a.contribution),
            data.contribution_threshold
        );
        const scaleX = makeLogScale(domainX, innerW);
        const scaleY = makeLogScale(domainY, innerH);
        const x = (value) => left + scaleX(value);
        const y = (value) => bottom - scaleY(value);

        const thresholdX = x(data.potential_threshold);
        const thresholdY = y(data.contribution_threshold);
        // Inner edges of the log axes: the zero zones are left to the points at 0.
        const logLeft = left + scaleX.start;
        const logBottom = bottom - scaleY.start;

        const points = accounts.map((account) => {
            const cx = x(account.potential);
            const cy = y(account.contribution);
            return {
                ...account,
                cx,
                cy,
                // Largest accounts (top right) place their names first.
                priority: (cx - left) / innerW + (bottom - cy) / innerH,
            };
        });
        const circles = points.map((point) => circleBox(point));
        const hitsPoint = (box) => circles.some((circle) => boxesOverlap(box, circle));
        const area = {
            left: left + 2,
            right: right - 2,
            top: top + 2,
            bottom: bottom - 2,
        };

        // Label of the contribution threshold: on its line, at the right end, above
        // it unless the line is at the top of the plot; moved below the line or to its
        // left end when a point is in the way.
        const measureThreshold = textMeasurer(THRESHOLD_FONT, "normal", "italic");
        const contributionLabel = data.contribution_threshold_label || "";
        const contributionWidth = measureThreshold(contributionLabel);
        const aboveY = thresholdY - 5;
        const belowY = thresholdY + 5 + THRESHOLD_FONT * 0.8;
        const thresholdCandidates = [
            {x: right - 6, y: aboveY, anchor: "end"},
            {x: right - 6, y: belowY, anchor: "end"},
            {x: logLeft + 6, y: aboveY, anchor: "start"},
            {x: logLeft + 6, y: belowY, anchor: "start"},
        ].filter((c) =>
            boxInside(
                textBox(c.x, c.y, contributionWidth, c.anchor, THRESHOLD_FONT),
                area
            )
        );
        const thresholdYLabel = thresholdCandidates.find(
            (c) =>
                !hitsPoint(
                    textBox(c.x, c.y, contributionWidth, c.anchor, THRESHOLD_FONT)
                )
        ) ||
            thresholdCandidates[0] || {x: right - 6, y: belowY, anchor: "end"};
        const obstacles = [
            textBox(
                thresholdYLabel.x,
                thresholdYLabel.y,
                contributionWidth,
                thresholdYLabel.anchor,
                THRESHOLD_FONT
            ),
        ];

        // The quadrants, split at the thresholds, and their names in their outer
        // corners (or another corner of the quadrant when points are in the way).
        const quadrantRect = (x1, y1, x2, y2) => ({
            x: x1,
            y: y1,
            width: x2 - x1,
            height: y2 - y1,
        });
        const quadrants = {
            a: quadrantRect(thresholdX, top, right, thresholdY),
            b: quadrantRect(left, top, thresholdX, thresholdY),
            c: quadrantRect(thresholdX, thresholdY, right, bottom),
            d: quadrantRect(left, thresholdY, thresholdX, bottom),
        };
        const names = [
            {key: "a", text: _t("A · strategic"), corner: ["right", "top"]},
            {key: "b", text: _t("B · keep and defend"), corner: ["left", "top"]},
            {key: "c", text: _t("C · break through"), corner: ["right", "bottom"]},
            {key: "d", text: _t("D · serve efficiently"), corner: ["left", "bottom"]},
        ];
        const measureQuadrant = textMeasurer(QUADRANT_FONT, "bold");
        const quadrantNames = [];
        for (const name of names) {
            const rect = quadrants[name.key];
            const x1 = Math.max(rect.x, logLeft) + QUADRANT_INSET;
            const x2 = rect.x + rect.width - QUADRANT_INSET;
            const y1 = rect.y + QUADRANT_INSET;
            const y2 = Math.min(rect.y + rect.height, logBottom) - QUADRANT_INSET;
            if (x2 - x1 < 40 || y2 - y1 < QUADRANT_FONT + 2) {
                continue;
            }
            const text = fitText(name.text, x2 - x1, measureQuadrant);
            const textWidth = measureQuadrant(text);
            const corner = ([h, v]) => ({
                x: h === "left" ? x1 : x2,
                y: v === "top" ? y1 + QUADRANT_FONT * 0.8 : y2 - QUADRANT_FONT * 0.25,
                anchor: h === "left" ? "start" : "end",
            });
            const [h, v] = name.corner;
            const other = (side) =>
                ({left: "right", right: "left", top: "bottom", bottom: "top"})[side];
            const candidates = [
                [h, v],
                [other(h), v],
                [h, other(v)],
                [other(h), other(v)],
            ].map(corner);
            const boxOf = (c) =>
                textBox(c.x, c.y, textWidth, c.anchor, QUADRANT_FONT, 3);
            const position =
                candidates.find(
                    (c) =>
                        !hitsPoint(boxOf(c)) &&
                        !obstacles.some((o) => boxesOverlap(boxOf(c), o))
                ) || candidates[0];
            obstacles.push(boxOf(position));
            quadrantNames.push({key: name.key, text, ...position});
        }

        // Names of the points, placed around them without overlapping.
        const labels = placeLabels(points, area, obstacles, textMeasurer(POINT_FONT));
        for (const [index, point] of points.entries()) {
            const label = labels[index];
            Object.assign(point, {
                labelX: label.x,
                labelY: label.y,
                labelAnchor: label.anchor,
                labelText: label.text,
                labelVisible: label.visible,
                // Background of the name shown on hover when it has no room of its own.
                labelBox: {
                    x: label.box.left,
                    y: label.box.top,
                    width: label.box.right - label.box.left,
                    height: label.box.bottom - label.box.top,
                },
                title: `${point.name} — ${point.kam_class} — ${point.potential_label} / ${point.contribution_label}`,
            });
        }

        const xTicks = makeLogTicks(domainX, scaleX, {minGap: 48, maxTicks: 14}).map(
            (value) => ({
                value,
                label: formatTick(value),
                pos: x(value),
            })
        );
        const yTicks = makeLogTicks(domainY, scaleY, {minGap: 26, maxTicks: 12}).map(
            (value) => ({
                value,
                label: formatTick(value),
                pos: y(value),
            })
        );

        return {
            width,
            height,
            left,
            top,
            right,
            bottom,
            innerW,
            innerH,
            midX: left + innerW / 2,
            midY: top + innerH / 2,
            radius: RADIUS,
            tickFont: TICK_FONT,
            // Break marks between the "0" ticks and the log axes.
            breakX: scaleX.breakPos === null ? null : left + scaleX.breakPos,
            breakY: scaleY.breakPos === null ? null : bottom - scaleY.breakPos,
            thresholdX,
            thresholdY,
            // The label of the potential threshold sits above the plot, on its line,
            // shifted to the inside of the chart near either end.
            thresholdXAnchor:
                thresholdX > left + innerW * 0.85
                    ? "end"
                    : thresholdX < left + innerW * 0.15
                      ? "start"
                      : "middle",
            thresholdYLabel,
            quadrants,
            quadrantNames,
            xTicks,
            yTicks,
            points,
        };
    }

    openAccount(point) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "kam.account",
            res_id: point.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("kam_quadrant", KamQuadrant);
