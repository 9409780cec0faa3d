package ui

import "waybill/ui/i18n"

// countryNameIn is a country's name by its ISO code in the session's
// language: "Germany", 德国; "" for a code nobody knows. English is the ISO
// table's short name, as the screen showed before the catalog. One table
// of names for the screen and the detector's notes (Printer.Country).
func countryNameIn(code string, tr *i18n.Printer) string { return tr.Country(code) }
