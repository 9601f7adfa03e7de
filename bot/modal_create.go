package bot

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// Creator runs the create wizard's steps (commands.App implements it).
type Creator interface {
	SubmitCreate(ctx context.Context, actor commands.Actor, privateMetadata string, s commands.State) (commands.CreateResult, error)
	BackCreate(ctx context.Context, privateMetadata string, s commands.State) (slack.ModalViewRequest, error)
	ShowCreate(ctx context.Context, privateMetadata string) (slack.ModalViewRequest, error)
}

// CreateSubmit answers a step of the create wizard (`goal_create`): problems under
// their blocks, the next step in place of this one, or the goal created.
func CreateSubmit(app Creator) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		res, err := app.SubmitCreate(ctx, commands.Actor{UserID: r.UserID}, v.PrivateMetadata, commands.NewState(v.State.Values))
		switch {
		case err != nil:
			return nil, err
		case len(res.Errors) > 0:
			return slack.NewErrorsViewSubmissionResponse(res.Errors.Fit()), nil
		case res.View != nil && res.Later != nil:
			// The step is too large for an ack: a stand-in now, the step right after.
			later, viewID := *res.Later, r.Interaction.View.ID
			return AckThen{Payload: slack.NewUpdateViewSubmissionResponse(res.View), Then: func(ctx context.Context, r *Request) error {
				return updateView(ctx, r, later, "", viewID, "show the next step of the create form")
			}}, nil
		case res.View != nil:
			return slack.NewUpdateViewSubmissionResponse(res.View), nil
		case res.Created != nil:
			done := commands.CreatedView(res.Created, res.Figures)
			return slack.NewUpdateViewSubmissionResponse(&done), nil
		}
		return nil, nil
	}
}

// CreateBack answers the wizard's Back button: the step before, with what was typed
// kept in the draft.
func CreateBack(app Creator) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Errorf(goalbot.EINVALID, "Back works only in the create form")
		}
		v := r.Interaction.View
		view, err := app.BackCreate(ctx, v.PrivateMetadata, commands.NewState(v.State.Values))
		if err != nil {
			return err
		}
		return updateView(ctx, r, view, v.Hash, v.ID, "go back in the create form")
	}
}

// CreateShow answers the Show button of a stand-in step (a step too large for an ack,
// whose views.update reached Slack before the ack): the step itself.
func CreateShow(app Creator) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil || r.Interaction.View.ID == "" {
			return goalbot.Errorf(goalbot.EINVALID, "Show works only in the create form")
		}
		v := r.Interaction.View
		view, err := app.ShowCreate(ctx, v.PrivateMetadata)
		if err != nil {
			return err
		}
		return updateView(ctx, r, view, v.Hash, v.ID, "show the create form's step")
	}
}

// updateView replaces the view viewID (at hash, when given) by view; doing names the
// step for the error.
func updateView(ctx context.Context, r *Request, view slack.ModalViewRequest, hash, viewID, doing string) error {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	if _, err := r.bot.api.UpdateViewContext(ctx, view, "", hash, viewID); err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	return nil
}
