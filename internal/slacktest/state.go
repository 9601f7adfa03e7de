package slacktest

// StateValue is one input's value in a view_submission's view.state.values (or a
// block_actions payload's state.values), in Slack's shape for its element type. Build it with the helpers below; option texts
// are the option values.
type StateValue map[string]any

// PlainText is a plain_text_input's value.
func PlainText(v string) StateValue {
	return StateValue{"type": "plain_text_input", "value": nullable(v)}
}

// NumberInput is a number_input's value.
func NumberInput(v string) StateValue {
	return StateValue{"type": "number_input", "value": nullable(v)}
}

// StaticSelect is a static_select's choice; "" means none.
func StaticSelect(v string) StateValue {
	return StateValue{"type": "static_select", "selected_option": optionOrNil(v)}
}

// ExternalSelect is an external_select's choice; "" means none.
func ExternalSelect(v string) StateValue {
	return StateValue{"type": "external_select", "selected_option": optionOrNil(v)}
}

// RadioButtons is a radio_buttons choice; "" means none.
func RadioButtons(v string) StateValue {
	return StateValue{"type": "radio_buttons", "selected_option": optionOrNil(v)}
}

// MultiStaticSelect is a multi_static_select's choices.
func MultiStaticSelect(vs ...string) StateValue {
	return StateValue{"type": "multi_static_select", "selected_options": options(vs)}
}

// MultiExternalSelect is a multi_external_select's choices.
func MultiExternalSelect(vs ...string) StateValue {
	return StateValue{"type": "multi_external_select", "selected_options": options(vs)}
}

// Checkboxes is a checkboxes element's ticked options.
func Checkboxes(vs ...string) StateValue {
	return StateValue{"type": "checkboxes", "selected_options": options(vs)}
}

// DatePicker is a datepicker's date (YYYY-MM-DD); "" means none.
func DatePicker(date string) StateValue {
	return StateValue{"type": "datepicker", "selected_date": nullable(date)}
}

// UsersSelect is a users_select's user; "" means none.
func UsersSelect(user string) StateValue {
	return StateValue{"type": "users_select", "selected_user": nullable(user)}
}

// MultiUsersSelect is a multi_users_select's users.
func MultiUsersSelect(users ...string) StateValue {
	return StateValue{"type": "multi_users_select", "selected_users": nonNil(users)}
}

// ConversationsSelect is a conversations_select's conversation; "" means none.
func ConversationsSelect(id string) StateValue {
	return StateValue{"type": "conversations_select", "selected_conversation": nullable(id)}
}

// ChannelsSelect is a channels_select's channel; "" means none.
func ChannelsSelect(id string) StateValue {
	return StateValue{"type": "channels_select", "selected_channel": nullable(id)}
}

func plainText(s string) map[string]any {
	return map[string]any{"type": "plain_text", "text": s, "emoji": true}
}

func option(v string) map[string]any {
	return map[string]any{"text": plainText(v), "value": v}
}

func optionOrNil(v string) any {
	if v == "" {
		return nil
	}
	return option(v)
}

func options(vs []string) []any {
	out := []any{}
	for _, v := range vs {
		out = append(out, option(v))
	}
	return out
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
