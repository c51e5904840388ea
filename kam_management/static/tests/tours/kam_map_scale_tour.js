import {registry} from "@web/core/registry";

// A relationship map of 1,000 people and 10,000 influences (tests/test_map_scale.py).
// The steps log what they see as "kam_map_..." console lines; the test reads them.

const MAP = ".o_kam_relationship_map";

/** Open the map, marking the click, and log the time from the click to the drawing. */
function openAndMeasure() {
    return [
        {
            content: "Open the customer's relationship map",
            trigger: "button[name='action_kam_relationship_map']",
            async run(helpers) {
                performance.clearMarks("kam_map_drawn");
                performance.mark("kam_map_click");
                await helpers.click();
            },
        },
        {
            content: "The map is drawn: how long it took from the click",
            trigger: `${MAP}[data-draw-ms]`,
            run() {
                const click = performance.getEntriesByName("kam_map_click").at(-1);
                const drawn = performance.getEntriesByName("kam_map_drawn").at(-1);
                const ms = Math.round(drawn.startTime - click.startTime);
                console.log(
                    `kam_map_click_to_draw_ms=${ms} component_ms=${this.anchor.dataset.drawMs}`
                );
            },
        },
    ];
}

/** Log the people and influences drawn, under a label. */
function logState(label) {
    const root = document.querySelector(MAP);
    const d = root.dataset;
    console.log(
        `kam_map_state ${label} people=${d.visiblePeople}/${d.totalPeople} influences=${d.visibleInfluences}/${d.totalInfluences}`
    );
}

/** The viewport's zoom and shift, from its transform. */
function viewOf() {
    const transform = document
        .querySelector(".o_kam_viewport")
        .getAttribute("transform");
    const [x, y, k] = transform.match(/-?[\d.]+/g).map(Number);
    return {x, y, k};
}

function fail(message) {
    throw new Error(message);
}

function pointer(type, target, id, x, y) {
    target.dispatchEvent(
        new PointerEvent(type, {
            pointerId: id,
            pointerType: "touch",
            isPrimary: id === 1,
            clientX: x,
            clientY: y,
            bubbles: true,
            cancelable: true,
        })
    );
}

registry.category("web_tour.tours").add("kam_map_scale_draw_tour", {
    steps: () => [...openAndMeasure()],
});

registry.category("web_tour.tours").add("kam_map_scale_tour", {
    steps: () => [
        ...openAndMeasure(),
        {
            content: "The drawing is fitted to the screen",
            trigger: ".o_kam_map_svg .o_kam_viewport[transform*='scale']",
            run() {
                const svg = document
                    .querySelector(".o_kam_map_svg")
                    .getBoundingClientRect();
                const drawing = this.anchor.getBoundingClientRect();
                if (
                    drawing.left < svg.left - 2 ||
                    drawing.right > svg.right + 2 ||
                    drawing.top < svg.top - 2 ||
                    drawing.bottom > svg.bottom + 2
                ) {
                    fail("The drawing does not fit in the map's frame");
                }
            },
        },
        {
            content:
                "A large map opens on its key persons and strong influences, and says so",
            trigger: `${MAP}.o_kam_key_only[data-min-strength='high'] .o_kam_map_hidden:contains('Showing'):contains('show all')`,
            run: () => logState("default"),
        },
        {
            content: "Show all the customer's people, not only the key persons",
            trigger: "input.o_kam_filter_key:checked",
            run: "click",
        },
        {
            content: "More people are drawn",
            trigger: `${MAP}:not(.o_kam_key_only)`,
            run: () => logState("people"),
        },
        {
            content: "Draw the medium influences too",
            trigger: "select.o_kam_filter_strength",
            run: "select medium",
        },
        {
            content: "More influences are drawn",
            trigger: `${MAP}[data-min-strength='medium']`,
            run: () => logState("medium"),
        },
        {
            content: "Only the decision makers",
            trigger: "input.o_kam_filter_deciders:not(:checked)",
            run: "click",
        },
        {
            content: "Fewer people are drawn",
            trigger: `${MAP}.o_kam_deciders_only`,
            run: () => logState("deciders"),
        },
        {
            content: "Everyone again",
            trigger: "input.o_kam_filter_deciders:checked",
            run: "click",
        },
        {
            content: "Only the supporters",
            trigger: `${MAP}:not(.o_kam_deciders_only) select.o_kam_filter_stance`,
            run: "select supporter",
        },
        {
            content: "Only supporters are drawn among the customer's people",
            trigger: `${MAP}[data-stance='supporter'] .o_kam_map_svg:not(:has(.o_kam_group_customer:not(.o_kam_stance_supporter)))`,
            run: () => logState("supporters"),
        },
        {
            content: "Any stance again",
            trigger: "select.o_kam_filter_stance",
            async run(helpers) {
                await helpers.select("");
            },
        },
        {
            content: "Hide our people",
            trigger: `${MAP}[data-stance=''] input.o_kam_filter_ours:not(:checked)`,
            run: "click",
        },
        {
            content: "None of our people is drawn",
            trigger: `${MAP}.o_kam_hide_ours .o_kam_map_svg:not(:has(.o_kam_group_ours))`,
        },
        {
            content: "Hide the competitors",
            trigger: "input.o_kam_filter_competitors:not(:checked)",
            run: "click",
        },
        {
            content: "None of the competitors is drawn",
            trigger: `${MAP}.o_kam_hide_competitors .o_kam_map_svg:not(:has(.o_kam_group_competitor))`,
            run: () => logState("no_outsiders"),
        },
        {
            content: "Our people again",
            trigger: "input.o_kam_filter_ours:checked",
            run: "click",
        },
        {
            content: "Competitors again",
            trigger: `${MAP}:not(.o_kam_hide_ours) input.o_kam_filter_competitors:checked`,
            run: "click",
        },
        {
            content: "Search a person by name",
            trigger: `${MAP}:not(.o_kam_hide_competitors) input.o_kam_map_search`,
            run: "edit Zora Quill",
        },
        {
            content: "She is found and in the middle of the view",
            trigger: ".o_kam_node.o_kam_match[data-name='Zora Quill']",
            run() {
                const svg = document
                    .querySelector(".o_kam_map_svg")
                    .getBoundingClientRect();
                const node = this.anchor.querySelector(
                    "circle:not(.o_kam_target_ring)"
                );
                const rect = node.getBoundingClientRect();
                const dx = rect.left + rect.width / 2 - (svg.left + svg.width / 2);
                const dy = rect.top + rect.height / 2 - (svg.top + svg.height / 2);
                if (Math.hypot(dx, dy) > 30) {
                    fail(
                        `The person found is not in the middle of the view (${dx}, ${dy})`
                    );
                }
            },
        },
        {
            content: "One person found",
            trigger: ".o_kam_map_match_count:contains('1 found')",
        },
        {
            content: "Focus on her",
            trigger: "button.o_kam_map_focus_found:enabled",
            run: "click",
        },
        {
            content: "The focus says on whom",
            trigger: `${MAP}.o_kam_focus_mode .o_kam_focus_bar:contains('Zora Quill')`,
        },
        {
            content: "She is drawn as the one in focus",
            trigger: ".o_kam_node.o_kam_focused[data-name='Zora Quill']",
        },
        {
            content: "Her boss is in her neighbourhood",
            trigger: ".o_kam_focus_mode .o_kam_node[data-name='Bruno Chief']",
        },
        {
            content: "So is the person who influences her",
            trigger: ".o_kam_focus_mode .o_kam_node[data-name='Ines Whisper']",
            run: () => logState("focus"),
        },
        {
            content: "Back to the whole map",
            trigger: ".o_kam_focus_back",
            run: "click",
        },
        {
            content: "The whole map is back",
            trigger: `${MAP}:not(.o_kam_focus_mode) .o_kam_map_hidden`,
            run: () => logState("back"),
        },
        {
            content: "Zoom in with the button, the wheel and a pinch; drag to move",
            trigger: ".o_kam_zoom_in",
            async run(helpers) {
                const svg = document.querySelector(".o_kam_map_svg");
                let before = viewOf();
                await helpers.click();
                if (!(viewOf().k > before.k)) {
                    fail("The + button does not zoom in");
                }
                before = viewOf();
                const rect = svg.getBoundingClientRect();
                const cx = rect.left + rect.width / 2;
                const cy = rect.top + rect.height / 2;
                svg.dispatchEvent(
                    new WheelEvent("wheel", {
                        deltaY: -200,
                        clientX: cx,
                        clientY: cy,
                        bubbles: true,
                        cancelable: true,
                    })
                );
                if (!(viewOf().k > before.k)) {
                    fail("The mouse wheel does not zoom in");
                }
                before = viewOf();
                pointer("pointerdown", svg, 1, cx, cy);
                pointer("pointermove", svg, 1, cx + 60, cy + 40);
                pointer("pointerup", svg, 1, cx + 60, cy + 40);
                const moved = viewOf();
                if (
                    Math.abs(moved.x - before.x - 60) > 1 ||
                    Math.abs(moved.y - before.y - 40) > 1
                ) {
                    fail("Dragging does not move the map");
                }
                pointer("pointerdown", svg, 1, cx - 50, cy);
                pointer("pointerdown", svg, 2, cx + 50, cy);
                pointer("pointermove", svg, 2, cx + 150, cy);
                pointer("pointerup", svg, 2, cx + 150, cy);
                pointer("pointerup", svg, 1, cx - 50, cy);
                if (!(viewOf().k > moved.k * 1.5)) {
                    fail("Pinching does not zoom in");
                }
            },
        },
        {
            content: "Zoom out and fit again",
            trigger: ".o_kam_zoom_out",
            async run(helpers) {
                const before = viewOf();
                await helpers.click();
                if (!(viewOf().k < before.k)) {
                    fail("The − button does not zoom out");
                }
                await helpers.click(".o_kam_zoom_fit");
                const svg = document
                    .querySelector(".o_kam_map_svg")
                    .getBoundingClientRect();
                const drawing = document
                    .querySelector(".o_kam_viewport")
                    .getBoundingClientRect();
                if (drawing.width > svg.width + 2 || drawing.height > svg.height + 2) {
                    fail("The fit button does not fit the drawing");
                }
            },
        },
        {
            content: "Show all",
            trigger: ".o_kam_map_hidden .o_kam_show_all",
            run: "click",
        },
        {
            content: "Everyone and every influence is drawn",
            trigger: `${MAP}:not(:has(.o_kam_map_hidden)) .o_kam_map_svg`,
            run: () => logState("all"),
        },
    ],
});
