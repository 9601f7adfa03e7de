package commands

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// The verbs of the /goal command (see docs/contract.md).
const (
	VerbHelp          = "help"
	VerbCreate        = "create"
	VerbList          = "list"
	VerbShow          = "show"
	VerbEdit          = "edit"
	VerbDelete        = "delete"
	VerbSubscribe     = "subscribe"
	VerbUnsubscribe   = "unsubscribe"
	VerbSubscriptions = "subscriptions"
	VerbRefresh       = "refresh"
	VerbSources       = "sources"
	VerbCampaign      = "campaign"
	VerbChart         = "chart"
	VerbHistory       = "history"
	VerbRestore       = "restore"
)

// Verbs lists the verbs in the order help shows them.
var Verbs = []string{VerbHelp, VerbCreate, VerbList, VerbShow, VerbChart, VerbEdit, VerbDelete, VerbSubscribe, VerbUnsubscribe, VerbSubscriptions, VerbRefresh,
	VerbSources, VerbCampaign, VerbHistory, VerbRestore}

// Command is a parsed /goal command: its verb, its positional words (ids, a
// channel) and its key:value pairs in the order typed, verbs and values in goalbot's
// own words whatever the language they were typed in.
type Command struct {
	Verb  string
	Args  []string
	Pairs [][2]string
	// Numbers is how the numbers of the pairs are written (targets, progress).
	Numbers goalbot.NumberStyle
}

// Value returns the last value typed for key, and whether it was typed.
func (c Command) Value(key string) (string, bool) {
	for i := len(c.Pairs) - 1; i >= 0; i-- {
		if c.Pairs[i][0] == key {
			return c.Pairs[i][1], true
		}
	}
	return "", false
}

// Parse splits the text of a /goal command in goalbot's own words (English) into
// its verb, words and key:value pairs; see Dialect.Parse.
func Parse(text string) (Command, error) { return English().Parse(text) }

// Parse splits the text of a /goal command, typed by a reader of the dialect, into
// its verb, words and key:value pairs, with verbs and values in goalbot's own words
// (skapa is create, månadsvis monthly) and numbers to be read in the reader's style.
// Values with spaces are quoted ("Spring leads", also with Slack's curly quotes);
// Slack's escaped mentions (<#C123|alerts>, <@U123|ana>) stay whole; in a style
// that groups digits with spaces, a number's groups stay whole (target:1 000). An
// empty text is help.
func (d *Dialect) Parse(text string) (Command, error) {
	toks, err := tokenize(text)
	if err != nil {
		return Command{}, err
	}
	if len(toks) == 0 {
		return Command{Verb: VerbHelp, Numbers: d.Numbers}, nil
	}
	verb, ok := d.Verb(toks[0].text)
	if toks[0].quoted || !ok {
		words := make([]string, len(Verbs))
		for i, v := range Verbs {
			words[i] = d.VerbWord(v)
		}
		return Command{}, goalbot.Invalid("errors.command.verb", goalbot.Args{"Verb": toks[0].text, "Verbs": strings.Join(words, ", "), "Help": d.VerbWord(VerbHelp)})
	}
	if d.Numbers.DecimalComma {
		toks = joinGroups(toks)
	}
	c := Command{Verb: verb, Numbers: d.Numbers}
	for _, t := range toks[1:] {
		key, val, ok := strings.Cut(t.text, ":")
		if t.quoted || !ok || !isKey(key) || strings.HasPrefix(t.text, "<") {
			c.Args = append(c.Args, t.text)
			continue
		}
		key = strings.ToLower(key)
		c.Pairs = append(c.Pairs, [2]string{key, d.translate(key, unquote(val))})
	}
	return c, nil
}

// token is one word of a command; quoted words are never keys.
type token struct {
	text   string
	quoted bool
}

// openQuotes and closeQuotes are the quotes Slack may send: straight ones, and the
// curly ones its clients type.
const openQuotes, closeQuotes = "\"“”", "\"”“"

// tokenize splits on spaces outside quotes and outside <…>.
func tokenize(s string) ([]token, error) {
	var out []token
	var cur strings.Builder
	inQuote, inAngle, quotedWord, started := false, false, false, false
	flush := func() {
		if started {
			out = append(out, token{cur.String(), quotedWord})
		}
		cur.Reset()
		started, quotedWord = false, false
	}
	for _, r := range s {
		switch {
		case inQuote && strings.ContainsRune(closeQuotes, r):
			inQuote = false
			cur.WriteRune('"')
		case !inQuote && !inAngle && strings.ContainsRune(openQuotes, r):
			inQuote, started = true, true
			quotedWord = quotedWord || cur.Len() == 0
			cur.WriteRune('"')
		case inQuote:
			cur.WriteRune(r)
		case r == '<':
			inAngle, started = true, true
			cur.WriteRune(r)
		case r == '>' && inAngle:
			inAngle = false
			cur.WriteRune(r)
		case unicode.IsSpace(r) && !inAngle:
			flush()
		default:
			started = true
			cur.WriteRune(r)
		}
	}
	if inQuote {
		return nil, goalbot.Invalid("errors.command.quote", nil)
	}
	flush()
	for i, t := range out {
		if t.quoted {
			out[i].text = unquote(t.text)
		}
	}
	return out, nil
}

// unquote removes the quotes of a value.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	return strings.ReplaceAll(v, `"`, "")
}

// isKey reports whether s looks like a key: letters, digits, _ and . (target.cmp-9).
func isKey(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || r == '.' || (i > 0 && (unicode.IsDigit(r) || r == '-'))) {
			return false
		}
	}
	return true
}

// createKeys are the keys of `/goal create`; aliases map the modal's field names.
var createKeys = []string{"name", "goal_type", "lifecycle_stage", "campaigns", "accounts", "duration", "start", "end",
	"fiscal_year", "target", "target.CAMPAIGN", "notify", "team"}

var createAliases = map[string]string{
	"type": "goal_type", "stage": "lifecycle_stage", "campaign": "campaigns", "ad_campaigns": "campaigns",
	"account": "accounts", "ad_accounts": "accounts", "start_date": "start", "end_date": "end",
	"notifications": "notify",
}

// Draft turns the pairs of `/goal create` into a goal draft for creator. Unknown keys
// are refused with the list of the known ones.
func (c Command) Draft(creator string) (goalbot.Draft, error) {
	d := goalbot.Draft{Creator: creator, Numbers: c.Numbers}
	var p goalbot.Problems
	for _, kv := range c.Pairs {
		key, val := kv[0], kv[1]
		if a, ok := createAliases[key]; ok {
			key = a
		}
		if camp, ok := campaignTargetKey(key); ok {
			if d.Targets == nil {
				d.Targets = map[string]string{}
			}
			d.Targets[camp] = val
			continue
		}
		switch key {
		case "name":
			d.Name = val
		case "goal_type":
			d.Type = val
		case "lifecycle_stage":
			d.Stage = val
		case "campaigns":
			d.Campaigns = append(d.Campaigns, val)
		case "accounts":
			d.Accounts = append(d.Accounts, val)
		case "duration":
			d.Duration = val
		case "start":
			d.Start = val
		case "end":
			d.End = val
		case "fiscal_year":
			b, ok := yesNo(val)
			if !ok {
				p.Add("fiscal_year", "errors.command.yes_no", goalbot.Args{"Value": goalbot.Quote(val)})
			}
			d.FiscalYear = b
		case "target":
			d.Target = val
		case "notify":
			v := val
			d.Notifications = &v
		case "team":
			d.Team = val
		default:
			p.Add(key, "errors.command.create_key", goalbot.Args{"Keys": strings.Join(createKeys, ", ")})
		}
	}
	if len(c.Args) > 0 {
		p.Add("", "errors.command.create_pair", goalbot.Args{"Value": goalbot.Quote(c.Args[0])})
	}
	return d, p.Err()
}

// campaignTargetKey reads a campaign's own target key, target.CAMPAIGN (or
// target_CAMPAIGN, its field name in the modals).
func campaignTargetKey(key string) (string, bool) {
	camp, ok := strings.CutPrefix(key, "target.")
	if !ok {
		camp, ok = strings.CutPrefix(key, "target_")
	}
	return camp, ok && camp != ""
}

// editKeys are the keys of `/goal edit ID`.
var editKeys = []string{"name", "target", "target.CAMPAIGN", "notify", "team"}

// Update turns the pairs of `/goal edit ID …` into a goal update.
func (c Command) Update() (goalbot.GoalUpdate, error) {
	var u goalbot.GoalUpdate
	var p goalbot.Problems
	var t goalbot.Targets
	for _, kv := range c.Pairs {
		key, val := kv[0], kv[1]
		if a, ok := createAliases[key]; ok {
			key = a
		}
		if camp, ok := campaignTargetKey(key); ok {
			ct, err := c.Numbers.ParseCampaignTarget(val)
			if err != nil {
				p.AddError(goalbot.TargetField(camp), err)
				continue
			}
			if t.PerCampaign == nil {
				t.PerCampaign = map[string]goalbot.CampaignTarget{}
			}
			t.PerCampaign[camp] = ct
			u.Targets = &t
			continue
		}
		switch key {
		case "name":
			v := val
			u.Name = &v
		case "target":
			m, err := c.Numbers.ParseMicro(val)
			if err != nil {
				p.AddError("target", err)
				continue
			}
			t.Target = &m
			u.Targets = &t
		case "notify":
			evs, err := goalbot.ParseEvents(val, "notifications", goalbot.GoalEvents, true)
			if err != nil {
				p = append(p, goalbot.ErrorFields(err)...)
				continue
			}
			u.Notifications = &evs
		case "team":
			v := val
			u.Team = &v
		default:
			p.Add(key, "errors.command.edit_key", goalbot.Args{"Keys": strings.Join(editKeys, ", ")})
		}
	}
	if len(c.Args) > 1 {
		p.Add("", "errors.command.edit_pair", goalbot.Args{"Value": goalbot.Quote(c.Args[1])})
	}
	return u, p.Err()
}

// Filter turns the pairs of `list` or `subscribe` into a filter; `subscribe` also
// takes events, returned apart (nil when not given).
func (c Command) Filter(allowEvents bool) (goalbot.Filter, []goalbot.Event, error) {
	var pairs [][2]string
	var events []goalbot.Event
	var p goalbot.Problems
	for _, kv := range c.Pairs {
		if kv[0] == "chart" && allowEvents {
			continue // an option of the subscription (see ChartOption), not a filter
		}
		if kv[0] == "events" && allowEvents {
			evs, err := goalbot.ParseEvents(kv[1], "events", goalbot.Events, false)
			if err != nil {
				p = append(p, goalbot.ErrorFields(err)...)
			}
			events = evs
			continue
		}
		pairs = append(pairs, kv)
	}
	f, err := c.Numbers.ParseFilter(pairs)
	if err != nil {
		p = append(p, goalbot.ErrorFields(err)...)
	}
	return f, events, p.Err()
}

// ChartOption reads `chart:yes` or `chart:no` of `subscribe` (no when not typed).
func (c Command) ChartOption() (bool, error) {
	v, typed := c.Value("chart")
	if !typed {
		return false, nil
	}
	yes, ok := yesNo(v)
	if !ok {
		return false, goalbot.NewError(goalbot.EINVALID, "charts.error.chart_value", messages.Args{"Value": strconv.Quote("chart:" + v)})
	}
	return yes, nil
}

// GoalIDs returns the command's words as goal ids (G12), refusing anything else.
func (c Command) GoalIDs() ([]string, error) {
	var ids []string
	for _, a := range c.Args {
		id := strings.ToUpper(strings.TrimSpace(a))
		if !isGoalID(id) {
			return nil, goalbot.Invalid("errors.command.goal_id", goalbot.Args{"Value": goalbot.Quote(a)})
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// OneGoalID returns the one goal id a command such as `show` takes; `edit` takes its
// id first, and its other words are refused by Update.
func (c Command) OneGoalID() (string, error) {
	if c.Verb == VerbEdit && len(c.Args) > 1 {
		c.Args = c.Args[:1]
	}
	ids, err := c.GoalIDs()
	switch {
	case err != nil:
		return "", err
	case len(ids) == 0:
		return "", goalbot.Invalid("errors.command.goal_missing", goalbot.Args{"Verb": c.Verb})
	case len(ids) > 1:
		return "", goalbot.Invalid("errors.command.one_goal", goalbot.Args{"Verb": c.Verb, "Given": len(ids)})
	}
	return ids[0], nil
}

func isGoalID(s string) bool {
	if len(s) < 2 || s[0] != 'G' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "yes", "true", "y", "on", "1":
		return true, true
	case "no", "false", "n", "off", "0":
		return false, true
	}
	return false, false
}

// TypedField is a field's name as people type it in `/goal create` and `/goal edit`:
// `target.cmp-1` for a campaign's own target (`target_cmp-1` in the modals), and the
// short keys of the command (`campaigns`, `accounts`, `start`, `end`, `notify`).
func TypedField(field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return "target." + c
	}
	switch field {
	case FieldCampaigns:
		return "campaigns"
	case FieldAccounts:
		return "accounts"
	case FieldStart:
		return "start"
	case FieldEnd:
		return "end"
	case FieldNotifications:
		return "notify"
	}
	return field
}
