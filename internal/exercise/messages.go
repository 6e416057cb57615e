package exercise

import "strings"

// The texts Score writes itself, naming what is still missing, are
// templates looked up by key: English by default, or the ones a
// definition carries in Messages, so a worksheet in another language says
// what is missing in that language too. A template names the words it
// takes in braces ("{label}"); MessageArgs lists which each key may use.
//
// Keys of the message templates.
const (
	MsgFillIn        = "fill_in"
	MsgChooseValue   = "choose_value"
	MsgAddItemsSoFar = "add_items_so_far"
	MsgAddItems      = "add_items"
	MsgKeepItems     = "keep_items"
	MsgRateJustify   = "rate_and_justify"
	MsgRate          = "rate"
	MsgJustifyFactor = "justify_factor"
	MsgChooseJustify = "choose_and_justify"
	MsgChoose        = "choose"
	MsgJustifyChoice = "justify_choice"
	MsgItemTodo      = "item_todo"
	MsgTodoName      = "todo_name"
	MsgTodoChoose    = "todo_choose"
	MsgTodoJustify   = "todo_justify"
	MsgListSep       = "list_separator"
	MsgListLast      = "list_last_separator"
	MsgGridCell      = "grid_cell"
	MsgJustification = "justification"
	MsgItem          = "item"
)

// DefaultMessages are the English templates, used for every key a
// definition's Messages leaves out.
var DefaultMessages = map[string]string{
	MsgFillIn:        "Fill in “{label}”.",
	MsgChooseValue:   "Choose a value for “{label}”.",
	MsgAddItemsSoFar: "Add at least {min} items to “{label}” ({count} so far).",
	MsgAddItems:      "Add at least {min} items to “{label}”.",
	MsgKeepItems:     "Keep “{label}” to at most {max} items ({count} so far).",
	MsgRateJustify:   "Rate {factor} and fill in its {justification}.",
	MsgRate:          "Rate {factor}.",
	MsgJustifyFactor: "Fill in the {justification} for {factor}.",
	MsgChooseJustify: "Choose an answer to “{label}” and fill in its {justification}.",
	MsgChoose:        "Choose an answer to “{label}”.",
	MsgJustifyChoice: "Fill in the {justification} for “{label}”.",
	MsgItemTodo:      "{item} {n} in “{label}”: {todo}.",
	MsgTodoName:      "name it",
	MsgTodoChoose:    "choose an option",
	MsgTodoJustify:   "fill in its {justification}",
	MsgListSep:       ", ",
	MsgListLast:      " and ",
	MsgGridCell:      "Fill in “{row} / {column}” in “{label}”.",
	MsgJustification: "justification",
	MsgItem:          "item",
}

// MessageArgs lists the words each template may name. {justification} is
// a field's justify_label in lower case (or the justification message),
// {item} its item_label (or the item message), {todo} the parts of an
// item still to do, joined with the list separators.
var MessageArgs = map[string][]string{
	MsgFillIn:        {"label"},
	MsgChooseValue:   {"label"},
	MsgAddItemsSoFar: {"label", "min", "count"},
	MsgAddItems:      {"label", "min"},
	MsgKeepItems:     {"label", "max", "count"},
	MsgRateJustify:   {"factor", "justification"},
	MsgRate:          {"factor"},
	MsgJustifyFactor: {"factor", "justification"},
	MsgChooseJustify: {"label", "justification"},
	MsgChoose:        {"label"},
	MsgJustifyChoice: {"label", "justification"},
	MsgItemTodo:      {"item", "n", "label", "todo"},
	MsgTodoName:      nil,
	MsgTodoChoose:    nil,
	MsgTodoJustify:   {"justification"},
	MsgListSep:       nil,
	MsgListLast:      nil,
	MsgGridCell:      {"row", "column", "label"},
	MsgJustification: nil,
	MsgItem:          nil,
}

// msg fills in the template for key with args, pairs of name and value.
func (d *Definition) msg(key string, args ...string) string {
	t, ok := d.Messages[key]
	if !ok {
		t = DefaultMessages[key]
	}
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		j := strings.IndexByte(t[max(i, 0):], '}')
		if i < 0 || j < 0 {
			break
		}
		name, val := t[i+1:i+j], t[i:i+j+1]
		for k := 0; k+1 < len(args); k += 2 {
			if args[k] == name {
				val = args[k+1]
			}
		}
		b.WriteString(t[:i])
		b.WriteString(val)
		t = t[i+j+1:]
	}
	b.WriteString(t)
	return b.String()
}

// MessagePlaceholders returns the names a template uses in braces.
func MessagePlaceholders(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
}
