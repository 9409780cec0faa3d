// Package sim is a simulated carrier: deterministic, believable journeys of
// parcels from sellers in China to buyers in some thirty countries. It powers
// demo mode, by a clock that runs faster than the wall clock
// (tracker.DemoClock) so parcels move while you watch, and the tests of
// everything that consumes a tracker.Carrier.
//
// Journey plans a parcel's whole life up front as a pure function of (seed,
// tracking number, shipping time, destination); Carrier.Track shows the part
// of it that has happened by its clock's now. The same parcel tells the same
// story on every run and moves on as the clock does. Orders generates demo
// orders whose shipments the carrier then tracks.
//
// Events use Cainiao-style action codes (GWMS_ACCEPT … LH_DEPART, CC_IM_START
// … GTMS_DO_DEPART, GTMS_SIGNED), each mapped to a normalized status and, when
// the code names a problem, an exception kind. Times are plausible where it
// matters: pickups and customs in working hours, deliveries in local daytime
// and never on the country's day of rest.
//
// # Outcomes
//
// Each tracked number gets one outcome, drawn from a hash of the seed and the
// number, at these rates:
//
//	outcome            share  journey                                                  exceptions raised
//	delivered          84.5%  normal, to the door or a pickup point                    -
//	held                0.5%  put on hold, no reason given; released, delivered        carrier_problem
//	stale               3.0%  8–20 silent days mid-journey, then delivered             stale
//	redelivered         3.0%  failed attempt, then delivered or collected              delivery_failed
//	customs_released    2.0%  held for documents or duties, released, delivered        customs
//	expired             2.0%  the local post goes silent, tracking expires             stale
//	never_scanned       1.5%  no event ever: NotFound                                  no_tracking
//	failed_returned     1.0%  refused, addressee unknown or not collected; returned    delivery_failed, returning
//	lost_silent         1.0%  events stop mid-journey for good                         stale, lost
//	customs_returned    0.5%  held by customs, never cleared, returned to the seller   customs, returning
//	damaged             0.5%  reported damaged and repacked, then delivered            damaged
//	lost_reported       0.5%  events stop; declared lost 12–30 days later              stale, lost
//
// "Exceptions raised" are the kinds tracker.Evaluate opens, with the default
// rules, at some point of every such journey (see Outcome.Exceptions). Normal
// journeys take about 7–25 days, longer to Brazil, Chile and Mexico; any
// journey may pass its ETA or the order's promise and become overdue.
// Untracked numbers (UPU "U…", such as UA123456785CN) are outside the table:
// they show the Chinese scans up to departure and nothing after (untracked).
// The carrier never reports missing_items: that is the buyer's complaint about
// a delivered parcel, recorded by hand.
package sim
