package tracker

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Service is the one implementation of every action a person takes:
// triage (acknowledge, snooze, assign, resolve, watch), order writes (add,
// paste, import, edit) and every step of a complaint case. The screen, each
// SSH session and the command line call it alike, so a rule is written
// once and they cannot disagree. It tells the time by the store's clock,
// checks what the actor may do, writes through the store's ports, and
// publishes the change notice to every open screen itself.
type Service struct {
	store ActionStore
	clock Clock
	hub   *Hub      // nil: no screen to tell
	eta   ETAReader // nil: no ETA is known
	// markets are the connected marketplaces (WithMarketplaces), for the
	// actions that call one.
	markets []Marketplace
	// claimsCfg is [claims] (WithClaims); nil: DefaultClaims.
	claimsCfg *ClaimsConfig
}

// ActionStore is what the Service reads and writes through. Each write is
// one transaction that logs who made it.
type ActionStore interface {
	Triage
	CaseStore
	OrderStore
	// Shipment reads one shipment.
	Shipment(ctx context.Context, id int64) (Shipment, error)
	// FindOrder looks an order up by order number or any of its tracking
	// numbers; withEvents adds every event, newest first.
	FindOrder(ctx context.Context, key string, withEvents bool) (OrderDetail, error)
	// Order reads one order with its shipments and their open exceptions.
	Order(ctx context.Context, id int64) (OrderDetail, error)
	// Watched reports whether someone watches the order.
	Watched(ctx context.Context, orderID int64) (bool, error)
	// OpenException returns the id of the shipment's open exception of
	// kind, or 0 when there is none.
	OpenException(ctx context.Context, shipmentID int64, kind ExceptionKind) (int64, error)
}

// OrderStore writes orders: one write of many, merged into the ones stored
// (store.DB.ImportOrders says how), telling what was new.
type OrderStore interface {
	ImportOrders(ctx context.Context, now time.Time, orders []OrderDetail) (Added, error)
	// ShipmentsByTracking maps each known number (normalized) to the
	// shipments that carry it; unknown numbers are absent.
	ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]Shipment, error)
}

// NewService returns the service over store, telling the time by clock
// (the store's: a demo store's runs faster), publishing what changes on
// hub (nil: none) and asking eta for parcels' ETAs (nil: none known).
func NewService(store ActionStore, clock Clock, hub *Hub, eta ETAReader) *Service {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Service{store: store, clock: clock, hub: hub, eta: eta}
}

// Now is the store's time: what every action of the service is logged at.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Clock is the store's clock.
func (s *Service) Clock() Clock { return s.clock }

// publish tells every open screen that shipments changed; none: that
// something changed that cannot be named.
func (s *Service) publish(shipmentIDs ...int64) {
	if s.hub == nil {
		return
	}
	if len(shipmentIDs) == 0 {
		s.hub.Publish(Change{All: true})
		return
	}
	s.hub.Publish(Change{ShipmentIDs: shipmentIDs})
}

// Actor is who does an action: the name every log writes beside it, and
// the role that says what they may do. A local user (the screen or the
// command line on this machine) has no role and may do everything; an
// agent over SSH has the role of the key they logged in with.
type Actor struct {
	Name string
	Role Role
}

// LocalActor is the person at this machine's keyboard.
func LocalActor(name string) Actor {
	if strings.TrimSpace(name) == "" {
		name = "local"
	}
	return Actor{Name: strings.TrimSpace(name)}
}

// ErrReadOnly refuses every change by a viewer, whatever screen or
// command asks for it.
var ErrReadOnly = Wrapf(refuseViewer)

// CanWork reports whether the actor may change exceptions, watches,
// orders and cases.
func (a Actor) CanWork() bool { return a.Role == "" || a.Role.CanWork() }

// CanAdminister reports whether the actor may also administer: import
// files from the server's disk, change carriers.
func (a Actor) CanAdminister() bool { return a.Role == "" || a.Role.CanAdminister() }

// mayWork is the check every write makes first.
func (a Actor) mayWork() error {
	switch {
	case !a.CanWork():
		return ErrReadOnly
	case strings.TrimSpace(a.Name) == "":
		return errors.New("no actor: every change is logged with who made it")
	}
	return nil
}
