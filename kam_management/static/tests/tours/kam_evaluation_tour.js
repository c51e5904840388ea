import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// An evaluation from due to done (客户运营状态评估): the account manager of "KAM
// Evaluation Tour Co", whose strategy and tactics evaluation the scheduler created
// when the half-year ended, finds it in the activity menu, reads the figures, writes
// the findings and an improvement plan item for a colleague, and closes it. The
// test checks that the item became the colleague's activity on the account.

const ACCOUNT = "KAM Evaluation Tour Co";
// The item's due date: January 31 of next year, in the user's (en_US) format.
const DUE = `01/31/${new Date().getFullYear() + 1}`;

registry.category("web_tour.tours").add("kam_evaluation_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The evaluation is a to-do: open the activity menu",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Open the key account evaluations to do",
            trigger:
                ".o-mail-ActivityGroup[data-model_name='kam.evaluation']:contains('Key Account Evaluations')",
            run: "click",
        },
        {
            content: "My evaluations to do are listed",
            trigger: ".o_searchview .o_facet_value:contains('My Evaluations')",
        },
        {
            content: "Only those to do",
            trigger: ".o_searchview .o_facet_value:contains('To Do')",
        },
        {
            content: "Open the due evaluation of the account",
            trigger: `.o_list_view .o_data_row:contains('${ACCOUNT}') .o_data_cell[name='account_id']`,
            run: "click",
        },
        {
            content: "It is to do",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='todo']",
        },
        {
            content: "It is the strategy and tactics evaluation",
            trigger:
                ".o_form_view .o_field_widget[name='kind']:contains('Strategy and Tactics')",
        },
        {
            content: "The figures taken when it was created are shown",
            trigger:
                ".tab-pane.active .o_field_widget[name='snapshot_html'] table.o_kam_snapshot:contains('Tactics Overdue')",
        },
        {
            content: "with the account's strategy",
            trigger:
                ".tab-pane.active .o_field_widget[name='snapshot_html'] td:contains('Tour Growth')",
        },
        {
            content: "Open Findings",
            trigger: ".o_notebook .nav-link[name='findings']",
            run: "click",
        },
        {
            content: "Write the findings",
            trigger: ".tab-pane.active .o_field_html[name='findings'] p",
            run: "editor Two tactics are overdue: the strategy holds, the follow-up does not",
        },
        // The editor hands its text to the record when it is saved: save while this
        // page is open.
        ...stepUtils.saveForm(),
        {
            content: "The findings are kept",
            trigger:
                ".tab-pane.active .o_field_html[name='findings']:contains('the follow-up does not')",
        },
        {
            content: "Open Improvement Plan",
            trigger: ".o_notebook .nav-link[name='improvement_plan']",
            run: "click",
        },
        {
            content: "Add an item",
            trigger:
                ".tab-pane.active .o_field_widget[name='item_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What to improve",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='name'] input",
            run: "edit Weekly review of the overdue tactics",
        },
        {
            content: "Who: the solution manager",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='user_id'] input",
            run: "edit Olga",
        },
        {
            content: "Choose Olga Owner",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Olga Owner')",
            run: "click",
        },
        {
            content: "By when",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='date_deadline'] input",
            run: `edit ${DUE}`,
        },
        ...stepUtils.saveForm(),
        {
            content: "The item is planned, not done yet",
            trigger:
                ".tab-pane.active .o_field_widget[name='item_ids'] .o_data_row:contains('Weekly review of the overdue tactics'):contains('Olga Owner') .o_data_cell[name='is_done'] input:not(:checked)",
        },
        {
            content: "Close the evaluation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_kam_done']",
            run: "click",
        },
        {
            content: "The evaluation is done",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            content: "and there is nothing more to do on it",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name='action_kam_done']))",
        },
    ],
});
