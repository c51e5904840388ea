import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const WIDTH = 1000;
const HEIGHT = 560;
// Room on the right for the names of the accounts with the largest potential.
const MARGIN = { left: 90, right: 180, top: 30, bottom: 60 };

/**
 * Scales that put each threshold in the middle of its axis, so the four classes get
 * four equal quadrants, and values above twice the threshold are squeezed on a
 * square-root scale instead of pushing everyone else into a corner.
 */
export function makeScale(threshold, max, length) {
    const half = length / 2;
    const top = Math.max(max, threshold * 2);
    return (value) => {
        if (value <= threshold) {
            return (value / threshold) * half;
        }
        const above = Math.sqrt(value - threshold) / Math.sqrt(top - threshold || 1);
        return half + Math.min(above, 1) * half;
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
        this.state.data = await this.orm.call("kam.classification", "get_quadrant_data", [
            this.state.mine,
        ]);
    }

    async toggleMine() {
        this.state.mine = !this.state.mine;
        await this.load();
    }

    get plot() {
        const { data } = this.state;
        const innerW = WIDTH - MARGIN.left - MARGIN.right;
        const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
        const maxP = Math.max(0, ...data.accounts.map((a) => a.potential));
        const maxC = Math.max(0, ...data.accounts.map((a) => a.contribution));
        const x = makeScale(data.potential_threshold, maxP, innerW);
        const y = makeScale(data.contribution_threshold, maxC, innerH);
        return {
            width: WIDTH,
            height: HEIGHT,
            left: MARGIN.left,
            top: MARGIN.top,
            innerW,
            innerH,
            midX: MARGIN.left + innerW / 2,
            midY: MARGIN.top + innerH / 2,
            points: data.accounts.map((account) => ({
                ...account,
                cx: MARGIN.left + x(account.potential),
                cy: MARGIN.top + innerH - y(account.contribution),
            })),
        };
    }

    openAccount(point) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: point.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("kam_quadrant", KamQuadrant);
