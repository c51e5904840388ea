import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {decide} from "@kam_management/../tests/tours/kam_tour_utils";

// From nomination to allocation, as three people do it one after the other. The
// test switches users between the tours:
// 1. kam_nominate_tour: a salesperson nominates "Nominate Tour Co" from its contact
//    form (the test opens the form);
// 2. kam_qualify_allocate_tour: a Key Accounts manager qualifies the key account,
//    names "Alex Account" its account manager and allocates it (the test opens the
//    key account's form);
// 3. kam_my_accounts_tour: the new account manager finds it in My Accounts and opens
//    its relationship map.

const REASON = "Large tender pipeline and a strategic reference in the region";

registry.category("web_tour.tours").add("kam_nominate_tour", {
    steps: () => [
        {
            content: "Nominate the customer as a key account",
            trigger:
                ".o_form_view .o_form_statusbar button[name='action_kam_nominate']",
            run: "click",
        },
        {
            content: "The customer is proposed",
            trigger:
                ".modal .o_field_widget[name='partner_ids'] .o_tag:contains('Nominate Tour Co')",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "Nominate",
            trigger: ".modal button[name='action_nominate']",
            run: "click",
        },
        {
            content: "A Key Accounts manager decides next",
            trigger:
                ".o_notification .o_notification_content:contains('Nominated: Nominate Tour Co')",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("kam_qualify_allocate_tour", {
    steps: () => [
        {
            content: "The nominated key account is open",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='nominated']",
        },
        ...decide("Qualify", "qualified", "Meets our size and potential criteria"),
        {
            content: "Open the Team tab",
            trigger: ".o_notebook .nav-link[name='team']",
            run: "click",
        },
        {
            content: "Add a team member",
            trigger:
                ".tab-pane.active .o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Role: Account Manager",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='role_id'] input",
            run: "edit Account Manager",
        },
        {
            content: "Choose the role",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Account Manager')",
            run: "click",
        },
        {
            content: "User: Alex Account",
            trigger:
                ".tab-pane.active .o_data_row.o_selected_row .o_field_widget[name='user_id'] input",
            run: "edit Alex Account",
        },
        {
            content: "Choose the user",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Alex Account')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Alex Account is the account manager",
            trigger:
                ".o_form_view .o_field_widget[name='user_id']:contains('Alex Account')",
        },
        ...decide("Allocate", "allocated", "Alex covers the region"),
        {
            content: "The decisions are kept",
            trigger: ".o_notebook .nav-link[name='decisions']",
            run: "click",
        },
        {
            content: "The allocation is in the decision history",
            trigger:
                ".tab-pane.active .o_field_widget[name='decision_ids'] .o_data_row:contains('Alex covers the region')",
        },
    ],
});

registry.category("web_tour.tours").add("kam_my_accounts_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='kam_management.kam_menu_root']",
            run: "click",
        },
        {
            content: "Open Identification",
            trigger:
                ".o_main_navbar button[data-menu-xmlid='kam_management.kam_menu_identification']",
            run: "click",
        },
        {
            content: "Open My Accounts",
            trigger:
                ".dropdown-item[data-menu-xmlid='kam_management.kam_account_menu_my']",
            run: "click",
        },
        {
            content: "Only the accounts I cover are shown",
            trigger: ".o_searchview .o_facet_value:contains('My Accounts')",
        },
        {
            content: "The allocated account is there with its class",
            trigger:
                ".o_kanban_record:contains('Nominate Tour Co') .o_field_widget[name='account_class'] .badge",
        },
        {
            content: "Open it",
            trigger: ".o_kanban_record:contains('Nominate Tour Co')",
            run: "click",
        },
        {
            content: "Its form is open",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Nominate Tour Co')",
        },
        {
            content: "Open its relationship map",
            trigger: ".o_form_view button[name='action_kam_relationship_map']",
            run: "click",
        },
        {
            content: "The customer box is drawn",
            trigger: ".o_kam_relationship_map .o_kam_customer_box",
        },
        {
            content: "A person is on the map",
            trigger: ".o_kam_relationship_map .o_kam_node",
        },
    ],
});
