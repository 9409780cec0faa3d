package sim

import "waybill/tracker"

// code is one raw event code the simulator emits: the normalized status it
// maps to, the exception it names (if the code itself names a problem) and
// the carrier's default wording.
type code struct {
	status    tracker.Status
	exception tracker.ExceptionKind
	text      string
}

// Raw codes. Most are Cainiao action codes as AliExpress shows them; the ones
// marked (sim) have no published Cainiao counterpart that names the problem
// precisely, so the simulator uses a code in the same style.
const (
	codeAccept          = "GWMS_ACCEPT"
	codePickup          = "PU_PICKUP_SUCCESS"
	codeSortIn          = "SC_INBOUND_SUCCESS"
	codeSortOut         = "SC_OUTBOUND_SUCCESS"
	codeHubIn           = "LH_HO_IN_SUCCESS"
	codeExportStart     = "CC_EX_START"
	codeExportDone      = "CC_EX_SUCCESS"
	codeAirline         = "LH_HO_AIRLINE"
	codeDepart          = "LH_DEPART"
	codeTransitArrive   = "TD_TRANS_ARRIVE"
	codeTransitDepart   = "TD_TRANS_DEPART"
	codeArrive          = "LH_ARRIVE"
	codeImportStart     = "CC_IM_START"
	codeImportHold      = "CC_IM_EXCEPTION"
	codeDutiesDue       = "CUS_TAX"
	codeDeclare         = "CUS_DECLARE"
	codeCustomsPassed   = "CUS_SUCCESS"
	codeImportFailed    = "CC_IM_FAILURE"
	codeImportDone      = "CC_IM_SUCCESS"
	codeCustomsOut      = "CC_HO_OUT_SUCCESS"
	codeLocalAccept     = "GTMS_ACCEPT"
	codeLocalSortIn     = "GTMS_SC_ARRIVE"
	codeLocalSortOut    = "GTMS_SC_DEPART"
	codeOfficeIn        = "GTMS_DO_ARRIVE"
	codeOutForDelivery  = "GTMS_DO_DEPART"
	codeRedelivering    = "GTMS_RE_DELIVERING"
	codeDeliveryFailed  = "GTMS_DEL_FAILURE"
	codeAwaitingPickup  = "GTMS_WAIT_SELF_PICK"
	codeDelivered       = "GTMS_SIGNED"
	codeCollected       = "GSTA_BUYER_SIGN"
	codeDamaged         = "PARCEL_DAMAGED"   // (sim)
	codeLost            = "PARCEL_LOST"      // (sim)
	codeExpired         = "TRACKING_EXPIRED" // (sim)
	codeHeld            = "PARCEL_HELD"      // (sim): a hold the carrier gives no reason for
	codeReleased        = "HOLD_RELEASED"    // (sim)
	codeReturnStart     = "RT_RETURN_START"  // (sim)
	codeReturnOutbound  = "RT_OUTBOUND"
	codeReturnWarehouse = "RT_WH_INBOUND"
	codeReturned        = "RETURNED"
)

// codes maps every raw code the simulator emits to the normalized model. It
// is the simulator's half of the mapping table of DESIGN §3: a test checks
// each row, and that every row is used by some journey.
var codes = map[string]code{
	codeAccept:          {tracker.StatusInfoReceived, "", "Shipment information received by warehouse electronically"},
	codePickup:          {tracker.StatusInTransit, "", "Received by logistics company"},
	codeSortIn:          {tracker.StatusInTransit, "", "Processing at sorting center"},
	codeSortOut:         {tracker.StatusInTransit, "", "Departed from sorting center"},
	codeHubIn:           {tracker.StatusInTransit, "", "Arrived at departure transport hub"},
	codeExportStart:     {tracker.StatusCustoms, "", "Export customs clearance started"},
	codeExportDone:      {tracker.StatusInTransit, "", "Export customs clearance complete"},
	codeAirline:         {tracker.StatusInTransit, "", "Leaving from departure country/region: handed over to airline"},
	codeDepart:          {tracker.StatusInTransit, "", "Departed from departure country/region"},
	codeTransitArrive:   {tracker.StatusInTransit, "", "Arrived at transit country/region"},
	codeTransitDepart:   {tracker.StatusInTransit, "", "Departed from transit country/region"},
	codeArrive:          {tracker.StatusInTransit, "", "Arrived at linehaul office in destination country/region"},
	codeImportStart:     {tracker.StatusCustoms, "", "Import customs clearance started"},
	codeImportHold:      {tracker.StatusCustoms, tracker.ExCustoms, "Held by customs: documents required"},
	codeDutiesDue:       {tracker.StatusCustoms, tracker.ExCustoms, "Import duties and taxes due: awaiting payment by the recipient"},
	codeDeclare:         {tracker.StatusCustoms, "", "Documents received: customs declaration resubmitted"},
	codeCustomsPassed:   {tracker.StatusCustoms, "", "Import duties and taxes paid: customs review passed"},
	codeImportFailed:    {tracker.StatusCustoms, tracker.ExCustoms, "Import customs clearance failed"},
	codeImportDone:      {tracker.StatusInTransit, "", "Import customs clearance complete"},
	codeCustomsOut:      {tracker.StatusInTransit, "", "Departed from customs"},
	codeLocalAccept:     {tracker.StatusInTransit, "", "Received by local delivery company"},
	codeLocalSortIn:     {tracker.StatusInTransit, "", "Arrived at destination country/region sorting center"},
	codeLocalSortOut:    {tracker.StatusInTransit, "", "Departed from destination country/region sorting center"},
	codeOfficeIn:        {tracker.StatusInTransit, "", "Arrived at delivery office"},
	codeOutForDelivery:  {tracker.StatusOutForDelivery, "", "Out for delivery"},
	codeRedelivering:    {tracker.StatusOutForDelivery, "", "Out for delivery again"},
	codeDeliveryFailed:  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Delivery attempt failed"},
	codeAwaitingPickup:  {tracker.StatusAvailableForPickup, "", "Available for pickup"},
	codeDelivered:       {tracker.StatusDelivered, "", "Delivered"},
	codeCollected:       {tracker.StatusDelivered, "", "Collected by the recipient at the pickup point"},
	codeDamaged:         {tracker.StatusException, tracker.ExDamaged, "Parcel damaged in transit"},
	codeLost:            {tracker.StatusException, tracker.ExLost, "Parcel lost in transit"},
	codeExpired:         {tracker.StatusExpired, "", "Tracking expired: no further information from the carrier"},
	codeHeld:            {tracker.StatusException, "", "Shipment on hold"},
	codeReleased:        {tracker.StatusInTransit, "", "Hold released: shipment continues"},
	codeReturnStart:     {tracker.StatusReturning, tracker.ExReturning, "Returning to sender"},
	codeReturnOutbound:  {tracker.StatusReturning, tracker.ExReturning, "Return parcel departed destination country/region"},
	codeReturnWarehouse: {tracker.StatusReturning, tracker.ExReturning, "Return parcel arrived at return warehouse"},
	codeReturned:        {tracker.StatusReturned, "", "Returned to sender"},
}
