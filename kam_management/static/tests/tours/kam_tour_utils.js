// Steps the addon's tours share. A `label` given to a step is looked for on the
// screen as well, so that a tour run in Chinese fails on a missing translation.

/** The row being edited in the list of the open notebook page. */
export const EDITED_ROW = ".tab-pane.active .o_data_row.o_selected_row";

function withLabel(selector, label) {
    return label ? `${selector}:contains('${label}')` : selector;
}

export function openTab(name, label = "") {
    return {
        content: `Open the tab ${label || name}`,
        trigger: withLabel(`.o_notebook .nav-link[name='${name}']`, label),
        run: "click",
    };
}

export function addLine(field) {
    return {
        content: `Add a line to ${field}`,
        trigger: `.tab-pane.active .o_field_widget[name='${field}'] .o_field_x2many_list_row_add a`,
        run: "click",
    };
}

/** Chooses `value` in the many2one `field` inside `scope`. */
export function choose(scope, field, value) {
    return [
        {
            content: `${field}: ${value}`,
            trigger: `${scope} .o_field_widget[name='${field}'] input`,
            run: `edit ${value}`,
        },
        {
            content: `Choose ${value}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains('${value}')`,
            run: "click",
        },
    ];
}

export function statusIs(state) {
    return {
        content: `The record is ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${state}']`,
    };
}

/** Clicks the header button `name` (labelled `label`). */
export function headerButton(name, label = "") {
    return {
        content: `Click ${label || name}`,
        trigger: withLabel(
            `.o_form_view .o_statusbar_buttons button[name='${name}']`,
            label
        ),
        run: "click",
    };
}

/** A key account's decision: `state` in the dialog of the header button `label`. */
export function decide(label, state, reason) {
    return [
        headerButton("action_kam_decide", label),
        {
            content: "The decision is preselected",
            trigger: `.modal .o_field_widget[name='new_state'] input[data-value='${state}']:checked`,
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: `edit ${reason}`,
        },
        {
            content: "Confirm the decision",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        statusIs(state),
    ];
}

/** Shows the smart button `name`, from the "More" menu where Odoo folds it. */
export function unfoldSmartButton(name) {
    return {
        content: `Find the smart button ${name}`,
        trigger: ".o_form_view .o-form-buttonbox",
        run() {
            if (!document.querySelector(`.o-form-buttonbox button[name='${name}']`)) {
                document.querySelector(".o-form-buttonbox .o_button_more").click();
            }
        },
    };
}

export function smartButton(name, label = "") {
    return [
        unfoldSmartButton(name),
        {
            content: `Click ${label || name}`,
            trigger: withLabel(`button[name='${name}']`, label),
            run: "click",
        },
    ];
}
