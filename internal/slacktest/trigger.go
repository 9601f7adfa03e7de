package slacktest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// trigger is a trigger_id handed out in an envelope.
type trigger struct {
	user   string
	viewID string // the view the interaction came from, if any
	issued time.Time
	used   bool
}

// newTriggerLocked hands out a trigger_id for user's interaction.
func (s *Server) newTriggerLocked(user, viewID string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := fmt.Sprintf("%d.%s.%s", time.Now().Unix(), s.nextIDLocked(""), hex.EncodeToString(b))
	s.ws.triggers[id] = &trigger{user: user, viewID: viewID, issued: time.Now()}
	return id
}

// useTriggerLocked exchanges a trigger_id once, within the trigger TTL.
func (s *Server) useTriggerLocked(id string) (*trigger, string) {
	t, found := s.ws.triggers[id]
	switch {
	case !found:
		return nil, "invalid_trigger_id"
	case t.used:
		return nil, "exchanged_trigger_id"
	case time.Since(t.issued) > s.cfg.triggerTTL:
		return nil, "expired_trigger_id"
	}
	t.used = true
	return t, ""
}
