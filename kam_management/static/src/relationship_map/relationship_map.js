import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const ROLE_MARK = {
    decision_maker: "DM",
    technical_evaluator: "TE",
    business_evaluator: "BE",
    gatekeeper: "PG",
    coach: "CS",
    other: "",
};
const STRENGTH_WIDTH = { low: 1.5, medium: 3, high: 5 };
// The record each map is drawn for, by client action tag. After a reload only
// active_id survives in the URL, so the tag says which model it belongs to.
const MODEL_OF_TAG = {
    kam_relationship_map: "kam.account",
    kam_decision_chain_map: "crm.lead",
};
// The network engine's limit on a way in (PATH_MAX_HOPS in models/kam_network.py).
const PATH_MAX_HOPS = 4;
const NODE_GAP_X = 150;
const ROW_GAP_Y = 130;
const SIDE_WIDTH = 190;
const TOP = 70;

/**
 * Places the customer's people in rows by reporting depth (bosses on top) inside the
 * customer box, our people in a column on the left and competitors and other outsiders
 * on the right. Pure function of the server's network payload.
 */
export function layoutNetwork(network) {
    const customer = network.nodes.filter((n) => n.group === "customer");
    const outsiders = network.nodes.filter((n) => n.group !== "customer");
    const bossOf = {};
    for (const line of network.reporting) {
        bossOf[line.from] = line.to;
    }
    const depthOf = {};
    const depth = (id, seen = new Set()) => {
        if (id in depthOf) {
            return depthOf[id];
        }
        const boss = bossOf[id];
        const value = boss && !seen.has(boss) ? depth(boss, seen.add(id)) + 1 : 0;
        depthOf[id] = value;
        return value;
    };
    const rows = [];
    for (const node of customer) {
        const d = depth(node.id);
        (rows[d] = rows[d] || []).push(node);
    }
    const order = {};
    const positions = {};
    let widest = 1;
    rows.forEach((row, d) => {
        // Keep people under their boss: sort a row by the position of their bosses.
        row.sort(
            (a, b) =>
                (order[bossOf[a.id]] ?? 0) - (order[bossOf[b.id]] ?? 0) ||
                a.name.localeCompare(b.name)
        );
        row.forEach((node, i) => {
            order[node.id] = i;
        });
        widest = Math.max(widest, row.length);
    });
    const boxWidth = Math.max(widest * NODE_GAP_X, 300);
    const boxX = SIDE_WIDTH;
    rows.forEach((row, d) => {
        const gap = boxWidth / row.length;
        row.forEach((node, i) => {
            positions[node.id] = { x: boxX + gap * (i + 0.5), y: TOP + 50 + d * ROW_GAP_Y };
        });
    });
    const boxHeight = Math.max(rows.length, 1) * ROW_GAP_Y + 40;
    const ours = outsiders.filter((n) => n.group === "ours");
    const others = outsiders.filter((n) => n.group !== "ours");
    const column = (nodes, x) =>
        nodes.forEach((node, i) => {
            positions[node.id] = { x, y: TOP + 50 + i * 100 };
        });
    column(ours, SIDE_WIDTH / 2);
    column(others, boxX + boxWidth + SIDE_WIDTH / 2);
    const height =
        Math.max(boxHeight, ours.length * 100 + 40, others.length * 100 + 40) + TOP + 40;
    return {
        width: boxX + boxWidth + SIDE_WIDTH,
        height,
        box: { x: boxX, y: TOP, width: boxWidth, height: boxHeight },
        positions,
    };
}

export class RelationshipMap extends Component {
    static template = "kam_management.RelationshipMap";
    static props = { ...standardActionServiceProps };
    static components = { Layout };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        // selectedId: the decision maker whose ways in are shown; pathIndex: one of
        // their paths picked in the panel (null: all of them).
        this.state = useState({ network: null, layout: null, selectedId: null, pathIndex: null });
        onWillStart(async () => {
            const context = this.props.action.context || {};
            const model = MODEL_OF_TAG[this.props.action.tag] || context.active_model;
            // The server takes one integer id: a URL gives it back as a string.
            const resId = parseInt(context.active_id, 10);
            const network = await this.orm.call("kam.network", "get_map_data", [model, resId]);
            this.state.network = network;
            this.state.layout = layoutNetwork(network);
            // The breadcrumb says what the title says (and survives a reload, where
            // the action's name is lost).
            this.env.config?.setDisplayName?.(this.displayName);
        });
    }

    /** The name of the map in the breadcrumb and the browser tab. */
    get displayName() {
        const { network } = this.state;
        return network.lead
            ? _t("Decision Chain: %(lead)s", { lead: network.lead.name })
            : _t("Relationship Map: %(account)s", { account: network.account.name });
    }

    /** The decision makers to win over, each with its ways in (strongest first). */
    get waysInTitle() {
        return _t("Ways in: who can introduce us");
    }

    get pathTargets() {
        return this.state.network.paths || [];
    }

    get selectedTarget() {
        return this.pathTargets.find((entry) => entry.target === this.state.selectedId) || null;
    }

    /** The people and influences of the ways in shown: sets of ids, or null. */
    get highlighted() {
        const entry = this.selectedTarget;
        if (!entry) {
            return null;
        }
        const paths =
            this.state.pathIndex === null ? entry.paths : [entry.paths[this.state.pathIndex]];
        const people = new Set([entry.target]);
        const influences = new Set();
        for (const path of paths.filter(Boolean)) {
            path.people.forEach((id) => people.add(id));
            path.influences.forEach((id) => influences.add(id));
        }
        return { people, influences };
    }

    get nodes() {
        const { positions } = this.state.layout;
        const targets = new Set(this.pathTargets.map((entry) => entry.target));
        const highlighted = this.highlighted;
        return this.state.network.nodes.map((node) => ({
            ...node,
            ...positions[node.id],
            mark: ROLE_MARK[node.role] || "",
            isTarget: targets.has(node.id),
            isSelected: node.id === this.state.selectedId,
            inPath: Boolean(highlighted && highlighted.people.has(node.id)),
        }));
    }

    /** The classes of a person's circle on the map. */
    nodeClass(node) {
        const classes = [
            "o_kam_node",
            `o_kam_group_${node.group}`,
            `o_kam_stance_${node.stance}`,
        ];
        if (node.in_chain) {
            classes.push("o_kam_in_chain");
        }
        if (node.is_indirect) {
            classes.push("o_kam_indirect");
        }
        if (node.isTarget) {
            classes.push("o_kam_path_target");
        }
        if (node.isSelected) {
            classes.push("o_kam_selected");
        }
        if (node.inPath) {
            classes.push("o_kam_path");
        }
        return classes.join(" ");
    }

    get reportingLines() {
        const { positions } = this.state.layout;
        const drawn = this.state.network.reporting.filter(
            (line) => positions[line.from] && positions[line.to]
        );
        return drawn.map((line) => ({
            key: `r-${line.from}-${line.to}`,
            x1: positions[line.from].x,
            y1: positions[line.from].y - 24,
            x2: positions[line.to].x,
            // Below the boss's name and position, not across them.
            y2: positions[line.to].y + 58,
            source: line.source,
        }));
    }

    get influenceArrows() {
        const { positions } = this.state.layout;
        const drawn = this.state.network.influences.filter(
            (edge) => positions[edge.from] && positions[edge.to]
        );
        const highlighted = this.highlighted;
        return drawn.map((edge) => {
            const a = positions[edge.from];
            const b = positions[edge.to];
            const dx = b.x - a.x;
            const dy = b.y - a.y;
            const length = Math.hypot(dx, dy) || 1;
            // Stop at the circle's edge, and bend so that both directions stay visible.
            const start = { x: a.x + (dx / length) * 26, y: a.y + (dy / length) * 26 };
            const end = { x: b.x - (dx / length) * 30, y: b.y - (dy / length) * 30 };
            const bend = { x: (start.x + end.x) / 2 - dy * 0.15, y: (start.y + end.y) / 2 + dx * 0.15 };
            return {
                key: `i-${edge.id}`,
                path: `M${start.x},${start.y} Q${bend.x},${bend.y} ${end.x},${end.y}`,
                direction: edge.direction,
                width: STRENGTH_WIDTH[edge.strength],
                source: edge.source,
                inPath: Boolean(highlighted && highlighted.influences.has(edge.id)),
                title: `${edge.strength} / ${edge.direction}${edge.note ? " — " + edge.note : ""}`,
            };
        });
    }

    get summary() {
        return this.state.network.summary;
    }

    get title() {
        const { network } = this.state;
        return network.lead
            ? _t("Decision chain of %(lead)s — %(account)s", {
                  lead: network.lead.name,
                  account: network.account.name,
              })
            : network.account.name;
    }

    /** The tooltip of a person: name, role, stance, score when known, company. */
    nodeTitle(node) {
        const parts = [node.name];
        if (node.role_label) {
            parts.push(node.role_label);
        }
        if (node.stance_label) {
            parts.push(node.stance_label);
        }
        // An unknown score is null: it is left out, not shown as 0.
        if (node.score !== null && node.score !== undefined) {
            parts.push(_t("choice score %(score)s/100", { score: node.score }));
        }
        let title = parts.join(" — ");
        if (node.company && node.group !== "customer") {
            title += ` (${node.company})`;
        }
        return title;
    }

    /** Why a decision maker is to be won over, for the Ways in panel. */
    whyLabel(entry) {
        return entry.why === "opponent"
            ? _t("Opposes us.")
            : _t("None of our people influences them.");
    }

    /** A path as the chain of its people's names. */
    pathNames(path) {
        return path.names.join(" → ");
    }

    pathStrength(path) {
        return _t("strength %(strength)s", { strength: path.strength.toFixed(2) });
    }

    get noPathText() {
        return _t("None found within %(hops)s steps.", { hops: PATH_MAX_HOPS });
    }

    /** Show the ways in to a decision maker on the map (again: hide them). */
    selectTarget(partnerId) {
        this.state.selectedId = this.state.selectedId === partnerId ? null : partnerId;
        this.state.pathIndex = null;
    }

    /** Show one way in alone (again: all of them). */
    selectPath(index) {
        this.state.pathIndex = this.state.pathIndex === index ? null : index;
    }

    openAccount() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "kam.account",
            res_id: this.state.network.account.id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openPerson(node) {
        this.openContact(node.id);
    }

    openContact(partnerId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: partnerId,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("kam_relationship_map", RelationshipMap);
registry.category("actions").add("kam_decision_chain_map", RelationshipMap);
