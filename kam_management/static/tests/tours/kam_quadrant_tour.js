import {registry} from "@web/core/registry";

// Strategy & planning: the potential x contribution quadrant, then applying the
// strategy proposed for an account's class on the key account's form.
registry.category("web_tour.tours").add("kam_quadrant_tour", {
    steps: () => [
        {
            content: "The four quadrants are drawn",
            trigger: ".o_kam_quadrant .o_kam_quadrant_c",
        },
        {
            content: "The account is a point of class C",
            trigger: ".o_kam_point.o_kam_class_C[data-name='Quadrant Tour Co']",
            run: "click",
        },
        {
            content: "Its key account opens: go to the Strategy tab",
            trigger: ".o_form_view .o_notebook .nav-link[name='strategy']",
            run: "click",
        },
        {
            content: "The strategy of class C is proposed",
            trigger:
                ".tab-pane.active .o_field_widget[name='proposed_strategy_id']:contains('Quadrant Growth')",
        },
        {
            content: "Apply it",
            trigger:
                ".tab-pane.active button[name='action_kam_apply_proposed_strategy']",
            run: "click",
        },
        {
            content: "It is now the account's strategy",
            trigger:
                ".tab-pane.active .o_field_widget[name='strategy_id']:contains('Quadrant Growth')",
        },
    ],
});
