import { registry } from "@web/core/registry";

// Strategy & planning: the potential x contribution quadrant, then applying the
// strategy proposed for an account's class.
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
            content: "Its form opens: go to the Key Account tab",
            trigger: ".o_notebook .nav-link[name='kam_key_account']",
            run: "click",
        },
        {
            content: "The strategy of class C is proposed",
            trigger: ".o_field_widget[name='kam_proposed_strategy_id']:contains('Quadrant Growth')",
        },
        {
            content: "Apply it",
            trigger: "button[name='action_kam_apply_proposed_strategy']",
            run: "click",
        },
        {
            content: "It is now the account's strategy",
            trigger: ".o_field_widget[name='kam_strategy_id']:contains('Quadrant Growth')",
        },
    ],
});
