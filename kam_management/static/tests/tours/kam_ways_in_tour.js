import {registry} from "@web/core/registry";

// The relationship map's ways in: the decision makers we do not hold carry a key;
// picking one lists the chains of people who can introduce us and lights them up.
registry.category("web_tour.tours").add("kam_ways_in_tour", {
    steps: () => [
        {
            content: "Open the customer's relationship map",
            trigger: "button[name='action_kam_relationship_map']",
            run: "click",
        },
        {
            content: "The decision maker none of our people reaches is marked",
            trigger:
                ".o_kam_node.o_kam_path_target[data-name='Paul Berg'] .o_kam_path_key",
        },
        {
            content: "The decision maker our user influences is not",
            trigger: ".o_kam_node:not(.o_kam_path_target)[data-name='Greta Stein']",
        },
        {
            content: "Click Paul Berg's key",
            trigger: ".o_kam_node[data-name='Paul Berg'] .o_kam_path_key",
            run: "click",
        },
        {
            content: "The way in through the CEO, with its strength",
            trigger:
                ".o_kam_ways_in_detail .o_kam_path_item:contains('KAM Map User → Greta Stein → Paul Berg'):contains('0.54')",
        },
        {
            content: "The people of the way in stand out on the map",
            trigger:
                ".o_kam_paths_shown .o_kam_node.o_kam_path.o_kam_selected[data-name='Paul Berg']",
        },
        {
            content: "Greta Stein is on the way in",
            trigger:
                ".o_kam_paths_shown .o_kam_node.o_kam_path[data-name='Greta Stein']",
        },
        {
            content: "So is our user",
            trigger:
                ".o_kam_paths_shown .o_kam_node.o_kam_path[data-name='KAM Map User']",
        },
        {
            content: "The competitor is not",
            trigger:
                ".o_kam_paths_shown .o_kam_node:not(.o_kam_path)[data-name='Rick Rival']",
        },
        {
            content: "The influences of the way in stand out",
            trigger: "path.o_kam_influence.o_kam_influence_positive.o_kam_path",
        },
        {
            content: "The rival's influence does not",
            trigger: "path.o_kam_influence.o_kam_influence_negative:not(.o_kam_path)",
        },
        {
            content: "Pick the opponent in the Ways in panel",
            trigger: ".o_kam_ways_in .o_kam_way_target[data-name='Vera Veto']",
            run: "click",
        },
        {
            content: "No chain reaches her",
            trigger:
                ".o_kam_ways_in_detail .o_kam_no_path:contains('None found within 4 steps')",
        },
        {
            content: "She is marked as an opponent",
            trigger: ".o_kam_ways_in_detail:contains('Opposes us')",
        },
        {
            content: "Her node is picked",
            trigger: ".o_kam_node.o_kam_selected[data-name='Vera Veto']",
        },
        {
            content: "Paul Berg's way in is no longer lit",
            trigger:
                ".o_kam_paths_shown .o_kam_node:not(.o_kam_path)[data-name='Greta Stein']",
        },
        {
            content: "Open her contact from the panel",
            trigger: ".o_kam_ways_in_detail .o_kam_open_contact",
            run: "click",
        },
        {
            content: "The contact opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Vera Veto')",
        },
    ],
});
