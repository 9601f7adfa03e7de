package bot

import (
	"context"

	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// Editor saves a submitted edit modal (commands.App implements it).
type Editor interface {
	SubmitEdit(ctx context.Context, actor commands.Actor, privateMetadata string, s commands.State) (commands.FieldErrors, error)
	// Figures says a goal's figures in a line, as they are stored now.
	Figures(ctx context.Context, id string) string
}

// EditSubmit answers the edit modal's submit (`goal_edit`): problems, a refusal or a
// concurrent change come back under the modal's blocks; a saved edit says so in
// place of the form.
func EditSubmit(app Editor) AckHandler {
	return func(ctx context.Context, r *Request) (any, error) {
		v := r.Interaction.View
		errs, err := app.SubmitEdit(ctx, commands.Actor{UserID: r.UserID}, v.PrivateMetadata, commands.NewState(v.State.Values))
		if err != nil {
			return nil, err
		}
		if len(errs) > 0 {
			return slack.NewErrorsViewSubmissionResponse(errs.Fit()), nil
		}
		meta, _ := commands.DecodeEditMeta(v.PrivateMetadata) // SubmitEdit decoded it
		done := commands.EditedView(v.PrivateMetadata, app.Figures(ctx, meta.ID))
		return slack.NewUpdateViewSubmissionResponse(&done), nil
	}
}
