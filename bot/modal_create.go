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
			return slack.NewErrorsViewSubmissionResponse(res.Errors), nil
		case res.View != nil:
			return slack.NewUpdateViewSubmissionResponse(res.View), nil
		case res.Created != nil:
			done := commands.CreatedView(res.Created)
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
		ctx, cancel := context.WithTimeout(ctx, WebTimeout)
		defer cancel()
		if _, err := r.bot.api.UpdateViewContext(ctx, view, "", v.Hash, v.ID); err != nil {
			return fmt.Errorf("go back in the create form: %w", err)
		}
		return nil
	}
}
