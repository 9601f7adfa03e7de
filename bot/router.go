package bot

import (
	"context"
	"errors"
	"fmt"
)

// Handler acts on an envelope that has already been acked, and answers through the
// request (Reply) or the Web API. An error it returns is logged and shown to the
// user in one place (see UnavailableText and messages.Printer.Error).
type Handler func(ctx context.Context, r *Request) error

// AckHandler computes the payload of an envelope's ack: a view_submission's
// response_action, a block_suggestion's options. It runs before the ack, within
// AckBudget; ctx ends when the budget is spent.
type AckHandler func(ctx context.Context, r *Request) (any, error)

// Kinds of envelope the router routes, named as Slack names them.
const (
	KindSlashCommand    = "slash_commands"
	KindBlockActions    = "block_actions"
	KindViewSubmission  = "view_submission"
	KindBlockSuggestion = "block_suggestion"
	KindEvent           = "events_api"
)

// route names one registration: a kind and its id (the command, action_id,
// callback_id or event type).
type route struct{ kind, id string }

type registration struct {
	route
	handler    Handler
	ackHandler AckHandler
	ignore     bool // acked and not acted on
}

// Router collects the handlers of the bot before it starts. A duplicate registration
// (the same command, action_id, callback_id or event type twice) makes New fail.
type Router struct {
	regs []registration
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{} }

// Command routes the slash command name ("/goal").
func (r *Router) Command(name string, h Handler) { r.add(KindSlashCommand, name, h, nil) }

// Action routes block_actions by the clicked element's action_id (in messages,
// modals and the Home tab).
func (r *Router) Action(actionID string, h Handler) { r.add(KindBlockActions, actionID, h, nil) }

// Ignore routes block_actions of actionID to nothing: they are acked at once and not
// acted on, without a store round trip, so they never answer (for an element whose
// value matters only to another click, such as a list row's Select box).
func (r *Router) Ignore(actionID string) {
	r.regs = append(r.regs, registration{route: route{KindBlockActions, actionID}, ignore: true})
}

// Submission routes a modal's view_submission by its callback_id; the handler's
// payload (a *slack.ViewSubmissionResponse, or nil to close the modal) is the ack.
func (r *Router) Submission(callbackID string, h AckHandler) {
	r.add(KindViewSubmission, callbackID, nil, h)
}

// Suggestion routes an external_select's block_suggestion by its action_id; the
// handler's payload ({"options": […]}) is the ack.
func (r *Router) Suggestion(actionID string, h AckHandler) {
	r.add(KindBlockSuggestion, actionID, nil, h)
}

// Event routes an Events API event by its type ("app_home_opened").
func (r *Router) Event(eventType string, h Handler) { r.add(KindEvent, eventType, h, nil) }

func (r *Router) add(kind, id string, h Handler, ah AckHandler) {
	r.regs = append(r.regs, registration{route: route{kind, id}, handler: h, ackHandler: ah})
}

// routes is the frozen routing table of a running bot.
type routes map[route]registration

// build checks every registration and returns the routing table, or an error naming
// every duplicate, empty id and missing handler.
func (r *Router) build() (routes, error) {
	out := routes{}
	var errs []error
	for _, reg := range r.regs {
		switch {
		case reg.id == "":
			errs = append(errs, fmt.Errorf("a %s route has no id", reg.kind))
		case reg.handler == nil && reg.ackHandler == nil && !reg.ignore:
			errs = append(errs, fmt.Errorf("%s %q has no handler", reg.kind, reg.id))
		case out[reg.route].id != "":
			errs = append(errs, fmt.Errorf("%s %q is registered twice", reg.kind, reg.id))
		default:
			out[reg.route] = reg
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("build routes: %w", err)
	}
	return out, nil
}
