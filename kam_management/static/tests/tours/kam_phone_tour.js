import {registry} from "@web/core/registry";
import {openTab, smartButton} from "@kam_management/../tests/tours/kam_tour_utils";

// On the phone (390×844, touch), between two visits: the account, its map, the
// decision chain and the plan are read and tapped in Odoo's own responsive views.
// TestPhone opens each screen; the steps fail when the page scrolls sideways, when
// the map does not fit the screen or its names are too small to read.

const tours = registry.category("web_tour.tours");

// The boxes Odoo scrolls or clips its views in: on a phone, whatever is too wide
// for them is cut or scrolls sideways inside them. Lists scroll inside their own
// box (.o_list_renderer) and are left out.
const PAGE_BOXES = [
    ".o_action_manager",
    ".o_action",
    ".o_content",
    ".o_form_renderer",
    ".o_form_sheet",
];

/** Fails when the page, or one of Odoo's boxes inside it, is wider than the phone. */
function fitsThePhone(what) {
    return {
        content: `${what} fits the phone's width`,
        trigger: "body:not(:has(.o_loading_indicator))",
        run() {
            const boxes = [document.documentElement];
            for (const selector of PAGE_BOXES) {
                boxes.push(...document.querySelectorAll(selector));
            }
            for (const box of boxes) {
                if (box.scrollWidth > box.clientWidth + 1) {
                    throw new Error(
                        `${what}: ${box.className || box.tagName} is ${box.scrollWidth}px wide in ${box.clientWidth}px`
                    );
                }
            }
        },
    };
}

function mapBox() {
    return document
        .querySelector(".o_kam_relationship_map .o_kam_map_svg")
        .getBoundingClientRect();
}

/** The people of the map that are on its screen. */
function shownNodes(svg) {
    return [...document.querySelectorAll(".o_kam_node")].filter((node) => {
        const box = node.querySelector("circle").getBoundingClientRect();
        return (
            box.left >= svg.left - 1 &&
            box.right <= svg.right + 1 &&
            box.top >= svg.top - 1 &&
            box.bottom <= svg.bottom + 1
        );
    });
}

/**
 * The map opens on the phone's screen with names that can be read and dots a
 * finger can tap, `centre` (a decision maker of the customer) on the screen.
 */
function mapIsReadable(centre) {
    return {
        content: "The map opens readable, its decision maker on the screen",
        trigger: `.o_kam_relationship_map .o_kam_node[data-name='${centre}']`,
        run() {
            const svg = mapBox();
            if (svg.left < 0 || svg.right > window.innerWidth + 1) {
                throw new Error(
                    `the map is ${svg.width}px wide on ${window.innerWidth}px`
                );
            }
            if (svg.top >= window.innerHeight || svg.height < 300) {
                throw new Error(`the map is ${svg.height}px high, at ${svg.top}px`);
            }
            const shown = shownNodes(svg);
            if (!shown.some((node) => node.dataset.name === centre)) {
                throw new Error(`${centre} is off the screen`);
            }
            for (const node of shown) {
                const dot = node.querySelector("circle").getBoundingClientRect();
                const name = node
                    .querySelector(".o_kam_node_name")
                    .getBoundingClientRect();
                // Names of about 10px and more read on a phone; a finger taps 20px.
                if (name.height < 10 || dot.width < 20) {
                    throw new Error(
                        `${node.dataset.name}: name ${name.height.toFixed(1)}px, dot ${dot.width.toFixed(1)}px`
                    );
                }
            }
        },
    };
}

/** The toolbar's fit button shows every person at once. */
function mapFitsWhole() {
    return [
        {
            content: "Tap the button that fits the whole map",
            trigger: ".o_kam_relationship_map .o_kam_zoom_fit",
            run: "click",
        },
        {
            content: "Everybody is on the screen",
            trigger: ".o_kam_relationship_map .o_kam_node",
            run() {
                const all = document.querySelectorAll(".o_kam_node").length;
                const shown = shownNodes(mapBox()).length;
                if (shown !== all) {
                    throw new Error(`${shown} of ${all} people on the screen`);
                }
            },
        },
    ];
}

tours.add("kam_phone_account_tour", {
    steps: () => [
        {
            content: "The key account is open",
            trigger:
                ".o_form_view .o_field_widget[name='partner_id']:contains('KAM Tour Industries')",
        },
        fitsThePhone("The key account"),
        openTab("key_persons"),
        {
            content: "Its key persons are listed",
            trigger: ".tab-pane.active .o_data_row:contains('Greta Stein')",
        },
        fitsThePhone("The key persons"),
        ...smartButton("action_kam_relationship_map"),
        {
            content: "The map is drawn",
            trigger: ".o_kam_relationship_map .o_kam_customer_box",
        },
        mapIsReadable("Greta Stein"),
        fitsThePhone("The map"),
        ...mapFitsWhole(),
        {
            content: "Tap the CEO",
            trigger: ".o_kam_node[data-name='Greta Stein']",
            run: "click",
        },
        {
            content: "Her contact opens",
            trigger: `.o_form_view .o_field_widget[name='name'] input:value('Greta Stein')`,
        },
        fitsThePhone("The contact"),
    ],
});

tours.add("kam_phone_decision_chain_tour", {
    steps: () => [
        {
            content: "The deal is open",
            trigger:
                ".o_form_view .o_field_widget[name='name'] textarea:value('Tour Deal')",
        },
        openTab("kam_decision_chain"),
        {
            content: "Its decision chain is listed",
            trigger:
                ".tab-pane.active .o_field_widget[name='kam_decision_member_ids'] .o_data_row:contains('Otto Kern')",
        },
        fitsThePhone("The decision chain"),
        ...smartButton("action_kam_relationship_map"),
        mapIsReadable("Paul Berg"),
        {
            content: "Tap a member of the chain",
            trigger: ".o_kam_node.o_kam_in_chain[data-name='Otto Kern']",
            run: "click",
        },
        {
            content: "His contact opens",
            trigger: `.o_form_view .o_field_widget[name='name'] input:value('Otto Kern')`,
        },
    ],
});

tours.add("kam_phone_plan_tour", {
    steps: () => [
        {
            content: "The plan is open",
            trigger:
                ".o_form_view .o_field_widget[name='name']:contains('KAM Tour Industries')",
        },
        fitsThePhone("The plan"),
        openTab("relation_targets"),
        {
            content: "Its relationship targets are listed",
            trigger: ".tab-pane.active .o_data_row:contains('Greta Stein')",
        },
        fitsThePhone("The relationship targets"),
        openTab("opportunity_targets"),
        {
            content: "Its opportunity targets are listed",
            trigger: ".tab-pane.active .o_data_row:contains('Tour Deal')",
        },
        fitsThePhone("The opportunity targets"),
    ],
});
