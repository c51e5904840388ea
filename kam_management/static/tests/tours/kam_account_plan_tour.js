import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {
    EDITED_ROW,
    addLine,
    choose,
} from "@kam_management/../tests/tours/kam_tour_utils";

// An account plan (账户规划) as two people make it; the test switches users between
// the tours:
// 1. kam_account_plan_tour: a member of the account team opens Strategy & Planning >
//    Account Plans, creates this year's plan of "KAM Plan Tour Co" (class A) and fills
//    its four parts, with a relationship target and an opportunity target;
// 2. kam_account_plan_approve_tour: a Key Accounts manager finds it there and
//    approves it.

const ACCOUNT = "KAM Plan Tour Co";

/** Steps opening Key Accounts > Strategy & Planning > Account Plans. */
function openAccountPlans() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='kam_management.kam_menu_root']",
            run: "click",
        },
        {
            content: "Open Strategy & Planning",
            trigger:
                ".o_main_navbar button[data-menu-xmlid='kam_management.kam_menu_strategy']",
            run: "click",
        },
        {
            content: "Open Account Plans",
            trigger:
                ".dropdown-item[data-menu-xmlid='kam_management.kam_account_plan_menu']",
            run: "click",
        },
        {
            content: "The account plans are listed",
            trigger: ".o_breadcrumb .active:contains('Account Plans')",
        },
    ];
}

/** Steps choosing `value` in the many2one `field` of the row being edited. */
function chooseInRow(field, value) {
    return choose(EDITED_ROW, field, value);
}

registry.category("web_tour.tours").add("kam_account_plan_tour", {
    url: "/odoo",
    steps: () => [
        ...openAccountPlans(),
        {
            content: "Create a plan",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Key account: the class A account the user covers",
            trigger: ".o_form_view .o_field_widget[name='account_id'] input",
            run: `edit ${ACCOUNT}`,
        },
        {
            content: "Choose the account",
            trigger: `.o-autocomplete--dropdown-item > a:contains('${ACCOUNT}')`,
            run: "click",
        },
        {
            content: "Its class is shown",
            trigger: ".o_form_view .o_field_widget[name='account_class']:contains('A')",
        },
        {
            content:
                "Only a manager plans by exception: the team does not see the switch",
            trigger:
                ".o_form_view:not(:has(.o_field_widget[name='class_override'] input))",
        },
        // 1. Industry and customer
        {
            content: "Open Industry and Customer",
            trigger: ".o_notebook .nav-link[name='industry_customer']",
            run: "click",
        },
        {
            content: "Describe the industry",
            trigger: ".tab-pane.active .o_field_html[name='industry_analysis'] p",
            run: "editor Freight volumes grow six percent a year",
        },
        {
            content: "Describe the customer",
            trigger: ".tab-pane.active .o_field_html[name='customer_analysis'] p",
            run: "editor Renews its fleet software next year",
        },
        // The editors hand their text to the record when it is saved: save while
        // this page is open (the other pages' fields are not rendered).
        ...stepUtils.saveForm(),
        {
            content: "The industry analysis is kept",
            trigger:
                ".tab-pane.active .o_field_html[name='industry_analysis']:contains('Freight volumes grow')",
        },
        // 2. Customer priority
        {
            content: "Open Customer Priority",
            trigger: ".o_notebook .nav-link[name='customer_priority']",
            run: "click",
        },
        {
            content: "Top priority",
            trigger:
                ".tab-pane.active .o_field_widget[name='priority'] .o_priority_star[aria-label='Top']",
            run: "click",
        },
        {
            content: "Say why",
            trigger:
                ".tab-pane.active .o_field_widget[name='priority_rationale'] textarea",
            run: "edit Largest logistics customer of the region",
        },
        // 3. Relationship targets
        {
            content: "Open Relationship Targets",
            trigger: ".o_notebook .nav-link[name='relation_targets']",
            run: "click",
        },
        addLine("relation_target_ids"),
        ...chooseInRow("key_person_id", "Paula Plan"),
        {
            content: "Her closeness today comes from her portrait",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='closeness']:contains('Acquainted')",
        },
        {
            content: "Aim at trust",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='target_closeness'] select",
            run: "selectByLabel 4 - Trusted",
        },
        {
            content: "Two levels to go",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='gap']:contains('2')",
        },
        // 4. Opportunities and targets
        {
            content: "Open Opportunities and Targets",
            trigger: ".o_notebook .nav-link[name='opportunity_targets']",
            run: "click",
        },
        addLine("opportunity_target_ids"),
        ...chooseInRow("lead_id", "Plan Tour Deal"),
        {
            content: "The line is named after the opportunity",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='name'] input:value('Plan Tour Deal')",
        },
        {
            content: "Target revenue",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='target_revenue'] input",
            run: "edit 90000",
        },
        {
            content: "Revenue target of the plan",
            trigger: ".tab-pane.active .o_field_widget[name='revenue_target'] input",
            run: "edit 250000",
        },
        ...stepUtils.saveForm(),
        {
            content: "The plan is a draft",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='draft']",
        },
        {
            content: "The team does not approve it",
            trigger:
                ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_kam_approve']))",
        },
        {
            content: "Its name is the account's and the period's",
            trigger: `.o_form_view .o_field_widget[name='name']:contains('${ACCOUNT}')`,
        },
    ],
});

registry.category("web_tour.tours").add("kam_account_plan_approve_tour", {
    url: "/odoo",
    steps: () => [
        ...openAccountPlans(),
        {
            content: "Open the draft plan",
            trigger: `.o_list_view .o_data_row:contains('${ACCOUNT}') .o_data_cell[name='account_id']`,
            run: "click",
        },
        {
            content: "Its relationship target is there",
            trigger: ".o_notebook .nav-link[name='relation_targets']",
            run: "click",
        },
        {
            content: "Paula Plan, two levels to go",
            trigger:
                ".tab-pane.active .o_field_widget[name='relation_target_ids'] .o_data_row:contains('Paula Plan')",
        },
        {
            content: "Approve the plan",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_kam_approve']",
            run: "click",
        },
        {
            content: "The plan is approved",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
        },
        {
            content: "Approved by the manager",
            trigger:
                ".o_form_view .o_field_widget[name='approved_by_id']:contains('Perry Planner')",
        },
    ],
});
