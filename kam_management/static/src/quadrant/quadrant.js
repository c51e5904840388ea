/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { humanNumber } from "@web/core/utils/numbers";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const WIDTH = 1000;
const HEIGHT = 560;
// Left: tick labels and the rotated axis title; bottom: tick labels and the axis
// title; top: the label of the potential threshold. The names of the accounts are
// kept inside the plot, so the right margin only holds half of the last tick label.
const MARGIN = { left: 78, right: 36, top: 30, bottom: 60 };
const RADIUS = 9;
// Inset of the data inside the plot area: a point at 0 or at the maximum is drawn
// whole, never cut by the border.
const PAD = RADIUS + 7;
const POINT_FONT = 11;
const TICK_FONT = 11;
// A quadrant's name is drawn only when the quadrant is large enough to hold it.
const QUADRANT_LABEL_MIN = { width: 200, height: 40 };
// The names of the quadrants keep clear of the points at 0 and at the maximum.
const QUADRANT_LABEL_INSET = PAD + RADIUS + 4;

/**
 * Position on a log axis of an amount: log10(1 + amount), amounts below 0 (or not
 * numbers) counting as 0, so that every account has a place on the axis.
 */
export function logValue(value) {
    const amount = Number.isFinite(value) && value > 0 ? value : 0;
    return Math.log10(1 + amount);
}

/**
 * Scale from [0, max] on a log10(1 + value) axis to [pad, length - pad] pixels.
 * Values are clamped to the domain, so a point is always inside the plot.
 */
export function makeLogScale(max, length, pad = PAD) {
    const top = logValue(max) || 1;
    const span = Math.max(length - 2 * pad, 1);
    return (value) => pad + (Math.min(logValue(value), top) / top) * span;
}

/**
 * Tick values for a log axis from 0 to max: 0, then round amounts from 10 up to
 * max, as dense as the axis allows (1-2-5 per decade, 1-3, one per decade, one
 * every two or three decades) while ticks stay at least minGap pixels apart and
 * are not more than maxTicks.
 */
export function makeLogTicks(max, scale, { minGap = 40, maxTicks = 12 } = {}) {
    const topExp = Math.max(1, Math.floor(Math.log10(Math.max(max, 10)) + 1e-9));
    const levels = [
        { mantissas: [1, 2, 5], keep: () => true },
        { mantissas: [1, 3], keep: () => true },
        { mantissas: [1], keep: () => true },
        { mantissas: [1], keep: (exp) => (topExp - exp) % 2 === 0 },
        { mantissas: [1], keep: (exp) => exp % 3 === 0 },
    ];
    let ticks = [0];
    for (const level of levels) {
        ticks = [0];
        for (let exp = 1; exp <= topExp; exp++) {
            if (!level.keep(exp)) {
                continue;
            }
            for (const mantissa of level.mantissas) {
                const value = mantissa * 10 ** exp;
                if (value <= max * (1 + 1e-9)) {
                    ticks.push(value);
                }
            }
        }
        const positions = ticks.map(scale);
        const crowded = positions.some((pos, i) => i && Math.abs(pos - positions[i - 1]) < minGap);
        if (!crowded && ticks.length <= maxTicks) {
            break;
        }
    }
    return ticks;
}

/** Compact label of a tick: 0, 10, 100, 1k, 30k, 1M, 10M... */
export function formatTick(value) {
    return humanNumber(value, { decimals: 0, minDigits: 1 });
}

/**
 * Where to write the name of a point so that it stays inside the plot: above right
 * of the point by default, to its left near the right edge, below it near the top;
 * a name too long for either side is shortened to the room available.
 *
 * @param {Object} point {cx, cy}
 * @param {number} width width of the name in pixels
 * @param {Object} box {left, right, top, bottom} of the plot area
 * @returns {{x: number, y: number, anchor: string, maxWidth: number}}
 */
export function placeLabel({ cx, cy }, width, box, radius = RADIUS, fontSize = POINT_FONT) {
    const gap = 3;
    const roomRight = box.right - (cx + radius + gap);
    const roomLeft = cx - radius - gap - box.left;
    let x = cx + radius + gap;
    let anchor = "start";
    let maxWidth = roomRight;
    if (width > roomRight && roomLeft > roomRight) {
        x = cx - radius - gap;
        anchor = "end";
        maxWidth = roomLeft;
    }
    // Baseline above the centre of the point; below the point when the text would
    // cross the top of the plot.
    let y = cy - radius / 2;
    if (y - fontSize < box.top + 2) {
        y = cy + radius + fontSize;
    }
    return { x, y, anchor, maxWidth: Math.max(maxWidth, 0) };
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
function textMeasurer(fontSize, weight = "normal") {
    if (measureContext === null) {
        measureContext = document.createElement("canvas").getContext("2d") || false;
    }
    if (!measureContext) {
        return (text) => text.length * fontSize * 0.6;
    }
    const family = getComputedStyle(document.body).fontFamily || "sans-serif";
    const font = `${weight} ${fontSize}px ${family}`;
    return (text) => {
        measureContext.font = font;
        return measureContext.measureText(text).width + 1;
    };
}

export class KamQuadrant extends Component {
    static template = "kam_management.Quadrant";
    static props = { ...standardActionServiceProps };
    static components = { Layout };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, mine: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("kam.classification", "get_quadrant_data", [], {
            mine: this.state.mine,
        });
    }

    async toggleMine() {
        this.state.mine = !this.state.mine;
        await this.load();
    }

    get plot() {
        const { data } = this.state;
        const accounts = data.accounts || [];
        const innerW = WIDTH - MARGIN.left - MARGIN.right;
        const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
        const left = MARGIN.left;
        const top = MARGIN.top;
        const right = left + innerW;
        const bottom = top + innerH;
        const maxP = Math.max(10, data.potential_threshold || 0, ...accounts.map((a) => a.potential || 0));
        const maxC = Math.max(10, data.contribution_threshold || 0, ...accounts.map((a) => a.contribution || 0));
        const scaleX = makeLogScale(maxP, innerW);
        const scaleY = makeLogScale(maxC, innerH);
        const x = (value) => left + scaleX(value);
        const y = (value) => bottom - scaleY(value);

        const thresholdX = x(data.potential_threshold);
        const thresholdY = y(data.contribution_threshold);
        const inset = QUADRANT_LABEL_INSET;
        const quadrant = (x1, y1, x2, y2, labelX, labelY, anchor) => ({
            x: x1,
            y: y1,
            width: x2 - x1,
            height: y2 - y1,
            labelX,
            labelY,
            anchor,
            showLabel: x2 - x1 >= QUADRANT_LABEL_MIN.width && y2 - y1 >= QUADRANT_LABEL_MIN.height,
        });
        const quadrants = {
            a: quadrant(thresholdX, top, right, thresholdY, right - inset, top + 20, "end"),
            b: quadrant(left, top, thresholdX, thresholdY, left + inset, top + 20, "start"),
            c: quadrant(thresholdX, thresholdY, right, bottom, right - inset, thresholdY + 20, "end"),
            d: quadrant(left, thresholdY, thresholdX, bottom, left + inset, thresholdY + 20, "start"),
        };

        const xTicks = makeLogTicks(maxP, scaleX, { minGap: 48, maxTicks: 12 }).map((value) => ({
            value,
            label: formatTick(value),
            pos: x(value),
        }));
        const yTicks = makeLogTicks(maxC, scaleY, { minGap: 26, maxTicks: 10 }).map((value) => ({
            value,
            label: formatTick(value),
            pos: y(value),
        }));

        const box = { left, right, top, bottom };
        const measure = textMeasurer(POINT_FONT);
        const points = accounts.map((account) => {
            const point = { cx: x(account.potential), cy: y(account.contribution) };
            const name = account.name || "";
            const label = placeLabel(point, measure(name), box);
            return {
                ...account,
                ...point,
                labelX: label.x,
                labelY: label.y,
                labelAnchor: label.anchor,
                labelText: fitText(name, label.maxWidth, measure),
            };
        });

        return {
            width: WIDTH,
            height: HEIGHT,
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
            // The label of the contribution threshold sits on its line, at the right
            // end, above it unless the line is at the top of the plot.
            thresholdYLabelY: thresholdY - 5 < top + 12 ? thresholdY + 14 : thresholdY - 5,
            quadrants,
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
