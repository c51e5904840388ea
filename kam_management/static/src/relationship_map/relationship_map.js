import {
    Component,
    markRaw,
    onMounted,
    onPatched,
    onWillStart,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const ROLE_MARK = {
    decision_maker: "DM",
    technical_evaluator: "TE",
    business_evaluator: "BE",
    gatekeeper: "PG",
    coach: "CS",
    other: "",
};
const STRENGTH_WIDTH = {low: 1.5, medium: 3, high: 5};
const STRENGTH_RANK = {low: 1, medium: 2, high: 3};
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
const SIDE_GAP_Y = 100;
const TOP = 70;
// Past these a map opens on its key persons and strong influences: ten thousand
// arrows cover everything and cost seconds to draw.
const LARGE_PEOPLE = 150;
const LARGE_INFLUENCES = 600;
// Searched people are drawn even when the filters hide them, up to this many.
const SEARCH_SHOW_MAX = 50;
const ZOOM_MIN = 0.03;
// Below this width the map is on a phone: opened at a zoom where its names (16px
// there) read at 11px and its dots are a fingertip wide.
const PHONE_WIDTH = 576;
const PHONE_ZOOM_MIN = 0.7;
const ZOOM_MAX = 4;
const ZOOM_STEP = 1.25;
// Below this a press on the map is a click, above it a drag.
const DRAG_THRESHOLD = 4;

const NO_FILTERS = {
    keyOnly: false,
    deciders: false,
    stance: "",
    minStrength: "low",
    hideOurs: false,
    hideCompetitors: false,
};

/**
 * What the map needs again and again, computed once when the data arrives: people
 * by id, reporting lines both ways, reporting depth, influences out of and into each
 * person. Linear in people and influences.
 */
export function indexNetwork(network) {
    const byId = new Map(network.nodes.map((node) => [node.id, node]));
    const bossOf = new Map();
    const reportsOf = new Map();
    for (const line of network.reporting) {
        bossOf.set(line.from, line.to);
        if (!reportsOf.has(line.to)) {
            reportsOf.set(line.to, []);
        }
        reportsOf.get(line.to).push(line.from);
    }
    // Depth by walking up once per chain, memoised: each person is visited once.
    const depthOf = new Map();
    for (const node of network.nodes) {
        const chain = [];
        const onChain = new Set();
        let id = node.id;
        while (id !== undefined && !depthOf.has(id) && !onChain.has(id)) {
            chain.push(id);
            onChain.add(id);
            id = bossOf.get(id);
        }
        let depth = id !== undefined && depthOf.has(id) ? depthOf.get(id) + 1 : 0;
        for (let i = chain.length - 1; i >= 0; i--) {
            depthOf.set(chain[i], depth++);
        }
    }
    const outOf = new Map();
    const inOf = new Map();
    for (const edge of network.influences) {
        if (!outOf.has(edge.from)) {
            outOf.set(edge.from, []);
        }
        outOf.get(edge.from).push(edge);
        if (!inOf.has(edge.to)) {
            inOf.set(edge.to, []);
        }
        inOf.get(edge.to).push(edge);
    }
    return {byId, bossOf, reportsOf, depthOf, outOf, inOf};
}

/**
 * Places the customer's people in rows by reporting depth (bosses on top) inside the
 * customer box, our people in columns on the left and competitors and other outsiders
 * on the right. Long rows and columns wrap, so that a large map stays about as wide
 * as it is high. `visible` (a Set of ids) limits it to the people drawn; O(n log n).
 */
export function layoutNetwork(network, visible = null, index = null) {
    index = index || indexNetwork(network);
    const shown = visible
        ? network.nodes.filter((n) => visible.has(n.id))
        : network.nodes;
    const customer = shown.filter((n) => n.group === "customer");
    const outsiders = shown.filter((n) => n.group !== "customer");
    const byDepth = new Map();
    for (const node of customer) {
        const d = index.depthOf.get(node.id) || 0;
        if (!byDepth.has(d)) {
            byDepth.set(d, []);
        }
        byDepth.get(d).push(node);
    }
    // Rows of the depths that have someone on the map, top down.
    const rows = [...byDepth.keys()].sort((a, b) => a - b).map((d) => byDepth.get(d));
    const perLine = Math.max(12, Math.ceil(Math.sqrt(customer.length) * 1.6));
    const order = new Map();
    const lines = [];
    for (const row of rows) {
        // Keep people under their boss: sort a row by the position of their bosses.
        const rank = (node) => order.get(index.bossOf.get(node.id)) ?? -1;
        row.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
        row.forEach((node, i) => order.set(node.id, i));
        for (let start = 0; start < row.length; start += perLine) {
            lines.push(row.slice(start, start + perLine));
        }
    }
    const widest = Math.max(1, ...lines.map((line) => line.length));
    const boxWidth = Math.max(widest * NODE_GAP_X, 300);
    const boxX = SIDE_WIDTH;
    const positions = {};
    lines.forEach((line, l) => {
        const gap = boxWidth / line.length;
        line.forEach((node, i) => {
            positions[node.id] = {
                x: boxX + gap * (i + 0.5),
                y: TOP + 50 + l * ROW_GAP_Y,
            };
        });
    });
    const boxHeight = Math.max(lines.length, 1) * ROW_GAP_Y + 40;
    const perColumn = Math.max(6, Math.floor((boxHeight - 40) / SIDE_GAP_Y));
    // Outsiders fill columns as high as the customer box, away from it.
    const columns = (nodes, firstX, step) => {
        nodes.forEach((node, i) => {
            positions[node.id] = {
                x: firstX + step * Math.floor(i / perColumn),
                y: TOP + 50 + (i % perColumn) * SIDE_GAP_Y,
            };
        });
        return Math.ceil(nodes.length / perColumn);
    };
    const ours = outsiders.filter((n) => n.group === "ours");
    const others = outsiders.filter((n) => n.group !== "ours");
    const leftColumns = Math.max(1, Math.ceil(ours.length / perColumn));
    const shift = (leftColumns - 1) * SIDE_WIDTH;
    for (const pos of Object.values(positions)) {
        pos.x += shift;
    }
    columns(ours, shift + SIDE_WIDTH / 2, -SIDE_WIDTH);
    const rightColumns = Math.max(
        1,
        columns(others, shift + boxX + boxWidth + SIDE_WIDTH / 2, SIDE_WIDTH)
    );
    const tallest = Math.min(Math.max(ours.length, others.length), perColumn);
    return {
        width: shift + boxX + boxWidth + rightColumns * SIDE_WIDTH,
        height: Math.max(boxHeight, tallest * SIDE_GAP_Y + 40) + TOP + 40,
        box: {x: shift + boxX, y: TOP, width: boxWidth, height: boxHeight},
        positions,
    };
}

export class RelationshipMap extends Component {
    static template = "kam_management.RelationshipMap";
    static props = {...standardActionServiceProps};
    static components = {Layout};

    setup() {
        // From the action's start to the drawing (the benchmark reads it).
        this.startedAt = performance.now();
        performance.mark("kam_map_start");
        this.orm = useService("orm");
        this.action = useService("action");
        this.rootRef = useRef("root");
        this.svgRef = useRef("svg");
        this.viewportRef = useRef("viewport");
        // selectedId: the decision maker whose ways in are shown; pathIndex: one of
        // their paths picked in the panel (null: all of them). focusId: the person
        // whose neighbourhood alone is shown.
        this.state = useState({
            loaded: false,
            filters: {...NO_FILTERS},
            search: "",
            focusId: null,
            selectedId: null,
            pathIndex: null,
        });
        // Zoom and pan live outside the state: moving the map must not render it.
        this.view = {k: 1, x: 0, y: 0};
        this.pointers = new Map();
        this.gesture = null;
        this.pendingView = "fit";
        this.changedAt = null;
        onWillStart(async () => {
            const context = this.props.action.context || {};
            const model = MODEL_OF_TAG[this.props.action.tag] || context.active_model;
            // The server takes one integer id: a URL gives it back as a string.
            const resId = parseInt(context.active_id, 10);
            const network = await this.orm.call("kam.network", "get_map_data", [
                model,
                resId,
            ]);
            // The server's share of the drawing time.
            this.dataMs = Math.round(performance.now() - this.startedAt);
            // Thousands of people and influences: kept out of the reactive state.
            this.network = markRaw(network);
            this.index = markRaw(indexNetwork(network));
            this.isLarge =
                network.nodes.length > LARGE_PEOPLE ||
                network.influences.length > LARGE_INFLUENCES;
            if (this.isLarge) {
                Object.assign(this.state.filters, {keyOnly: true, minStrength: "high"});
            }
            this.state.loaded = true;
            // The breadcrumb says what the title says (and survives a reload, where
            // the action's name is lost).
            this.env.config?.setDisplayName?.(this.displayName);
        });
        onMounted(() => this.afterDraw(this.startedAt, "drawn"));
        onPatched(() => {
            if (this.changedAt !== null) {
                const since = this.changedAt;
                this.changedAt = null;
                this.afterDraw(since, "redrawn");
            }
        });
    }

    // ------------------------------------------------------------------ drawing
    /** Place the view, then time the drawing once the browser has painted it. */
    afterDraw(since, what) {
        this.applyPendingView();
        const view = this.mapView;
        requestAnimationFrame(() =>
            setTimeout(() => {
                const ms = Math.round(performance.now() - since);
                performance.mark(`kam_map_${what}`);
                const root = this.rootRef.el;
                if (root) {
                    root.dataset[what === "drawn" ? "drawMs" : "redrawMs"] = ms;
                }
                if (view) {
                    // One line a benchmark can parse.
                    const data = what === "drawn" ? ` data_ms=${this.dataMs}` : "";
                    const counts = `people=${view.nodes.length}/${view.totalPeople} influences=${view.arrows.length}/${view.totalInfluences}`;
                    console.log(`kam_map_${what}_ms=${ms}${data} ${counts}`);
                }
            })
        );
    }

    /** Mark a change of what is drawn, to time its redrawing and place the view. */
    changed(pendingView = "fit") {
        this.changedAt = performance.now();
        this.pendingView = pendingView;
    }

    /**
     * What is drawn under the current filters, focus, search and ways in: people,
     * lines and arrows with their positions. Computed once per change of those
     * (O(people + influences)), not once per read.
     */
    get mapView() {
        if (!this.state.loaded || !this.network.nodes.length) {
            return null;
        }
        const {filters, search, focusId, selectedId, pathIndex} = this.state;
        const key = JSON.stringify([filters, search, focusId, selectedId, pathIndex]);
        if (this._viewKey !== key) {
            this._view = markRaw(this.computeView());
            this._viewKey = key;
        }
        return this._view;
    }

    computeView() {
        const network = this.network;
        const {byId, bossOf, reportsOf, outOf, inOf} = this.index;
        const filters = this.state.filters;
        const minRank = STRENGTH_RANK[filters.minStrength] || 1;
        const groupShown = (node) =>
            !(filters.hideOurs && node.group === "ours") &&
            !(filters.hideCompetitors && node.group === "competitor");
        const edgeShown = (edge) => STRENGTH_RANK[edge.strength] >= minRank;
        const highlighted = this.highlighted;
        const matches = this.matchIds;
        const people = new Set();
        let edges;
        const focus = this.state.focusId !== null && byId.get(this.state.focusId);
        if (focus) {
            // The reporting line up to the top and the direct reports, then the
            // influences on and from the person, two steps out.
            people.add(focus.id);
            for (
                let boss = bossOf.get(focus.id);
                boss && !people.has(boss);
                boss = bossOf.get(boss)
            ) {
                people.add(boss);
            }
            for (const report of reportsOf.get(focus.id) || []) {
                people.add(report);
            }
            const hops = new Map([[focus.id, 0]]);
            let frontier = [focus.id];
            for (let hop = 1; hop <= 2; hop++) {
                const next = [];
                for (const id of frontier) {
                    for (const edge of [
                        ...(outOf.get(id) || []),
                        ...(inOf.get(id) || []),
                    ]) {
                        const other = edge.from === id ? edge.to : edge.from;
                        if (
                            !hops.has(other) &&
                            edgeShown(edge) &&
                            groupShown(byId.get(other))
                        ) {
                            hops.set(other, hop);
                            next.push(other);
                        }
                    }
                }
                frontier = next;
            }
            hops.forEach((_hop, id) => people.add(id));
            // The influences of the two steps: none between two people at the edge.
            edges = network.influences.filter(
                (e) =>
                    edgeShown(e) &&
                    hops.has(e.from) &&
                    hops.has(e.to) &&
                    Math.min(hops.get(e.from), hops.get(e.to)) <= 1
            );
        } else {
            for (const node of network.nodes) {
                if (
                    node.group === "customer" &&
                    (!filters.keyOnly || node.is_key_person || node.in_chain) &&
                    (!filters.deciders || node.role === "decision_maker") &&
                    (!filters.stance || node.stance === filters.stance)
                ) {
                    people.add(node.id);
                }
            }
            // Outsiders stand beside the people they influence.
            for (const edge of network.influences) {
                const from = byId.get(edge.from);
                if (
                    from.group !== "customer" &&
                    people.has(edge.to) &&
                    edgeShown(edge) &&
                    groupShown(from)
                ) {
                    people.add(from.id);
                }
            }
            for (const id of matches.slice(0, SEARCH_SHOW_MAX)) {
                people.add(id);
            }
            edges = null;
        }
        // The ways in picked stay on the map whatever the filters.
        if (highlighted) {
            highlighted.people.forEach((id) => people.add(id));
        }
        if (!edges) {
            edges = network.influences.filter(
                (e) =>
                    people.has(e.from) &&
                    people.has(e.to) &&
                    (edgeShown(e) || (highlighted && highlighted.influences.has(e.id)))
            );
        } else if (highlighted) {
            const drawn = new Set(edges.map((e) => e.id));
            edges = edges.concat(
                network.influences.filter(
                    (e) => highlighted.influences.has(e.id) && !drawn.has(e.id)
                )
            );
        }
        const layout = layoutNetwork(network, people, this.index);
        // What fitting shows: the layout and the bulge of the long arrows.
        const bounds = {x0: 0, y0: 0, x1: layout.width, y1: layout.height};
        return {
            layout,
            bounds,
            nodes: this.buildNodes(people, layout, highlighted, new Set(matches)),
            lines: this.buildLines(people, layout),
            arrows: this.buildArrows(edges, layout, highlighted, bounds),
            totalPeople: network.nodes.length,
            totalInfluences: network.influences.length,
        };
    }

    buildNodes(people, layout, highlighted, matches) {
        const targets = new Set(this.pathTargets.map((entry) => entry.target));
        const {positions} = layout;
        const nodes = [];
        for (const node of this.network.nodes) {
            if (!people.has(node.id)) {
                continue;
            }
            const classes = [
                "o_kam_node",
                `o_kam_group_${node.group}`,
                `o_kam_stance_${node.stance}`,
            ];
            const isTarget = targets.has(node.id);
            if (node.in_chain) {
                classes.push("o_kam_in_chain");
            }
            if (node.is_indirect) {
                classes.push("o_kam_indirect");
            }
            if (isTarget) {
                classes.push("o_kam_path_target");
            }
            if (node.id === this.state.selectedId) {
                classes.push("o_kam_selected");
            }
            if (highlighted && highlighted.people.has(node.id)) {
                classes.push("o_kam_path");
            }
            if (matches.has(node.id)) {
                classes.push("o_kam_match");
            }
            if (node.id === this.state.focusId) {
                classes.push("o_kam_focused");
            }
            const pos = positions[node.id];
            nodes.push({
                ...node,
                className: classes.join(" "),
                transform: `translate(${pos.x},${pos.y})`,
                mark: ROLE_MARK[node.role] || "",
                isTarget,
                sub: node.group === "customer" ? node.function : node.company,
                title: this.nodeTitle(node),
            });
        }
        return nodes;
    }

    buildLines(people, layout) {
        const {positions} = layout;
        return this.network.reporting
            .filter((line) => people.has(line.from) && people.has(line.to))
            .map((line) => ({
                key: `r-${line.from}-${line.to}`,
                x1: positions[line.from].x,
                y1: positions[line.from].y - 24,
                x2: positions[line.to].x,
                // Below the boss's name and position, not across them.
                y2: positions[line.to].y + 58,
                className: `o_kam_reporting o_kam_source_${line.source}`,
            }));
    }

    buildArrows(edges, layout, highlighted, bounds) {
        const {positions} = layout;
        return edges.map((edge) => {
            const a = positions[edge.from];
            const b = positions[edge.to];
            const dx = b.x - a.x;
            const dy = b.y - a.y;
            const length = Math.hypot(dx, dy) || 1;
            // Stop at the circle's edge, and bend so that both directions stay visible.
            const sx = a.x + (dx / length) * 26;
            const sy = a.y + (dy / length) * 26;
            const ex = b.x - (dx / length) * 30;
            const ey = b.y - (dy / length) * 30;
            const bx = (sx + ex) / 2 - dy * 0.15;
            const by = (sy + ey) / 2 + dx * 0.15;
            // The curve's farthest point from its chord, at its middle.
            const mx = (sx + ex) / 4 + bx / 2;
            const my = (sy + ey) / 4 + by / 2;
            bounds.x0 = Math.min(bounds.x0, mx - 6);
            bounds.x1 = Math.max(bounds.x1, mx + 6);
            bounds.y0 = Math.min(bounds.y0, my - 6);
            bounds.y1 = Math.max(bounds.y1, my + 6);
            const inPath = Boolean(highlighted && highlighted.influences.has(edge.id));
            return {
                key: edge.id,
                path: `M${sx.toFixed(1)},${sy.toFixed(1)} Q${bx.toFixed(1)},${by.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
                className: `o_kam_influence o_kam_influence_${edge.direction} o_kam_source_${edge.source}${inPath ? " o_kam_path" : ""}`,
                marker: `url(#kam-arrow-${edge.direction})`,
                width: STRENGTH_WIDTH[edge.strength],
                title: `${edge.strength} / ${edge.direction}${edge.note ? " — " + edge.note : ""}`,
            };
        });
    }

    // ------------------------------------------------------------------ texts
    /** The name of the map in the breadcrumb and the browser tab. */
    get displayName() {
        const network = this.network;
        return network.lead
            ? _t("Decision Chain: %(lead)s", {lead: network.lead.name})
            : _t("Relationship Map: %(account)s", {account: network.account.name});
    }

    /** The decision makers to win over, each with its ways in (strongest first). */
    get waysInTitle() {
        return _t("Ways in: who can introduce us");
    }

    get focusTitle() {
        return _t("Focus on this person: their reporting line and influences");
    }

    get hiddenText() {
        const view = this.mapView;
        return _t(
            "Showing %(people)s of %(total_people)s people, %(influences)s of %(total_influences)s influences",
            {
                people: view.nodes.length,
                total_people: view.totalPeople,
                influences: view.arrows.length,
                total_influences: view.totalInfluences,
            }
        );
    }

    get isAllShown() {
        const view = this.mapView;
        return (
            view.nodes.length === view.totalPeople &&
            view.arrows.length === view.totalInfluences
        );
    }

    get focusText() {
        const node = this.index.byId.get(this.state.focusId);
        return _t(
            "%(name)s: reporting line and influences two steps around (%(people)s people, %(influences)s influences)",
            {
                name: node ? node.name : "",
                people: this.mapView.nodes.length,
                influences: this.mapView.arrows.length,
            }
        );
    }

    get matchText() {
        const count = this.matchIds.length;
        if (!this.state.search.trim()) {
            return "";
        }
        if (!count) {
            return _t("No one found");
        }
        return count > SEARCH_SHOW_MAX
            ? _t("%(count)s found; the first %(max)s are drawn", {
                  count,
                  max: SEARCH_SHOW_MAX,
              })
            : _t("%(count)s found", {count});
    }

    get stanceOptions() {
        return [
            ["", _t("Any stance")],
            ["supporter", _t("Supporters")],
            ["neutral", _t("Neutral")],
            ["opponent", _t("Opponents")],
            ["unknown", _t("Stance unknown")],
        ];
    }

    get strengthOptions() {
        return [
            ["low", _t("Any strength")],
            ["medium", _t("Medium and high")],
            ["high", _t("High only")],
        ];
    }

    get pathTargets() {
        return this.network.paths || [];
    }

    get selectedTarget() {
        return (
            this.pathTargets.find((entry) => entry.target === this.state.selectedId) ||
            null
        );
    }

    /** The people and influences of the ways in shown: sets of ids, or null. */
    get highlighted() {
        const entry = this.selectedTarget;
        if (!entry) {
            return null;
        }
        const paths =
            this.state.pathIndex === null
                ? entry.paths
                : [entry.paths[this.state.pathIndex]];
        const people = new Set([entry.target]);
        const influences = new Set();
        for (const path of paths.filter(Boolean)) {
            path.people.forEach((id) => people.add(id));
            path.influences.forEach((id) => influences.add(id));
        }
        return {people, influences};
    }

    /** The people whose name holds the search, in the map's (alphabetical) order. */
    get matchIds() {
        const needle = this.state.search.trim().toLocaleLowerCase();
        if (!needle) {
            return [];
        }
        if (this._matchKey !== needle) {
            this._matchKey = needle;
            this._matches = this.network.nodes
                .filter((node) =>
                    (node.name || "").toLocaleLowerCase().includes(needle)
                )
                .map((node) => node.id);
        }
        return this._matches;
    }

    get summary() {
        return this.network.summary;
    }

    get title() {
        const network = this.network;
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
            parts.push(_t("choice score %(score)s/100", {score: node.score}));
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
        return _t("strength %(strength)s", {strength: path.strength.toFixed(2)});
    }

    get noPathText() {
        return _t("None found within %(hops)s steps.", {hops: PATH_MAX_HOPS});
    }

    // ------------------------------------------------------------------ filters, search, focus
    setFilter(name, value) {
        if (this.state.filters[name] === value) {
            return;
        }
        this.changed();
        this.state.filters[name] = value;
    }

    showAll() {
        this.changed();
        Object.assign(this.state.filters, NO_FILTERS);
    }

    onSearchInput(ev) {
        const value = ev.target.value;
        this.state.search = value;
        const first = this.matchIds[0];
        this.changed(first ? {center: first} : null);
    }

    /** Enter in the search box: focus on the first person found. */
    onSearchKeydown(ev) {
        if (ev.key === "Enter" && this.matchIds.length) {
            this.focusOn(this.matchIds[0]);
        }
    }

    focusOn(partnerId) {
        this.changed();
        this.state.focusId = partnerId;
    }

    unfocus() {
        const back = this.state.focusId;
        this.changed({center: back});
        this.state.focusId = null;
    }

    /** Show the ways in to a decision maker on the map (again: hide them). */
    selectTarget(partnerId) {
        this.changed(null);
        this.state.selectedId = this.state.selectedId === partnerId ? null : partnerId;
        this.state.pathIndex = null;
    }

    /** Show one way in alone (again: all of them). */
    selectPath(index) {
        this.changed(null);
        this.state.pathIndex = this.state.pathIndex === index ? null : index;
    }

    // ------------------------------------------------------------------ zoom and pan
    applyView() {
        const el = this.viewportRef.el;
        if (el) {
            const {k, x, y} = this.view;
            el.setAttribute(
                "transform",
                `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`
            );
        }
    }

    applyPendingView() {
        const pending = this.pendingView;
        this.pendingView = null;
        if (pending === "fit") {
            this.fit();
        } else if (pending && pending.center) {
            this.centerOn(pending.center);
        }
    }

    get screen() {
        const svg = this.svgRef.el;
        return svg
            ? {width: svg.clientWidth || 800, height: svg.clientHeight || 600}
            : null;
    }

    /**
     * The whole drawing on the screen; a small map keeps its natural size. On a
     * phone the drawing opens no smaller than names can be read, centred, and a
     * finger moves it (`whole`: the toolbar's button fits it all the same).
     */
    fit(whole = false) {
        const screen = this.screen;
        const view = this.mapView;
        if (!screen || !view) {
            return;
        }
        const {x0, y0, x1, y1} = view.bounds;
        const width = x1 - x0;
        const height = y1 - y0;
        let k = Math.max(
            ZOOM_MIN,
            Math.min(1, screen.width / width, screen.height / height)
        );
        if (!whole && screen.width < PHONE_WIDTH) {
            k = Math.max(k, PHONE_ZOOM_MIN);
        }
        this.view = {
            k,
            x: (screen.width - width * k) / 2 - x0 * k,
            y: Math.max(0, (screen.height - height * k) / 2) - y0 * k,
        };
        this.applyView();
    }

    /** A person in the middle of the screen, large enough to read. */
    centerOn(partnerId) {
        const screen = this.screen;
        const pos = this.mapView?.layout.positions[partnerId];
        if (!screen || !pos) {
            return;
        }
        const k = Math.max(this.view.k, 0.8);
        this.view = {
            k,
            x: screen.width / 2 - pos.x * k,
            y: screen.height / 2 - pos.y * k,
        };
        this.applyView();
    }

    /** Zoom by `factor` keeping the point (px, py) of the screen in place. */
    zoomAt(factor, px, py) {
        const {k, x, y} = this.view;
        const next = Math.max(ZOOM_MIN, Math.min(ZOOM_MAX, k * factor));
        this.view = {
            k: next,
            x: px - ((px - x) * next) / k,
            y: py - ((py - y) * next) / k,
        };
        this.applyView();
    }

    zoomButton(factor) {
        const screen = this.screen;
        if (screen) {
            this.zoomAt(factor, screen.width / 2, screen.height / 2);
        }
    }

    pointOf(ev) {
        const rect = this.svgRef.el.getBoundingClientRect();
        return {x: ev.clientX - rect.left, y: ev.clientY - rect.top};
    }

    onWheel(ev) {
        const {x, y} = this.pointOf(ev);
        // Lines (deltaMode 1) scroll about 20 pixels each.
        const delta = ev.deltaMode === 1 ? ev.deltaY * 20 : ev.deltaY;
        this.zoomAt(Math.exp(-delta * 0.0015), x, y);
    }

    /** One pointer drags the map, two pinch it (mouse, pen and touch alike). */
    onPointerDown(ev) {
        if (ev.pointerType === "mouse" && ev.button !== 0) {
            return;
        }
        this.dragged = false;
        this.pointers.set(ev.pointerId, this.pointOf(ev));
        this.startGesture();
    }

    startGesture() {
        const points = [...this.pointers.values()];
        const {k, x, y} = this.view;
        if (points.length === 1) {
            this.gesture = {
                kind: "pan",
                from: points[0],
                view: {k, x, y},
                moved: this.gesture?.moved,
            };
        } else if (points.length >= 2) {
            const [a, b] = points;
            this.gesture = {
                kind: "pinch",
                distance: Math.hypot(a.x - b.x, a.y - b.y) || 1,
                middle: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2},
                view: {k, x, y},
                moved: true,
            };
        }
    }

    onPointerMove(ev) {
        if (!this.pointers.has(ev.pointerId) || !this.gesture) {
            return;
        }
        const point = this.pointOf(ev);
        this.pointers.set(ev.pointerId, point);
        const gesture = this.gesture;
        if (gesture.kind === "pan") {
            const dx = point.x - gesture.from.x;
            const dy = point.y - gesture.from.y;
            if (!gesture.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
                return;
            }
            if (!gesture.moved) {
                gesture.moved = true;
                // Captured only once it is a drag: a plain click still reaches the person.
                try {
                    this.svgRef.el.setPointerCapture(ev.pointerId);
                } catch {
                    // A pointer already gone (or a synthetic one) cannot be captured.
                }
            }
            this.view = {
                k: gesture.view.k,
                x: gesture.view.x + dx,
                y: gesture.view.y + dy,
            };
        } else {
            const [a, b] = [...this.pointers.values()];
            const middle = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
            const start = gesture.view;
            const k = Math.max(
                ZOOM_MIN,
                Math.min(
                    ZOOM_MAX,
                    (start.k * Math.hypot(a.x - b.x, a.y - b.y)) / gesture.distance
                )
            );
            // The point under the fingers' middle at the start follows the middle.
            const wx = (gesture.middle.x - start.x) / start.k;
            const wy = (gesture.middle.y - start.y) / start.k;
            this.view = {k, x: middle.x - wx * k, y: middle.y - wy * k};
        }
        this.applyView();
    }

    onPointerUp(ev) {
        if (!this.pointers.delete(ev.pointerId)) {
            return;
        }
        const moved = this.gesture?.moved;
        if (this.pointers.size) {
            this.startGesture();
        } else {
            this.gesture = null;
            // The click that ends a drag does not open the person under it.
            this.dragged = Boolean(moved);
        }
    }

    onClickCapture(ev) {
        if (this.dragged) {
            this.dragged = false;
            ev.stopPropagation();
            ev.preventDefault();
        }
    }

    // ------------------------------------------------------------------ opening records
    openAccount() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "kam.account",
            res_id: this.network.account.id,
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
