import {registry} from "@web/core/registry";

// From a key account's form (or its customer's contact form): open its relationship
// map, check the people and the outsiders, click a person to open the contact.
registry.category("web_tour.tours").add("kam_relationship_map_account_tour", {
    steps: () => [
        {
            content: "Open the customer's relationship map",
            trigger: "button[name='action_kam_relationship_map']",
            run: "click",
        },
        {
            content: "The customer's people are inside the customer box",
            trigger: ".o_kam_relationship_map .o_kam_customer_box",
        },
        {
            content: "Our person is on the map as an outsider",
            trigger: ".o_kam_node.o_kam_group_ours[data-name='KAM Map User']",
        },
        {
            content: "The competitor's person is on the map",
            trigger: ".o_kam_node.o_kam_group_competitor[data-name='Rick Rival']",
        },
        {
            content: "An influence arrow is drawn",
            trigger: "path.o_kam_influence.o_kam_influence_negative",
        },
        {
            content: "Click the CEO",
            trigger: ".o_kam_node.o_kam_stance_supporter[data-name='Greta Stein']",
            run: "click",
        },
        {
            content: "The contact opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Greta Stein')",
        },
    ],
});

// From an opportunity: its decision chain on the map, where it differs from the customer.
registry.category("web_tour.tours").add("kam_relationship_map_lead_tour", {
    steps: () => [
        {
            content: "Open the decision chain's map from the support button",
            trigger: "button[name='action_kam_relationship_map']",
            run: "click",
        },
        {
            content: "The support score is shown",
            trigger: ".o_kam_map_summary .o_kam_support_score",
        },
        {
            content: "The differences from the customer map are listed",
            trigger:
                ".o_kam_map_differences li:contains('In this project Otto Kern reports to Greta Stein')",
        },
        {
            content: "The project's reporting line is drawn as such",
            trigger: "line.o_kam_reporting.o_kam_source_lead",
        },
        {
            content: "Click a member of the decision chain",
            trigger: ".o_kam_node.o_kam_in_chain[data-name='Otto Kern']",
            run: "click",
        },
        {
            content: "The contact opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Otto Kern')",
        },
    ],
});
