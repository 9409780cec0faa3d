package serve

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// orderStore is the fake store with the order writer the real one has.
type orderStore struct{ *fakeStore }

func (orderStore) ImportOrders(context.Context, time.Time, []tracker.OrderDetail) (tracker.Added, error) {
	return tracker.Added{}, nil
}

func (orderStore) ShipmentsByTracking(context.Context, []string) (map[string][]tracker.Shipment, error) {
	return nil, nil
}

// Who may add orders and import files over SSH: no viewer adds anything,
// whatever the base options say; agents and admins add; only admins
// import, and only when the server allows it (a path names a server file).
func TestOrderWritingBySessionRole(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	store := orderStore{newFakeStore()}
	for _, tt := range []struct {
		name       string
		role       tracker.Role
		allow      bool
		add        bool
		importFile bool
	}{
		{"viewer", tracker.RoleViewer, true, false, false},
		{"agent", tracker.RoleAgent, true, true, false},
		{"admin, import allowed", tracker.RoleAdmin, true, true, true},
		{"admin, import not allowed", tracker.RoleAdmin, false, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := ui.Options{Reader: store, Orders: store, ImportFiles: tt.allow}
			o := sessionOptions(base, Agent{Name: "x", Role: tt.role}, log)
			_, readerWrites := o.Reader.(ui.OrderWriter)
			if add := o.Orders != nil || readerWrites; add != tt.add {
				t.Errorf("may add: %v, want %v", add, tt.add)
			}
			if o.ImportFiles != tt.importFile {
				t.Errorf("may import files: %v, want %v", o.ImportFiles, tt.importFile)
			}
		})
	}
}
