package tracker

import (
	"context"
	"testing"
	"time"
)

func TestHubMergesBurstsIntoOneNotice(t *testing.T) {
	h := NewHub()
	s := h.Subscribe()
	for i := int64(1); i <= 100; i++ {
		h.Publish(Change{ShipmentIDs: []int64{i, 1}}) // 1 repeats
	}
	h.Publish(Change{Refresher: &RefresherState{Running: true}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c, ok := s.Next(ctx)
	if !ok || len(c.ShipmentIDs) != 100 || c.Refresher == nil || !c.Refresher.Running {
		t.Fatalf("merged notice = %+v, %v", c, ok)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if _, ok := s.Next(short); ok {
		t.Fatal("a second notice arrived for one burst")
	}
	s.Close()
	if _, ok := s.Next(context.Background()); ok {
		t.Fatal("Next after Close returned a notice")
	}
	h.Publish(Change{ShipmentIDs: []int64{1}}) // must not panic after Close
}

func TestHubCapsABusySubscribersNotice(t *testing.T) {
	h := NewHub()
	s := h.Subscribe()
	defer s.Close()
	for i := int64(0); i < 3*maxPendingIDs; i++ {
		h.Publish(Change{ShipmentIDs: []int64{i}})
	}
	h.Publish(Change{ShipmentIDs: []int64{1}})
	c, ok := s.Next(context.Background())
	if !ok || !c.All || len(c.ShipmentIDs) != 0 {
		t.Fatalf("after a flood: All=%v ids=%d, want All and no ids", c.All, len(c.ShipmentIDs))
	}
	h.Publish(Change{ShipmentIDs: []int64{5}})
	if c, _ := s.Next(context.Background()); c.All || len(c.ShipmentIDs) != 1 {
		t.Fatalf("the next notice inherited the flood: %+v", c)
	}
}
