package aftershipfake

import (
	"net/http"
	"time"
)

// QuietDays is how long AfterShip follows a tracking without news: its
// "active" is "false when tag (status) is Delivered, Expired, or further
// updates for 30 days since last update" (Tracking object, 2024-04, in
// AfterShip/tracking-sdk-go model/tracking.go), and a Pending tracking
// turns Expired after 30 days without information
// (https://support.aftership.com/en/article/updating-pending-statuses-1he62be/).
const QuietDays = 30

// Retrack refusals (2024-04 error table, tracking-sdk-go README):
// 4013 "Retrack is not allowed. You can only retrack an inactive
// tracking.", 4016 "Retrack is not allowed. You can only retrack each
// shipment once."
const (
	CodeRetrackActive = 4013
	CodeRetrackOnce   = 4016
)

// lifecycle is what the fake keeps of whether AfterShip still follows
// each tracking, and its clock.
type lifecycle struct {
	life     map[string]*trackingLife // by tracking id
	skew     time.Duration            // Advance's sum
	retracks int
}

type trackingLife struct {
	changed   time.Time // AfterShip's last news of it (fake clock)
	quiet     bool      // inactive for want of news: news is held
	retracked bool
	held      []Checkpoint
}

func (s *Server) now() time.Time { return time.Now().Add(s.skew) }

// lifeOf returns a tracking's life, creating it; s.mu must be held.
func (s *Server) lifeOf(id string) *trackingLife {
	if s.life == nil {
		s.life = map[string]*trackingLife{}
	}
	l, ok := s.life[id]
	if !ok {
		l = &trackingLife{changed: s.now()}
		s.life[id] = l
	}
	return l
}

// Advance moves the fake's clock on by d: trackings without news for 30
// days turn inactive (a Pending one Expired), and their news is held
// until a retrack.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skew += d
	s.sweep(s.now())
}

// Retracks counts the retracks the fake accepted.
func (s *Server) Retracks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.retracks
}

// sweep turns quiet trackings inactive; s.mu must be held.
func (s *Server) sweep(now time.Time) {
	for id, t := range s.byID {
		l := s.lifeOf(id)
		if !t.Active || now.Sub(l.changed) < QuietDays*24*time.Hour {
			continue
		}
		t.Active, l.quiet = false, true
		if t.Tag == "Pending" {
			t.Tag, t.Subtag, t.SubtagMessage = "Expired", "Expired_001", "Expired"
		}
	}
}

// retrack is POST /trackings/{id}/retrack: an inactive tracking is
// followed again, once.
func (s *Server) retrack(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	switch {
	case !ok:
		reply(w, http.StatusNotFound, Meta{4004, "Tracking does not exist.", "BadRequest"}, map[string]any{})
		return
	case t.Active:
		reply(w, http.StatusBadRequest, Meta{CodeRetrackActive, "Retrack is not allowed. You can only retrack an inactive tracking.", "BadRequest"}, map[string]any{})
		return
	case s.lifeOf(id).retracked:
		reply(w, http.StatusBadRequest, Meta{CodeRetrackOnce, "Retrack is not allowed. You can only retrack each shipment once.", "BadRequest"}, map[string]any{})
		return
	}
	l := s.lifeOf(id)
	l.retracked, l.quiet = true, false
	s.retracks++
	t.Active = true
	held := l.held
	l.held = nil
	l.changed = s.now()
	if len(held) > 0 {
		s.appendCheckpoints(t, held) // a delivery among them ends it again
	}
	// The answer is the partial tracking of the 2024-04 SDK's
	// RetrackTrackingByIdResponse.
	reply(w, http.StatusOK, Meta{Code: 200}, map[string]any{"tracking": map[string]any{
		"id": t.ID, "tracking_number": t.TrackingNumber, "slug": t.Slug, "active": t.Active,
	}})
}
