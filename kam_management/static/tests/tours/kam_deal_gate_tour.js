import {registry} from "@web/core/registry";

// Stage gates of the big-deal process: a salesperson moves a big deal whose decision
// chain is incomplete into Proposition; the move is refused with what is missing and
// the deal stays where it was.
registry.category("web_tour.tours").add("kam_deal_gate_tour", {
    steps: () => [
        {
            content: "The big deal is in New",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('New')",
        },
        {
            content: "Move it into Proposition",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button:contains('Proposition')",
            run: "click",
        },
        {
            content: "The move is refused",
            trigger:
                ".modal .o_error_dialog:contains('Gate Deal'):contains('is a big deal and cannot move into Proposition yet')",
        },
        {
            // Without Key Accounts rights the salesperson learns which gates hold,
            // not the portraits behind them.
            content: "The decision chain is too short for Qualified",
            trigger:
                ".modal .o_error_dialog:contains('Decision chain mapped (Qualified)')",
        },
        {
            content: "And Proposition needs a coach",
            trigger:
                ".modal .o_error_dialog:contains('At least one coach (Proposition)'):contains('Ask the key account')",
        },
        {
            content: "A salesperson cannot let it pass",
            trigger: ".modal:not(:has(button:contains('Pass with a Reason')))",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Discard the refused move",
            trigger: ".o_form_view .o_form_button_cancel",
            run: "click",
        },
        {
            content: "The deal is still in New",
            trigger:
                "body:not(:has(.modal)) .o_form_renderer.o_form_saved .o_statusbar_status .o_arrow_button_current:contains('New')",
        },
    ],
});

// A Key Accounts manager lets the same deal into Proposition with a reason, kept on
// the deal.
registry.category("web_tour.tours").add("kam_deal_gate_pass_tour", {
    steps: () => [
        {
            content: "Move the big deal into Proposition",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button:contains('Proposition')",
            run: "click",
        },
        {
            content: "The move is refused, saying what is missing",
            trigger:
                ".modal .o_error_dialog:contains('cannot move into Proposition yet'):contains('0 coach(es)')",
        },
        {
            content: "A manager may let it pass with a reason",
            trigger: ".modal .modal-footer button:contains('Pass with a Reason')",
            run: "click",
        },
        {
            content: "The pass wizard shows what is missing",
            trigger:
                ".modal .o_form_view .o_field_widget[name='missing']:contains('0 coach(es) in the decision chain')",
        },
        {
            content: "Into Proposition",
            trigger: ".modal .o_field_widget[name='stage_id'] input:value(Proposition)",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit The board sponsors this deal directly; the coach follows next week.",
        },
        {
            content: "Pass the gate",
            trigger: ".modal button[name='action_pass']",
            run: "click",
        },
        {
            content: "The wizard closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Save the opportunity",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The deal is in Proposition",
            trigger:
                ".o_form_renderer.o_form_saved .o_statusbar_status .o_arrow_button_current:contains('Proposition')",
        },
        {
            content: "Open the Stage Gates tab",
            trigger: ".o_form_view .o_notebook .nav-link[name='kam_stage_gates']",
            run: "click",
        },
        {
            content: "The override is kept with its reason",
            trigger:
                ".tab-pane.active .o_field_widget[name='kam_gate_override_ids'] .o_data_row:contains('The board sponsors this deal directly')",
        },
    ],
});
