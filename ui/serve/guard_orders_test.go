package serve

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// Who may add orders and import files over SSH: no viewer adds anything,
// whatever the base options say; agents and admins add; only admins
// import, and only when the server allows it (a path names a server file).
func TestOrderWritingBySessionRole(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	store := newFakeStore()
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
			base := ui.Options{Reader: store, Service: store.service(nil), ImportFiles: tt.allow}
			o := sessionOptions(base, Agent{Name: "x", Role: tt.role}, log)
			_, err := o.Service.WriteOrders(context.Background(), o.Actor,
				[]tracker.OrderDetail{{Order: tracker.Order{OrderNo: "WB-9"}}}, time.Time{})
			if add := err == nil; add != tt.add {
				t.Errorf("may add: %v (%v), want %v", add, err, tt.add)
			}
			if o.ImportFiles != tt.importFile {
				t.Errorf("may import files: %v, want %v", o.ImportFiles, tt.importFile)
			}
		})
	}
}
