package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Ids and fields of the edit modal (SPEC §2).
const (
	CallbackEdit       = "goal_edit"
	FieldName          = "name"
	FieldTarget        = "target"
	FieldNotifications = "notifications"
)

// EditMeta is the edit modal's private_metadata: the goal and the version the modal
// was built from, for optimistic concurrency.
type EditMeta struct {
	ID      string `json:"id"`
	Version int64  `json:"v"`
}

// DecodeEditMeta reads an edit modal's private_metadata.
func DecodeEditMeta(s string) (EditMeta, error) {
	var m EditMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil || m.ID == "" {
		return EditMeta{}, goalbot.Errorf(goalbot.EINVALID, "this edit form is damaged; please open it again with /goal edit ID")
	}
	return m, nil
}

var eventHelp = map[goalbot.Event]string{
	goalbot.EventStarted:   "Started: the goal's range begins",
	goalbot.EventThreshold: "Threshold: progress crosses 50 % and 75 %",
	goalbot.EventMilestone: "Milestone: a period ends, with its outcome",
	goalbot.EventAtRisk:    "At risk: the pace falls behind",
	goalbot.EventStale:     "Stale: no metrics arrive",
}

// EditModal is the edit modal (SPEC §2 `goal_edit`) for g, prefilled with its name,
// targets, notifications and team; campaigns names g's campaigns (for the labels).
func EditModal(g *goalbot.Goal, campaigns map[string]goalbot.Campaign) slack.ModalViewRequest {
	vals := editValues(g)
	name := slack.NewPlainTextInputBlockElement(plainText("Spring leads", 150), FieldName)
	name.InitialValue, name.MaxLength = vals[FieldName], goalbot.MaxNameLength
	nameBlock := slack.NewInputBlock(FieldName, plainText("Name", 2000), nil, name)
	target := slack.NewPlainTextInputBlockElement(plainText("100", 150), FieldTarget)
	target.InitialValue = vals[FieldTarget]
	targetHint := "Each campaign's target in every period; the goal's is their sum"
	if g.Type == goalbot.CostPerContact {
		targetHint = "The highest cost per contact, in the account currency"
	}
	blocks := []slack.Block{nameBlock, input(FieldTarget, 0, "Target per campaign", target, targetHint)}
	blocks = append(blocks, campaignTargets(g.Campaigns, campaigns, g.Periods(), vals)...)
	var opts, initial []*slack.OptionBlockObject
	for _, e := range goalbot.AllowedNotifications(g.Type) {
		o := option(string(e), eventHelp[e])
		opts = append(opts, o)
		if slices.Contains(g.Notifications, e) {
			initial = append(initial, o)
		}
	}
	notify := slack.NewCheckboxGroupsBlockElement(FieldNotifications, opts...)
	notify.InitialOptions = initial
	blocks = append(blocks, input(FieldNotifications, 0, "Direct messages to the creator", notify, ""))
	team := slack.NewPlainTextInputBlockElement(plainText("growth", 150), FieldTeam)
	team.InitialValue = g.Team
	blocks = append(blocks, input(FieldTeam, 0, "Team", team, "a-z, 0-9, _ and -, up to 40 characters"))
	meta, _ := json.Marshal(EditMeta{ID: g.ID, Version: g.Version})
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plainText("Edit "+g.ID, maxModalTitleText),
		Submit:          plainText("Save", maxModalTitleText),
		Close:           plainText("Cancel", maxModalTitleText),
		CallbackID:      CallbackEdit,
		PrivateMetadata: string(meta),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// periodLabels names periods in order, within maxPeriodsText characters: all of
// them when they fit, else as many of the first as fit and the last.
func periodLabels(ps []goalbot.Period) string {
	head := plural(len(ps), "period") + ": "
	if len(ps) == 0 {
		return head
	}
	labels := make([]string, len(ps))
	for i, p := range ps {
		labels[i] = p.String()
	}
	if all := head + strings.Join(labels, ", "); utf8.RuneCountInString(all) <= maxPeriodsText {
		return all
	}
	last := ", …, " + labels[len(labels)-1] + " (the last)"
	text := head + labels[0]
	for _, l := range labels[1 : len(labels)-1] {
		if utf8.RuneCountInString(text+", "+l+last) > maxPeriodsText {
			break
		}
		text += ", " + l
	}
	return text + last
}

// maxPeriodsText bounds the list of periods shown above the targets per campaign.
const maxPeriodsText = 1500

// campaignTargets are the inputs of each campaign's own targets (field
// target_<campaign>), prefilled from vals, under one section that lists the periods
// once (when known). Each label names the campaign, its name shortened; the hint says
// how many numbers a target per period takes.
func campaignTargets(ids []string, campaigns map[string]goalbot.Campaign, periods []goalbot.Period, vals map[string]string) []slack.Block {
	if len(ids) == 0 {
		return nil
	}
	intro := "*Targets per campaign* (optional): one number for every period, or one per period in their order."
	hint := "One number, or one per period separated by commas"
	if len(periods) > 0 {
		intro += " " + Escape(periodLabels(periods))
		hint = fmt.Sprintf("One number, or %d separated by commas", len(periods))
	}
	if len(periods) == 1 {
		hint = "One number"
	}
	blocks := []slack.Block{section(intro)}
	for _, c := range ids {
		el := slack.NewPlainTextInputBlockElement(nil, goalbot.TargetField(c))
		el.InitialValue = vals[goalbot.TargetField(c)]
		label := c
		if cp, ok := campaigns[c]; ok && cp.Name != "" {
			label = truncate(cp.Name, maxTargetLabelName) + " (" + c + ")"
		}
		blocks = append(blocks, input(goalbot.TargetField(c), 0, label, el, hint))
	}
	return blocks
}

// maxTargetLabelName bounds a campaign's name in the label of its target.
const maxTargetLabelName = 40

// editValues are the text values the edit modal shows for g, by field.
func editValues(g *goalbot.Goal) map[string]string {
	out := map[string]string{FieldName: g.Name, FieldTeam: g.Team}
	if g.Targets.Target != nil {
		out[FieldTarget] = g.Targets.Target.String()
	}
	for c, ct := range g.Targets.PerCampaign {
		out[goalbot.TargetField(c)] = campaignTargetText(ct)
	}
	return out
}

func campaignTargetText(ct goalbot.CampaignTarget) string {
	if ct.PerPeriod == nil {
		return ct.All.String()
	}
	vs := make([]string, len(ct.PerPeriod))
	for i, m := range ct.PerPeriod {
		vs[i] = m.String()
	}
	return strings.Join(vs, ",")
}

// DecodeEdit reads a submitted edit modal of g: only the fields changed from what the
// modal showed become part of the update. Problems come back by block_id.
func DecodeEdit(s State, g *goalbot.Goal) (goalbot.GoalUpdate, FieldErrors) {
	was := editValues(g)
	var pairs [][2]string
	if v := s.Text(FieldName); v != was[FieldName] {
		pairs = append(pairs, [2]string{"name", v})
	}
	targetsChanged := s.Text(FieldTarget) != was[FieldTarget]
	for _, c := range g.Campaigns {
		if s.Text(goalbot.TargetField(c)) != was[goalbot.TargetField(c)] {
			targetsChanged = true
		}
	}
	if targetsChanged { // the form holds every target: send them all
		if v := s.Text(FieldTarget); v != "" {
			pairs = append(pairs, [2]string{"target", v})
		}
		for _, c := range g.Campaigns {
			if v := s.Text(goalbot.TargetField(c)); v != "" {
				pairs = append(pairs, [2]string{"target." + c, v})
			}
		}
	}
	if _, ok := s.Values[FieldNotifications]; ok {
		now := s.Selected(FieldNotifications)
		if !slices.Equal(now, strs(g.Notifications)) {
			v := strings.Join(now, ",")
			if v == "" {
				v = "none"
			}
			pairs = append(pairs, [2]string{"notify", v})
		}
	}
	if v := s.Text(FieldTeam); v != was[FieldTeam] {
		pairs = append(pairs, [2]string{"team", v})
	}
	u, err := Command{Verb: "edit", Args: []string{g.ID}, Pairs: pairs}.Update()
	if err != nil {
		return goalbot.GoalUpdate{}, editErrors(s, err)
	}
	if targetsChanged {
		u.AllTargets = true
		if u.Targets == nil { // every target field was emptied
			u.Targets = &goalbot.Targets{}
		}
	}
	return u, nil
}

// editErrors puts err's problems under the edit modal's blocks; a problem of no field
// of the modal goes under name.
func editErrors(s State, err error) FieldErrors {
	out := FieldErrors{}
	for _, p := range goalbot.ErrorFields(err) {
		field := p.Field
		if _, ok := s.Blocks[field]; !ok && !isEditField(field) {
			field = FieldName
		}
		addProblem(out, s.Block(field), p.Message)
	}
	if len(out) == 0 {
		out[s.Block(FieldName)] = goalbot.ErrorMessage(err)
	}
	return out
}

func isEditField(f string) bool {
	switch f {
	case FieldName, FieldTarget, FieldNotifications, FieldTeam:
		return true
	}
	return strings.HasPrefix(f, "target_")
}

// EditView loads goal id and builds its edit modal, if actor may edit it.
func (a *App) EditView(ctx context.Context, actor Actor, id string) (slack.ModalViewRequest, error) {
	g, err := a.Store.Goal(ctx, id)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	if err := a.mayManage(ctx, actor, g); err != nil {
		return slack.ModalViewRequest{}, err
	}
	cs, err := a.Store.Campaigns(ctx, g.Campaigns)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return EditModal(g, cs), nil
}

// SubmitEdit saves a submitted edit modal for actor. It returns the problems to show
// under the modal's blocks (nil when saved): bad values, a refusal, or a goal that
// someone else changed since the modal was opened.
func (a *App) SubmitEdit(ctx context.Context, actor Actor, privateMetadata string, s State) (FieldErrors, error) {
	meta, err := DecodeEditMeta(privateMetadata)
	if err != nil {
		return FieldErrors{s.Block(FieldName): goalbot.ErrorMessage(err)}, nil
	}
	g, err := a.Store.Goal(ctx, meta.ID)
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
			return FieldErrors{s.Block(FieldName): fmt.Sprintf("Goal %s no longer exists.", meta.ID)}, nil
		}
		return nil, err
	}
	if g.Version != meta.Version {
		return FieldErrors{s.Block(FieldName): conflictText(meta.ID)}, nil
	}
	u, errs := DecodeEdit(s, g)
	if len(errs) > 0 {
		return errs, nil
	}
	if _, err := a.updateGoal(ctx, actor, meta.ID, meta.Version, u); err != nil {
		switch goalbot.ErrorCode(err) {
		case goalbot.ECONFLICT:
			return FieldErrors{s.Block(FieldName): conflictText(meta.ID)}, nil
		case goalbot.EINVALID, goalbot.EFORBIDDEN, goalbot.ENOTFOUND:
			return editErrors(s, err), nil
		}
		return nil, err
	}
	return nil, nil
}

func conflictText(id string) string {
	return "Someone else changed " + id + " after you opened this form, so nothing was saved. Close it and open the edit again to see their changes."
}

// editModalReply opens the edit modal of goal id in Slack; elsewhere (the console) it
// says how to edit by typing.
func (a *App) editModalReply(ctx context.Context, actor Actor, id string) (Reply, error) {
	view, err := a.EditView(ctx, actor, id)
	if err != nil {
		return Reply{}, err
	}
	r := EditSyntaxReply(id)
	r.Modal = &view
	return r, nil
}

// EditedView is the edit modal's last view: the goal saved, with what figures says of
// its figures ("" says nothing).
func EditedView(privateMetadata, figures string) slack.ModalViewRequest {
	meta, _ := DecodeEditMeta(privateMetadata)
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plainText("Edit "+meta.ID, maxModalTitleText),
		Close:  plainText("Done", maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: doneBlocks(fmt.Sprintf("✏️ Saved *%s*. See it with `/goal show %s`.", meta.ID, meta.ID), figures)},
	}
}
